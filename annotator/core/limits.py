"""``list --limit N``: how many documents to show, as argparse takes it."""

from __future__ import annotations

import argparse


def document_limit(text: str) -> int:
    """A count of documents, 0 or more (0 shows none, as ``head -n 0``); else argparse's error."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"give a number of documents, 0 or more, not {text!r}")
    return value
