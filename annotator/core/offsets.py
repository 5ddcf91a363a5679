"""Python counts characters in code points; Qt counts UTF-16 code units.

They differ after any character outside the Basic Multilingual Plane (most
emoji): each counts one in Python and two in Qt. Spans are stored in code
points, so the view converts at its edge.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Convert between code-point offsets and UTF-16 offsets of one text."""

    def __init__(self, text: str) -> None:
        # positions (in code points) of characters that take two UTF-16 units
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]

    def to_utf16(self, offset: int) -> int:
        """Code-point offset -> UTF-16 offset."""
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def from_utf16(self, offset: int) -> int:
        """UTF-16 offset -> code-point offset (inside a surrogate pair: the pair's start)."""
        if not self._astral:
            return offset
        lo, hi = 0, offset
        while lo < hi:  # smallest code-point offset whose UTF-16 offset reaches ``offset``
            mid = (lo + hi) // 2
            if self.to_utf16(mid) < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if self.to_utf16(lo) <= offset else lo - 1
