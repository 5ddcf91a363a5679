"""Another project file read in batches of documents, for ``annotator merge`` (#18).

``read_project`` used to hold every document of the file being merged in, with all its
layers, before the first was applied: a 100,000-article field file needed its whole text
in memory. ``ProjectBatches`` reads it a batch of documents at a time (keyset paging by
id, each batch's spans, stances, statuses and deletions by a range of document ids), and
the texts the base may lack in content order, so the merge holds one batch at a time.
The file is only read, through one read-only connection kept while the merge runs.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Callable, Iterator
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.io.problems import UnreadableFile
from annotator.store.merging import FieldDeletion, FieldDocument, FieldRelation, FieldSpan
from annotator.store.pending_imports import where_shown

if TYPE_CHECKING:
    from annotator.teams.fieldfile import FieldFile

#: Documents read (and merged) at a time.
BATCH = 500
Connect = Callable[[], sqlite3.Connection]


def meta_key(meta: dict[str, object]) -> str:
    """Metadata as the merge compares it (and orders new texts by)."""
    return json.dumps(meta, ensure_ascii=False, sort_keys=True)


class ProjectBatches:
    """A project file's documents, read when asked, a batch at a time."""

    def __init__(self, path: Path, connect: Connect) -> None:
        self.path = path
        self._connect = connect
        self._conn: sqlite3.Connection | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._connect()
            # not the rows of an import in flight there (schema 9), as read_project
            shown = where_shown(self._conn)
            self._where = shown
            self._and = shown.replace(" WHERE ", " AND ", 1)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def count(self) -> int:
        conn = self.conn
        return int(conn.execute(f"SELECT count(*) FROM documents{self._where}").fetchone()[0])

    def labels(self) -> tuple[set[str], set[str]]:
        """The span labels and stance labels the file uses."""
        q = self.conn.execute
        spans = {r[0] for r in q("SELECT DISTINCT label FROM spans")}
        return spans, {r[0] for r in q("SELECT DISTINCT label FROM relations")}

    def texts(self) -> Iterator[tuple[tuple[str, str], FieldDocument]]:
        """Each document without annotations, keyed and ordered by (content hash, metadata)."""
        conn = self.conn
        rows = conn.execute(
            f"SELECT content_hash, title, text, origin, meta FROM documents{self._where}"
            " ORDER BY content_hash, id"
        )
        for digest, group in groupby(rows, key=lambda r: r[0]):
            stubs = []
            for _, title, text, origin, meta in group:
                parsed = json.loads(meta)
                stubs.append(((digest, meta_key(parsed)), title, text, origin, parsed))
            stubs.sort(key=lambda s: s[0])
            for key, title, text, origin, meta in stubs:
                yield key, FieldDocument(digest, text, title, origin, meta)

    def batches(self, size: int | None = None) -> Iterator[list[FieldDocument]]:
        """Every document with its layers, times and deletions, ``size`` documents at a time,
        in id order (as ``read_project`` gave them)."""
        size = size or BATCH
        last = 0
        while True:
            conn = self.conn
            rows = conn.execute(
                "SELECT id, content_hash, title, text, origin, meta FROM documents"
                f" WHERE id > ?{self._and} ORDER BY id LIMIT ?",
                [last, size],
            ).fetchall()
            if not rows:
                return
            docs = {
                doc_id: FieldDocument(digest, text, title, origin, json.loads(meta))
                for doc_id, digest, title, text, origin, meta in rows
            }
            self._layers(docs, rows[0][0], rows[-1][0])
            last = rows[-1][0]
            yield list(docs.values())

    def _layers(self, docs: dict[int, FieldDocument], first: int, last: int) -> None:
        q = self.conn.execute
        between = [first, last]
        index: dict[int, int] = {}  # span row id -> index in its document's list
        for r in q(
            'SELECT doc_id, id, label, start, "end", fragments, attributes, annotator, uid,'
            " created_at, updated_at FROM spans WHERE doc_id BETWEEN ? AND ?"
            " ORDER BY doc_id, id",
            between,
        ):
            if (doc := docs.get(r[0])) is None:
                continue
            index[r[1]] = len(doc.spans)
            doc.spans.append(FieldSpan(r[2], r[3], r[4], r[7], r[5] or "", r[6], r[8], r[9], r[10]))
        for r in q(
            "SELECT doc_id, label, source_span_id, claim_span_id, cue_span_id, attributes,"
            " annotator, uid, created_at, updated_at FROM relations"
            " WHERE doc_id BETWEEN ? AND ? ORDER BY doc_id, id",
            between,
        ):
            if (doc := docs.get(r[0])) is None:
                continue
            source = None if r[2] is None else index[r[2]]
            cue = None if r[4] is None else index.get(r[4])
            doc.relations.append(
                FieldRelation(r[1], source, index[r[3]], cue, r[6], r[5], r[7], r[8], r[9])
            )
        for doc_id, name, value, stamp in q(
            "SELECT doc_id, annotator, status, updated_at FROM document_status"
            " WHERE doc_id BETWEEN ? AND ?",
            between,
        ):
            if doc_id in docs:
                docs[doc_id].statuses[name] = (value, stamp)
        for doc_id, uid, kind, name, stamp in q(
            "SELECT doc_id, uid, kind, annotator, deleted_at FROM deletions"
            " WHERE doc_id BETWEEN ? AND ? ORDER BY uid",
            between,
        ):
            if doc_id in docs:
                docs[doc_id].deletions.append(FieldDeletion(uid, kind, name, stamp))


# -- a field file of any kind, as the merge reads it ---------------------------------------


def field_count(f: FieldFile) -> int:
    """How many documents the file holds."""
    return f.source.count() if f.source is not None else len(f.documents)


def field_batches(f: FieldFile) -> Iterator[list[FieldDocument]]:
    """The file's documents, a batch at a time (an export, read whole, in batches too)."""
    if f.source is not None:
        yield from f.source.batches()
        return
    for start in range(0, len(f.documents), BATCH):
        yield f.documents[start : start + BATCH]


def field_labels(f: FieldFile) -> tuple[set[str], set[str]]:
    """The span and stance labels the file uses."""
    if f.source is not None:
        return f.source.labels()
    spans = {s.label for d in f.documents for s in d.spans}
    return spans, {r.label for d in f.documents for r in d.relations}


def _texts_of(f: FieldFile) -> Iterator[tuple[tuple[str, str], FieldDocument]]:
    if f.source is not None:
        yield from f.source.texts()
        return
    keyed = [((d.content_hash, meta_key(d.meta)), d) for d in f.documents]
    keyed.sort(key=lambda kd: kd[0])
    for key, d in keyed:
        yield key, FieldDocument(d.content_hash, d.text, d.title, d.origin, d.meta)


def new_text_batches(
    files: list[FieldFile], size: int | None = None
) -> Iterator[list[FieldDocument]]:
    """Each text once, without annotations, in content order (the order ``_new_texts`` gave:
    the lowest title and origin among copies with one text and metadata), in batches; the
    files are read side by side, so one batch is held, not every file's texts."""
    batch: list[FieldDocument] = []
    merged = heapq.merge(*(_texts_of(f) for f in files), key=lambda kd: kd[0])
    for _key, copies in groupby(merged, key=lambda kd: kd[0]):
        batch.append(min((d for _, d in copies), key=lambda d: (d.title, d.origin)))
        if len(batch) >= (size or BATCH):
            yield batch
            batch = []
    if batch:
        yield batch


def close_sources(files: list[FieldFile]) -> None:
    for f in files:
        if f.source is not None:
            f.source.close()


def open_project(path: Path, passphrase: str | None) -> FieldFile:
    """A project file to merge: read in batches when it is of this annotator's schema (an
    older one is brought forward in a temporary copy and read whole, as before)."""
    from annotator.store.encryption import EncryptionError
    from annotator.store.errors import DB_ERRORS
    from annotator.store.migrations import LATEST
    from annotator.teams.fieldfile import (
        FIRST_MERGEABLE,
        FieldFile,
        connect_for_reading,
        read_project,
    )

    try:
        conn = connect_for_reading(path, passphrase)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if FIRST_MERGEABLE <= version <= LATEST:
                source = ProjectBatches(path, lambda: conn)
                source.count()  # the file reads: a damaged one is refused now
                return FieldFile(path, "project", source=source)
        except BaseException:
            conn.close()
            raise
        conn.close()
    except EncryptionError:
        raise UnreadableFile(path, "is encrypted and the passphrase is wrong") from None
    except DB_ERRORS as exc:
        raise UnreadableFile(path, f"cannot be read as a project file ({exc})") from None
    return FieldFile(path, "project", read_project(path, passphrase))
