"""What kind of file was given, so that a file handed to the wrong command gets the right advice.

A plain SQLite file starts with ``SQLite format 3\\0``; an encrypted (SQLCipher) project
looks like random bytes; a CSV, JSONL or text file is text. A CSV given to ``merge``, a
project given to ``import`` and a text file given as ``--db`` are each told which command
takes them, instead of "give its passphrase" or "a binary file".
"""

from __future__ import annotations

from pathlib import Path

#: The first 16 bytes of every plain SQLite file.
SQLITE_HEADER = b"SQLite format 3\x00"

#: How much of a file is looked at.
_SAMPLE = 8192

_TEXT_NAMES = {
    ".csv": "a CSV file",
    ".tsv": "a TSV file",
    ".jsonl": "a JSONL file",
    ".ndjson": "a JSONL file",
    ".json": "a JSON file",
    ".html": "an HTML file",
    ".htm": "an HTML file",
}


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(_SAMPLE)
    except OSError:
        return b""


def looks_like_text(data: bytes) -> bool:
    """Whether bytes read as text: UTF-8 (or a UTF-16 mark), no NUL, few control characters.

    Random bytes (an encrypted project) hold a NUL within the first few hundred bytes.
    """
    if not data:
        return False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 4:  # not just a character cut at the end of the sample
            return False
        text = data[: exc.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls <= len(text) // 100


def text_kind(path: Path) -> str | None:
    """The kind of text file ("a CSV file", "a text file"…), or None when it is not text."""
    if not looks_like_text(_head(path)):
        return None
    return _TEXT_NAMES.get(path.suffix.lower(), "a text file")


def is_sqlite(path: Path) -> bool:
    """Whether ``path`` is a plain SQLite file (an annotator project, unencrypted)."""
    return _head(path)[: len(SQLITE_HEADER)] == SQLITE_HEADER


def text_given_as_project(path: Path) -> str | None:
    """For ``--db`` naming a text file: the sentence to say instead of asking a passphrase."""
    kind = text_kind(path)
    if kind is None:
        return None
    return (
        f"{path} is {kind}, not an annotator project file; to bring its articles into a"
        f" project: annotator --db PROJECT import {path}"
    )


def text_given_to_merge(path: Path) -> str | None:
    """For ``merge`` given a text file that is not our export: the reason, naming ``import``."""
    kind = text_kind(path)
    if kind is None:
        return None
    return (
        f"is {kind}, not an annotator project or our JSONL or brat export; import its articles"
        f" instead: annotator --db PROJECT import {path}"
    )


def binary_reason(data: bytes, path: Path) -> str:
    """Why a binary file is not an article: a project file is sent to ``merge``."""
    if data.startswith(SQLITE_HEADER):
        return (
            f"is an annotator project file, not text; to bring its work into this project:"
            f" annotator --db PROJECT merge {path}"
        )
    if path.suffix.lower() == ".db":
        return (
            "is a binary file, not text (an encrypted annotator project? merge it with:"
            f" annotator --db PROJECT merge {path} --passphrase-file FILE)"
        )
    return "is a binary file, not text"
