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

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the GUI thread looks at the collector's counts.
INTERVAL_MS = 500

_installed: _GuiCollector | None = None


class _GuiCollector(QObject):
    """Collects each generation when its count passes the threshold it had before."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
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
                if c2 > t2:
                    gc.collect(2)


def collect_on_gui_thread() -> None:
    """From now on, cycles are collected on the GUI thread only. Call on the GUI thread,
    once a QApplication exists; later calls do nothing."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None or app is None:
        return
    _installed = _GuiCollector(app)


def automatic_collection_off() -> bool:
    """Whether no thread can start a collection on its own (what the tests check)."""
    return gc.get_threshold()[0] == 0
