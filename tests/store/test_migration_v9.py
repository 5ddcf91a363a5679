"""Version 9: the tables that keep a large import's rows out of sight until it joins."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from annotator.store import Store
from annotator.store.migrations import LATEST, MIGRATIONS


def test_a_version_8_project_gains_the_pending_import_tables(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for migrate in MIGRATIONS[:8]:
        migrate(db)
    db.execute("PRAGMA user_version = 8")
    db.execute(
        "INSERT INTO documents (content_hash, title, text, origin, meta, status, created_at,"
        " updated_at) VALUES ('h', 'T', 'Old text here.', 'o', '{}', 'new', 'x', 'x')"
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.version == LATEST >= 9
        assert {c.name for c in store.db["pending_imports"].columns} >= {"id", "pid", "host"}
        assert {c.name for c in store.db["pending_batches"].columns} >= {
            "first_id",
            "last_id",
            "import_id",
        }
        assert store.document_ids() == [1] and store.stats()["documents"] == 1
        assert store.document_ids(query="old") == [1]
