"""The store reads without sqlite-utils and writes through it, with the same semantics (#18).

Fresh interpreters answer what is imported when (this process imported sqlite-utils
long ago); the semantics are checked on real files with a second connection.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.model import ParsedDocument
from annotator.store import Store, StoreError

TIMEOUT_S = 120


def _run(code: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _project(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    with Store(db) as store:
        store.add_documents([ParsedDocument(title="One", text="Ana said it rained.")])
        store.set_setting("last_doc", "1")
    return db


def test_reading_a_project_imports_no_sqlite_utils_and_the_first_write_does(tmp_path: Path) -> None:
    db = _project(tmp_path)
    got = _run(
        """
        import json, sys
        from annotator.store import Store
        store = Store(sys.argv[1], create=False)
        docs = store.document_ids()
        store.set_settings({"last_doc": "1"})  # unchanged: nothing to write
        before = "sqlite_utils" in sys.modules
        store.set_setting("last_doc", str(docs[0] + 1))
        after = "sqlite_utils" in sys.modules
        print(json.dumps({"docs": len(docs), "before": before, "after": after,
                          "numpy": "numpy" in sys.modules}))
        """,
        str(db),
    )
    assert got == {"docs": 1, "before": False, "after": True, "numpy": False}
    with sqlite3.connect(db) as other:  # the write was committed at once
        assert other.execute("SELECT value FROM settings WHERE key = 'last_doc'").fetchone() == (
            "2",
        )


def test_a_write_outside_a_transaction_is_committed_and_a_failed_one_leaves_none_open(
    tmp_path: Path,
) -> None:
    db = _project(tmp_path)
    with Store(db) as store:
        store.db.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        assert not store.db.conn.in_transaction
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute("INSERT INTO settings (key, value) VALUES ('a', '2')")
        assert not store.db.conn.in_transaction  # the implicit transaction was rolled back
        with sqlite3.connect(db) as other:
            assert other.execute("SELECT value FROM settings WHERE key = 'a'").fetchone() == ("1",)


def test_atomic_rolls_back_and_nests_and_tables_come_from_sqlite_utils(tmp_path: Path) -> None:
    db = _project(tmp_path)
    with Store(db) as store:
        with pytest.raises(RuntimeError), store.db.atomic():
            store.db.execute("INSERT INTO settings (key, value) VALUES ('gone', '1')")
            raise RuntimeError("undo it")
        with store.db.atomic():
            store.db.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
            with pytest.raises(RuntimeError), store.db.atomic():  # a savepoint
                store.db.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
                raise RuntimeError("only the inner part")
        assert store.get_setting("gone") is None
        assert store.get_setting("outer") == "1"
        assert store.get_setting("inner") is None
        assert {c.name for c in store.db["settings"].columns} == {"key", "value"}
        assert "documents" in store.db.table_names()
        assert store.db.execute("PRAGMA recursive_triggers").fetchone() == (1,)


def test_a_busy_file_inside_atomic_is_a_sentence_naming_it(tmp_path: Path) -> None:
    db = _project(tmp_path)
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Store(db) as store:
            store.db.conn.execute("PRAGMA busy_timeout = 0")
            with pytest.raises(StoreError, match=str(db.name)), store.db.atomic():
                pass
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_numpy_is_refused_only_to_the_thread_importing_sqlite_utils() -> None:
    got = _run(
        """
        import json, sys, threading
        from annotator.store import lean_sqlite_utils as lean
        import sqlite_utils.db
        finder = lean._RefuseInThisThread()
        sys.meta_path.insert(0, finder)
        other = {}
        def load():
            import numpy
            other["numpy"] = numpy.__name__
        thread = threading.Thread(target=load)
        thread.start()
        thread.join(60)
        try:
            import pandas  # noqa: F401
            here = "imported"
        except ImportError:
            here = "refused"
        sys.meta_path.remove(finder)
        print(json.dumps({"np": sqlite_utils.db.np is None, "other": other.get("numpy"),
                          "here": here}))
        """
    )
    assert got == {"np": True, "other": "numpy", "here": "refused"}
