"""The article text with its highlights.

Highlights are ``ExtraSelection``s over a read-only document: drawing them
never changes the text, and redrawing is cheap (about 4 ms for 500).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.core.model import Span
from annotator.core.offsets import OffsetMap
from annotator.ui.colours import entity_fill, entity_line


class ArticleView(QPlainTextEdit):
    """One article; entity suggestions drawn subtly, per-type visibility."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self.document().setDocumentMargin(18)
        self._text = ""
        self._offsets = OffsetMap("")
        self._entities: list[Span] = []
        self._hidden: set[str] = set()

    def show_text(self, text: str) -> None:
        """Show a new article, with no highlights yet."""
        self._text = text
        self._offsets = OffsetMap(text)
        self._entities = []
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._redraw()

    def set_entities(self, spans: list[Span]) -> None:
        """Draw these entity suggestions (replacing the previous ones)."""
        self._entities = list(spans)
        self._redraw()

    def entities(self) -> list[Span]:
        return list(self._entities)

    def set_hidden_labels(self, labels: set[str]) -> None:
        """Entity types not to draw."""
        self._hidden = set(labels)
        self._redraw()

    def visible_entities(self) -> list[Span]:
        """The entity suggestions currently drawn."""
        return [s for s in self._entities if s.label not in self._hidden]

    def _redraw(self) -> None:
        selections = []
        doc = self.document()
        for span in self.visible_entities():
            fmt = QTextCharFormat()
            fmt.setBackground(entity_fill(span.label))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(entity_line(span.label))
            fmt.setToolTip(span.label)
            cursor = QTextCursor(doc)
            cursor.setPosition(self._offsets.to_utf16(span.start))
            cursor.setPosition(self._offsets.to_utf16(span.end), QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)
