"""Where pre-annotation and attribution proposals run: in this process, or on a Dask cluster.

Both engines read the project here and write it here: a cluster only receives partitions
of documents (id and text, picked for the pipeline's language) and returns plain rows, so
the project file keeps one writer. Dask is imported only by ``dask_engine``, and only when
it is chosen: the local engine, the command line and the window never load it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from annotator.nlp.entities import EntitySpans, Progress, annotate_texts, preannotate
from annotator.nlp.model import ModelInfo, ModelUnavailable, load_entity_pipeline
from annotator.nlp.suggest import as_row
from annotator.nlp.suggesters import Choice, Suggester, suggest_corpus_with
from annotator.store import Store

ENGINES = ("local", "dask")
#: (doc id, text). The client picks the documents in the pipeline's language before they go
#: out (as the local engine does), so a worker never reads one it would mark nonsense in.
Item = tuple[int, str]
#: What a worker returns for one document: (model name, version, rows) per pipeline run.
Runs = list[tuple[str, str, list[dict[str, Any]]]]


class EngineError(Exception):
    """The engine cannot run: one sentence saying why and what to do."""


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """How to run: ``local`` (this process) or ``dask`` (an embedded or a remote cluster)."""

    engine: str = "local"
    scheduler: str | None = None  # None: an embedded LocalCluster on loopback
    workers: int = 2  # embedded: worker processes; remote: wait for this many to join
    partition_size: int = 32
    tls_ca: Path | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None


class Engine(Protocol):
    def preannotate(
        self,
        store: Store,
        nlp: Any,
        info: ModelInfo,
        *,
        batch_size: int = 64,
        n_process: int = 1,
        on_progress: Callable[[Progress], None] | None = None,
    ) -> Progress: ...

    def suggest(
        self,
        store: Store,
        suggester: Suggester,
        *,
        batch_size: int = 16,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int: ...


class LocalEngine:
    """What ``annotator preannotate`` and ``suggest`` always did: this process, this machine."""

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
        return preannotate(
            store, nlp, info, batch_size=batch_size, n_process=n_process, on_progress=on_progress
        )

    def suggest(
        self,
        store: Store,
        suggester: Suggester,
        *,
        batch_size: int = 16,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> int:
        return suggest_corpus_with(store, suggester, batch_size=batch_size, on_progress=on_progress)


@contextmanager
def open_engine(options: EngineOptions) -> Iterator[Engine]:
    """The engine ``options`` ask for, started; a cluster is shut down (or left) on exit."""
    if options.engine == "local":
        yield LocalEngine()
        return
    if options.engine != "dask":
        raise EngineError(f"unknown engine {options.engine!r}; use one of {', '.join(ENGINES)}")
    try:
        from annotator.nlp.dask_engine import DaskEngine
    except ImportError:
        raise EngineError(
            "this copy of annotator has no Dask engine (dask[distributed] is not installed;"
            " the packaged build leaves it out): use --engine local, or an installed copy"
            " with `pip install 'dask[distributed]'`"
        ) from None
    with DaskEngine(options) as engine:
        yield engine


# -- what runs on a worker: plain data in, plain rows out ------------------------------


def _where() -> str:
    return socket.gethostname()


@lru_cache(maxsize=4)
def _entity_pipeline(source: str) -> tuple[Any, ModelInfo]:
    """Loaded once per worker process and setting (a package name or a folder there)."""
    return load_entity_pipeline(source)


def entity_partition(
    source: str, items: list[Item], batch_size: int = 64
) -> tuple[str, str, list[tuple[int, int, EntitySpans]]]:
    """Runs in a worker process: (model name, version, [(doc id, words, entities)])."""
    try:
        nlp, info = _entity_pipeline(source)
    except ModelUnavailable as exc:
        raise ModelUnavailable(f"on the worker machine {_where()}: {exc}") from None
    texts = ((text, doc_id) for doc_id, text in items)
    return info.name, info.version, list(annotate_texts(nlp, texts, batch_size=batch_size))


@lru_cache(maxsize=4)
def _suggester(kind: str, folder: str | None, parser: str | None) -> Suggester:
    """Loaded once per worker process and choice; a trained folder must exist there too."""
    return Suggester(Choice(kind, Path(folder) if folder else None), parser)


def attribution_partition(
    kind: str, folder: str | None, parser: str | None, items: list[Item]
) -> list[tuple[int, Runs]]:
    """Runs in a worker process: for each document, each pipeline's proposals as rows."""
    from annotator.nlp.model_suggester import ModelFolderError

    try:
        suggester = _suggester(kind, folder, parser)
    except (ModelUnavailable, ModelFolderError) as exc:
        raise ModelUnavailable(f"on the worker machine {_where()}: {exc}") from None
    runs = suggester.runs([text for _, text in items])
    return [
        (doc_id, [(i.name, i.version, [as_row(p) for p in props]) for i, props in doc_runs])
        for (doc_id, _), doc_runs in zip(items, runs, strict=True)
    ]


def write_attributions(store: Store, results: list[tuple[int, Runs]]) -> None:
    """One partition's proposals in one transaction; each document's primary run stored last,
    so a document counts as done only once every run of it is."""
    with store.db.atomic():
        for doc_id, runs in results:
            for name, version, rows in reversed(runs):
                store.save_attribution_suggestions(doc_id, rows, name, version)


# -- addresses ---------------------------------------------------------------------------


def scheduler_host(address: str) -> str:
    """The host of a Dask address (``tcp://host:port``, ``tls://[v6]:port`` or ``host:port``)."""
    rest = address.split("://", 1)[-1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0]
    return rest.rsplit(":", 1)[0] if rest.count(":") == 1 else rest


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_text_warning(address: str) -> str | None:
    """A warning when article text would cross the network unencrypted (tcp:// off this host)."""
    protocol = address.split("://", 1)[0] if "://" in address else "tcp"
    if protocol != "tcp" or is_loopback(scheduler_host(address)):
        return None
    return (
        f"warning: {address} is plain tcp: article text crosses the network in clear;"
        " use a tls:// address with --tls-ca, --tls-cert and --tls-key"
    )
