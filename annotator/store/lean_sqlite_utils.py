"""``sqlite_utils``, imported without numpy: the window's start-up does not pay for it.

``sqlite_utils`` imports numpy and pandas (when installed) only to map their scalar
types to column types on insert; the store writes with SQL and never passes such
values, and importing numpy costs a third of the time ``sqlite_utils`` takes.
The two are refused only to the thread importing ``sqlite_utils`` (it may do so on a
worker, or on the first write while a worker loads spaCy, which needs numpy), and
stay importable for everything else afterwards.
"""

from __future__ import annotations

import sys
import threading
from importlib.machinery import ModuleSpec
from types import ModuleType

_SKIPPED = frozenset({"numpy", "pandas"})
_LOCK = threading.Lock()


class _RefuseInThisThread:
    """A finder that says numpy and pandas are not installed, to one thread only."""

    def __init__(self) -> None:
        self.thread = threading.get_ident()

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if threading.get_ident() == self.thread and name.partition(".")[0] in _SKIPPED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def _import() -> ModuleType:
    with _LOCK:  # one thread at a time puts its finder in place
        if "sqlite_utils" in sys.modules:
            return sys.modules["sqlite_utils"]
        finder = _RefuseInThisThread()
        sys.meta_path.insert(0, finder)
        try:
            import sqlite_utils
        finally:
            sys.meta_path.remove(finder)
        return sqlite_utils


sqlite_utils = _import()
