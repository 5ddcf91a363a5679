"""The shortcut overlay shown on ``?``: every action with its key, grouped by menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMenuBar, QScrollArea, QVBoxLayout, QWidget


def shortcut_table(menubar: QMenuBar) -> str:
    """HTML listing each menu's actions that have a key."""
    parts = []
    for menu_action in menubar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        rows = [
            f"<tr><td align='right'><b>{a.shortcut().toString()}</b>&nbsp;&nbsp;</td>"
            f"<td>{a.text().replace('&', '')}</td></tr>"
            for a in menu.actions()
            if not a.isSeparator() and not a.shortcut().isEmpty()
        ]
        if rows:
            parts.append(f"<h3>{menu.title().replace('&', '')}</h3><table>{''.join(rows)}</table>")
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
