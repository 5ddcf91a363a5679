"""The one way the GUI runs work in the background.

A ``Worker`` runs a job (a generator taking a ``JobContext``) on its own
thread and re-emits what the job yields as a Qt signal, delivered on the GUI
thread. Widgets are only touched there. Cancel is cooperative: the job checks
``ctx.cancelled()`` between steps.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from annotator.core.jobs import JobContext

Job = Callable[[JobContext], Iterator[Any]]


class Worker(QThread):
    """Run one job off the GUI thread. Signals arrive on the thread that owns the worker."""

    yielded = Signal(object)
    failed = Signal(str)

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.context = JobContext()

    def run(self) -> None:  # runs on the worker thread
        try:
            for item in self._job(self.context):
                if self.context.cancelled():
                    break
                self.yielded.emit(item)
        except Exception:  # reported on the GUI thread; the thread ends cleanly
            self.failed.emit(traceback.format_exc(limit=4))

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
