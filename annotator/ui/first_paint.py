"""The moment a window is first painted: what start-up waits for, and nothing more.

Background work (spaCy) starts only after it, so the first paint never competes
with a model import for the interpreter. With ``ANNOTATOR_FIRST_PAINT_REPORT=PATH``
the time (seconds since the epoch) and the modules loaded at that moment are
written to PATH as JSON, and at exit its time and how many spaCy loads were still
running: ``benchmarks/ui_bench.py`` reads the times, the start-up tests the rest.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

REPORT_ENV = "ANNOTATOR_FIRST_PAINT_REPORT"


class _FirstPaint(QObject):
    """Watches one widget's events until its first paint, then runs the callbacks once."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callbacks: list[Callable[[], None]] = []
        self.done = False
        widget.installEventFilter(self)

    def add(self, callback: Callable[[], None], *, first: bool = False) -> None:
        if self.done:
            QTimer.singleShot(0, callback)
        else:
            self._callbacks.insert(0 if first else len(self._callbacks), callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            self._widget.removeEventFilter(self)
            # the paint runs after this filter returns; the callbacks after the paint
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()


def after_first_paint(
    widget: QWidget, callback: Callable[[], None], *, first: bool = False
) -> None:
    """Run ``callback`` on the GUI thread once ``widget`` has been painted (soon, if it was);
    ``first`` puts it ahead of the callbacks already waiting."""
    watcher = widget.findChild(_FirstPaint)
    if watcher is None:
        watcher = _FirstPaint(widget)
    watcher.add(callback, first=first)


def report_first_paint(widget: QWidget) -> None:
    """Write the first paint's time and loaded modules to ``$ANNOTATOR_FIRST_PAINT_REPORT``."""
    path = os.environ.get(REPORT_ENV)
    if not path:
        return

    report: dict[str, object] = {}

    def write(**figures: object) -> None:
        report.update(figures)
        Path(path).write_text(json.dumps(report), encoding="utf-8")

    def painted() -> None:
        write(painted_at=time.time(), cpu_s=time.process_time(), modules=sorted(sys.modules))

    def exiting() -> None:  # after the window and the project file are closed
        from annotator.nlp.model import loads_in_progress

        write(exited_at=time.time(), models_loading_at_exit=loads_in_progress())

    after_first_paint(widget, painted, first=True)  # before any background work starts
    atexit.register(exiting)
