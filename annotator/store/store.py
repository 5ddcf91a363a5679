"""The project file: documents, spans, relations and suggestions in one SQLite database.

One ``Store`` owns one connection. Every public write is its own transaction
and is on disk (WAL, ``synchronous=FULL``) when the method returns, so what the
screen shows after an edit survives a crash.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from annotator.core.model import ParsedDocument, Relation, Span, Status, content_hash
from annotator.store.migrations import LATEST, MIGRATIONS

INDEXED_UPTO = "search.indexed_upto"


class StoreError(Exception):
    """The project file cannot be opened or used; the message says why."""


def now() -> str:
    """A UTC timestamp as stored in the file."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(slots=True, frozen=True)
class DocumentRow:
    """One stored document, with its text."""

    id: int
    title: str
    text: str
    origin: str
    meta: dict[str, Any]
    status: str
    content_hash: str
    created_at: str
    updated_at: str


@dataclass(slots=True, frozen=True)
class DocumentSummary:
    """What the document list shows for one document: no text, so a page is cheap."""

    id: int
    title: str
    status: str
    claims: int
    sources: int


@dataclass(slots=True)
class AddResult:
    """What adding a batch of documents did."""

    ids: list[int]
    duplicates: int


class Store:
    """The SQLite project file. Not thread-safe: use it from one thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        existed = self.path.exists() and self.path.stat().st_size > 0
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a project file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite_utils.Database(self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = FULL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not an annotator project file ({exc})") from exc
        if version > LATEST:
            raise StoreError(
                f"{self.path} was written by a newer annotator (schema {version}, "
                f"this version knows up to {LATEST})"
            )
        if existed and version == 0 and self.db.table_names():
            raise StoreError(f"{self.path} is an SQLite file but not an annotator project")
        if version < LATEST:
            if existed and version > 0:
                self.backup(self.path.with_name(f"{self.path.name}.bak-v{version}"))
            self._migrate(version)

    # -- lifecycle ---------------------------------------------------------

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, current: int, target: int = LATEST) -> None:
        with self.db.atomic():
            for number in range(current + 1, target + 1):
                MIGRATIONS[number - 1](self.db)
            self.db.execute(f"PRAGMA user_version = {int(target)}")

    def backup(self, dest: Path) -> Path:
        """Copy the whole file, consistently even while WAL holds recent writes."""
        if dest.exists():
            shutil.move(dest, dest.with_name(dest.name + ".old"))
        target = sqlite3.connect(dest)
        try:
            self.db.conn.backup(target)
        finally:
            target.close()
        return dest

    def close(self) -> None:
        """Close the connection; the file stays complete on disk."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes: all of them land, or none (nested calls use savepoints)."""
        with self.db.atomic():
            yield self

    # -- documents -----------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes are already stored."""
        found: set[str] = set()
        chunk: list[str] = []

        def flush() -> None:
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})"
            found.update(row[0] for row in self.db.execute(sql, chunk))
            chunk.clear()

        for h in hashes:
            chunk.append(h)
            if len(chunk) >= 500:
                flush()
        if chunk:
            flush()
        return found

    def add_documents(self, docs: Iterable[ParsedDocument]) -> AddResult:
        """Store new documents with their spans and relations, all in one transaction.

        A document is a duplicate, counted and left out, when the store already
        held its text (by content hash) before this call, or when an earlier
        document of the same batch has the same text and the same metadata.
        Two rows of one file with equal text but different ids (FNC-1 has 14)
        stay two documents. If anything fails, nothing is written.
        """
        docs = list(docs)
        hashes = [content_hash(d.text) for d in docs]
        stored = self.known_hashes(hashes)
        batch: set[tuple[str, str]] = set()
        stamp = now()
        duplicates = 0
        rows: list[tuple[Any, ...]] = []
        annotated: list[tuple[int, ParsedDocument]] = []
        with self.db.atomic():
            # Ids are given explicitly so that rows go in with one executemany; the
            # write transaction makes the sequence ours until it commits.
            next_id = self._next_document_id()
            for doc, digest in zip(docs, hashes, strict=True):
                meta = json.dumps(doc.meta, ensure_ascii=False, sort_keys=True)
                if digest in stored or (digest, meta) in batch:
                    duplicates += 1
                    continue
                batch.add((digest, meta))
                rows.append(
                    (
                        next_id,
                        digest,
                        doc.title,
                        doc.text,
                        doc.origin,
                        meta,
                        str(Status(doc.status)),
                        stamp,
                        stamp,
                    )
                )
                if doc.spans:
                    annotated.append((next_id, doc))
                next_id += 1
            self.db.conn.executemany(
                "INSERT INTO documents (id, content_hash, title, text, origin, meta, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            for doc_id, doc in annotated:
                self._insert_annotations(doc_id, doc.spans, doc.relations, stamp)
        return AddResult(ids=[row[0] for row in rows], duplicates=duplicates)

    def _next_document_id(self) -> int:
        """The id AUTOINCREMENT would give next (ids are never reused, even after deletes).

        Call inside a transaction: the no-op write takes the write lock first, so no
        other connection can take the same ids before this transaction commits.
        """
        self.db.execute("UPDATE settings SET value = value WHERE key = ?", [INDEXED_UPTO])
        seq = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'documents'").fetchone()
        return (seq[0] if seq else 0) + 1

    def _insert_annotations(
        self, doc_id: int, spans: list[Span], relations: list[Relation], stamp: str
    ) -> None:
        conn = self.db.conn
        span_ids = [self._insert_span(doc_id, span, stamp) for span in spans]
        for rel in relations:

            def sid(index: int | None) -> int | None:
                return None if index is None else span_ids[index]

            conn.execute(
                "INSERT INTO relations (doc_id, label, source_span_id, claim_span_id,"
                " cue_span_id, attributes, annotator, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    rel.label,
                    sid(rel.source),
                    sid(rel.claim),
                    sid(rel.cue),
                    json.dumps(rel.attributes, ensure_ascii=False),
                    rel.annotator,
                    stamp,
                    stamp,
                ),
            )

    def _insert_span(self, doc_id: int, span: Span, stamp: str) -> int:
        fragments = json.dumps(span.fragments) if span.fragments else None
        cur = self.db.conn.execute(
            'INSERT INTO spans (id, doc_id, label, start, "end", fragments, attributes, annotator,'
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                span.id,
                doc_id,
                span.label,
                span.start,
                span.end,
                fragments,
                json.dumps(span.attributes, ensure_ascii=False),
                span.annotator,
                stamp,
                stamp,
            ),
        )
        return int(cur.lastrowid or 0)

    def document(self, doc_id: int) -> DocumentRow:
        """One document with its text; ``KeyError`` when there is none."""
        row = self.db.execute(
            "SELECT id, title, text, origin, meta, status, content_hash, created_at, updated_at"
            " FROM documents WHERE id = ?",
            [doc_id],
        ).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return DocumentRow(
            id=row[0],
            title=row[1],
            text=row[2],
            origin=row[3],
            meta=json.loads(row[4]),
            status=row[5],
            content_hash=row[6],
            created_at=row[7],
            updated_at=row[8],
        )

    def update_search_index(self) -> int:
        """Index the documents added since the last search; returns how many."""
        upto = int(self.get_setting(INDEXED_UPTO, "0") or 0)
        newest = self.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
        if newest <= upto:
            return 0
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO documents_fts(rowid, title, text)"
                " SELECT id, title, text FROM documents WHERE id > ? AND id <= ?",
                [upto, newest],
            )
            self.db.execute(
                "UPDATE settings SET value = ? WHERE key = ?", [str(newest), INDEXED_UPTO]
            )
        return cur.rowcount

    def _where(self, status: str | None, query: str | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if status:
            clauses.append("d.status = ?")
            params.append(str(Status(status)))
        if query and query.strip():
            self.update_search_index()
            clauses.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(fts_query(query))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def document_ids(self, status: str | None = None, query: str | None = None) -> list[int]:
        """Ids of the documents that pass the filter, in import order."""
        where, params = self._where(status, query)
        sql = f"SELECT d.id FROM documents d{where} ORDER BY d.id"
        return [row[0] for row in self.db.execute(sql, params)]

    def count_documents(self, status: str | None = None, query: str | None = None) -> int:
        """How many documents pass the filter."""
        where, params = self._where(status, query)
        return int(
            self.db.execute(f"SELECT count(*) FROM documents d{where}", params).fetchone()[0]
        )

    def summaries(self, ids: list[int]) -> list[DocumentSummary]:
        """List rows for these documents, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = f"""
            SELECT d.id, d.title, d.status,
                   (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.label = 'CLAIM'),
                   (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.label = 'SOURCE')
            FROM documents d WHERE d.id IN ({marks})"""
        by_id = {r[0]: DocumentSummary(*r) for r in self.db.execute(sql, ids)}
        return [by_id[i] for i in ids if i in by_id]

    def set_status(self, doc_id: int, status: str) -> None:
        """Mark where the analyst is with a document."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                [str(Status(status)), now(), doc_id],
            )

    # -- annotations ------------------------------------------------------------

    def spans(self, doc_id: int) -> list[Span]:
        """The analyst's spans on a document, in text order."""
        rows = self.db.execute(
            'SELECT id, label, start, "end", fragments, attributes, annotator FROM spans'
            ' WHERE doc_id = ? ORDER BY start, "end" DESC, id',
            [doc_id],
        )
        return [
            Span(
                id=r[0],
                label=r[1],
                start=r[2],
                end=r[3],
                fragments=[tuple(f) for f in json.loads(r[4])] if r[4] else None,
                attributes=json.loads(r[5]),
                annotator=r[6],
            )
            for r in rows
        ]

    def relations(self, doc_id: int) -> list[Relation]:
        """The STANCE relations on a document; span fields hold store ids."""
        rows = self.db.execute(
            "SELECT id, label, source_span_id, claim_span_id, cue_span_id, attributes, annotator"
            " FROM relations WHERE doc_id = ? ORDER BY id",
            [doc_id],
        )
        return [
            Relation(
                id=r[0],
                label=r[1],
                source=r[2],
                claim=r[3],
                cue=r[4],
                attributes=json.loads(r[5]),
                annotator=r[6],
            )
            for r in rows
        ]

    def add_span(self, doc_id: int, span: Span) -> int:
        """Store one span in its own transaction and return its id.

        A span that carries an id (an undone deletion being redone) keeps it.
        """
        with self.db.atomic():
            return self._insert_span(doc_id, span, now())

    def span(self, span_id: int) -> tuple[int, Span]:
        """(document id, span) for one stored span; ``KeyError`` when there is none."""
        row = self.db.execute(
            'SELECT doc_id, id, label, start, "end", fragments, attributes, annotator'
            " FROM spans WHERE id = ?",
            [span_id],
        ).fetchone()
        if row is None:
            raise KeyError(span_id)
        return row[0], Span(
            id=row[1],
            label=row[2],
            start=row[3],
            end=row[4],
            fragments=[tuple(f) for f in json.loads(row[5])] if row[5] else None,
            attributes=json.loads(row[6]),
            annotator=row[7],
        )

    def relations_touching(self, span_id: int) -> list[Relation]:
        """Relations in which this span is the source, the claim or the cue."""
        rows = self.db.execute(
            "SELECT id, label, source_span_id, claim_span_id, cue_span_id, attributes, annotator"
            " FROM relations WHERE ? IN (source_span_id, claim_span_id, cue_span_id) ORDER BY id",
            [span_id],
        )
        return [
            Relation(
                id=r[0],
                label=r[1],
                source=r[2],
                claim=r[3],
                cue=r[4],
                attributes=json.loads(r[5]),
                annotator=r[6],
            )
            for r in rows
        ]

    def delete_span(self, span_id: int) -> None:
        """Delete a span: relations it is source or claim of go too; as a cue it is unlinked."""
        with self.db.atomic():
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])

    def restore_span(self, doc_id: int, span: Span, relations: list[Relation]) -> None:
        """Put back a deleted span with its id and the relations it had, in one transaction."""
        stamp = now()
        with self.db.atomic():
            self._insert_span(doc_id, span, stamp)
            for rel in relations:
                self.db.conn.execute(
                    "INSERT OR REPLACE INTO relations (id, doc_id, label, source_span_id,"
                    " claim_span_id, cue_span_id, attributes, annotator, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        rel.id,
                        doc_id,
                        rel.label,
                        rel.source,
                        rel.claim,
                        rel.cue,
                        json.dumps(rel.attributes, ensure_ascii=False),
                        rel.annotator,
                        stamp,
                        stamp,
                    ),
                )

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> None:
        """Change a span's label, bounds or attributes, in one transaction."""
        fields: list[str] = []
        params: list[Any] = []
        for column, value in (("label", label), ("start", start), ('"end"', end)):
            if value is not None:
                fields.append(f"{column} = ?")
                params.append(value)
        if attributes is not None:
            fields.append("attributes = ?")
            params.append(json.dumps(attributes, ensure_ascii=False))
        if not fields:
            return
        with self.db.atomic():
            self.db.execute(
                f"UPDATE spans SET {', '.join(fields)}, updated_at = ? WHERE id = ?",
                [*params, now(), span_id],
            )

    def add_relation(self, doc_id: int, relation: Relation) -> int:
        """Store one relation in its own transaction; a relation with an id keeps it (redo)."""
        stamp = now()
        with self.db.atomic():
            cur = self.db.conn.execute(
                "INSERT INTO relations (id, doc_id, label, source_span_id, claim_span_id,"
                " cue_span_id, attributes, annotator, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    relation.id,
                    doc_id,
                    relation.label,
                    relation.source,
                    relation.claim,
                    relation.cue,
                    json.dumps(relation.attributes, ensure_ascii=False),
                    relation.annotator,
                    stamp,
                    stamp,
                ),
            )
            return int(cur.lastrowid or 0)

    def relation(self, relation_id: int) -> Relation:
        """One stored relation; ``KeyError`` when there is none."""
        row = self.db.execute(
            "SELECT id, label, source_span_id, claim_span_id, cue_span_id, attributes, annotator"
            " FROM relations WHERE id = ?",
            [relation_id],
        ).fetchone()
        if row is None:
            raise KeyError(relation_id)
        return Relation(
            id=row[0],
            label=row[1],
            source=row[2],
            claim=row[3],
            cue=row[4],
            attributes=json.loads(row[5]),
            annotator=row[6],
        )

    def delete_relation(self, relation_id: int) -> None:
        """Delete one relation (its spans stay)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])

    def update_relation(
        self, relation_id: int, *, label: str | None = None, cue: int | bool | None = False
    ) -> None:
        """Change a relation's label, or its cue (``cue=None`` unlinks; False leaves it)."""
        fields, params = [], []
        if label is not None:
            fields.append("label = ?")
            params.append(label)
        if cue is not False:
            fields.append("cue_span_id = ?")
            params.append(cue)
        if not fields:
            return
        with self.db.atomic():
            self.db.execute(
                f"UPDATE relations SET {', '.join(fields)}, updated_at = ? WHERE id = ?",
                [*params, now(), relation_id],
            )

    def stance_rows(self) -> list[dict[str, Any]]:
        """Every stance in the corpus with the texts of its parts, for the "who says what" view."""
        sql = """
            SELECT r.id, r.label, r.annotator, d.id, d.title,
                   c.id, substr(d.text, c.start + 1, c."end" - c.start),
                   s.id, substr(d.text, s.start + 1, s."end" - s.start), s.attributes,
                   substr(d.text, u.start + 1, u."end" - u.start), c.attributes
            FROM relations r
            JOIN documents d ON d.id = r.doc_id
            JOIN spans c ON c.id = r.claim_span_id
            LEFT JOIN spans s ON s.id = r.source_span_id
            LEFT JOIN spans u ON u.id = r.cue_span_id
            ORDER BY d.id, c.start, s.start"""
        rows = []
        for r in self.db.execute(sql):
            source_attributes = json.loads(r[9]) if r[9] else {}
            rows.append(
                {
                    "relation_id": r[0],
                    "stance": r[1],
                    "annotator": r[2],
                    "doc_id": r[3],
                    "article": r[4],
                    "claim_id": r[5],
                    "claim": r[6],
                    "source_id": r[7],
                    "source": r[8] or "",
                    "source_type": source_attributes.get("source_type", ""),
                    "cue": r[10] or "",
                    "claim_attributes": json.loads(r[11]) if r[11] else {},
                }
            )
        return rows

    def status(self, doc_id: int) -> str:
        """A document's status."""
        row = self.db.execute("SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return str(row[0])

    # -- entity suggestions ------------------------------------------------------

    def pending_preannotation(self, model: str, version: str) -> list[int]:
        """Documents this model version has not seen yet, in import order."""
        sql = (
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM preannotated p"
            " WHERE p.doc_id = d.id AND p.model = ? AND p.model_version = ?) ORDER BY d.id"
        )
        return [row[0] for row in self.db.execute(sql, [model, version])]

    def is_preannotated(self, doc_id: int, model: str, version: str) -> bool:
        """Whether this model version has seen the document (even if it found nothing)."""
        row = self.db.execute(
            "SELECT 1 FROM preannotated WHERE doc_id = ? AND model = ? AND model_version = ?",
            [doc_id, model, version],
        ).fetchone()
        return row is not None

    def texts(self, ids: list[int]) -> list[tuple[int, str]]:
        """(id, text) for these documents, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = dict(self.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", ids))
        return [(i, found[i]) for i in ids if i in found]

    def save_suggestions(
        self, results: Iterable[tuple[int, list[tuple[str, int, int]]]], model: str, version: str
    ) -> int:
        """Store what a model found in some documents, and that it saw them, in one transaction.

        A document this model version has already seen is left as it is, so the
        call is idempotent. Returns how many documents were new to it.
        """
        stamp = now()
        saved = 0
        with self.db.atomic():
            for doc_id, ents in results:
                cur = self.db.conn.execute(
                    "INSERT OR IGNORE INTO preannotated (doc_id, model, model_version, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (doc_id, model, version, stamp),
                )
                if cur.rowcount == 0:
                    continue
                saved += 1
                self.db.conn.executemany(
                    'INSERT INTO suggestions (doc_id, label, start, "end", model, model_version)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(doc_id, label, start, end, model, version) for label, start, end in ents],
                )
        return saved

    def suggestions(
        self, doc_id: int, model: str | None = None, version: str | None = None
    ) -> list[Span]:
        """Entity suggestions on a document from one model version (default: the newest run)."""
        if model is None or version is None:
            row = self.db.execute(
                "SELECT model, model_version FROM preannotated WHERE doc_id = ?"
                " ORDER BY created_at DESC LIMIT 1",
                [doc_id],
            ).fetchone()
            if row is None:
                return []
            model, version = row
        rows = self.db.execute(
            'SELECT id, label, start, "end" FROM suggestions WHERE doc_id = ? AND model = ?'
            ' AND model_version = ? ORDER BY start, "end"',
            [doc_id, model, version],
        )
        return [Span(id=r[0], label=r[1], start=r[2], end=r[3], annotator=model) for r in rows]

    # -- attribution suggestions ------------------------------------------------------

    def pending_suggestions(self, model: str, version: str) -> list[int]:
        """Documents this parser version has not proposed attributions for yet."""
        sql = (
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM suggested x"
            " WHERE x.doc_id = d.id AND x.model = ? AND x.model_version = ?) ORDER BY d.id"
        )
        return [row[0] for row in self.db.execute(sql, [model, version])]

    def save_attribution_suggestions(
        self, doc_id: int, rows: list[dict[str, Any]], model: str, version: str
    ) -> int:
        """Store proposals for a document in one transaction.

        A proposal the analyst already accepted or rejected (by any parser
        version) is not proposed again.
        """
        rejected = {
            r[0]
            for r in self.db.execute(
                "SELECT key FROM attribution_suggestions WHERE doc_id = ? AND state != 'open'",
                [doc_id],
            )
        }
        saved = 0
        with self.db.atomic():
            cur = self.db.conn.execute(
                "INSERT OR IGNORE INTO suggested (doc_id, model, model_version) VALUES (?, ?, ?)",
                (doc_id, model, version),
            )
            if cur.rowcount == 0:
                return 0
            for row in rows:
                if row["key"] in rejected:
                    continue
                self.db.conn.execute(
                    "INSERT OR IGNORE INTO attribution_suggestions (doc_id, key, source_start,"
                    " source_end, cue_start, cue_end, claim_start, claim_end, stance, source_type,"
                    " model, model_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        row["key"],
                        *(row["source"] or (None, None)),
                        *row["cue"],
                        *row["claim"],
                        row["stance"],
                        row["source_type"],
                        model,
                        version,
                    ),
                )
                saved += 1
        return saved

    def attribution_suggestions(self, doc_id: int, state: str = "open") -> list[dict[str, Any]]:
        """Proposals on a document from its newest parser run, in text order."""
        rows = self.db.execute(
            "SELECT id, key, source_start, source_end, cue_start, cue_end, claim_start,"
            " claim_end, stance, source_type, state FROM attribution_suggestions a"
            " WHERE doc_id = ? AND state = ? AND model_version = (SELECT max(model_version)"
            " FROM attribution_suggestions b WHERE b.doc_id = a.doc_id AND b.model = a.model)"
            " ORDER BY cue_start",
            [doc_id, state],
        )
        return [
            {
                "id": r[0],
                "key": r[1],
                "source": (r[2], r[3]) if r[2] is not None else None,
                "cue": (r[4], r[5]),
                "claim": (r[6], r[7]),
                "stance": r[8],
                "source_type": r[9],
                "state": r[10],
            }
            for r in rows
        ]

    def set_suggestion_state(self, suggestion_id: int, state: str) -> str:
        """Mark a proposal open, accepted or rejected; returns its previous state."""
        with self.db.atomic():
            before = self.db.execute(
                "SELECT state FROM attribution_suggestions WHERE id = ?", [suggestion_id]
            ).fetchone()
            if before is None:
                raise KeyError(suggestion_id)
            self.db.execute(
                "UPDATE attribution_suggestions SET state = ? WHERE id = ?", [state, suggestion_id]
            )
        return str(before[0])

    # -- settings and figures -----------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A per-project setting, such as the last article opened."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Remember a per-project setting."""
        self.set_settings({key: value})

    def set_settings(self, values: dict[str, str]) -> None:
        """Remember several settings in one transaction."""
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )

    def stats(self) -> dict[str, Any]:
        """Counts for ``annotator stats``: documents by status, spans by label, relations."""
        q = self.db.execute
        by_status = dict(q("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
        by_label = dict(q("SELECT label, count(*) FROM spans GROUP BY label").fetchall())
        by_stance = dict(q("SELECT label, count(*) FROM relations GROUP BY label").fetchall())
        return {
            "documents": sum(by_status.values()),
            "status": {s.value: by_status.get(s.value, 0) for s in Status},
            "spans": by_label,
            "relations": by_stance,
            "suggestions": q("SELECT count(*) FROM suggestions").fetchone()[0],
            "words": q(
                "SELECT coalesce(sum(length(text) - length(replace(text, ' ', '')) + 1), 0)"
                " FROM documents"
            ).fetchone()[0],
        }


def fts_query(text: str) -> str:
    """Turn what an analyst types into an FTS5 query: every word must match, as a prefix.

    Quoting each word keeps FTS5 syntax characters (``-``, ``:``, ``"``) from
    raising errors on ordinary input.
    """
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words)
