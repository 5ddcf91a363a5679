"""Cycles are collected on the GUI thread only, whatever thread makes the garbage.

A collection on a worker thread that frees a widget's wrapper runs the widget's C++
destructor off the GUI thread: the suite's segmentation faults of 2026-11-27.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import ClassVar

import srsly

from annotator.ui.gui_collector import automatic_collection_off, installed
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


def _counts_past_every_threshold() -> list[list[object]]:
    t0, t1, t2 = installed().thresholds  # type: ignore[union-attr]
    for _ in range(t2 + 1):
        gc.collect(1)  # each counts one toward the oldest generation
    for _ in range(t1 + 1):
        gc.collect(0)  # each counts one toward the middle one
    return [[] for _ in range(t0 + 100)]  # new containers past the first threshold


def test_a_full_collection_waits_a_hundred_times_as_long_as_the_last_one_took(qtbot):
    Worker(lambda ctx: iter(()))
    collector = installed()
    assert collector is not None

    def full_collections() -> int:
        return gc.get_stats()[2]["collections"]

    collector.last_full_ended, collector.last_full_took = time.monotonic(), 3600.0
    keep = _counts_past_every_threshold()
    before = full_collections()
    collector.check()
    assert full_collections() == before  # the last one "took an hour": not yet
    assert gc.get_count()[0] < len(keep)  # the young generations were collected all the same
    collector.last_full_took = 0.0
    more = _counts_past_every_threshold()  # (freeing ``keep`` would take its count back)
    before = full_collections()
    collector.check()
    assert full_collections() == before + 1
    assert collector.last_full_ended > 0
    assert len(keep) == len(more)
