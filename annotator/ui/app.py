"""Start the Qt application on a project file."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from annotator import __version__
from annotator.store import Store, StoreError
from annotator.ui.first_paint import after_first_paint, report_first_paint
from annotator.ui.gui_collector import collect_on_gui_thread
from annotator.ui.identity import resolve_analyst
from annotator.ui.main_window import MainWindow


def _application() -> QApplication:
    """The one QApplication, named and with its icon."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("annotator")
    app.setOrganizationName("annotator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.annotator")
    collect_on_gui_thread()  # before any worker thread starts
    with resources.as_file(resources.files("annotator.resources") / "icon-256.png") as icon:
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _open_store(
    db: Path, *, show_errors: bool, encrypted: bool = False, passphrase: str | None = None
) -> Store | None:
    """The project file, or None after saying why not (in a box too, unless drawing offscreen).

    Offscreen (a screenshot) the file must exist: drawing one never creates a project.
    An encrypted one asks for its passphrase in a dialog (``passphrase_dialog``).
    """
    try:
        if encrypted:  # the dialog's module loads only for an encrypted project
            from annotator.ui.passphrase_dialog import open_encrypted

            return open_encrypted(db, create=show_errors, passphrase=passphrase, ask=show_errors)
        return Store(db, create=show_errors)
    except StoreError as exc:
        if show_errors:
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Critical, "annotator", str(exc))
            box.setTextFormat(Qt.TextFormat.PlainText)  # the message names a file: data, not HTML
            box.exec()
        print(f"annotator: {exc}", file=sys.stderr)
        return None


def run_app(
    db: Path,
    model: str | None = None,
    analyst: str | None = None,
    quit_after_ms: int | None = None,
    screenshot: Path | None = None,
    size: str | None = None,
    doc: int | None = None,
    view: str = "article",
    encrypted: bool = False,
    passphrase: str | None = None,
) -> int:
    """Open the window on ``db`` and run until it closes; returns the exit code.

    With ``screenshot``, the window is drawn offscreen at ``size`` (``WxH``,
    default 1280x800) once the article ``doc`` and its highlights are shown,
    saved as a PNG, and the application quits.
    """
    if screenshot is not None and QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window on the screen
    if screenshot is not None or size:  # only a screenshot loads its module (start-up)
        from annotator.ui.screenshot import DEFAULT_SIZE, Screenshot, ScreenshotError, parse_size

        try:
            shot_size = parse_size(size) if size else DEFAULT_SIZE
        except ScreenshotError as exc:
            print(f"annotator: {exc}", file=sys.stderr)
            return 2
    app = _application()
    store = _open_store(
        db, show_errors=screenshot is None, encrypted=encrypted, passphrase=passphrase
    )
    if store is None:
        return 2
    quiet = quit_after_ms is not None or screenshot is not None
    analyst = analyst or resolve_analyst(ask=not quiet)
    window = MainWindow(store, model, analyst=analyst)
    try:
        if doc is not None:
            if window.documents.row_of(doc) is None:
                missing = f"annotator: {db} has no document {doc}; see 'annotator list'"
                print(missing, file=sys.stderr)
                return 2
            window.open_document(doc)
        shot = None
        if screenshot is not None:
            try:
                shot = Screenshot(window, screenshot, shot_size, view)
            except ScreenshotError as exc:
                print(f"annotator: {exc}", file=sys.stderr)
                return 2
            shot.start()
        report_first_paint(window)
        if quit_after_ms is not None:  # counted from the first paint: start, window, quit
            after_first_paint(window, lambda: QTimer.singleShot(quit_after_ms, window.close))
        window.show()
        code = app.exec()
        if shot is not None:
            window.close()
            return shot.exit_code if shot.exit_code is not None else 1
        return code
    finally:
        store.close()
