"""Read a field file (another project file, or our JSONL or brat export) into plain values.

A project file (``.db``) carries everything a merge needs: lasting ids, edit times,
each analyst's status with its time, and deletion records. Our JSONL and brat exports
carry lasting ids and statuses but no edit times and no deletions: their annotations
are given the file's modification time, so they add and update (the newer file wins)
but cannot remove anything.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import ParsedDocument, content_hash
from annotator.io import jsonl
from annotator.io.decoding import read_text
from annotator.io.importer import plan
from annotator.io.problems import Problem, UnreadableFile
from annotator.store import Store, StoreError, encryption
from annotator.store.encryption import EncryptionError, is_encrypted
from annotator.store.errors import DB_ERRORS
from annotator.store.merging import FieldDeletion, FieldDocument, FieldRelation, FieldSpan
from annotator.store.migrations import LATEST
from annotator.store.pending_imports import where_shown

if TYPE_CHECKING:
    from annotator.teams.merge_exports import ExportBatches
    from annotator.teams.project_batches import ProjectBatches

#: Our project files since lasting ids, edit times and deletions (schema version 4).
FIRST_MERGEABLE = 4

ENCRYPTED_NOTE = (
    "is encrypted (or not a project file): give its passphrase with --passphrase-file FILE"
    " right after it, or ANNOTATOR_PASSPHRASE for every input"
)

EXPORT_NOTE = (
    "an export carries no deletions and no edit times: its annotations are added or "
    "updated (dated by the file's modification time), nothing is removed"
)


@dataclass(slots=True)
class FieldFile:
    """One file to merge: its documents, or why it cannot be merged."""

    path: Path
    kind: str  # "project", "jsonl" or "brat"
    documents: list[FieldDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    note: str | None = None
    #: A project file of this schema: read in batches when merged (``project_batches``, #18).
    source: ProjectBatches | ExportBatches | None = None


def read_field_file(path: Path, passphrase: str | None = None) -> FieldFile:
    """Read a project file, a JSONL export, or a brat folder / ``.ann`` / ``.txt``.

    ``passphrase``: the file is an encrypted project. Raises ``UnreadableFile`` with
    the reason when the file cannot be used at all.
    """
    if path.is_file() and (passphrase is not None or _is_sqlite(path)):
        from annotator.teams.project_batches import open_project

        return open_project(path, passphrase)
    if not path.exists():
        raise UnreadableFile(path, "does not exist")
    suffix = path.suffix.lower()
    if path.is_file() and suffix in (".jsonl", ".ndjson"):
        streamed = _streamed(path, "jsonl")  # a document at a time when UTF-8 (#18)
        if streamed is not None:
            return streamed
        items = list(jsonl.parse_jsonl(read_text(path).text, path))
        return _from_parsed(path, "jsonl", items)
    units, _ignored = plan([path])
    brat_units = [u for u in units if u.format == "brat"]
    if not brat_units and path.is_file() and is_encrypted(path):
        from annotator.io.file_kind import text_given_to_merge  # a CSV: use import

        raise UnreadableFile(path, text_given_to_merge(path) or ENCRYPTED_NOTE)
    if not brat_units:
        raise UnreadableFile(
            path,
            "is neither an annotator project file (.db) nor our JSONL or brat export",
        )
    from annotator.teams.merge_exports import ExportBatches  # a document at a time (#18)

    units = [(unit.path, list(unit.ann_dirs)) for unit in brat_units]
    source = ExportBatches.open(path, "brat", _mtime(path), units)
    return FieldFile(path, "brat", problems=source.problems, note=EXPORT_NOTE, source=source)


def _streamed(path: Path, kind: str) -> FieldFile | None:
    """The export read a batch at a time (``merge_exports``); None: read it whole."""
    from annotator.io.streaming import NotStreamable
    from annotator.teams.merge_exports import ExportBatches

    try:
        source = ExportBatches.open(path, kind, _mtime(path))
    except NotStreamable:
        return None
    return FieldFile(path, kind, problems=source.problems, note=EXPORT_NOTE, source=source)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None


def _mtime(path: Path) -> str:
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return stamp.isoformat(timespec="milliseconds")


def _from_parsed(path: Path, kind: str, items: list[ParsedDocument | Problem]) -> FieldFile:
    out = FieldFile(path, kind, note=EXPORT_NOTE)
    stamp = _mtime(path)
    for item in items:
        if isinstance(item, Problem):
            out.problems.append(item)
            continue
        reason = item.validate()
        if reason:
            out.problems.append(Problem(path, reason, item.line))
            continue
        out.documents.append(_document_from_parsed(item, stamp))
    return out


def _document_from_parsed(doc: ParsedDocument, stamp: str) -> FieldDocument:
    spans = [
        FieldSpan(
            s.label,
            s.start,
            s.end,
            s.annotator,
            json.dumps([list(f) for f in s.fragments]) if s.fragments else "",
            json.dumps(s.attributes, ensure_ascii=False),
            s.uid,
            stamp,
            stamp,
        )
        for s in doc.spans
    ]
    relations = [
        FieldRelation(
            r.label,
            r.source,
            r.claim,
            r.cue,
            r.annotator,
            json.dumps(r.attributes, ensure_ascii=False),
            r.uid,
            stamp,
            stamp,
        )
        for r in doc.relations
    ]
    statuses = {name: (value, stamp) for name, value in doc.analyst_statuses().items()}
    return FieldDocument(
        content_hash(doc.text), doc.text, doc.title, doc.origin, dict(doc.meta), spans,
        relations, statuses,
    )  # fmt: skip


def read_project(path: Path, passphrase: str | None = None) -> list[FieldDocument]:
    """Every document of another project file with all its layers, times and deletions.

    The file is only read. One written by an older annotator is brought forward in a
    temporary copy; one written by a newer annotator is refused.
    """
    try:
        conn = _connect_for_reading(path, passphrase)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if FIRST_MERGEABLE <= version <= LATEST:
                return _read_rows(conn)
        finally:
            conn.close()
    except EncryptionError:
        raise UnreadableFile(path, "is encrypted and the passphrase is wrong") from None
    except DB_ERRORS as exc:
        raise UnreadableFile(path, f"cannot be read as a project file ({exc})") from None
    if version > LATEST:
        raise UnreadableFile(
            path, f"was written by a newer annotator (schema {version}); update this one"
        )
    if version == 0:
        raise UnreadableFile(path, "is an SQLite file but not an annotator project")
    with tempfile.TemporaryDirectory() as tmp:  # an older project: migrate a copy
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        try:
            with Store(copy, create=False, passphrase=passphrase):
                pass
        except StoreError as exc:
            raise UnreadableFile(path, str(exc)) from None
        conn = _connect_for_reading(copy, passphrase)
        try:
            return _read_rows(conn)
        finally:
            conn.close()


def _connect_for_reading(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    """A connection that only reads. A read-write one is tried first: closing it tidies
    away the WAL files, which a read-only connection leaves beside the file; a file on
    read-only media is then opened read-only. An encrypted file is keyed and checked
    (``EncryptionError`` when the passphrase is wrong)."""
    if passphrase is not None:
        conn = encryption.connect(path, passphrase, timeout=30.0, isolation_level=None)
        try:
            encryption.check_key(conn, path)
            conn.execute("PRAGMA query_only = ON")
        except BaseException:
            conn.close()
            raise
        return conn  # type: ignore[return-value]  # the same DB-API surface
    try:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


#: Public name for ``project_batches``, which reads a project in batches.
connect_for_reading = _connect_for_reading
#: Public name for ``merge_exports``, which reads an export a document at a time.
document_from_parsed = _document_from_parsed


def _read_rows(conn: sqlite3.Connection) -> list[FieldDocument]:
    q = conn.execute
    docs: dict[int, FieldDocument] = {}
    for doc_id, digest, title, text, origin, meta in q(
        "SELECT id, content_hash, title, text, origin, meta FROM documents"
        f"{where_shown(conn)} ORDER BY id"  # not the rows of an import in flight there
    ):
        docs[doc_id] = FieldDocument(digest, text, title, origin, json.loads(meta))
    index: dict[int, int] = {}  # span row id -> index in its document's list
    for r in q(
        'SELECT doc_id, id, label, start, "end", fragments, attributes, annotator, uid,'
        " created_at, updated_at FROM spans ORDER BY doc_id, id"
    ):
        doc = docs[r[0]]
        index[r[1]] = len(doc.spans)
        doc.spans.append(FieldSpan(r[2], r[3], r[4], r[7], r[5] or "", r[6], r[8], r[9], r[10]))
    for r in q(
        "SELECT doc_id, label, source_span_id, claim_span_id, cue_span_id, attributes,"
        " annotator, uid, created_at, updated_at FROM relations ORDER BY doc_id, id"
    ):
        source = None if r[2] is None else index[r[2]]
        cue = None if r[4] is None else index.get(r[4])
        docs[r[0]].relations.append(
            FieldRelation(r[1], source, index[r[3]], cue, r[6], r[5], r[7], r[8], r[9])
        )
    for doc_id, name, value, stamp in q(
        "SELECT doc_id, annotator, status, updated_at FROM document_status"
    ):
        docs[doc_id].statuses[name] = (value, stamp)
    deleted: dict[int, list[FieldDeletion]] = defaultdict(list)
    for doc_id, uid, kind, name, stamp in q(
        "SELECT doc_id, uid, kind, annotator, deleted_at FROM deletions ORDER BY uid"
    ):
        deleted[doc_id].append(FieldDeletion(uid, kind, name, stamp))
    for doc_id, items in deleted.items():
        docs[doc_id].deletions = items
    return list(docs.values())
