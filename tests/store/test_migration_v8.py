"""Version 8: a table for trained models kept inside the project (encrypted with it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from annotator.store import Store
from annotator.store.migrations import LATEST, MIGRATIONS


def test_a_version_7_project_gains_the_trained_models_table(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for migrate in MIGRATIONS[:7]:
        migrate(db)
    db.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.version == LATEST >= 8
        columns = {c.name for c in store.db["trained_models"].columns}
    assert columns == {"name", "task", "version", "provenance", "config", "model", "saved_at"}
