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
from pathlib import Path
from typing import Any

from annotator.core.model import ParsedDocument, Status, content_hash
from annotator.core.schema import Roles, default_roles
from annotator.store import encryption
from annotator.store.annotations import AnnotationStore
from annotator.store.claims import ClaimStore
from annotator.store.database import Database
from annotator.store.document_language import DocumentLanguageStore
from annotator.store.errors import db_errors, describe
from annotator.store.listing import ListingStore
from annotator.store.merging import MergeStore
from annotator.store.migrations import LATEST, MIGRATIONS
from annotator.store.pending_imports import and_visible, clear_dead_on_open, seen_by, visible
from annotator.store.rows import (
    STORED_LANGUAGE_SQL,
    AddResult,
    DocumentRow,
    DocumentSummary,
    now,
)
from annotator.store.suggestions import SuggestionStore

#: Metadata as stored: keys sorted, so equal metadata compares equal as text.
_META_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


#: How long a command waits for another process's write to finish before it gives up.
BUSY_TIMEOUT_S = 30.0


class StoreError(Exception):
    """The project file cannot be opened or used; the message says why."""


def _connect(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    """A connection that waits on a busy file, and whose implicit transactions take the lock.

    ``isolation_level="IMMEDIATE"`` makes the transactions Python opens itself
    take the write lock at once too: a transaction that starts as a read and later
    writes cannot wait for the lock (SQLite answers SQLITE_BUSY at once). With a
    passphrase the file is opened through SQLCipher, keyed before anything is read.
    """
    if passphrase is not None:
        return encryption.connect(  # type: ignore[return-value]  # same DB-API surface
            path, passphrase, timeout=BUSY_TIMEOUT_S, isolation_level="IMMEDIATE"
        )
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level="IMMEDIATE")


class Store(
    AnnotationStore,
    SuggestionStore,
    MergeStore,
    ClaimStore,
    ListingStore,
    DocumentLanguageStore,
):
    """The SQLite project file. Not thread-safe: use it from one thread.

    Documents, settings and the file itself live here; spans and relations in
    ``AnnotationStore``, model suggestions in ``SuggestionStore``.
    """

    def __init__(
        self, path: str | Path, *, create: bool = True, passphrase: str | None = None
    ) -> None:
        """Open (and migrate) the project file; with ``create=False`` a missing one is an error.

        With ``passphrase`` the file is (or a new one becomes) an SQLCipher file; the
        passphrase is kept only to encrypt migration backups, never written anywhere.
        Every failure is a ``StoreError`` whose message names the file and says why:
        a full disk, a read-only folder or a busy file is never called "not a project".
        """
        self.path = Path(path)
        self._passphrase = passphrase
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a project file")
        existed = self.path.exists() and self.path.stat().st_size > 0
        if not existed and not create:
            raise StoreError(
                f"no project at {self.path} (import articles first: "
                f"annotator --db {self.path} import FILES)"
            )
        if existed and passphrase is not None and not encryption.is_encrypted(self.path):
            raise StoreError(
                f"{self.path} is not encrypted; open it without a passphrase, or encrypt it"
                f" with: annotator --db {self.path} encrypt"
            )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = _connect(self.path, passphrase)
        except encryption.EncryptionError as exc:
            raise StoreError(f"{self.path}: {exc}") from None
        except (*db_errors(), OSError) as exc:
            raise StoreError(describe(exc, self.path)) from exc
        try:
            if passphrase is not None and existed:
                encryption.check_key(conn, self.path)
            self._open(conn, existed)
        except encryption.EncryptionError as exc:
            conn.close()
            raise StoreError(str(exc)) from None
        except BaseException:
            conn.close()  # a refused file is not kept open
            raise
        if existed:  # a killed import's hidden rows: one read when there are none (#18)
            clear_dead_on_open(self)

    def _open(self, conn: sqlite3.Connection, existed: bool) -> None:
        try:
            self.db = Database(conn, self.path)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = FULL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except (*db_errors(), OSError) as exc:
            raise StoreError(describe(exc, self.path)) from exc
        if version > LATEST:
            raise StoreError(
                f"{self.path} was written by a newer annotator (schema {version}, "
                f"this version knows up to {LATEST})"
            )
        if existed and version == 0 and self.db.table_names():
            raise StoreError(f"{self.path} is an SQLite file but not an annotator project")
        if version < LATEST:
            try:
                if existed and version > 0:
                    self.backup(self.path.with_name(f"{self.path.name}.bak-v{version}"))
                self._migrate(version)
            except (*db_errors(), OSError) as exc:
                raise StoreError(describe(exc, self.path)) from exc

    # -- lifecycle ---------------------------------------------------------

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, current: int, target: int = LATEST) -> None:
        with self.db.atomic():
            for number in range(current + 1, target + 1):
                MIGRATIONS[number - 1](self.db.utils)
            self.db.execute(f"PRAGMA user_version = {int(target)}")

    @property
    def encrypted(self) -> bool:
        """Whether the file is an SQLCipher file (opened with a passphrase)."""
        return self._passphrase is not None

    def backup(self, dest: Path) -> Path:
        """Copy the whole file, consistently even while WAL holds recent writes.

        The copy of an encrypted project is encrypted with the same passphrase.
        """
        if dest.exists():
            shutil.move(dest, dest.with_name(dest.name + ".old"))
        if self._passphrase is not None:
            encryption.export_copy(self.db.conn, dest, self._passphrase)
            return dest
        target = sqlite3.connect(dest)
        try:
            self.db.conn.backup(target)
        finally:
            target.close()
        return dest

    def close(self) -> None:
        """Close the connection; the file stays complete on disk."""
        self.db.close()

    @property
    def closed(self) -> bool:
        """Whether ``close`` was called (a window's late callback must not write then)."""
        return self.db.closed

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

    def add_documents(
        self,
        docs: Iterable[ParsedDocument],
        *,
        batch_from: int | None = None,
        import_id: int | None = None,
        deferred: list[tuple[int, ParsedDocument, bool]] | None = None,
    ) -> AddResult:
        """Store new documents with their spans and relations, all in one transaction.

        A document is a duplicate, counted and not stored again, when the store
        already held its text (by content hash) before this call, or when an earlier
        document of the same batch has the same text and the same metadata. The
        annotations a duplicate brings are added to the stored copy (the one with the
        same metadata, else the first): a colleague's layer comes in, while the same
        analyst's annotations already there are not added twice. Two rows of one file
        with equal text but different ids (FNC-1 has 14) stay two documents. If
        anything fails, nothing is written.

        ``batch_from``: one file given in several calls inside one outer transaction
        (the importer's final step); documents with ids from ``batch_from`` on were
        stored by earlier calls for the same file and count as this batch.
        ``import_id``/``deferred``: a batch of an import in flight (``pending_imports``),
        which also sees its own hidden rows; the annotations are put in ``deferred``
        (id, document, already stored) for the import's join instead of being stored.
        """
        docs = list(docs)
        hashes = [content_hash(d.text) for d in docs]
        batch: dict[tuple[str, str], int] = {}
        stamp = now()
        result = AddResult(ids=[], duplicates=0)
        rows: list[tuple[Any, ...]] = []
        annotated: list[tuple[int, ParsedDocument, bool]] = []  # (id, doc, already stored)
        with self.db.atomic():
            # The write lock is taken first (BEGIN IMMEDIATE), so no other process can
            # store the same texts between this check and the insert, nor take the ids.
            # Ids are given explicitly so that rows go in with one executemany.
            stored = self._stored_copies(hashes, import_id)
            next_id = self._next_document_id()
            for doc, digest in zip(docs, hashes, strict=True):
                meta = _META_JSON.encode(doc.meta)
                copy = batch.get((digest, meta)) or _pick(stored.get(digest), meta, batch_from)
                if copy is not None:
                    result.duplicates += 1
                    if _brings_annotations(doc):
                        annotated.append((copy, doc, True))
                    continue
                batch[(digest, meta)] = next_id
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
                annotated.append((next_id, doc, False))
                next_id += 1
            self.db.conn.executemany(
                "INSERT INTO documents (id, content_hash, title, text, origin, meta, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if deferred is not None:
                deferred.extend(a for a in annotated if _brings_annotations(a[1]))
                annotated = []
            for doc_id, doc, existing in annotated:
                self._add_annotations(doc_id, doc, existing, stamp, result)
                if doc.claims:  # after the spans, which members name by uid
                    self.import_claims(doc_id, doc.claims)
        result.ids = [row[0] for row in rows]
        return result

    def _add_annotations(
        self, doc_id: int, doc: ParsedDocument, existing: bool, stamp: str, result: AddResult
    ) -> None:
        """A new document's annotations and statuses, or what a duplicate adds to its copy."""
        statuses = doc.analyst_statuses()
        if statuses:
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO document_status (doc_id, annotator, status, updated_at)"
                " VALUES (?, ?, ?, ?)",
                [(doc_id, name, str(Status(value)), stamp) for name, value in statuses.items()],
            )
        if not existing:
            if doc.spans or doc.relations:
                self._insert_annotations(doc_id, doc.spans, doc.relations, stamp)
            return
        layers, spans, relations = self._merge_annotations(doc_id, doc.spans, doc.relations, stamp)
        if spans or relations:
            if doc_id not in result.updated:
                result.updated.append(doc_id)
            result.layers += layers
            result.spans += spans
            result.relations += relations

    def _stored_copies(
        self, hashes: list[str], import_id: int | None = None
    ) -> dict[str, list[tuple[int, str]]]:
        """(id, metadata) of the stored documents with these content hashes, oldest first
        (not another import's hidden rows: that import may yet be killed)."""
        found: dict[str, list[tuple[int, str]]] = {}
        unique = sorted(set(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            sql = (
                "SELECT content_hash, id, meta FROM documents"
                f" WHERE content_hash IN ({marks}) AND {seen_by('id', import_id)} ORDER BY id"
            )
            for digest, doc_id, meta in self.db.execute(sql, chunk):
                found.setdefault(digest, []).append((doc_id, meta))
        return found

    def _next_document_id(self) -> int:
        """The id AUTOINCREMENT would give next (ids are never reused, even after deletes).

        Call inside ``atomic()``: it holds the write lock, so no other connection can
        take the same ids before this transaction commits.
        """
        seq = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'documents'").fetchone()
        return (seq[0] if seq else 0) + 1

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
        """Nothing to do since schema 7: triggers index each document as it is stored.

        Kept so that callers written for the index filled on first search still run.
        """
        return 0

    def _where(
        self, status: str | None, query: str | None, annotator: str | None = None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if status and annotator is not None:  # that analyst's own status ("new" when unset)
            clauses.append(
                "coalesce((SELECT ds.status FROM document_status ds"
                " WHERE ds.doc_id = d.id AND ds.annotator = ?), 'new') = ?"
            )
            params.extend([annotator, str(Status(status))])
        elif status:
            clauses.append("d.status = ?")
            params.append(str(Status(status)))
        if query and query.strip():
            clauses.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            params.append(fts_query(query))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def document_ids(
        self, status: str | None = None, query: str | None = None, annotator: str | None = None
    ) -> list[int]:
        """Ids of the documents that pass the filter, in import order (``annotator``: the
        status filter reads that analyst's own status)."""
        where, params = self._where(status, query, annotator)
        sql = f"SELECT d.id FROM {_documents(status)}{and_visible(where, 'd.id')} ORDER BY d.id"
        return [row[0] for row in self.db.execute(sql, params)]

    def count_documents(self, status: str | None = None, query: str | None = None) -> int:
        """How many documents pass the filter."""
        where, params = self._where(status, query)
        sql = f"SELECT count(*) FROM {_documents(status)}{and_visible(where, 'd.id')}"
        return int(self.db.execute(sql, params).fetchone()[0])

    def summaries(
        self, ids: list[int], roles: Roles | None = None, annotator: str | None = None
    ) -> list[DocumentSummary]:
        """List rows for these documents, in the order given, in one query.

        Claims and sources are counted by the schema's roles (``roles``; the
        default schema's when not given), so a schema that renames them counts.
        With ``annotator`` the status is that analyst's own ("new" when they set none);
        the language is the one stored at import ("" when none was).
        """
        if not ids:
            return []
        roles = roles or default_roles()
        marks = ",".join("?" * len(ids))
        status = (
            "coalesce((SELECT ds.status FROM document_status ds"
            " WHERE ds.doc_id = d.id AND ds.annotator = ?), 'new')"
            if annotator is not None
            else "d.status"
        )
        # an analyst's list counts their own layer and the unnamed one imported without a
        # name, not every colleague's copy of the same claim
        mine = " AND s.annotator IN (?, '')" if annotator is not None else ""
        sql = f"""
            SELECT d.id, d.title, {status},
                   (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.label = ?{mine}),
                   (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.label = ?{mine}),
                   {STORED_LANGUAGE_SQL}
            FROM documents d WHERE d.id IN ({marks})"""
        who = [annotator] if annotator is not None else []
        params = [*who, roles.claim, *who, roles.source, *who]
        rows = self.db.execute(sql, [*params, *ids])
        by_id = {r[0]: DocumentSummary(*r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def set_status(self, doc_id: int, status: str, annotator: str | None = None) -> None:
        """Mark where an analyst is with a document (``None``: no analyst named, layer "").

        Each analyst has a status per document (``document_status``);
        ``documents.status``, which the list filters on, is the status last set by
        anyone, so one analyst's project reads as it always did.
        """
        value = str(Status(status))
        stamp = now()
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                [value, stamp, doc_id],
            )
            if cur.rowcount:
                self.db.execute(
                    "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, annotator) DO UPDATE"
                    " SET status = excluded.status, updated_at = excluded.updated_at",
                    [doc_id, annotator or "", value, stamp],
                )

    def status(self, doc_id: int, annotator: str | None = None) -> str:
        """One analyst's status on a document ("new" until they set one), or with
        ``None`` the status last set by anyone; ``KeyError`` when there is no document."""
        row = self.db.execute("SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise KeyError(doc_id)
        if annotator is None:
            return str(row[0])
        mine = self.db.execute(
            "SELECT status FROM document_status WHERE doc_id = ? AND annotator = ?",
            [doc_id, annotator],
        ).fetchone()
        return str(mine[0]) if mine else str(Status.NEW)

    def statuses(self, doc_id: int) -> dict[str, str]:
        """Each analyst's status on a document, by analyst name ("" for the unnamed)."""
        rows = self.db.execute(
            "SELECT annotator, status FROM document_status WHERE doc_id = ? ORDER BY annotator",
            [doc_id],
        )
        return {name: value for name, value in rows}

    # -- settings and figures -----------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A per-project setting, such as the last article opened."""
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Remember a per-project setting."""
        self.set_settings({key: value})

    def set_settings(self, values: dict[str, str]) -> None:
        """Remember several settings in one transaction; values already stored are not written.

        Opening the window re-selects the last article and so "remembers" it again:
        skipping the unchanged write keeps start-up free of a commit and of sqlite-utils.
        """
        changed = [(key, value) for key, value in values.items() if self.get_setting(key) != value]
        if not changed:
            return
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                changed,
            )

    def stats(self) -> dict[str, Any]:
        """Counts for ``annotator stats``: documents by status, spans by label, relations,
        and the project file's size on disk (with its write-ahead log).

        Documents, words and suggestions come from ``document_totals`` (kept by triggers);
        statuses from their index: no query reads the texts, so a million documents
        answer as fast as a hundred.
        """
        q = self.db.execute
        shown = visible("id")
        by_status = dict(q(f"SELECT status, count(*) FROM documents WHERE {shown} GROUP BY status"))
        by_label = dict(q("SELECT label, count(*) FROM spans GROUP BY label").fetchall())
        by_stance = dict(q("SELECT label, count(*) FROM relations GROUP BY label").fetchall())
        totals = dict(q("SELECT name, value FROM document_totals").fetchall())
        return {
            "documents": totals["documents"],
            "status": {s.value: by_status.get(s.value, 0) for s in Status},
            "spans": by_label,
            "relations": by_stance,
            "suggestions": totals["suggestions"],
            "words": totals["words"],
            "file_bytes": file_bytes(self.path),
        }


def _documents(status: str | None) -> str:
    """``documents d``, read through the index of ids alone when no status is asked for: a
    search's matches are then found without reading the table's pages, which hold the texts
    (a million lookups there read the whole corpus)."""
    return "documents d" if status else "documents d INDEXED BY documents_order"


def _brings_annotations(doc: ParsedDocument) -> bool:
    return bool(doc.spans or doc.relations or doc.analyst_statuses() or doc.claims)


def file_bytes(path: Path) -> int:
    """The project file's size on disk, with the write-ahead log not yet copied into it."""
    parts = (path, path.with_name(path.name + "-wal"))
    return sum(part.stat().st_size for part in parts if part.exists())


def _pick(
    copies: list[tuple[int, str]] | None, meta: str, batch_from: int | None = None
) -> int | None:
    """The stored copy a duplicate belongs to: the one with the same metadata, else the first.

    Copies with ids from ``batch_from`` on came from the same file: only one with the
    same metadata makes a duplicate (as within one call), unless an older copy exists.
    """
    if not copies:
        return None
    if batch_from is not None:
        older = [c for c in copies if c[0] < batch_from]
        if not older:
            return next((doc_id for doc_id, m in copies if m == meta), None)
        copies = older
    return next((doc_id for doc_id, m in copies if m == meta), copies[0][0])


def fts_query(text: str) -> str:
    """Turn what an analyst types into an FTS5 query: every word must match, as a prefix.

    Quoting each word keeps FTS5 syntax characters (``-``, ``:``, ``"``) from
    raising errors on ordinary input.
    """
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"*' for w in words)
