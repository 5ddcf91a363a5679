"""Python's cycle collector paused while a spaCy pipeline loads, whatever thread loads it.

Why: the full test suite crashed (segmentation fault, twice in three runs) with the GUI
thread inside the cycle collector while a worker thread was building a pipeline's thinc
models (``spacy.load`` / ``from_bytes``). Loading makes no garbage worth collecting, and
the pause lasts only the load (0.3–2 s); nesting and several threads are counted, and
the collector comes back as it was when the last load ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_loads = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection (in any thread) until every load that paused it has ended."""
    global _loads, _was_enabled
    with _lock:
        if _loads == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _loads += 1
    try:
        yield
    finally:
        with _lock:
            _loads -= 1
            if _loads == 0 and _was_enabled:
                gc.enable()
