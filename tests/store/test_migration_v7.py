"""A version-6 project (search index filled on first search) opens at version 7 with its data,
every document searchable, and the counters that ``stats`` reads."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.migrations import LATEST, MIGRATIONS

V6 = 6
WORDS_SQL = (
    "SELECT coalesce(sum(length(text) - length(replace(text, ' ', '')) + 1), 0) FROM documents"
)


def _version_6_file(path):
    """Four documents as version 6 stored them: the first two indexed, the last two not yet."""
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for migration in MIGRATIONS[:V6]:
        migration(db)
    db.execute(f"PRAGMA user_version = {V6}")
    t = "2025-01-01T10:00:00.000+00:00"
    rows = [
        (1, "h1", "Harbour", "The harbour reopened on Monday.", "done"),
        (2, "h2", "Talks", "Haftar denied the talks.", "new"),
        (3, "h3", "Quarry", "A quarry near Tunis flooded.", "skipped"),
        (4, "h4", "Fresh", "Nothing indexed about the lagoon yet.", "new"),
    ]
    for doc_id, digest, title, text, status in rows:
        db.execute(
            "INSERT INTO documents (id, content_hash, title, text, status, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [doc_id, digest, title, text, status, t, t],
        )
        if doc_id <= 2:  # what a search under version 6 had indexed
            db.execute(
                "INSERT INTO documents_fts(rowid, title, text) VALUES (?, ?, ?)",
                [doc_id, title, text],
            )
    db.execute("UPDATE settings SET value = '2' WHERE key = 'search.indexed_upto'")
    db.execute(
        'INSERT INTO suggestions (doc_id, label, start, "end", model, model_version)'
        " VALUES (1, 'GPE', 0, 3, 'm', '1')"
    )
    conn.commit()
    conn.close()


def test_a_version_6_file_migrates_keeps_its_data_and_searches_everything(tmp_path):
    path = tmp_path / "old.db"
    _version_6_file(path)
    with Store(path) as store:
        assert store.version == LATEST >= 7
        assert [store.document(i).title for i in store.document_ids()] == [
            "Harbour",
            "Talks",
            "Quarry",
            "Fresh",
        ]
        assert store.document_ids(status="skipped") == [3]
        # the rows version 6 had not indexed yet are found with no indexing step
        assert store.document_ids(query="lagoon") == [4]
        assert store.document_ids(query="quarry") == [3]
        assert store.document_ids(query="harbour") == [1]
        stats = store.stats()
        assert stats["documents"] == 4 and stats["suggestions"] == 1
        assert stats["words"] == store.db.execute(WORDS_SQL).fetchone()[0]
        assert stats["status"]["done"] == 1 and stats["status"]["new"] == 2
    backup = sqlite3.connect(tmp_path / f"old.db.bak-v{V6}")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == V6
    assert backup.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    backup.close()


def test_new_changed_and_deleted_documents_are_searchable_and_counted_at_once(tmp_path):
    with Store(tmp_path / "p.db") as store:
        added = store.add_documents(
            [ParsedDocument("A ferry sank off Lampedusa."), ParsedDocument("Rain in Oslo.")]
        )
        assert store.document_ids(query="lampedusa") == [added.ids[0]]
        with store.db.atomic():
            store.db.execute(
                "UPDATE documents SET text = 'Sun in Bergen today.' WHERE id = ?", [added.ids[1]]
            )
        assert store.document_ids(query="oslo") == []
        assert store.document_ids(query="bergen") == [added.ids[1]]
        assert store.stats()["words"] == store.db.execute(WORDS_SQL).fetchone()[0] == 9
        with store.db.atomic():
            store.db.execute("DELETE FROM documents WHERE id = ?", [added.ids[0]])
        assert store.document_ids(query="lampedusa") == []
        stats = store.stats()
        assert stats["documents"] == 1 and stats["words"] == 4
        assert stats["file_bytes"] > 0


def test_stats_names_the_project_file_size(tmp_path, capsys):
    from annotator.cli import main

    db = tmp_path / "p.db"
    with Store(db) as store:
        store.add_documents([ParsedDocument("Rain in Oslo.")])
    assert main(["--db", str(db), "stats"]) == 0
    out = capsys.readouterr().out
    assert "documents: 1  words: 3" in out
    from annotator.store.rows import readable_size
    from annotator.store.store import file_bytes

    assert f"file size: {readable_size(file_bytes(db))}  ({db})" in out
