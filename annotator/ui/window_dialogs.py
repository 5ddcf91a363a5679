"""The main window's two message boxes: accepting many proposals at once, and About.

Text that comes from data (a path, a pipeline name) is escaped or shown as plain text.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator import __version__


def accept_all_box(parent: QWidget, count: int) -> QMessageBox:
    """Ask before accepting ``count`` proposals at once (one undo step); the caller opens it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Accept proposals",
        f"Accept {count} proposed attribution(s) in this article? "
        "Ctrl+Z undoes all of them at once.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.button(QMessageBox.StandardButton.Yes).setText(f"Accept {count}")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box


def about_box(parent: QWidget, model_label: str, project: str) -> QMessageBox:
    """Help > About: version, pipeline and project file (escaped: a path is data, not HTML)."""
    model = escape(model_label or "not loaded")
    box = QMessageBox(parent)
    box.setWindowTitle("About annotator")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        f"<b>annotator {__version__}</b><p>Label who claims what in news "
        f"articles, offline.</p><p>spaCy pipeline: {model}<br>"
        f"Project file: {escape(project)}</p>"
    )
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    return box
