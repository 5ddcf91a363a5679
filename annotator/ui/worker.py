"""The one way the GUI runs work in the background.

A ``Worker`` runs a job (a generator taking a ``JobContext``) on its own
thread and re-emits what the job yields as a Qt signal, delivered on the GUI
thread. Widgets are only touched there. Cancel is cooperative: the job checks
``ctx.cancelled()`` between steps.

What the job yields never crosses threads inside a Qt signal: it waits in a Python
queue and a bare signal tells the GUI thread to take it and emit ``yielded`` there.
Python objects carried by queued ``Signal(object)`` emissions from a worker thread
went with the suite's segmentation faults in the cycle collector on the GUI thread.
"""

from __future__ import annotations

import queue
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from annotator.core.jobs import JobContext
from annotator.ui.gui_collector import collect_on_gui_thread

Job = Callable[[JobContext], Iterator[Any]]


class Worker(QThread):
    """Run one job off the GUI thread. Signals arrive on the thread that owns the worker."""

    yielded = Signal(object)  # emitted on the thread that owns the worker, never across
    failed = Signal(str)
    _ready = Signal()  # from the worker thread: items wait in ``_items``

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()  # a collection on this thread could destroy a widget
        self._job = job
        self.context = JobContext()
        self._items: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._ready.connect(self._deliver)  # queued: this object lives on the owner's thread

    def run(self) -> None:  # runs on the worker thread
        try:
            for item in self._job(self.context):
                if self.context.cancelled():
                    break
                self._items.put(item)
                self._ready.emit()
        except Exception:  # reported on the GUI thread; the thread ends cleanly
            self.failed.emit(traceback.format_exc(limit=4))

    @Slot()
    def _deliver(self) -> None:
        """On the owner's thread: emit what the job has yielded so far, in order."""
        while True:
            try:
                item = self._items.get_nowait()
            except queue.Empty:
                return
            self.yielded.emit(item)

    def cancel(self) -> None:
        """Ask the job to stop after its current step."""
        self.context.cancel()

    def request(self, message: Any) -> None:
        """Pass a message to the running job."""
        self.context.request(message)

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and wait for the thread to end; True when it did."""
        self.cancel()
        return self.wait(timeout_ms)
