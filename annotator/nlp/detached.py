"""Run a spaCy job so that cancelling it never waits for a model still loading.

Loading a pipeline (importing spaCy included) takes a second or more and cannot be
interrupted. ``detached(job)`` runs ``job`` on a daemon thread and relays what it
yields; cancelled while the job is loading a model, the relay returns at once and
leaves the loader behind (it holds no project file, and a daemon thread does not
keep the process alive). Cancelled later, it waits for the job to see the cancel
and close its project file, as before.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

from annotator.core.jobs import JobContext
from annotator.nlp.model import is_loading

Job = Callable[[JobContext], Iterator[Any]]

#: How often the relay looks at the cancel flag while the job is quiet.
POLL_S = 0.05
#: How long a cancelled job that is past loading gets to close its project file.
CLOSE_WAIT_S = 10.0

_END = object()


def detached(job: Job, name: str = "spacy-job") -> Job:
    """``job``, run on a daemon thread; the returned job relays its items on the caller's."""

    def relay(ctx: JobContext) -> Iterator[Any]:
        items: queue.Queue[Any] = queue.Queue()

        def pump() -> None:  # runs on the daemon thread
            try:
                for item in job(ctx):
                    items.put((item, None))
                    if ctx.cancelled():
                        break
            except Exception as exc:  # re-raised on the relay's thread, with its traceback
                items.put((None, exc))
            finally:
                items.put(_END)

        thread = threading.Thread(target=pump, name=name, daemon=True)
        thread.start()
        try:
            while True:
                try:
                    got = items.get(timeout=POLL_S)
                except queue.Empty:
                    if ctx.cancelled():
                        return
                    continue
                if got is _END:
                    return
                item, error = got
                if error is not None:
                    raise error
                yield item
        finally:
            if ctx.cancelled() and not is_loading(thread.ident):
                thread.join(CLOSE_WAIT_S)  # past loading: it closes its file at the next check

    return relay
