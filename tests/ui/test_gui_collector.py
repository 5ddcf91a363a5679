"""Cycles are collected on the GUI thread only, whatever thread makes the garbage.

A collection on a worker thread that frees a widget's wrapper runs the widget's C++
destructor off the GUI thread: the suite's segmentation faults of 2026-11-27.
"""

from __future__ import annotations

import threading
from typing import ClassVar

import srsly

from annotator.ui.gui_collector import automatic_collection_off
from annotator.ui.worker import Worker


class _Cycle:
    """Garbage only the cycle collector frees; notes the thread that freed it."""

    freed_on: ClassVar[list[int]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.get_ident())


def _make_garbage_on_another_thread() -> None:
    # What a spaCy load does first: srsly switches the collector off and on again.
    srsly.msgpack_loads(srsly.msgpack_dumps({"weights": list(range(100))}))
    _Cycle()
    for _ in range(50_000):  # far past the first generation's threshold
        a: list[object] = []
        a.append(a)


def test_a_worker_thread_never_collects_and_the_gui_thread_does(qtbot):
    Worker(lambda ctx: iter(()))  # any worker switches the collection to the GUI thread
    assert automatic_collection_off()
    _Cycle.freed_on.clear()
    thread = threading.Thread(target=_make_garbage_on_another_thread)
    thread.start()
    thread.join(30)
    assert not thread.is_alive()
    assert automatic_collection_off()  # srsly's gc.enable() did not bring it back
    assert _Cycle.freed_on == []  # 50,000 cycles later, that thread collected nothing
    qtbot.waitUntil(lambda: bool(_Cycle.freed_on), timeout=10_000)
    assert _Cycle.freed_on == [threading.get_ident()]
