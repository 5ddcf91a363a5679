"""The fast path for ``annotator open`` (annotator/launch.py) reads a command line exactly as
the full argparse parser does, and hands every other command line to that parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.cli import _parser
from annotator.launch import parse_open

OPENS = [
    [],
    ["--db", "p.db"],
    ["--db=p.db", "--encrypt"],
    ["open"],
    ["--db", "a.db", "open", "--db", "b.db"],  # the later --db wins, as in argparse
    ["open", "--quit-after", "0", "--db", "p.db"],
    ["--passphrase-file", "k.txt", "open", "--encrypt", "--analyst", "ana", "--model", "m"],
    ["open", "--screenshot", "s.png", "--size", "800x600", "--doc", "3", "--view=adjudicate"],
    ["open", "--view", "who-says-what", "--doc=12", "--quit-after=250"],
    ["--db", "open", "open"],  # a project file named "open"
]

OTHERS = [
    ["list"],
    ["--version"],
    ["-h"],
    ["open", "--help"],
    ["open", "--quit", "0"],  # an abbreviation: argparse's to accept
    ["open", "--doc", "three"],
    ["open", "--view", "sideways"],
    ["open", "--quit-after", "-5"],
    ["open", "--analyst"],
    ["--model", "m", "open"],  # open's option before the command: argparse's error
    ["--model", "m"],
    ["open", "extra"],
    ["open", "--"],
    ["--db", "p.db", "import", "x.csv"],
]


@pytest.mark.parametrize("argv", OPENS, ids=" ".join)
def test_an_open_command_line_reads_as_argparse_reads_it(argv):
    fast = parse_open(argv)
    assert fast is not None, argv
    assert vars(fast) == vars(_parser().parse_args(argv))


@pytest.mark.parametrize("argv", OTHERS, ids=" ".join)
def test_anything_else_goes_to_the_full_parser(argv):
    assert parse_open(argv) is None


def test_other_commands_still_run_through_the_module_entry_point(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(tmp_path / "none.db"), "stats"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(tmp_path / "none.db") in done.stderr  # stats on a missing file says so
    version = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.startswith("annotator ")
