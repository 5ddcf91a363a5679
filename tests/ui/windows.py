"""Opening the main window the way the keyboard tests need it: shown, active, focus in the text."""

from PySide6.QtWidgets import QApplication

from annotator.ui.main_window import MainWindow


def open_window(qtbot, store, analyst="ana", **kw):
    """A MainWindow without background models, active so its shortcuts fire."""
    window = MainWindow(store, analyst=analyst, preannotate=False, **kw)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.article.setFocus()
    return window
