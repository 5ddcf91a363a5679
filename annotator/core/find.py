"""Find as a reader means it: case, Arabic harakat and tatweel do not have to be typed.

An analyst types ``اي صفقة`` and expects to land on ``أيُّ صفقة``; types ``istanbul`` and
expects ``İstanbul``. ``str.lower().find`` gets both wrong, and worse, ``"İ".lower()``
is two characters, so every match after one landed one character off. Here the text is
folded once, character by character, with a map back to the stored offsets, and a match
is always a range of the stored text.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left

#: Arabic tatweel (kashida): stretches a word, is not a letter, nobody types it in a search.
TATWEEL = "\u0640"

#: Letters readers write interchangeably in a search: hamza forms of alef, alef maqsura.
_ARABIC_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"})


def _fold_char(ch: str) -> str:
    """What one stored character is matched as: "" for marks a search ignores."""
    if ch == TATWEEL or unicodedata.combining(ch):
        return ""
    folded = ch.casefold()  # "İ" folds to "i" and a combining dot: the dot goes too
    if len(folded) > 1:
        folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.translate(_ARABIC_VARIANTS)


def fold(text: str) -> str:
    """A search string folded the way the text is."""
    return "".join(_fold_char(ch) for ch in text)


class TextFinder:
    """Matches in one article's text, as stored ``(start, end)`` ranges."""

    def __init__(self, text: str) -> None:
        self.text = text
        parts: list[str] = []
        origin: list[int] = []  # for each folded character, the stored offset it came from
        for i, ch in enumerate(text):
            folded = _fold_char(ch)
            parts.append(folded)
            origin.extend([i] * len(folded))
        self._folded = "".join(parts)
        self._origin = origin

    def find(self, needle: str, start_at: int = 0) -> tuple[int, int] | None:
        """The first match at or after ``start_at``, wrapping to the top; None if there is none.

        The range covers the marks that follow its last letter, so a span made from it
        keeps the whole written word.
        """
        wanted = fold(needle)
        if not wanted or not self._folded:
            return None
        at = bisect_left(self._origin, start_at)
        hit = self._folded.find(wanted, at)
        if hit < 0:
            hit = self._folded.find(wanted)
        if hit < 0:
            return None
        start = self._origin[hit]
        end = self._origin[hit + len(wanted) - 1] + 1
        while end < len(self.text) and not _fold_char(self.text[end]):
            end += 1  # harakat and tatweel after the last letter belong to the match
        return start, end
