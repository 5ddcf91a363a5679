"""What a long-running job sees of whoever runs it: a cancel flag and a request inbox.

Jobs are plain generators taking a ``JobContext``; they yield progress and
results. The Qt layer runs them on a thread (``annotator.ui.worker``), the
command line and the tests can run them directly.
"""

from __future__ import annotations

import queue
import threading
from typing import Any


class JobContext:
    """Shared by a job (on its thread) and its owner (on any thread)."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._requests: queue.Queue[Any] = queue.Queue()

    def cancel(self) -> None:
        """Ask the job to stop at its next check."""
        self._cancelled.set()

    def cancelled(self) -> bool:
        """Whether the owner asked the job to stop."""
        return self._cancelled.is_set()

    def request(self, message: Any) -> None:
        """Send the job a message (for example: this document first)."""
        self._requests.put(message)

    def take_request(self, timeout: float | None = None) -> Any | None:
        """The oldest message, waiting up to ``timeout`` seconds (0: don't wait)."""
        try:
            if not timeout:
                return self._requests.get_nowait()
            return self._requests.get(timeout=timeout)
        except queue.Empty:
            return None
