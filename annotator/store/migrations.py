"""Schema versions of the project file, oldest first.

Each migration takes a database at version ``n - 1`` to version ``n``. They run
inside one transaction, after a copy of the file has been kept beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from annotator.core.model import Status

if TYPE_CHECKING:
    import sqlite_utils

STATUSES = tuple(s.value for s in Status)


def _v1_core_tables(db: sqlite_utils.Database) -> None:
    status_check = ", ".join(f"'{s}'" for s in STATUSES)
    db.execute(
        f"""
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            content_hash TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{{}}',
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ({status_check})),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX documents_status ON documents(status)")
    db.execute("CREATE INDEX documents_hash ON documents(content_hash)")
    db.execute(
        """
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            fragments TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start)
        )"""
    )
    db.execute("CREATE INDEX spans_doc ON spans(doc_id, start)")
    db.execute(
        """
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            source_span_id INTEGER REFERENCES spans(id) ON DELETE CASCADE,
            claim_span_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
            cue_span_id INTEGER REFERENCES spans(id) ON DELETE SET NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX relations_doc ON relations(doc_id)")
    db.execute(
        """
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            model TEXT NOT NULL,
            model_version TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX suggestions_doc ON suggestions(doc_id, model, model_version)")
    db.execute(
        """
        CREATE TABLE preannotated (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            model_version TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, model, model_version)
        )"""
    )
    db.execute(
        """
        CREATE TABLE doc_labels (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (doc_id, name, annotator)
        )"""
    )  # never used; version 4 drops it
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _v2_search_index(db: sqlite_utils.Database) -> None:
    """Full-text search over titles and texts.

    New documents are indexed in bulk when a search next needs them
    (``Store.update_search_index``), not row by row while importing: one
    statement over many rows is several times faster than a trigger per row,
    and an import of thousands of articles should not wait for the index.
    Rows already indexed are kept in step by triggers.
    """
    db.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5("
        "title, text, content='documents', content_rowid='id', tokenize='unicode61')"
    )
    db.execute(
        "INSERT INTO settings (key, value) VALUES ('search.indexed_upto', "
        "(SELECT coalesce(max(id), 0) FROM documents))"
    )
    indexed = "(SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'search.indexed_upto')"
    db.execute(
        f"CREATE TRIGGER documents_ad AFTER DELETE ON documents WHEN old.id <= {indexed} BEGIN "
        "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); END"
    )
    db.execute(
        f"CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents "
        f"WHEN old.id <= {indexed} BEGIN "
        "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
    )
    db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")


def _v3_attribution_suggestions(db: sqlite_utils.Database) -> None:
    """Proposed attributions (source, cue, claim, stance) and what the analyst did with them."""
    db.execute(
        """
        CREATE TABLE attribution_suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            source_start INTEGER, source_end INTEGER,
            cue_start INTEGER NOT NULL, cue_end INTEGER NOT NULL,
            claim_start INTEGER NOT NULL, claim_end INTEGER NOT NULL,
            stance TEXT NOT NULL,
            source_type TEXT,
            model TEXT NOT NULL,
            model_version TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
            UNIQUE (doc_id, key, model, model_version)
        )"""
    )
    db.execute("CREATE INDEX attribution_suggestions_doc ON attribution_suggestions(doc_id)")
    db.execute(
        """
        CREATE TABLE suggested (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            model_version TEXT NOT NULL,
            PRIMARY KEY (doc_id, model, model_version)
        )"""
    )


#: A version-4 UUID made by SQLite, so that a migration of millions of rows stays one statement.
SQL_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||"
    " substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def _v4_analyst_layers(db: sqlite_utils.Database) -> None:
    """What merging project files from several laptops needs.

    Spans and relations get a lasting ``uid``; each analyst gets a status per
    document (``documents.status`` stays: the status last set by anyone, which the
    list filters on); deletions are recorded per analyst layer, so a span deleted in
    the field can be told from one never made. Existing statuses go to every analyst
    with annotations on the document (to "" when there are none). The never-used
    ``doc_labels`` table goes.
    """
    for table in ("spans", "relations"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN uid TEXT")
        db.execute(f"UPDATE {table} SET uid = {SQL_UUID}")
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
    status_check = ", ".join(f"'{s}'" for s in STATUSES)
    db.execute(
        f"""
        CREATE TABLE document_status (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ({status_check})),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, annotator)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX document_status_analyst ON document_status(annotator, status)")
    db.execute(
        """
        INSERT INTO document_status (doc_id, annotator, status, updated_at)
        SELECT d.id, a.annotator, d.status, d.updated_at
        FROM documents d
        JOIN (SELECT doc_id, annotator FROM spans
              UNION SELECT doc_id, annotator FROM relations) a ON a.doc_id = d.id
        WHERE d.status != 'new'"""
    )
    db.execute(
        """
        INSERT INTO document_status (doc_id, annotator, status, updated_at)
        SELECT id, '', status, updated_at FROM documents
        WHERE status != 'new' AND id NOT IN (SELECT doc_id FROM document_status)"""
    )
    db.execute(
        """
        CREATE TABLE deletions (
            uid TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('span', 'relation')),
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            deleted_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX deletions_doc ON deletions(doc_id, annotator)")
    db.execute("DROP TABLE doc_labels")


def _v5_merge_conflicts(db: sqlite_utils.Database) -> None:
    """Edits that lost a merge: the same analyst changed one annotation differently in two
    project files; the newer one is applied and the other is kept here to be looked at.

    ``kind`` is "span" or "relation"; ``kept`` and ``lost`` are JSON of the two versions
    (``"deleted"`` for a deletion). A conflict found again by merging the same file twice
    is not stored twice (the unique key).
    """
    db.execute(
        """
        CREATE TABLE merge_conflicts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('span', 'relation')),
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            kept TEXT NOT NULL,
            kept_at TEXT NOT NULL,
            lost TEXT NOT NULL,
            lost_at TEXT NOT NULL,
            found_in TEXT NOT NULL,
            found_at TEXT NOT NULL,
            UNIQUE (uid, lost_at, lost)
        )"""
    )
    db.execute("CREATE INDEX merge_conflicts_doc ON merge_conflicts(doc_id)")


def _v6_tracked_claims(db: sqlite_utils.Database) -> None:
    """Claims tracked across articles: a canonical wording and its member CLAIM spans.

    A member names its span by ``uid``, not row id: a span deleted and brought back by undo,
    or carried to another laptop and merged, is still the same member. A member whose span is
    gone is not read (``claim_members`` joins the spans). ``stance`` is the member article's
    stance toward the claim (agree, disagree, discuss, unrelated; NULL when not said).
    """
    db.execute(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            wording TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE claim_members (
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            span_uid TEXT NOT NULL,
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            stance TEXT CHECK (stance IN ('agree', 'disagree', 'discuss', 'unrelated')),
            added_at TEXT NOT NULL,
            PRIMARY KEY (claim_id, span_uid)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX claim_members_doc ON claim_members(doc_id)")
    db.execute("CREATE INDEX claim_members_span ON claim_members(span_uid)")


def _words(row: str) -> str:
    """Words in a row's text as ``stats`` counts them (spaces + 1), as SQL."""
    return f"(length({row}.text) - length(replace({row}.text, ' ', '')) + 1)"


def _v7_incremental_search_and_totals(db: sqlite_utils.Database) -> None:
    """The search index and the figures of ``stats`` kept current as documents change.

    Version 2 indexed new documents on the first search after an import, which at a
    million documents stalls that search for minutes; now a trigger indexes each row
    in the transaction that stores it. ``document_totals`` holds the counts ``stats``
    would otherwise read the whole table for (documents, words, suggestions), kept by
    triggers. ``documents_order`` (the ids alone) lets the list read a window of ids
    and count rows before one without touching the table's pages, which hold the texts.
    """
    upto = db.execute(
        "SELECT coalesce(CAST(value AS INTEGER), 0) FROM settings WHERE key = 'search.indexed_upto'"
    ).fetchone()
    db.execute(
        "INSERT INTO documents_fts(rowid, title, text)"
        " SELECT id, title, text FROM documents WHERE id > ?",
        [upto[0] if upto else 0],
    )
    db.execute("DELETE FROM settings WHERE key = 'search.indexed_upto'")
    db.execute("DROP TRIGGER documents_ad")
    db.execute("DROP TRIGGER documents_au")
    db.execute(
        "CREATE TABLE document_totals (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "INSERT INTO document_totals (name, value) VALUES"
        " ('documents', (SELECT count(*) FROM documents)),"
        f" ('words', (SELECT coalesce(sum({_words('documents')}), 0) FROM documents)),"
        " ('suggestions', (SELECT count(*) FROM suggestions))"
    )
    db.execute(
        "CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN "
        "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); "
        "UPDATE document_totals SET value = value + 1 WHERE name = 'documents'; "
        f"UPDATE document_totals SET value = value + {_words('new')} WHERE name = 'words'; END"
    )
    db.execute(
        "CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN "
        "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "UPDATE document_totals SET value = value - 1 WHERE name = 'documents'; "
        f"UPDATE document_totals SET value = value - {_words('old')} WHERE name = 'words'; END"
    )
    db.execute(
        "CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN "
        "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text); "
        "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); "
        f"UPDATE document_totals SET value = value - {_words('old')} + {_words('new')}"
        " WHERE name = 'words'; END"
    )
    db.execute(
        "CREATE TRIGGER suggestions_ai AFTER INSERT ON suggestions BEGIN "
        "UPDATE document_totals SET value = value + 1 WHERE name = 'suggestions'; END"
    )
    db.execute(
        "CREATE TRIGGER suggestions_ad AFTER DELETE ON suggestions BEGIN "
        "UPDATE document_totals SET value = value - 1 WHERE name = 'suggestions'; END"
    )
    db.execute("CREATE INDEX documents_order ON documents(id)")


def _v8_trained_models(db: sqlite_utils.Database) -> None:
    """Trained models kept inside the project file, so an encrypted project encrypts them too.

    A model's vocabulary holds words of the articles it learnt from: written as a plain
    folder beside an encrypted project, it would give those words away. ``model`` is the
    pipeline's bytes (``Language.to_bytes``), ``config`` the text of its config,
    ``provenance`` the JSON that ``annotator train`` writes beside a folder model.
    """
    db.execute(
        """
        CREATE TABLE trained_models (
            name TEXT PRIMARY KEY,
            task TEXT NOT NULL,
            version TEXT NOT NULL,
            provenance TEXT NOT NULL,
            config TEXT NOT NULL,
            model BLOB NOT NULL,
            saved_at TEXT NOT NULL
        )"""
    )


def _v9_pending_imports(db: sqlite_utils.Database) -> None:
    """A large import's documents stored batch by batch, out of sight until the import joins.

    Each batch of an import in flight is stored in its own short transaction (rows,
    search index, de-duplication) and its id range is noted in ``pending_batches``;
    a document inside a range whose import is still in ``pending_imports`` is not shown
    (``pending_imports.visible``). The import joins by deleting its ``pending_imports``
    row and adding its counts to ``document_totals``: a few rows, whatever the file's
    size. Ranges, not a column on ``documents``: a column added there sits after the
    text in every row, so checking it would read each document's text pages, while a
    range is one probe of this small table by id (which every index already holds).
    ``documents``/``words`` are what the import's rows added to the totals (taken back
    until the join, so ``stats`` counts only what is shown). Import ids are never reused
    (AUTOINCREMENT): a joined import's ranges, removed just after, could not come back.
    """
    db.execute(
        """
        CREATE TABLE pending_imports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            started_at TEXT NOT NULL,
            documents INTEGER NOT NULL DEFAULT 0,
            words INTEGER NOT NULL DEFAULT 0
        )"""
    )
    db.execute(
        """
        CREATE TABLE pending_batches (
            first_id INTEGER PRIMARY KEY,
            last_id INTEGER NOT NULL,
            import_id INTEGER NOT NULL,
            documents INTEGER NOT NULL,
            words INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX pending_batches_import ON pending_batches(import_id)")


Migration = Callable[["sqlite_utils.Database"], None]

#: MIGRATIONS[n - 1] takes the file from version n - 1 to version n.
MIGRATIONS: list[Migration] = [
    _v1_core_tables,
    _v2_search_index,
    _v3_attribution_suggestions,
    _v4_analyst_layers,
    _v5_merge_conflicts,
    _v6_tracked_claims,
    _v7_incremental_search_and_totals,
    _v8_trained_models,
    _v9_pending_imports,
]
LATEST = len(MIGRATIONS)
