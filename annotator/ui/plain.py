"""Showing text from documents, imports, schemas and analysts exactly as it is.

Qt takes any tooltip, label or message that merely looks like HTML for rich
text: an article titled ``<img src="/some/file.png">`` made Qt open that file,
and a span ``<img width=20000 height=20000 ...>`` drew a 3 GB tooltip. Menu
entries and buttons turn ``&`` into a keyboard mnemonic. Every such text passes
through one of these functions on its way to a widget.
"""

from __future__ import annotations

import html

from PySide6.QtGui import Qt

#: A tooltip longer than this is cut in the middle: a whole article does not fit on a screen.
TOOLTIP_LIMIT = 1200


def shorten(text: str, limit: int = TOOLTIP_LIMIT) -> str:
    """``text`` cut in the middle to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    half = (limit - 1) // 2
    return text[:half] + "…" + text[-half:]


def html_text(text: str) -> str:
    """``text`` as HTML that shows its characters, line breaks and spaces kept."""
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'


def tooltip(text: str) -> str:
    """A tooltip that Qt shows character for character (Qt renders tooltips as HTML at will).

    Text that Qt would take for HTML goes as escaped HTML; other text goes as it is.
    """
    text = shorten(text)
    return html_text(text) if Qt.mightBeRichText(text) else text


def menu_text(text: str) -> str:
    """Text for a menu entry, button or group box title: ``&`` stays an ampersand."""
    return text.replace("&", "&&")


def title_text(text: str) -> str:
    """Text for a window title: ``[*]`` stays itself instead of the 'modified' placeholder."""
    return text.replace("[*]", "[*][*]")


def strip_mnemonic(text: str) -> str:
    """What a menu entry shows: ``&&`` is one ampersand, a lone ``&`` marks the mnemonic."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
