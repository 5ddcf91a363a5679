"""Where one analyst's version of a span unit differs from the others': its edges, in words.

Span versions in one unit overlap, so they differ at their edges (and in their
label). A lane that only shows the text cut at its end makes "…twenty years"
and "…twenty year" look the same; these marks name the difference instead:
``+the…`` (this version starts with "the", another does not), ``…−years``
(another version goes on with "years", this one stops before). When an edge
falls inside a word, the shared part of the word is shown too: ``…year+s``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.core.model import Span

#: Longer differing text is cut in its middle.
EDGE_LIMIT = 24


def _cut(words: str) -> str:
    words = " ".join(words.split())
    if len(words) <= EDGE_LIMIT:
        return words
    half = (EDGE_LIMIT - 1) // 2
    return words[:half].rstrip() + "…" + words[-half:].lstrip()


def _word_part_before(text: str, at: int) -> str:
    """The letters of the word that runs up to ``at`` (empty at a word boundary)."""
    start = at
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    return text[start:at] if at < len(text) and text[at].isalnum() else ""


def _word_part_after(text: str, at: int) -> str:
    """The letters of the word that runs on from ``at`` (empty at a word boundary)."""
    end = at
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[at:end] if at > 0 and text[at - 1].isalnum() else ""


def _start_mark(text: str, mine: int, lo: int, hi: int) -> list[str]:
    """Marks for a version starting at ``mine`` when the others start from ``lo`` to ``hi``."""
    marks = []
    if lo < mine:  # another version has words before this one's start
        marks.append(_before_word("−", _cut(text[lo:mine]), _word_part_after(text, mine)))
    if mine < hi:  # this one has words before another's start
        marks.append(_before_word("+", _cut(text[mine:hi]), _word_part_after(text, hi)))
    return marks


def _before_word(sign: str, differing: str, rest: str) -> str:
    """``+the…``; inside a word the differing letters are bracketed: ``[−t]he…``."""
    return f"[{sign}{differing}]{rest}…" if rest else f"{sign}{differing}…"


def _end_mark(text: str, mine: int, lo: int, hi: int) -> list[str]:
    """Marks for a version ending at ``mine`` when the others end from ``lo`` to ``hi``."""
    marks = []
    if mine < hi:  # another version goes on past this one's end
        marks.append(f"…{_word_part_before(text, mine)}−{_cut(text[mine:hi])}")
    if lo < mine:  # this one goes on past another's end
        marks.append(f"…{_word_part_before(text, lo)}+{_cut(text[lo:mine])}")
    return marks


def edge_marks(versions: Mapping[str, Sequence[Span]], text: str) -> dict[str, str]:
    """For each layer with spans, how its version differs from the other layers' (plain text).

    Layers without spans get ``""`` (the lane's dash says it); so does a version
    the same as every other.
    """
    bounds = {
        name: (min(s.start for s in spans), max(s.end for s in spans), {s.label for s in spans})
        for name, spans in versions.items()
        if spans
    }
    marks: dict[str, str] = {}
    for name in versions:
        if name not in bounds:
            marks[name] = ""
            continue
        start, end, labels = bounds[name]
        others = [b for other, b in bounds.items() if other != name]
        if not others:
            marks[name] = ""
            continue
        starts, ends = [b[0] for b in others], [b[1] for b in others]
        found = _start_mark(text, start, min(starts), max(starts))
        found += _end_mark(text, end, min(ends), max(ends))
        if any(b[2] != labels for b in others):
            found.insert(0, "/".join(sorted(labels)))
        marks[name] = " ".join(found)
    return marks
