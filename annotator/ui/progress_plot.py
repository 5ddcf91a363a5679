"""``annotator agreement --plot OUT.png``: the progress view's charts as a picture for reports.

The same ``ProgressPanel`` the window shows, drawn offscreen at a fixed size and written
through a temporary file renamed into place (``io.safe_paths``), so an interrupted run
never leaves half a PNG under the name asked for. The command line checks the target
(no folder, nothing replaced without ``--force``) before the agreement is computed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from annotator.io.safe_paths import ExportError, atomic_path
from annotator.store import Store
from annotator.teams.agreement import AgreementReport
from annotator.teams.progress import team_progress

SIZE = (1280, 800)


def _quiet(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """The offscreen platform's notes ("does not support propagateSizeHints()") are not
    the user's business; anything else still reaches stderr."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _application() -> QApplication:
    """The running application, or an offscreen one: a report needs no display."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    qInstallMessageHandler(_quiet)
    return QApplication(["annotator", "-platform", "offscreen"])


def write_progress_png(
    store: Store,
    report: AgreementReport,
    analysts: list[str] | None,
    path: Path,
    size: tuple[int, int] = SIZE,
) -> str:
    """Draw the charts for ``report`` (and the chosen analysts' progress) to ``path``;
    returns the sentence to print. ``ExportError`` when it cannot be written."""
    app = _application()
    from annotator.ui.progress_view import ProgressPanel  # pyqtgraph loads here

    panel = ProgressPanel()
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.setStyleSheet("background: white;")
    panel.show_item(team_progress(store, analysts))
    panel.show_item(report)
    panel.heading.setText(f"{store.path.name} · {panel.summary()}")
    panel.resize(*size)
    panel.show()
    app.processEvents()
    image = panel.grab().toImage()
    panel.close()
    panel.deleteLater()
    with atomic_path(path) as temp:
        if not image.save(str(temp), "PNG"):
            raise ExportError(f"cannot write {path}: the picture could not be encoded")
    return f"wrote {path} ({image.width()}x{image.height()})"
