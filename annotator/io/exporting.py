"""Choose what to export and hand it to one format's writer.

Every writer takes a list of ``ExportDoc``: a document with its spans,
relations and (when asked) entity suggestions, all plain values, and returns
the files it wrote. Nothing is written over silently: an existing file or a
non-empty folder is refused unless ``force`` is given, and then only the files
this export names are replaced (never a whole folder). Each file appears whole
or not at all (``safe_paths``); what cannot be written is an ``ExportError``
that names the path.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core.jobs import JobContext
from annotator.core.model import Relation, Span
from annotator.io.safe_paths import (
    ExportError,
    TargetExists,
    describe_os_error,
    inside,
    make_folder,
)
from annotator.store import Store
from annotator.store.rows import DocumentRow

FORMATS = ("spacy", "jsonl", "brat", "conll", "csv")
SUFFIX = {"spacy": ".spacy", "jsonl": ".jsonl", "conll": ".conll", "csv": ".csv", "brat": ""}

__all__ = ["ExportError", "TargetExists", "check_target", "export", "export_job", "run_export"]


@dataclass(slots=True)
class ExportDoc:
    """One document as the writers see it."""

    doc: DocumentRow
    spans: list[Span]
    relations: list[Relation]
    entities: list[Span] = field(default_factory=list)
    #: Each exported analyst's status on the document (only the chosen analyst's with one).
    statuses: dict[str, str] = field(default_factory=dict)

    def span_by_id(self) -> dict[int, Span]:
        return {s.id: s for s in self.spans if s.id is not None}


def select(
    store: Store,
    *,
    status: str | None = "done",
    annotator: str | None = None,
    include_suggestions: bool = False,
) -> Iterator[ExportDoc]:
    """The documents to export (``status=None``: all), with the chosen analyst's layer
    (``annotator=None``: every layer).

    A stance of the layer whose source or claim lies in another layer is left out,
    and a cue from another layer is unlinked: the export holds that layer alone.
    """
    for doc_id in store.document_ids(status=status):
        spans = store.spans(doc_id, annotator)
        relations = store.relations(doc_id, annotator)
        statuses = store.statuses(doc_id)
        if annotator is not None:
            kept = {s.id for s in spans}
            relations = [
                r if r.cue is None or r.cue in kept else replace(r, cue=None)
                for r in relations
                if r.claim in kept and (r.source is None or r.source in kept)
            ]
            statuses = {k: v for k, v in statuses.items() if k == annotator}
        entities = store.suggestions(doc_id) if include_suggestions else []
        yield ExportDoc(store.document(doc_id), spans, relations, entities, statuses)


def split(
    docs: list[ExportDoc], train: float, seed: int
) -> tuple[list[ExportDoc], list[ExportDoc]]:
    """Train and dev sets by document, the same for the same seed and documents."""
    order = sorted(docs, key=lambda d: d.doc.content_hash)
    random.Random(seed).shuffle(order)
    cut = round(len(order) * train)
    train_ids = {id(d) for d in order[:cut]}
    return [d for d in docs if id(d) in train_ids], [d for d in docs if id(d) not in train_ids]


Writer = Callable[[list[ExportDoc], Path], list[Path]]


def writer(fmt: str) -> Writer:
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


@dataclass(slots=True, frozen=True)
class ExportResult:
    """How many documents went to each target, and how many files already in a folder
    this export wrote into were left as they were (only with ``force``)."""

    written: dict[str, int]
    left: dict[str, int] = field(default_factory=dict)


def check_target(fmt: str, out: Path, *, split: bool = False, force: bool = False) -> None:
    """Refuse a target of the wrong kind, or one that exists (a non-empty folder) without force."""
    folder = fmt == "brat" or split
    try:
        is_dir = out.is_dir()
        exists = is_dir or out.exists() or out.is_symlink()
        occupied = is_dir and next(os.scandir(out), None) is not None
    except ValueError:
        raise ExportError(f"cannot write {out!r}: the name contains a NUL character") from None
    except OSError as exc:
        raise ExportError(describe_os_error(exc, out)) from None
    if folder and exists and not is_dir:
        raise ExportError(f"cannot write {out}: it is a file, and this export needs a folder")
    if not folder and is_dir:
        raise ExportError(
            f"cannot write {out}: it is a folder; give a file name such as "
            f"{out / ('export' + SUFFIX[fmt])}"
        )
    if not force and (occupied if folder else exists):
        raise TargetExists(out, folder=folder)


def write_all(
    docs: list[ExportDoc],
    fmt: str,
    out: Path,
    *,
    train: float | None = None,
    seed: int = 0,
    force: bool = False,
) -> ExportResult:
    """Write ``docs`` to ``out`` (a folder of train and dev with ``train``)."""
    write = writer(fmt)
    check_target(fmt, out, split=train is not None, force=force)
    if train is None:
        parts = [(out, docs)]
    else:
        make_folder(out)
        train_docs, dev_docs = split(docs, train, seed)
        parts = [
            (inside(out, f"{name}{SUFFIX[fmt]}"), part)
            for name, part in (("train", train_docs), ("dev", dev_docs))
        ]
    folders = [out] if fmt == "brat" or train is not None else []
    if fmt == "brat" and train is not None:
        folders += [target for target, _ in parts]
    before = {folder: _entries(folder) for folder in folders}
    names: set[Path] = set()
    written: dict[str, int] = {}
    for target, part in parts:
        names.update(write(part, target))
        names.add(target)
        written[str(target)] = len(part)
    left = {}
    for folder, entries in before.items():
        ours = {p.name for p in names if p.parent == folder}
        if count := len(entries - ours):
            left[str(folder)] = count
    return ExportResult(written, left)


def _entries(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder)) if folder.is_dir() else set()
    except OSError as exc:
        raise ExportError(describe_os_error(exc, folder)) from None


def run_export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    status: str | None = "done",
    annotator: str | None = None,
    include_suggestions: bool = False,
    train: float | None = None,
    seed: int = 0,
    force: bool = False,
) -> ExportResult:
    """Write the selection to ``out``; with ``train``, ``out`` is a folder of train and dev.

    Raises ``ExportError`` (``TargetExists`` without ``force``) with a sentence naming the path.
    """
    writer(fmt)
    check_target(fmt, out, split=train is not None, force=force)
    docs = list(
        select(store, status=status, annotator=annotator, include_suggestions=include_suggestions)
    )
    return write_all(docs, fmt, out, train=train, seed=seed, force=force)


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
    force: bool = False,
) -> dict[str, int]:
    """``run_export``, returning only how many documents went where."""
    return run_export(
        store,
        fmt,
        out,
        status=status,
        annotator=annotator,
        include_suggestions=include_suggestions,
        train=train,
        seed=seed,
        force=force,
    ).written


@dataclass(slots=True, frozen=True)
class ExportProgress:
    """How far a background export has come; ``written`` is set when it has finished,
    ``error`` (a sentence naming the path) when it could not."""

    done: int
    total: int
    written: dict[str, int] | None = None
    left: dict[str, int] = field(default_factory=dict)
    error: str | None = None


def export_job(
    db_path: Path, fmt: str, out: Path, options: dict[str, object], ctx: JobContext
) -> Iterator[ExportProgress]:
    """Export from a worker thread through its own connection; stops early when cancelled.

    Runs on the worker thread. ``options["force"]`` allows writing over an existing target.
    """
    train = options.get("train")
    force = bool(options.get("force"))
    try:
        check_target(fmt, out, split=train is not None, force=force)
    except ExportError as exc:
        yield ExportProgress(0, 0, error=str(exc))
        return
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
    try:
        result = write_all(
            docs,
            fmt,
            out,
            train=None if train is None else float(train),  # type: ignore[arg-type]
            seed=int(options.get("seed", 0)),  # type: ignore[call-overload]
            force=force,
        )
    except ExportError as exc:
        yield ExportProgress(len(docs), len(ids), error=str(exc))
        return
    yield ExportProgress(len(docs), len(ids), result.written, result.left)
