"""Python's cycle collector runs on the GUI thread only, from a timer.

Why: CPython runs an automatic collection on whichever thread happens to allocate.
When that is a worker thread (a spaCy load, a training epoch) and the garbage holds a
widget's Python wrapper, the widget's C++ destructor runs on the worker thread while
the GUI thread is inside Qt — the test suite's segmentation faults of 2026-11-27
(``QApplicationPrivate::notifyActiveWindowChange`` reading a half-destroyed widget
while a worker built a generator). The same recipe is pyqtgraph's GarbageCollector.

Automatic collection is switched off with a zero first threshold rather than
``gc.disable()``: srsly (spaCy's msgpack) calls ``gc.disable()``/``gc.enable()``
around every load and would switch it back on; it never touches the thresholds.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the GUI thread looks at the collector's counts.
INTERVAL_MS = 500
#: A full collection waits this many times as long as the last one took, since it ended:
#: with the spaCy pipelines loaded one takes ~85 ms, so at most ~1% of the GUI thread.
#: (CPython's own collector waits for 25% more long-lived objects, which Python cannot see.)
FULL_SPACING = 100

_installed: _GuiCollector | None = None


class _GuiCollector(QObject):
    """Collects each generation when its count passes the threshold it had before."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.last_full_ended = 0.0
        self.last_full_took = 0.0
        self.thresholds = gc.get_threshold()
        gc.set_threshold(0, *self.thresholds[1:])  # no automatic collection, on any thread
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(INTERVAL_MS)

    def check(self) -> None:
        """On the GUI thread: collect what the automatic collector would have collected."""
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = self.thresholds
        if c0 > t0:
            gc.collect(0)
            if c1 > t1:
                gc.collect(1)
                if c2 > t2 and self._full_is_due():
                    started = time.monotonic()
                    gc.collect(2)
                    self.last_full_ended = time.monotonic()
                    self.last_full_took = self.last_full_ended - started

    def _full_is_due(self) -> bool:
        return time.monotonic() - self.last_full_ended >= FULL_SPACING * self.last_full_took


def collect_on_gui_thread() -> None:
    """From now on, cycles are collected on the GUI thread only. Call on the GUI thread,
    once a QApplication exists; later calls do nothing."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None or app is None:
        return
    _installed = _GuiCollector(app)


def installed() -> _GuiCollector | None:
    """The GUI thread's collector, once a worker or the app has installed it."""
    return _installed


def automatic_collection_off() -> bool:
    """Whether no thread can start a collection on its own (what the tests check)."""
    return gc.get_threshold()[0] == 0
