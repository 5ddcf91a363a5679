"""The Dask engine: documents go out in partitions, plain rows come back, this process writes.

Imported only for ``--engine dask`` (dask and distributed are imported here and nowhere
else). Each finished partition is written at once, in its own transaction, with the marks
that say its documents are done (``preannotated`` / ``suggested``), so a worker that dies or
a run that is interrupted loses only the partitions still out; the next run continues.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed
from distributed.client import FutureCancelledError
from distributed.scheduler import KilledWorker
from distributed.security import Security

from annotator.nlp.engines import (
    EngineError,
    EngineOptions,
    Item,
    attribution_partition,
    entity_partition,
    write_attributions,
)
from annotator.nlp.entities import Progress, _stream
from annotator.nlp.model import ModelInfo
from annotator.nlp.suggesters import Suggester
from annotator.store import Store

#: The embedded cluster serves no HTTP routes (no dashboard, no metrics) and no bokeh.
QUIET = {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}
#: Partitions in flight per worker: enough to keep it busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
#: How long to wait for the first worker of a remote cluster to join.
WORKER_WAIT_S = 60
READ_CHUNK = 256


@contextmanager
def local_cluster(workers: int) -> Iterator[LocalCluster]:
    """An embedded cluster on loopback only: worker processes, no dashboard, no bokeh."""
    with dask.config.set(QUIET):
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            worker_dashboard_address=None,
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )
    try:
        with Client(cluster, set_as_default=False) as client:  # not even an empty HTTP port
            client.run(_close_http)
            client.run_on_scheduler(_close_http)
        yield cluster
    finally:
        cluster.close()


async def _close_http(dask_worker: Any = None, dask_scheduler: Any = None) -> None:
    """Runs on a worker's or the scheduler's event loop: stop its (route-less) HTTP server."""
    server = dask_worker if dask_worker is not None else dask_scheduler
    server.http_server.stop()


def partitions(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class DaskEngine:
    """Runs partitions on a cluster; call it from the one thread that owns the store."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._stack = ExitStack()
        self.client: Client | None = None

    def __enter__(self) -> DaskEngine:
        try:
            self.client = self._connect()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stack.close()

    # -- the cluster -----------------------------------------------------------------------

    def _connect(self) -> Client:
        o = self.options
        if o.scheduler is None:
            try:
                cluster = self._stack.enter_context(local_cluster(o.workers or 2))
            except (OSError, TimeoutError) as exc:  # no free port, no memory for the workers
                raise EngineError(
                    f"could not start a local Dask cluster ({_reason(exc)}); use --engine local"
                ) from None
            client = Client(cluster, set_as_default=False)
            self._stack.callback(client.close)
            return client
        try:
            client = Client(o.scheduler, security=self._security(), set_as_default=False)
        except EngineError:
            raise
        except Exception as exc:  # refused, timed out, a certificate it does not accept
            raise EngineError(
                f"cannot reach the Dask scheduler at {o.scheduler} ({_reason(exc)}); is"
                " `dask scheduler` running there, is the port open, and do the TLS settings match?"
            ) from None
        self._stack.callback(client.close)
        wanted = o.workers or 1
        try:
            client.wait_for_workers(wanted, timeout=WORKER_WAIT_S)
        except TimeoutError:  # asyncio's too, since Python 3.11
            raise EngineError(
                f"the Dask scheduler at {o.scheduler} has fewer than {wanted} worker(s) after"
                f" {WORKER_WAIT_S} s; start `dask worker {o.scheduler}` on machines that have"
                " annotator and the model installed"
            ) from None
        return client

    def _security(self) -> Security | None:
        """Certificates from the flags; without them, dask's own config (distributed.comm.tls)."""
        o = self.options
        given = {"--tls-ca": o.tls_ca, "--tls-cert": o.tls_cert, "--tls-key": o.tls_key}
        if not any(given.values()):
            return None
        missing = [flag for flag, path in given.items() if path is None]
        if missing:
            raise EngineError(f"TLS needs --tls-ca, --tls-cert and --tls-key; add {missing[0]}")
        for flag, path in given.items():
            if path is not None and not path.is_file():
                raise EngineError(f"{path} (from {flag}) is not a file")
        if not str(o.scheduler).startswith("tls://"):
            raise EngineError(f"certificates need a tls:// scheduler address, not {o.scheduler}")
        return Security(
            tls_ca_file=str(o.tls_ca),
            tls_client_cert=str(o.tls_cert),
            tls_client_key=str(o.tls_key),
            require_encryption=True,
        )

    def _run(
        self,
        make_task: Callable[[list[Item]], tuple[Any, ...]],
        parts: Iterator[list[Item]],
        write: Callable[[Any], None],
    ) -> None:
        """Keep a few partitions per worker in flight; write each as it comes back."""
        client = self.client
        assert client is not None
        out: set[Future] = set()
        done = as_completed(loop=client.loop)

        def submit() -> None:
            """Top up to a few partitions per worker (workers may join a cluster mid-run)."""
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            while len(out) < IN_FLIGHT_PER_WORKER * workers:
                part = next(parts, None)
                if part is None:
                    return
                task, *args = make_task(part)
                future = client.submit(task, *args, pure=False)
                out.add(future)
                done.add(future)

        try:
            submit()
            for future in done:
                write(_result(future))
                out.discard(future)
                future.release()
                submit()
        finally:
            if out:  # interrupted, or a partition failed: the others are not wanted now
                client.cancel(list(out))

    # -- the jobs --------------------------------------------------------------------------

    def preannotate(
        self,
        store: Store,
        nlp: Any,
        info: ModelInfo,
        *,
        batch_size: int = 64,
        n_process: int = 1,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> Progress:
        """Entities for every document this model version has not seen, on the cluster."""
        del n_process  # the cluster's workers are the processes
        ids = store.pending_preannotation(info.name, info.version)
        progress = Progress(done=0, total=len(ids), words=0, seconds=0.0)
        started = time.perf_counter()
        items = ((doc_id, text) for text, doc_id in _stream(store, ids, getattr(nlp, "lang", None)))
        size = self.options.partition_size

        def write(result: tuple[str, str, list[tuple[int, int, Any]]]) -> None:
            name, version, rows = result
            _same_model(info, name, version)
            store.save_suggestions(((d, ents) for d, _, ents in rows), info.name, info.version)
            progress.done += len(rows)
            progress.words += sum(words for _, words, _ in rows)
            progress.seconds = time.perf_counter() - started
            if on_progress is not None:
                on_progress(progress)

        self._run(
            lambda part: (entity_partition, info.source, part, min(batch_size, size)),
            partitions(items, size),
            write,
        )
        progress.seconds = time.perf_counter() - started
        return progress

    def suggest(
        self,
        store: Store,
        suggester: Suggester,
        *,
        batch_size: int = 16,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Attribution proposals for every document the suggester has not seen, on the cluster."""
        del batch_size  # a partition is one batch
        ids = suggester.pending(store)
        pairs = [pair[1] for pair in (suggester.model, suggester.rules) if pair is not None]
        expected = {(i.name, i.version): i for i in pairs}
        parser = suggester.rules[1].source if suggester.rules else None
        folder = str(suggester.choice.folder) if suggester.choice.folder else None
        count = 0

        def items() -> Iterator[Item]:
            for start in range(0, len(ids), READ_CHUNK):
                yield from store.texts(ids[start : start + READ_CHUNK])

        def write(results: list[tuple[int, list[tuple[str, str, Any]]]]) -> None:
            nonlocal count
            for _, runs in results:
                for name, version, _rows in runs:
                    if (name, version) not in expected:
                        _same_model(pairs[0], name, version)
            write_attributions(store, results)
            count += len(results)
            if on_progress is not None:
                on_progress(count, len(ids))

        self._run(
            lambda part: (attribution_partition, suggester.choice.kind, folder, parser, part),
            partitions(items(), self.options.partition_size),
            write,
        )
        return count


def _result(future: Future) -> Any:
    """A partition's rows; a worker's failure as one sentence (a missing model says so itself)."""
    try:
        return future.result()
    except KilledWorker:
        raise EngineError(
            "a partition killed the worker processes that ran it, one after another (out of"
            " memory?); every finished partition is stored: run again to continue"
        ) from None
    except FutureCancelledError:
        raise EngineError(
            "the cluster dropped a partition (its scheduler restarted?); every finished"
            " partition is stored: run again to continue"
        ) from None
    except ImportError as exc:
        raise EngineError(
            f"a worker cannot run annotator ({exc}); install the same annotator on every"
            " worker machine"
        ) from None


def _same_model(info: ModelInfo, name: str, version: str) -> None:
    if (name, version) != (info.name, info.version):
        raise EngineError(
            f"a worker has {name} {version} where this machine has {info.label}; install the"
            " same model version on every worker (suggestions keep their model's provenance)"
        )


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.rstrip(".")
