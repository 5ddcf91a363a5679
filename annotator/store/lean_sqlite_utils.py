"""``sqlite_utils``, imported without numpy: the window's start-up does not pay for it.

``sqlite_utils`` imports numpy (when installed) only to map numpy scalar types to
column types on insert; the store writes with SQL and never passes numpy values,
and importing numpy costs a third of the time ``sqlite_utils`` takes to import.
numpy stays importable for everything else (spaCy, agreement) afterwards.
"""

from __future__ import annotations

import sys
from types import ModuleType

_SKIPPED = ("numpy", "pandas")


def _import() -> ModuleType:
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    blocked = [name for name in _SKIPPED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # "import numpy" raises ImportError
    try:
        import sqlite_utils
    finally:
        for name in blocked:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import()
