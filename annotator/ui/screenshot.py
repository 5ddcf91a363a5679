"""``annotator open --screenshot``: the window drawn offscreen at an exact size, to a PNG.

For the README pictures, bug reports and tests. The window opens as usual; once
the article and its highlights are shown (and the entity suggestions and
proposals, when a model is there to make them, or a deadline passes), the view
asked for is drawn at exactly the size asked for and the application quits.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui.main_window import MainWindow

VIEWS = ("article", "who-says-what", "adjudicate")
DEFAULT_SIZE = QSize(1280, 800)
#: How long to wait for the spaCy models before drawing what there is.
DEADLINE_S = 120.0
POLL_MS = 100


class ScreenshotError(ValueError):
    """A screenshot option that cannot be used, as one sentence."""


def parse_size(text: str) -> QSize:
    """'1280x800' (or 1280×800) as a size; a sentence naming the value otherwise."""
    match = re.fullmatch(r"\s*(\d{2,5})\s*[x×X]\s*(\d{2,5})\s*", text)
    if not match:
        raise ScreenshotError(f"--size {text!r}: give WIDTHxHEIGHT in pixels, e.g. 1280x800")
    width, height = int(match[1]), int(match[2])
    if not (320 <= width <= 8000 and 240 <= height <= 8000):
        raise ScreenshotError(f"--size {text}: between 320x240 and 8000x8000, please")
    return QSize(width, height)


class Screenshot(QObject):
    """Waits until the window has drawn what it will draw, then saves one view and quits."""

    def __init__(
        self,
        window: MainWindow,
        path: Path,
        size: QSize = DEFAULT_SIZE,
        view: str = "article",
        deadline_s: float = DEADLINE_S,
    ) -> None:
        super().__init__(window)
        if view not in VIEWS:
            raise ScreenshotError(f"--view {view!r}: choose one of {', '.join(VIEWS)}")
        self.window, self.path, self.size, self.view = window, path, size, view
        self._deadline = time.monotonic() + deadline_s
        self._entities_settled = False
        self._proposals_settled = False
        self.exit_code: int | None = None
        self.message = ""
        window.preannotator.unavailable.connect(self._no_entities)
        window.preannotator.finished.connect(self._no_entities)
        window.suggester.unavailable.connect(self._no_proposals)
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        """Size the window and start waiting for it to be ready."""
        self.window.resize(self.size)
        self._timer.start()

    def _no_entities(self, *_why: object) -> None:
        self._entities_settled = True

    def _no_proposals(self, *_why: object) -> None:
        self._proposals_settled = True

    def ready(self) -> bool:
        """The article is shown with its entity suggestions and proposals (or none will come)."""
        window = self.window
        doc = window.current_doc
        if doc is None:
            return True
        entities_pending = window.preannotator.info is None or window.preannotator.needs(doc)
        if not self._entities_settled and entities_pending:
            return False
        if self._proposals_settled:
            return True
        return window.suggester.worker is not None and not window.suggester.pending(doc)

    def _poll(self) -> None:
        if not self.ready() and time.monotonic() < self._deadline:
            return
        self._timer.stop()
        self.take()
        QApplication.instance().exit(self.exit_code or 0)

    def target(self) -> QWidget:
        """The widget to draw: the window, or the Who says what table at the same size."""
        if self.view == "who-says-what":
            self.window.show_stances()
            table = self.window.stances_view
            assert table is not None
            table.resize(self.size)
            return table
        if self.view == "adjudicate":  # the mode on the open article (#13)
            self.window.adjudication.enter()
        return self.window

    def take(self) -> None:
        """Draw the view, check its size and save the PNG."""
        widget = self.target()
        widget.resize(self.size)
        for _ in range(3):  # layouts settle over a few passes (the wrapped legend)
            QApplication.processEvents()
        if widget.size() != self.size:
            self.message = (
                f"annotator: the {self.view} view needs at least "
                f"{widget.width()}x{widget.height()}; the picture is cut to "
                f"{self.size.width()}x{self.size.height()}"
            )
            print(self.message, file=sys.stderr)
        picture = widget.grab().copy(0, 0, self.size.width(), self.size.height())
        problem = _save_png(picture, self.path)
        if problem:
            self.message = f"annotator: {problem}"
            print(self.message, file=sys.stderr)
            self.exit_code = 1
            return
        self.exit_code = 0
        print(self.path)


def _save_png(picture: QPixmap, path: Path) -> str | None:
    """Why the PNG could not be written, or None. Qt's ``save`` says only False; encoding in
    memory and writing as the exports do gets the system's reason (read-only, permission…)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from annotator.io.safe_paths import ExportError, write_bytes

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):
        return f"cannot write {path}: the picture could not be encoded as PNG"
    try:
        write_bytes(path, data.data())  # whole or not at all, the folder made if needed
    except ExportError as exc:
        return str(exc)
    return None
