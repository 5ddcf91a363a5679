"""Right-to-left text laid out and aligned by its own direction: paragraphs in the
article view, cells in the lists.

Qt lays each paragraph out in the direction of its first strong letter (Arabic
reads right to left, its words in the right order), but ``QPlainTextEdit``'s
layout aligns every line by the document's one text option and ignores the
paragraph's own format: an Arabic paragraph sat at the left edge (checked on Qt
6.11; ``QTextBlockFormat.setLayoutDirection`` and ``Qt.AlignLeft`` without
``AlignAbsolute`` change nothing there). This layout moves the lines of a
right-to-left paragraph to the right edge each time Qt asks where the paragraph
is, which Qt does before it paints, hit-tests or places the cursor in it, so
drawing, clicks, the caret and highlights all use the same moved lines.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPlainTextDocumentLayout,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from annotator.core.language import right_to_left

RTL = Qt.LayoutDirection.RightToLeft
#: Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their forms).
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def has_right_to_left(text: str) -> bool:
    """Whether any right-to-left letter occurs: only then do paragraphs need moving."""
    return _RTL_LETTER.search(text) is not None


#: A line this wide was laid out before the view had a width (Qt then uses INT_MAX).
UNBOUNDED = 1e6


class DirectionalLayout(QPlainTextDocumentLayout):
    """A plain-text layout whose right-to-left paragraphs sit at the right edge. GUI thread."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        #: False while the text has no right-to-left letter: Qt asks for every paragraph's
        #: rectangle thousands of times a redraw, and then nothing needs checking
        self.active = True

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)  # lays the paragraph out first if needed
        if not self.active:
            return rect
        if block.isValid() and block.textDirection() == RTL:
            margin = self.document().documentMargin()
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                if line.width() >= UNBOUNDED:  # no width yet (never shown): nothing to align to
                    continue
                # the line keeps its width, so it never reaches past the right margin
                x = margin + max(0.0, line.width() - line.naturalTextWidth())
                if line.x() != x:
                    line.setPosition(QPointF(x, line.y()))
        return rect


def install(document: QTextDocument) -> DirectionalLayout:
    """Give ``document`` the layout that right-aligns right-to-left paragraphs."""
    layout = DirectionalLayout(document)
    document.setDocumentLayout(layout)
    return layout


class TextDirectionDelegate(QStyledItemDelegate):
    """Draws each cell in its text's own direction (by its first strong letter).

    A view lays every cell out left to right, so an Arabic title was cut at its
    logical end but its "…" drawn at the right, beside its first word. In its own
    direction it sits at the right and the "…" at the left, where its text ends.
    """

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if option.text and not option.text.isascii() and right_to_left(option.text):
            option.direction = RTL
            option.textElideMode = Qt.TextElideMode.ElideRight  # the logical end, drawn left
            # absolute: in a right-to-left cell Qt mirrors a plain AlignRight to the left edge
            option.displayAlignment = (
                Qt.AlignmentFlag.AlignAbsolute
                | Qt.AlignmentFlag.AlignRight
                | Qt.AlignmentFlag.AlignVCenter
            )


def by_direction(view: QAbstractItemView) -> TextDirectionDelegate:
    """Give ``view`` cells laid out, aligned and elided by their text's direction."""
    delegate = TextDirectionDelegate(view)
    view.setItemDelegate(delegate)
    return delegate
