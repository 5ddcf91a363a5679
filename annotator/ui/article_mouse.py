"""What the mouse does in the article view: a click selects the span under it (again: the
one around it), Ctrl-drag from one span to another links them, a right click opens the
span's menu, and an Alt-drag selects exactly the characters dragged over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent

if TYPE_CHECKING:
    from annotator.ui.article_view import ArticleView

RAW_MODIFIER = Qt.KeyboardModifier.AltModifier
LINK_MODIFIER = Qt.KeyboardModifier.ControlModifier


class ArticleMouse:
    """The article view's mouse handlers, mixed into ``ArticleView`` ahead of Qt's class.

    It keeps ``_raw_drag`` (the last press held Alt) and ``_link_from`` (the span a
    Ctrl-drag started on) on the view, and says what happened through its signals.
    """

    def _pos_at(self: ArticleView, event: QMouseEvent) -> int:
        return self._display.from_view(
            self.cursorForPosition(event.position().toPoint()).position()
        )

    def mousePressEvent(self: ArticleView, event: QMouseEvent) -> None:
        self._raw_drag = bool(event.modifiers() & RAW_MODIFIER)
        hits = self.spans_at(self._pos_at(event))
        if event.modifiers() & LINK_MODIFIER and hits:
            # Ctrl-drag from one span to another links them (source to claim)
            self._link_from = hits[0]
            self.viewport().setCursor(Qt.CursorShape.DragLinkCursor)
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self: ArticleView, event: QMouseEvent) -> None:
        if self._link_from is None:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self: ArticleView, event: QMouseEvent) -> None:
        if self._link_from is not None:
            start, self._link_from = self._link_from, None
            self.viewport().unsetCursor()
            targets = [s for s in self.spans_at(self._pos_at(event)) if s.id != start.id]
            if targets and start.id is not None and targets[0].id is not None:
                self.link_dragged.emit(start.id, targets[0].id, event.globalPosition().toPoint())
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            pos = self._display.from_view(
                self.cursorForPosition(event.position().toPoint()).position()
            )
            hits = self.hits_at(pos)
            if hits and self.selected_span in [s.id for s in hits]:
                # clicking again on a selected span reaches the one around it
                index = [s.id for s in hits].index(self.selected_span)
                chosen = hits[(index + 1) % len(hits)]
            else:
                chosen = hits[0] if hits else None
            self.select_span(chosen.id if chosen else None, move=False)
            self.span_clicked.emit(chosen.id if chosen else None)

    def contextMenuEvent(self: ArticleView, event: QContextMenuEvent) -> None:
        pos = self._display.from_view(self.cursorForPosition(event.pos()).position())
        hits = self.spans_at(pos)
        if not hits:
            super().contextMenuEvent(event)
            return
        chosen = next((s for s in hits if s.id == self.selected_span), hits[0])
        self.select_span(chosen.id, move=False)
        self.span_clicked.emit(chosen.id)
        self.span_menu_requested.emit(chosen.id, event.globalPos())
