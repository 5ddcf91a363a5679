"""Token boundaries, so a rough selection becomes the words the analyst meant."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

#: Combining marks belong to the letter before them (harakat, shadda, accents, Hebrew points),
#: and Persian's zero-width non-joiner sits inside words; ``\w`` alone matches neither.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
_MARKS += "\u06d6-\u06ed\u08d3-\u08ff\u200c"
_WORD = f"[\\w{_MARKS}]+"
_TOKEN = re.compile(f"{_WORD}(?:[’'.-]{_WORD})*|[^\\w\\s{_MARKS}]", re.UNICODE)
#: Token bounds ``(start, end)`` lying in ``text[lo:hi]``, from a language's tokenizer.
TokenSource = Callable[[str, int, int], Iterable[tuple[int, int]]]


def _regex_tokens(text: str, lo: int, hi: int) -> Iterable[tuple[int, int]]:
    return (m.span() for m in _TOKEN.finditer(text, lo, hi))


def snap_to_tokens(
    text: str, start: int, end: int, tokens: TokenSource | None = None
) -> tuple[int, int] | None:
    """Grow ``[start, end)`` to whole tokens and drop surrounding spaces; None when empty.

    ``tokens`` is the document language's tokenizer (the UI passes spaCy's for it; the
    core imports no spaCy); without one, words are letters with their combining marks.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    source = tokens or _regex_tokens
    lo, hi = start, end
    for t_start, t_end in source(text, max(0, lo - 64), min(len(text), hi + 64)):
        if t_start < lo < t_end:
            start = min(start, t_start)
        if t_start < hi < t_end:
            end = max(end, t_end)
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
