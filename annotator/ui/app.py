"""Start the Qt application on a project file."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.store import Store, StoreError
from annotator.ui.identity import resolve_analyst
from annotator.ui.main_window import MainWindow


def run_app(
    db: Path,
    model: str | None = None,
    analyst: str | None = None,
    quit_after_ms: int | None = None,
) -> int:
    """Open the window on ``db`` and run until it closes; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.annotator")
    with resources.as_file(resources.files("annotator.resources") / "icon-256.png") as icon:
        app.setWindowIcon(QIcon(str(icon)))
    try:
        store = Store(db)
    except StoreError as exc:
        box = QMessageBox(QMessageBox.Icon.Critical, "annotator", str(exc))
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message names a file: data, not HTML
        box.exec()
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    analyst = analyst or resolve_analyst(ask=quit_after_ms is None)
    window = MainWindow(store, model, analyst=analyst)
    window.show()
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, window.close)
    try:
        return app.exec()
    finally:
        store.close()
