"""`annotator list | head -3`: a reader that stops early ends the command quietly.

The exit status is 141 (128 + SIGPIPE), what ``yes | head`` gives, so that a script with
``set -o pipefail`` can still tell the output was cut short.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import ParsedDocument
from annotator.store import Store
from tests.teams.teamkit import team_project

COMMAND = [sys.executable, "-m", "annotator"]


def _closed_pipe() -> int:
    """The write end of a pipe whose reader has already gone: every write fails."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("command", [["stats"], ["list"], ["agreement"], ["claims", "list"]])
def test_a_reader_that_is_gone_ends_the_command_quietly(tmp_path, command):
    db = team_project(tmp_path)
    out = _closed_pipe()
    try:
        done = subprocess.run(
            [*COMMAND, "--db", str(db), *command],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(out)
    assert done.stderr == "", done.stderr
    assert done.returncode == 141


def test_list_into_head_stops_quietly_after_the_lines_it_wanted(tmp_path):
    db = tmp_path / "many.db"
    with Store(db) as store:  # far more than a pipe's buffer (64 KB) of lines
        store.add_documents(
            [
                ParsedDocument(text=f"Article {i}.", title=f"title {i} " + "x" * 60)
                for i in range(3000)
            ]
        )
    reader = subprocess.Popen(
        [*COMMAND, "--db", str(db), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stderr is not None
    head = [reader.stdout.readline() for _ in range(3)]
    reader.stdout.close()  # what `head -3` does once it has its lines
    try:
        err = reader.stderr.read()
        code = reader.wait(timeout=120)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert [line.split()[0] for line in head] == ["1", "2", "3"]
    assert err == "" and code == 141, err


def test_the_encoding_of_a_full_listing_is_untouched_by_the_guard(tmp_path: Path):
    """A reader that stays: everything arrives and the status is 0."""
    db = team_project(tmp_path)
    done = subprocess.run(
        [*COMMAND, "--db", str(db), "list"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 2 and done.stderr == ""
