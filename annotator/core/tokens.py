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
