"""Token boundaries, so a rough selection becomes the words the analyst meant."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]", re.UNICODE)


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Grow ``[start, end)`` to whole tokens and drop surrounding spaces; None when empty."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    for match in _TOKEN.finditer(text, max(0, start - 64), min(len(text), end + 64)):
        if match.start() < start < match.end():
            start = match.start()
        if match.start() < end < match.end():
            end = match.end()
    return start, end


_SENTENCE_END = re.compile(r"[.!?]+[\"”’')]*(?=\s|$)|\n")
_CLAUSE_END = re.compile(r"[,;:](?=\s)|[.!?]+[\"”’')]*(?=\s|$)|\n")


def _end_before(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """The offset where the next boundary starts (the boundary itself is left out)."""
    match = pattern.search(text, pos + 1)
    end = match.start() if match else len(text)
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence containing ``pos`` ends, before its final punctuation."""
    return _end_before(_SENTENCE_END, text, pos)


def clause_end(text: str, pos: int) -> int:
    """Where the clause containing ``pos`` ends: before the next comma, semicolon, colon or stop."""
    return _end_before(_CLAUSE_END, text, pos)


def next_paragraph(text: str, pos: int) -> int:
    """The start of the next paragraph (or the end of the text)."""
    found = re.compile(r"\n\s*\n").search(text, pos)
    if not found:
        return len(text)
    start = found.end()
    return start


def previous_paragraph(text: str, pos: int) -> int:
    """The start of the paragraph before the one at ``pos`` (or of this one, mid-paragraph)."""
    starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    before = [s for s in starts if s < pos]
    return before[-1] if before else 0
