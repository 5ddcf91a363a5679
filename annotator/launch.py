"""The entry point: ``annotator open`` reaches its window without the whole command line.

Building the full parser imports every command's module (import, export, training,
merge, claims, the cluster engine), which start-up does not need: about a tenth of a
second before the window could be on screen. A command line that plainly opens the
workbench — ``open`` or no command, with only the options ``open`` takes, written out in
full — is read here; anything else (another command, ``--help``, an abbreviated,
unknown or malformed option) goes to ``annotator.cli``, whose argparse parser reads
it as before and says what is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

#: Options every command takes (``annotator --db P open`` or ``annotator open --db P``).
_COMMON_VALUED = {"--db": "db", "--passphrase-file": "passphrase_file"}
_COMMON_FLAGS = {"--encrypt": "encrypt"}
#: ``open``'s own options: name -> (attribute, how to read the value).
_OPEN_VALUED: dict[str, tuple[str, type]] = {
    "--model": ("model", str),
    "--analyst": ("analyst", str),
    "--quit-after": ("quit_after", int),
    "--screenshot": ("screenshot", Path),
    "--size": ("size", str),
    "--doc": ("doc", int),
    "--view": ("view", str),
}
VIEWS = ("article", "who-says-what", "adjudicate")


def parse_open(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options of a command line that opens the workbench, as ``cli``'s parser gives them;
    None when it is anything else (``cli`` reads it then)."""
    found: dict[str, object] = {}
    command: str | None = None
    tokens = list(argv)
    i = 0
    while i < len(tokens):
        token, value = tokens[i], None
        if token == "open" and command is None:
            command, i = "open", i + 1
            continue
        if not token.startswith("--") or token == "--":
            return None  # a positional (another command), a short option such as -h, or --
        name, equals, inline = token.partition("=")
        if name in _COMMON_FLAGS and not equals:
            found[_COMMON_FLAGS[name]] = True
            i += 1
            continue
        read: type = Path
        if name in _COMMON_VALUED:
            attribute = _COMMON_VALUED[name]
        elif name in _OPEN_VALUED and command == "open":
            attribute, read = _OPEN_VALUED[name]
        else:
            return None  # --help, --version, an abbreviation, or open's option before "open"
        if equals:
            value, i = inline, i + 1
        elif i + 1 < len(tokens) and not tokens[i + 1].startswith("-"):
            value, i = tokens[i + 1], i + 2
        else:
            return None  # no value (or one argparse would not take): argparse says so
        try:
            found[attribute] = read(value)
        except ValueError:
            return None
    if found.get("view", "article") not in VIEWS:
        return None
    if command is None:
        return argparse.Namespace(command=None, **found)
    defaults = {attribute: None for attribute, _ in _OPEN_VALUED.values()}
    return argparse.Namespace(command="open", **{**defaults, "view": "article", **found})


def open_window(db: Path, args: argparse.Namespace) -> int:
    """``annotator open``: the workbench on ``db``; a failure is a sentence and exit code 2."""
    from annotator.crypt_command import open_key
    from annotator.store.errors import db_errors, describe

    try:  # an encrypted project's passphrase: a file, the environment, or the window's dialog
        encrypted, passphrase = open_key(db, args)
        from annotator.ui.feature_scan import install

        install()  # Qt loads only for the window; PySide's scan of later imports made cheap
        from annotator.ui.app import run_app

        return run_app(
            db,
            model=getattr(args, "model", None),
            analyst=getattr(args, "analyst", None),
            quit_after_ms=getattr(args, "quit_after", None),
            screenshot=getattr(args, "screenshot", None),
            size=getattr(args, "size", None),
            doc=getattr(args, "doc", None),
            view=getattr(args, "view", None) or "article",
            encrypted=encrypted,
            passphrase=passphrase,
        )
    except _known_errors() as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except db_errors() as exc:  # a busy, full, read-only or damaged file: a sentence, no trace
        print(f"annotator: {describe(exc, db)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # as ``cli`` says it for every command
        print("annotator: interrupted; every file that finished is stored", file=sys.stderr)
        return 130


def _known_errors() -> tuple[type[Exception], ...]:
    """The failures that already are a sentence (imported only when one happened)."""
    from annotator.nlp.model import ModelUnavailable
    from annotator.store import StoreError
    from annotator.store.encryption import EncryptionError

    return (StoreError, ModelUnavailable, EncryptionError)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = parse_open(arguments)
    if args is None:
        from annotator.cli import main as cli_main

        return cli_main(arguments)
    db = getattr(args, "db", None)
    if db is None:
        from annotator.paths import default_db

        db = default_db()
    return open_window(db, args)
