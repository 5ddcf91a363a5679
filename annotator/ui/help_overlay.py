"""The shortcut overlay shown on ``?``: every action with its key, grouped by menu.

The overlay is rich text (a table); the entries carry schema names and keys,
so each one is escaped: a label called ``<img src=...>`` is shown, not loaded.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMenuBar, QScrollArea, QVBoxLayout, QWidget

from annotator.ui.plain import strip_mnemonic


def shortcut_table(menubar: QMenuBar) -> str:
    """HTML listing each menu's actions that have a key."""
    parts = []
    for menu_action in menubar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        rows = [
            f"<tr><td align='right'><b>{escape(a.shortcut().toString())}</b>&nbsp;&nbsp;</td>"
            f"<td>{escape(strip_mnemonic(a.text()))}</td></tr>"
            for a in menu.actions()
            if not a.isSeparator() and not a.shortcut().isEmpty()
        ]
        if rows:
            title = escape(strip_mnemonic(menu.title()))
            parts.append(f"<h3>{title}</h3><table>{''.join(rows)}</table>")
    return "".join(parts)


class HelpOverlay(QDialog):
    """A window of shortcuts that closes with any key."""

    def __init__(self, menubar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.label = QLabel(
            "<p>Select text (it snaps to whole words; hold Alt for exact characters), "
            "then press a label key. Click a span to select it.</p>" + shortcut_table(menubar)
        )
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        self.resize(520, 640)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.accept()
