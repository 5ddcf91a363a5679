"""Bring the analysts' field files into the base project: ``annotator merge``.

Every file is read and checked first; a file using a label that neither the base's
schema nor its documents know is named and left out. Then the base is copied aside
(``BASE.before-merge``) and all files are merged in one transaction, so a merge that
is interrupted or killed leaves the base exactly as it was. Documents the base lacks
are stored first, in content order, so that merging A and B gives the same project as
merging B and A.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.schema import LAST_GOOD_SETTING, SCHEMA_SETTING, load_project_schema
from annotator.io.problems import Problem, UnreadableFile
from annotator.store import Store
from annotator.store.merging import FieldDocument, MergeCounts
from annotator.store.rows import now
from annotator.teams.fieldfile import FieldFile, read_field_file
from annotator.teams.project_batches import (
    close_sources,
    field_batches,
    field_count,
    field_labels,
    new_text_batches,
)


@dataclass(slots=True)
class FileOutcome:
    """What happened to one file: merged (``counts``), or refused (``refused`` says why)."""

    path: Path
    kind: str = ""
    documents: int = 0
    counts: MergeCounts | None = None
    refused: str | None = None
    note: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class MergeReport:
    """What one ``merge`` did over all its files."""

    files: list[FileOutcome] = field(default_factory=list)
    counts: MergeCounts = field(default_factory=MergeCounts)
    backup: Path | None = None

    @property
    def merged(self) -> list[FileOutcome]:
        return [f for f in self.files if f.counts is not None]

    @property
    def ok(self) -> bool:
        return all(f.refused is None and not f.problems for f in self.files)

    def summary(self) -> str:
        """The one line the command prints."""
        c = self.counts
        updated = len(c.updated_documents - c.new_ids)
        return (
            f"merged {len(self.merged)} file(s): {c.new_documents} new document(s), "
            f"{updated} updated, {c.spans} span(s), {c.relations} stance(s), "
            f"{c.conflicts} conflict(s)"
        )


def unknown_labels(docs: list[FieldDocument], spans: set[str], stances: set[str]) -> list[str]:
    """The span and stance labels these documents use that the schema does not have."""
    found = {s.label for d in docs for s in d.spans} - spans
    found |= {r.label for d in docs for r in d.relations} - stances
    return sorted(found)


def _schema_labels(store: Store) -> tuple[set[str], set[str], str]:
    """The span and stance labels a file may use: the schema's, and those the base already
    holds (an import keeps labels outside the schema, e.g. PolNeAR's Discuss and Discard,
    and the base's own export must merge back)."""
    schema, _text, _problem = load_project_schema(
        store.get_setting(SCHEMA_SETTING), store.get_setting(LAST_GOOD_SETTING)
    )
    stances = {label for rel in schema.relations for label in rel.labels}
    stances |= {r[0] for r in store.db.execute("SELECT DISTINCT label FROM relations")}
    spans = {lab.name for lab in schema.labels}
    spans |= {r[0] for r in store.db.execute("SELECT DISTINCT label FROM spans")}
    return spans, stances, schema.path or "the default schema"


def read_files(
    store: Store,
    paths: list[Path],
    on_read: Callable[[FileOutcome], None] | None = None,
    passphrases: dict[Path, str] | None = None,
) -> list[tuple[FileOutcome, FieldFile | None]]:
    """Read and check every file; a refused one comes back with ``refused`` set.

    ``passphrases``: those of the encrypted field files (#19)."""
    spans, stances, where = _schema_labels(store)
    out: list[tuple[FileOutcome, FieldFile | None]] = []
    base = store.path.resolve()
    for path in paths:
        outcome = FileOutcome(path)
        field_file: FieldFile | None = None
        try:
            if path.resolve() == base:
                raise UnreadableFile(path, "is the base project itself")
            field_file = read_field_file(path, (passphrases or {}).get(path))
        except UnreadableFile as exc:
            outcome.refused = exc.reason
        except OSError as exc:
            outcome.refused = f"cannot be read ({exc.strerror or exc})"
        if field_file is not None:
            outcome.kind, outcome.note = field_file.kind, field_file.note
            outcome.problems = field_file.problems
            outcome.documents = field_count(field_file)
            used_spans, used_stances = field_labels(field_file)
            unknown = sorted((used_spans - spans) | (used_stances - stances))
            if unknown:
                names = ", ".join(repr(n) for n in unknown)
                outcome.refused = (
                    f"uses label(s) {names} that neither this project's schema ({where}) nor "
                    "its documents have; add them to the schema (annotator config schema FILE) "
                    "or relabel them, then merge again"
                )
                close_sources([field_file])
                field_file = None
        out.append((outcome, field_file))
        if on_read is not None:
            on_read(outcome)
    return out


def _new_texts(files: list[FieldFile]) -> list[FieldDocument]:
    """Each text once, without annotations, in content order: stored first, so that the
    documents the base lacks get the same ids whatever order the files come in."""
    seen: dict[tuple[str, str], FieldDocument] = {}
    for f in files:
        for d in f.documents:
            meta = json.dumps(d.meta, ensure_ascii=False, sort_keys=True)
            stub = FieldDocument(d.content_hash, d.text, d.title, d.origin, d.meta)
            key = (d.content_hash, meta)
            if key not in seen or (stub.title, stub.origin) < (seen[key].title, seen[key].origin):
                seen[key] = stub
    return [seen[k] for k in sorted(seen)]


def merge_files(
    store: Store,
    paths: list[Path],
    *,
    backup: bool = True,
    on_read: Callable[[FileOutcome], None] | None = None,
    on_merged: Callable[[FileOutcome], None] | None = None,
    passphrases: dict[Path, str] | None = None,
) -> MergeReport:
    """Merge field files into ``store``: all of them in one transaction, or none.

    ``on_read`` is called after each file is read and checked, ``on_merged`` after each
    file is applied (still inside the transaction).
    """
    report = MergeReport()
    checked = read_files(store, paths, on_read, passphrases)
    report.files = [outcome for outcome, _ in checked]
    usable = [(outcome, f) for outcome, f in checked if f is not None]
    if not usable:
        return report
    if backup:
        report.backup = store.backup(store.path.with_name(store.path.name + ".before-merge"))
    files = [f for _, f in usable]
    try:
        with store.transaction():  # read a batch at a time, all in one transaction (#18)
            for batch in new_text_batches(files):
                report.counts.add(store.merge_documents(batch, ""))
            for outcome, field_file in usable:
                outcome.counts = merge_file(store, field_file)
                report.counts.add(outcome.counts)
                if on_merged is not None:
                    on_merged(outcome)
    finally:
        close_sources(files)
    return report


def merge_file(store: Store, field_file: FieldFile) -> MergeCounts:
    """Apply one field file, a batch of documents at a time (call inside the transaction)."""
    counts = MergeCounts()
    stamp = now()  # one time for every batch of the file, as when it was applied whole
    for batch in field_batches(field_file):
        counts.add(store.merge_documents(batch, str(field_file.path), stamp=stamp))
    return counts
