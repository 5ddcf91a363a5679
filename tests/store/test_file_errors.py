"""A missing project, a full disk, a read-only folder: each named as such, never a traceback.

The disk tests mount a small tmpfs (they need root and a kernel that allows it, as in CI's
container); elsewhere they skip and say why.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store, StoreError


@pytest.mark.parametrize(
    "command", [["stats"], ["list"], ["list", "--search", "x"], ["export", "--format", "jsonl"]]
)
def test_read_only_commands_on_a_missing_project_say_so_and_create_nothing(
    tmp_path, capsys, command
):
    db = tmp_path / "missing" / "x.db"
    if command[0] == "export":
        command = [*command, "--out", str(tmp_path / "out.jsonl")]
    assert main(["--db", str(db), *command]) == 2
    assert capsys.readouterr().err == (
        f"annotator: no project at {db} (import articles first: annotator --db {db} import FILES)\n"
    )
    assert not db.parent.exists()
    assert not (tmp_path / "out.jsonl").exists()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 KB file system of its own, unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()}): needs root")
    try:
        yield mount
    finally:
        done = subprocess.run(["umount", str(mount)], capture_output=True, timeout=30, check=False)
        if done.returncode != 0:  # a file still open (a failed test): detach it anyway
            subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def _integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


FULL = "the disk is full; free some space and try again"


def test_a_good_project_on_a_full_disk_is_called_a_full_disk(small_disk, capsys):
    db = small_disk / "p.db"
    with Store(db) as store:
        store.add_documents([ParsedDocument(text=f"Article {i}.", title=str(i)) for i in range(10)])
    filler = _fill(small_disk)
    with pytest.raises(StoreError) as refused:
        Store(db)
    assert FULL in str(refused.value) and "not an annotator project" not in str(refused.value)
    assert main(["--db", str(db), "stats"]) == 2
    assert capsys.readouterr().err.startswith(f"annotator: {db}: {FULL}")
    filler.unlink()
    with Store(db) as store:  # space again: nothing was lost
        assert store.count_documents() == 10
    assert _integrity(db) == "ok"


def test_an_import_that_fills_the_disk_stores_nothing_and_says_why(small_disk):
    db = small_disk / "p.db"
    with Store(db) as store:
        store.add_documents([ParsedDocument(text="First.", title="1")])
        filler = _fill(small_disk)
        os.truncate(filler, filler.stat().st_size - 120_000)  # room to open, not for the import
        big = [ParsedDocument(text=f"Article {i} " * 3000, title=str(i)) for i in range(20)]
        with pytest.raises(StoreError, match=FULL):
            store.add_documents(big)
        assert store.count_documents() == 1
    filler.unlink()
    assert _integrity(db) == "ok"


def test_a_project_on_a_read_only_file_system_is_called_read_only(small_disk, capsys):
    db = small_disk / "p.db"
    with Store(db) as store:
        store.add_documents([ParsedDocument(text="First.", title="1")])
    remount = subprocess.run(
        ["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, timeout=30, check=False
    )
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr!r}")
    for path in (db, small_disk / "new.db", small_disk / "sub" / "new.db"):
        with pytest.raises(StoreError, match="read-only") as refused:
            Store(path)
        assert str(path) in str(refused.value)
    assert main(["--db", str(db), "config", "lock-after", "5"]) == 2  # a write (list reads)
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: {db} cannot be written (the file or its folder is read-only")
