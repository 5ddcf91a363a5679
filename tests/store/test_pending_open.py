"""A killed import's hidden rows and scratch file are cleared when the project next opens,
not only by the next large import (#18); a live import's are left alone."""

from __future__ import annotations

import os

from annotator.core.model import ParsedDocument
from annotator.io.importer import import_paths
from annotator.store import Store, pending_imports
from annotator.store.pending_imports import PendingImport
from tests.conftest import SAMPLES
from tests.store.test_pending_imports import _dead_pid


def _docs(n: int, start: int = 0) -> list[ParsedDocument]:
    return [
        ParsedDocument(text=f"The zebra number {i} ran far.", title=f"z {i}", origin=f"f:{i}")
        for i in range(start, start + n)
    ]


def _rows(path) -> tuple[int, int, list]:
    with Store(path) as store:  # (this open clears too: read what it left)
        q = store.db.execute
        return (
            q("SELECT count(*) FROM documents").fetchone()[0],
            q("SELECT count(*) FROM pending_imports").fetchone()[0],
            q("SELECT name, value FROM document_totals ORDER BY name").fetchall(),
        )


def _killed_import(path, batches: int) -> tuple[int, list]:
    """A project of 3 articles holding the hidden batches of an import whose process died,
    and the scratch file it left; returns the project's rows and totals before."""
    with Store(path) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        totals = store.db.execute(
            "SELECT name, value FROM document_totals ORDER BY name"
        ).fetchall()
        pending = PendingImport(store)
        for b in range(batches):
            pending.add(_docs(10, start=10 * b))
        dead = _dead_pid()
        store.db.execute("UPDATE pending_imports SET pid = ?", [dead])
        pending.finished = True  # as if killed: nobody aborts it
    scratch = path.with_name(f".{path.name}.import-{dead}-0a1b2c3d.staging")
    scratch.write_bytes(b"left by a killed import")
    return 3, totals


def test_opening_the_project_clears_a_killed_import(tmp_path):
    path = tmp_path / "p.db"
    count, totals = _killed_import(path, batches=3)
    with Store(path) as store:
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == count
        assert not store.db.execute("SELECT * FROM pending_imports").fetchall()
        assert not store.db.execute("SELECT * FROM pending_batches").fetchall()
        assert (
            store.db.execute("SELECT name, value FROM document_totals ORDER BY name").fetchall()
            == totals
        )
        assert store.stats()["documents"] == count
    assert not list(tmp_path.glob(".p.db.import-*.staging"))


def test_opening_spends_a_bounded_time_and_the_next_open_goes_on(tmp_path, monkeypatch):
    path = tmp_path / "p.db"
    count, totals = _killed_import(path, batches=3)
    monkeypatch.setattr(pending_imports, "OPEN_BUDGET_S", 0.0)  # one batch an open
    left = []
    for _ in range(3):
        with Store(path) as store:
            left.append(store.db.execute("SELECT count(*) FROM documents").fetchone()[0])
            assert store.listed_count() == count and store.stats()["documents"] == count
    assert left == [count + 20, count + 10, count]
    assert _rows(path) == (count, 0, totals)


def test_a_live_import_is_left_alone_when_another_opens_the_project(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        pending = PendingImport(store)  # this process: alive
        pending.add(_docs(10))
        scratch = path.with_name(f".{path.name}.import-{os.getpid()}-0a1b2c3d.staging")
        scratch.write_bytes(b"in use")
        with Store(path) as other:
            assert other.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 13
            assert other.listed_count() == 3
        assert scratch.exists()
        pending.join()
        assert store.listed_count() == 13
