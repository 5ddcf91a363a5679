"""``encrypt`` killed at any moment (#19): the project is the old plain file or the new
encrypted one, whole; never lost. Plain backups made before are overwritten and removed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.encryption import PASSPHRASE_ENV, encrypt_in_place, is_encrypted
from tests.conftest import ROOT

KEY = "correct horse battery staple"
DOCS = 3000
WORD = b"Quaysidexyl"
#: Seconds after the start at which the encrypt is killed: start-up, copy, check, swap.
DELAYS = (0.2, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 3.0)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "project.db"
    with Store(path) as store:
        text = "Article {}. The Quaysidexyl ferry " + "word " * 80
        store.add_documents([ParsedDocument(text.format(n), title=f"T{n}") for n in range(DOCS)])
    return path


def _whole(path) -> str:
    """'plain' or 'encrypted', after checking every document is there."""
    if is_encrypted(path):
        with Store(path, create=False, passphrase=KEY) as store:
            assert store.count_documents() == DOCS
            assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return "encrypted"
    with Store(path, create=False) as store:
        assert store.count_documents() == DOCS
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return "plain"


@pytest.mark.parametrize("delay", DELAYS)
def test_killed_encrypt_leaves_the_plain_or_the_encrypted_project(tmp_path, template, delay):
    path = tmp_path / "project.db"
    shutil.copyfile(template, path)
    env = {**os.environ, PASSPHRASE_ENV: KEY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--db", str(path), "encrypt"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(delay)  # a point in the run, not a timing assertion
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    _whole(path)
    # the next encrypt finishes the job and leaves nothing plain beside it
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(path), "encrypt"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode in (0, 2), done.stderr
    assert _whole(path) == "encrypted"
    if done.returncode == 2:  # the kill came after the swap: already encrypted, leftovers gone
        assert "already encrypted" in done.stderr
    with Store(path, create=False, passphrase=KEY):
        pass
    for other in tmp_path.iterdir():
        assert WORD not in other.read_bytes(), other.name


def test_a_kill_between_the_swap_and_the_zeroing_is_cleaned_by_the_next_command(tmp_path):
    """The one moment the old plain file survives the swap (as ``.plain-old``): any command
    on the encrypted project zeroes and removes it."""
    from annotator.cli import main

    path = tmp_path / "p.db"
    with Store(path) as store:
        store.add_documents([ParsedDocument("The Quaysidexyl ferry strike.", title="T")])
    encrypted = tmp_path / "enc.db"
    shutil.copyfile(path, encrypted)
    encrypt_in_place(encrypted, KEY)
    aside = tmp_path / "p.db.plain-old"
    os.link(path, aside)  # what encrypt does just before the swap
    os.replace(encrypted, path)  # the swap; killed here, before the zeroing
    plain_copy = tmp_path / "second-name.db"
    os.link(aside, plain_copy)  # a second name for the old inode, to see it zeroed
    assert WORD in aside.read_bytes()
    os.environ[PASSPHRASE_ENV] = KEY
    try:
        assert main(["--db", str(path), "stats"]) == 0
    finally:
        del os.environ[PASSPHRASE_ENV]
    assert not aside.exists()
    assert WORD not in plain_copy.read_bytes() and set(plain_copy.read_bytes()) <= {0}


def test_plain_backups_made_before_encrypt_are_overwritten_and_removed(tmp_path, capsys):
    from annotator.cli import main

    path = tmp_path / "p.db"
    with Store(path) as store:
        store.add_documents([ParsedDocument("The Quaysidexyl ferry strike.", title="T")])
        store.backup(tmp_path / "p.db.bak-v3")
        store.backup(tmp_path / "p.db.before-merge")
    os.environ[PASSPHRASE_ENV] = KEY
    try:
        assert main(["--db", str(path), "encrypt"]) == 0
    finally:
        del os.environ[PASSPHRASE_ENV]
    out = capsys.readouterr().out
    assert "overwrote and removed 2 plain backup(s)" in out and "p.db.bak-v3" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.db"]
    assert WORD not in path.read_bytes()
