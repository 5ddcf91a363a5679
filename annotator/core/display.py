"""What the article view draws for a stored text, position for position.

Spans are offsets into the exact stored text, but Qt's text document does not
keep every character it is given: CRLF becomes one paragraph break, a leading
U+FEFF vanishes, U+FDD0 and U+FDD1 turn into breaks, control characters draw as
nothing. Offsets then land on the wrong characters on screen (a brat article made
on Windows showed "The New York Post" as "e New York Post r"). So the view shows
a display text in which every stored character has a stand-in of its own, of the
same UTF-16 length, and converts offsets at its edge. (Checked on Qt 6.11 for
every code point, first and inside a text: besides CRLF, only a leading U+FEFF or
U+FFFE is dropped, and only LF, CR, U+FDD0 and U+FDD1 become paragraph breaks.)

Qt also lays out a paragraph as a whole, and a megabyte with no line break took
seconds (minutes without spaces). A paragraph longer than ``LONG_BLOCK`` gets
display-only paragraph breaks between two stored characters: they stand for no
stored character, so no offset ever points at one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from itertools import pairwise

from annotator.core.offsets import OffsetMap

#: Paragraphs longer than this (code points) are cut for display ...
LONG_BLOCK = 3000
#: ... into pieces of about this length, after a space where there is one nearby.
BLOCK_TARGET = 2000
#: What a display-only break is (Qt starts a new paragraph there).
BREAK = "\u2029"

_CONTROL_PICTURES = {c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n\r"}
#: Stand-ins for characters Qt would not draw as themselves, one UTF-16 unit each.
_STAND_INS: dict[int, str] = {
    **_CONTROL_PICTURES,  # NUL -> ␀, ESC -> ␛, VT -> ␋ ...
    0x7F: "\u2421",  # DEL -> ␡
    **{c: "\ufffd" for c in range(0x80, 0xA0)},  # C1 controls (often mis-decoded cp1252)
    0xFEFF: "\u2060",  # byte order mark -> word joiner: invisible, and Qt keeps it
    0xFFFE: "\ufffd",  # a reversed byte order mark: Qt drops it at the start too
    0xFFFC: "\ufffd",  # Qt's object placeholder
    0xFDD0: "\ufffd",  # Qt's frame markers, which it turns into breaks
    0xFDD1: "\ufffd",
    **{c: "\ufffd" for c in range(0xD800, 0xE000)},  # lone surrogates
}
_SPECIAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\ufffc\ufdd0\ufdd1\ud800-\udfff]"
)
#: Kept as they are even by the strict fallback: Qt draws or breaks on them one for one.
_PLAIN = frozenset(" \t\n\u2028\u2029")
#: A paragraph longer than LONG_BLOCK; tried only where a paragraph starts, so linear.
_LONG_RUN = re.compile(f"(?<![^\n\r\u2029])[^\n\r\u2029]{{{LONG_BLOCK + 1},}}")


_FEW = 2000


def _stand_in(match: re.Match[str]) -> str:
    return _STAND_INS[ord(match[0])]


def visible(text: str, *, strict: bool = False) -> str:
    """``text`` with each character Qt would not draw as itself replaced by a stand-in.

    The result has the same length in code points and in UTF-16 units. ``strict``
    also replaces every other non-printable character of the Basic Multilingual
    Plane: the fallback if Qt ever drops a character the usual stand-ins keep.
    """
    # CRLF: the CR as a space before the break; a lone CR is a break, as Qt draws it
    shown = text.replace("\r\n", " \n").replace("\r", "\n") if "\r" in text else text
    # one by one while they are few; a text full of them is quicker through str.translate
    shown, found = _SPECIAL.subn(_stand_in, shown, count=_FEW)
    if found == _FEW:
        shown = shown.translate(_STAND_INS)
    if strict:
        shown = "".join(
            c if c.isprintable() or c in _PLAIN or ord(c) > 0xFFFF else "\ufffd" for c in shown
        )
    return shown


def _cut_points(text: str) -> list[int]:
    """Offsets before which the display breaks a paragraph longer than ``LONG_BLOCK``."""
    cuts: list[int] = []
    for run in _LONG_RUN.finditer(text):
        pos, end = run.start(), run.end()
        while end - pos > LONG_BLOCK:
            target = pos + BLOCK_TARGET
            lo = max(pos + 1, target - 500)
            space = max(text.rfind(" ", lo, target), text.rfind("\t", lo, target))
            cut = space + 1 if space >= 0 else target
            # never between a character and its combining marks
            while cut < end - 1 and cut - target < 32 and unicodedata.combining(text[cut]):
                cut += 1
            cuts.append(cut)
            pos = cut
    return cuts


class DisplayText:
    """The text the view shows for a stored text, and positions between the two.

    Stored offsets count code points; view positions count UTF-16 units of
    ``self.text``, which Qt's document holds one for one.
    """

    def __init__(self, stored: str, *, strict: bool = False) -> None:
        self.stored = stored
        self.breaks = _cut_points(stored)
        shown = visible(stored, strict=strict)
        if self.breaks:
            edges = [0, *self.breaks, len(shown)]
            shown = BREAK.join(shown[a:b] for a, b in pairwise(edges))
        self.text = shown
        self._units = OffsetMap(stored)

    def length(self) -> int:
        """UTF-16 units of the display text: what Qt's document must hold."""
        return self._units.to_utf16(len(self.stored)) + len(self.breaks)

    def to_view(self, offset: int) -> int:
        """Stored offset -> view position where the character at ``offset`` starts."""
        return self._units.to_utf16(offset) + bisect_right(self.breaks, offset)

    def to_view_end(self, offset: int) -> int:
        """Stored offset -> view position where the character before ``offset`` ends.

        Differs from ``to_view`` only at a display-only break, which a span
        ending there does not cover.
        """
        return self._units.to_utf16(offset) + bisect_left(self.breaks, offset)

    def from_view(self, position: int) -> int:
        """View position -> stored offset (inside a surrogate pair: the pair's start)."""
        if not self.breaks:
            return self._units.from_utf16(position)
        lo, hi = 0, len(self.stored)
        while lo < hi:  # the largest offset whose character before it ends by ``position``
            mid = (lo + hi + 1) // 2
            if self.to_view_end(mid) <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo
