"""A detached job relays what its thread yields, its errors, and waits for it once it is
past loading (so its project file is closed when the relay ends)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from annotator.core.jobs import JobContext
from annotator.nlp.detached import detached
from annotator.store import Store


def test_items_arrive_in_order_from_another_thread():
    threads: list[int] = []

    def job(ctx: JobContext) -> Iterator[int]:
        threads.append(threading.get_ident())
        yield from range(5)

    assert list(detached(job)(JobContext())) == [0, 1, 2, 3, 4]
    assert threads and threads[0] != threading.get_ident()


def test_an_error_in_the_job_is_raised_by_the_relay():
    def job(ctx: JobContext) -> Iterator[int]:
        yield 1
        raise ValueError("the pipeline is broken")

    relay = detached(job)(JobContext())
    assert next(relay) == 1
    with pytest.raises(ValueError, match="the pipeline is broken"):
        next(relay)


def test_cancelled_past_loading_the_relay_waits_for_the_job_to_close_its_file(store):
    closed = threading.Event()

    def job(ctx: JobContext) -> Iterator[str]:
        with Store(store.path) as reader:
            yield "ready"
            while not ctx.cancelled():
                ctx.take_request(0.05)
                reader.document_ids()
            ctx.take_request(0.3)  # closing takes a while: longer than the relay's poll
        closed.set()

    ctx = JobContext()
    relay = detached(job)(ctx)
    assert next(relay) == "ready"
    ctx.cancel()
    assert list(relay) == []  # the relay ends...
    assert closed.is_set()  # ...only once the job left its `with Store`
