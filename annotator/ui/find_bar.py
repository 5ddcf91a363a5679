"""Find in the open article as you type: the keyboard way to put the cursor somewhere."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from annotator.core.find import TextFinder
from annotator.ui.article_view import ArticleView


class FindBar(QLineEdit):
    """Typing selects the next match after where the search began; Enter keeps it, Esc goes back.

    Case, harakat and tatweel need not be typed (``annotator.core.find``).
    """

    closed = Signal()

    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setPlaceholderText("Find in article — Enter keeps the match, Esc cancels")
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._search)
        self._origin = 0
        self._finder: TextFinder | None = None
        self.hide()

    def open(self) -> None:
        """Show the bar and search from the cursor."""
        self._origin = self.view.caret()
        if self._finder is None or self._finder.text is not self.view.text():
            self._finder = TextFinder(self.view.text())  # folded once per article, not per key
        self.clear()
        self.show()
        self.setFocus()

    def _search(self, needle: str) -> None:
        if not needle:
            return
        if self._finder is None or self._finder.text is not self.view.text():
            self._finder = TextFinder(self.view.text())
        found = self._finder.find(needle, self._origin)
        if found is not None:
            self.view.select_range(*found)
            self.view.ensureCursorVisible()
            self.setStyleSheet("")
        else:
            self.setStyleSheet("QLineEdit { color: #b91c1c; }")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
        elif event.key() == Qt.Key.Key_Escape:
            self.view.set_caret(self._origin)
            self._finish()
        else:
            super().keyPressEvent(event)

    def _finish(self) -> None:
        self.hide()
        self.view.setFocus()
        self.closed.emit()
