"""Run by test_kill_durability in a subprocess: make one edit, say so, then keep running."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.store import Store
from annotator.ui.main_window import MainWindow


def main() -> None:
    app = QApplication([])
    window = MainWindow(Store(sys.argv[1]), analyst="killed", preannotate=False)
    window.show()
    window.activateWindow()
    while QApplication.activeWindow() is not window:
        app.processEvents()
    text = window.article.toPlainText()
    start = text.index(sys.argv[2])
    window.article.select_range(start, start + len(sys.argv[2]))
    QTest.keyClick(window.article, Qt.Key.Key_C)
    print(f"EDITED {window.article.selected_span}", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main()
