"""Choose what to export and hand it to one format's writer.

Every writer takes a list of ``ExportDoc``: a document with its spans,
relations and (when asked) entity suggestions, all plain values, and returns
the files it wrote. Nothing is written over silently: an existing file or a
non-empty folder is refused unless ``force`` is given, and then only the files
this export names are replaced (never a whole folder). Each file appears whole
or not at all (``safe_paths``); what cannot be written is an ``ExportError``
that names the path.

One run, ``export_steps``, does the work: ``annotator export`` runs it through
``run_export`` and the window's File > Export through ``export_job`` (which adds
a cancel check), so the two write the same bytes for the same ``ExportOptions``.
"""

from __future__ import annotations

import importlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.jobs import JobContext
from annotator.core.model import Relation, Span, Status
from annotator.io.safe_paths import (
    ExportError,
    TargetExists,
    describe_os_error,
)
from annotator.store import Store
from annotator.store.rows import DocumentRow

if TYPE_CHECKING:
    from annotator.io.export_sink import Sink

FORMATS = ("spacy", "jsonl", "brat", "conll", "csv")
#: Formats made from tracked claims (the command line and File > Export offer them too).
CLAIM_FORMATS = ("fnc",)
ALL_FORMATS = FORMATS + CLAIM_FORMATS
SUFFIX = {
    "spacy": ".spacy",
    "jsonl": ".jsonl",
    "conll": ".conll",
    "csv": ".csv",
    "brat": "",
    "fnc": "",
}
#: Formats that write a folder of files rather than one file.
FOLDER_FORMATS = ("brat", "fnc")

__all__ = [
    "ExportError",
    "ExportOptions",
    "TargetExists",
    "check_target",
    "export",
    "export_job",
    "run_export",
]


@dataclass(slots=True, frozen=True)
class ExportOptions:
    """What to export: the same choices on the command line and in File > Export.

    ``status``: documents with this status (``None``: all); with an ``annotator``
    it is that analyst's own status, else the status last set by anyone.
    ``annotator``: only this analyst's layer (``None``: every layer).
    ``train``: the train share, making ``out`` a folder of train and dev.
    ``force``: write over an existing target (only the files this export names).
    """

    status: Status | None = Status.DONE
    annotator: str | None = None
    include_suggestions: bool = False
    train: float | None = None
    seed: int = 0
    force: bool = False


@dataclass(slots=True)
class ExportDoc:
    """One document as the writers see it."""

    doc: DocumentRow
    spans: list[Span]
    relations: list[Relation]
    entities: list[Span] = field(default_factory=list)
    #: Each exported analyst's status on the document (only the chosen analyst's with one).
    statuses: dict[str, str] = field(default_factory=dict)
    #: Tracked claims the document carries: (wording, the article's stance or None), by claim.
    claims: list[tuple[str, str | None]] = field(default_factory=list)
    #: The same per member span, for JSONL: ``{"claim": uid, "wording", "span": uid, "stance"}``.
    tracked: list[dict[str, str | None]] = field(default_factory=list)

    def span_by_id(self) -> dict[int, Span]:
        return {s.id: s for s in self.spans if s.id is not None}


def selected_ids(store: Store, status: Status | str | None, annotator: str | None) -> list[int]:
    """The documents to export: with an analyst, those whose own status is ``status``
    (checked one by one: the store filters only by the status last set by anyone)."""
    if status is None or annotator is None:
        return store.document_ids(status=status)
    wanted = Status(status)
    return [i for i in store.document_ids() if store.status(i, annotator) == wanted]


def select(
    store: Store,
    *,
    status: Status | str | None = Status.DONE,
    annotator: str | None = None,
    include_suggestions: bool = False,
    ids: list[int] | None = None,
    claims: bool = False,
) -> Iterator[ExportDoc]:
    """The documents to export (``status=None``: all; with an ``annotator``, by that
    analyst's own status), with the chosen analyst's layer (``None``: every layer).
    ``ids``: the documents already chosen.

    A stance of the layer whose source or claim lies in another layer is left out,
    and a cue from another layer is unlinked: the export holds that layer alone.
    """
    for doc_id in selected_ids(store, status, annotator) if ids is None else ids:
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
        carried = _claims_of(store, doc_id, {s.uid for s in spans}) if claims else []
        tracked = tracked_claims(store, doc_id, {s.uid for s in spans}) if claims else []
        yield ExportDoc(
            store.document(doc_id), spans, relations, entities, statuses, carried, tracked
        )


def _claims_of(store: Store, doc_id: int, uids: set[str | None]) -> list[tuple[str, str | None]]:
    """The tracked claims an article's exported spans carry, with the stance first said."""
    stances: dict[int, str | None] = {}
    for member in store.document_claims(doc_id):
        if member.span_uid in uids and stances.get(member.claim_id) is None:
            stances[member.claim_id] = member.stance
    return [(store.claim(c).wording, stance) for c, stance in stances.items()]


def tracked_claims(store: Store, doc_id: int, uids: set[str | None]) -> list[dict[str, str | None]]:
    """Each exported span's memberships of tracked claims, by claim and place."""
    out = []
    for member in store.document_claims(doc_id):
        if member.span_uid in uids:
            claim = store.claim(member.claim_id)
            out.append(
                {"claim": claim.uid, "wording": claim.wording, "span": member.span_uid,
                 "stance": member.stance}
            )  # fmt: skip
    return out


def split(
    docs: list[ExportDoc], train: float, seed: int
) -> tuple[list[ExportDoc], list[ExportDoc]]:
    """Train and dev sets by document, the same for the same seed and documents."""
    from annotator.io.export_stream import split_parts

    train_docs, dev_docs = split_parts(docs, train, seed)
    return list(train_docs), list(dev_docs)


class Written(list[Path]):
    """The files a writer wrote, and where a file holds other than every document given
    (FNC-1's bodies, one spaCy file per language) how many each holds (``counts``), with
    what the analyst should be told (``notes``)."""

    def __init__(
        self,
        paths: list[Path],
        counts: dict[Path, int] | None = None,
        notes: list[str] | None = None,
    ) -> None:
        super().__init__(paths)
        self.counts = counts or {}
        self.notes = notes or []


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
    if fmt == "fnc":
        from annotator.io.export_fnc import write_fnc

        return write_fnc
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(ALL_FORMATS)})")


def sink_class(fmt: str) -> type[Sink]:
    """The sink that writes one format a document at a time (``export_sink``)."""
    writer(fmt)  # an unknown format is refused with the list of formats
    module = {
        "spacy": "export_spacy", "jsonl": "export_jsonl", "brat": "export_brat",
        "conll": "export_conll", "csv": "export_csv", "fnc": "export_fnc",
    }[fmt]  # fmt: skip
    name = {"spacy": "DocBinSink", "jsonl": "JsonlSink", "brat": "BratSink",
            "conll": "ConllSink", "csv": "CsvSink", "fnc": "FncSink"}[fmt]  # fmt: skip
    sink: type[Sink] = getattr(importlib.import_module(f"annotator.io.{module}"), name)
    return sink


@dataclass(slots=True, frozen=True)
class ExportResult:
    """How many documents went to each target, and how many files already in a folder
    this export wrote into were left as they were (only with ``force``)."""

    written: dict[str, int]
    left: dict[str, int] = field(default_factory=dict)
    #: What the writers said the analyst should know (left-out pairs, ids used).
    notes: list[str] = field(default_factory=list)


def check_target(fmt: str, out: Path, *, split: bool = False, force: bool = False) -> None:
    """Refuse a target of the wrong kind, or one that exists (a non-empty folder) without force."""
    folder = fmt in FOLDER_FORMATS or split
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
    if split and not is_dir and out.suffix.lower() in {s for s in SUFFIX.values() if s}:
        raise ExportError(
            f"cannot write {out}: --split writes train and dev files into a folder, and "
            f"{out.name} names a file; give a folder such as {out.with_suffix('')}"
        )
    if not folder and is_dir:
        raise ExportError(
            f"cannot write {out}: it is a folder; give a file name such as "
            f"{out / ('export' + SUFFIX[fmt])}"
        )
    if not force and (occupied if folder else exists):
        raise TargetExists(out, folder=folder)


def write_all(
    docs: Iterable[ExportDoc],
    fmt: str,
    out: Path,
    *,
    train: float | None = None,
    seed: int = 0,
    force: bool = False,
) -> ExportResult:
    """Write ``docs`` to ``out`` (a folder of train and dev with ``train``)."""
    from annotator.io.export_stream import write_steps

    items = docs if isinstance(docs, Sized) else list(docs)
    steps = write_steps(items, fmt, out, train=train, seed=seed, force=force)  # type: ignore[arg-type]
    (last,) = deque(steps, maxlen=1)  # the final step: progress items are not kept
    assert last.written is not None
    return ExportResult(last.written, last.left, last.notes)


@dataclass(slots=True, frozen=True)
class ExportProgress:
    """How far an export has come; ``written`` is set when it has finished,
    ``error`` (a sentence naming the path) when it could not."""

    done: int
    total: int
    written: dict[str, int] | None = None
    left: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def _never() -> bool:
    return False


def export_steps(
    store: Store,
    fmt: str,
    out: Path,
    options: ExportOptions,
    cancelled: Callable[[], bool] = _never,
) -> Iterator[ExportProgress]:
    """The one export run: check the target, then read and write the documents one at a
    time (reporting progress), so memory does not grow with the corpus (#18).

    The last item carries ``written``; a target that cannot be written raises
    ``ExportError`` (``TargetExists`` without ``options.force``). ``cancelled`` is asked
    before each document and before the files are put in place: a cancelled run writes
    nothing.
    """
    from annotator.io.export_stream import Selection, write_steps

    writer(fmt)
    check_target(fmt, out, split=options.train is not None, force=options.force)
    ids = selected_ids(store, options.status, options.annotator)
    docs = Selection(
        store,
        ids,
        annotator=options.annotator,
        include_suggestions=options.include_suggestions,
        claims=fmt in ("fnc", "jsonl"),
    )
    notes: list[str] = []
    if fmt == "jsonl":  # a claim no span carries yet rides on the first record
        from annotator.io.export_claims import claims_to_carry

        docs.lead, notes = claims_to_carry(store, bool(ids))
    for step in write_steps(
        docs, fmt, out, train=options.train, seed=options.seed, force=options.force,
        cancelled=cancelled,
    ):  # fmt: skip
        if step.written is not None:
            step = replace(step, notes=notes + step.notes)
        yield step


def run_export(
    store: Store, fmt: str, out: Path, options: ExportOptions | None = None
) -> ExportResult:
    """Write the selection to ``out`` (the command line's way: no progress, no cancel).

    Raises ``ExportError`` (``TargetExists`` without ``force``) with a sentence naming the path.
    """
    steps = export_steps(store, fmt, out, options or ExportOptions())
    (last,) = deque(steps, maxlen=1)  # the final step: progress items are not kept
    assert last.written is not None
    return ExportResult(last.written, last.left, last.notes)


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    status: Status | str | None = Status.DONE,
    annotator: str | None = None,
    include_suggestions: bool = False,
    train: float | None = None,
    seed: int = 0,
    force: bool = False,
) -> dict[str, int]:
    """``run_export`` with the options as keywords, returning how many documents went where."""
    options = ExportOptions(
        None if status is None else Status(status),
        annotator,
        include_suggestions,
        train,
        seed,
        force,
    )
    return run_export(store, fmt, out, options).written


def export_job(
    db_path: Path, fmt: str, out: Path, options: ExportOptions, ctx: JobContext
) -> Iterator[ExportProgress]:
    """``export_steps`` from a worker thread through its own connection; stops when cancelled.

    Runs on the worker thread. A target that cannot be written is an item with ``error``.
    """
    try:
        with Store(db_path) as store:
            yield from export_steps(store, fmt, out, options, ctx.cancelled)
    except ExportError as exc:
        yield ExportProgress(0, 0, error=str(exc))
