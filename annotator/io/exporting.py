"""Choose what to export and hand it to one format's writer.

Every writer takes a list of ``ExportDoc``: a document with its spans,
relations and (when asked) entity suggestions, all plain values.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.jobs import JobContext
from annotator.core.model import Relation, Span
from annotator.store import Store
from annotator.store.rows import DocumentRow

FORMATS = ("spacy", "jsonl", "brat", "conll", "csv")
SUFFIX = {"spacy": ".spacy", "jsonl": ".jsonl", "conll": ".conll", "csv": ".csv", "brat": ""}


@dataclass(slots=True)
class ExportDoc:
    """One document as the writers see it."""

    doc: DocumentRow
    spans: list[Span]
    relations: list[Relation]
    entities: list[Span] = field(default_factory=list)

    def span_by_id(self) -> dict[int, Span]:
        return {s.id: s for s in self.spans if s.id is not None}


def select(
    store: Store,
    *,
    status: str | None = "done",
    annotator: str | None = None,
    include_suggestions: bool = False,
) -> Iterator[ExportDoc]:
    """The documents to export (``status=None``: all), with the chosen analyst's annotations."""
    for doc_id in store.document_ids(status=status):
        spans = store.spans(doc_id)
        relations = store.relations(doc_id)
        if annotator is not None:
            spans = [s for s in spans if s.annotator == annotator]
            kept = {s.id for s in spans}
            relations = [r for r in relations if r.annotator == annotator and r.claim in kept]
        entities = store.suggestions(doc_id) if include_suggestions else []
        yield ExportDoc(store.document(doc_id), spans, relations, entities)


def split(
    docs: list[ExportDoc], train: float, seed: int
) -> tuple[list[ExportDoc], list[ExportDoc]]:
    """Train and dev sets by document, the same for the same seed and documents."""
    order = sorted(docs, key=lambda d: d.doc.content_hash)
    random.Random(seed).shuffle(order)
    cut = round(len(order) * train)
    train_ids = {id(d) for d in order[:cut]}
    return [d for d in docs if id(d) in train_ids], [d for d in docs if id(d) not in train_ids]


def writer(fmt: str) -> Callable[[list[ExportDoc], Path], None]:
    """The function that writes one format."""
    if fmt == "spacy":
        from annotator.io.export_spacy import write_docbin

        return write_docbin
    if fmt == "jsonl":
        from annotator.io.export_jsonl import write_jsonl

        return write_jsonl
    if fmt == "brat":
        from annotator.io.export_brat import write_brat

        return write_brat
    if fmt == "conll":
        from annotator.io.export_conll import write_conll

        return write_conll
    if fmt == "csv":
        from annotator.io.export_csv import write_csv

        return write_csv
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    status: str | None = "done",
    annotator: str | None = None,
    include_suggestions: bool = False,
    train: float | None = None,
    seed: int = 0,
) -> dict[str, int]:
    """Write the selection to ``out``; with ``train``, ``out`` is a folder of train and dev.

    Returns how many documents went where.
    """
    write = writer(fmt)
    docs = list(
        select(store, status=status, annotator=annotator, include_suggestions=include_suggestions)
    )
    if train is None:
        write(docs, out)
        return {str(out): len(docs)}
    out.mkdir(parents=True, exist_ok=True)
    train_docs, dev_docs = split(docs, train, seed)
    written = {}
    for name, part in (("train", train_docs), ("dev", dev_docs)):
        target = out / f"{name}{SUFFIX[fmt]}"
        write(part, target)
        written[str(target)] = len(part)
    return written


@dataclass(slots=True, frozen=True)
class ExportProgress:
    """How far a background export has come; ``written`` is set when it has finished."""

    done: int
    total: int
    written: dict[str, int] | None = None


def export_job(
    db_path: Path, fmt: str, out: Path, options: dict[str, object], ctx: JobContext
) -> Iterator[ExportProgress]:
    """Export from a worker thread through its own connection; stops early when cancelled."""
    with Store(db_path) as store:
        status = options.get("status", "done")
        ids = store.document_ids(status=status)  # type: ignore[arg-type]
        docs: list[ExportDoc] = []
        for item in select(
            store,
            status=status,  # type: ignore[arg-type]
            annotator=options.get("annotator"),  # type: ignore[arg-type]
            include_suggestions=bool(options.get("include_suggestions")),
        ):
            if ctx.cancelled():
                return
            docs.append(item)
            if len(docs) % 50 == 0:
                yield ExportProgress(len(docs), len(ids))
        train = options.get("train")
        write = writer(fmt)
        if train is None:
            write(docs, out)
            yield ExportProgress(len(docs), len(ids), {str(out): len(docs)})
            return
        out.mkdir(parents=True, exist_ok=True)
        written = {}
        for name, part in zip(
            ("train", "dev"),
            split(docs, float(train), int(options.get("seed", 0))),  # type: ignore[arg-type]
            strict=True,
        ):
            target = out / f"{name}{SUFFIX[fmt]}"
            write(part, target)
            written[str(target)] = len(part)
        yield ExportProgress(len(docs), len(ids), written)
