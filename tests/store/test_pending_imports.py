"""A large import's batches are stored as they are read but stay out of sight until one short
final transaction (the join) shows them all; a killed import's rows are cleared by the next."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotator.core.model import ParsedDocument, Span
from annotator.store import Store
from annotator.store.pending_imports import PendingImport, clear_dead
from tests.conftest import SAMPLES


def _docs(n: int, word: str = "zebra", start: int = 0) -> list[ParsedDocument]:
    return [
        ParsedDocument(text=f"The {word} number {i} ran far.", title=f"{word} {i}", origin=f"f:{i}")
        for i in range(start, start + n)
    ]


def _reads(store: Store) -> tuple:
    """What the project shows: list, searches, ids, counts, statistics, preannotation."""
    stats = dict(store.stats())
    stats.pop("file_bytes")
    return (
        store.id_window(0, 10_000),
        store.listed_count(),
        store.listed_count(query="zebra"),
        store.id_window(0, 100, query="zebra"),
        store.listed_count(status="new", query="zebra"),
        store.document_ids(),
        store.document_ids(query="zebra"),
        store.count_documents(),
        store.count_documents(status="new"),
        stats,
        store.pending_preannotation("m", "1"),
        store.pending_suggestions("m", "1"),
    )


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


@pytest.fixture
def project(tmp_path):
    from annotator.io.importer import import_paths

    with Store(tmp_path / "p.db") as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        yield store


def test_rows_of_an_import_in_flight_are_invisible_until_the_join(project):
    before = _reads(project)
    pending = PendingImport(project)
    for start in (0, 40, 80):
        pending.add(_docs(40, start=start))
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 123
    assert _reads(project) == before
    assert project.status(project.document_ids()[0]) == "new"
    joined = pending.join()
    assert joined.duplicates == 0
    ids = project.document_ids()
    assert len(ids) == 123 and project.listed_count(query="zebra") == 120
    stats = project.stats()
    assert stats["documents"] == 123 and stats["status"]["new"] == 123
    words = sum(len(d.text.split(" ")) for d in _docs(120))
    assert stats["words"] == before[9]["words"] + words
    assert not project.db.execute("SELECT * FROM pending_imports").fetchall()
    clear_dead(project)  # the next import tidies the joined import's ranges
    assert not project.db.execute("SELECT * FROM pending_batches").fetchall()
    assert len(project.document_ids()) == 123


def test_annotations_an_import_brings_wait_for_the_join(project):
    before = _reads(project)
    doc = _docs(1)[0]
    doc.spans = [Span(id=None, label="CLAIM", start=4, end=9)]
    pending = PendingImport(project)
    pending.add([doc, *_docs(3, start=1)])
    assert project.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
    assert _reads(project) == before
    pending.join()
    (new,) = project.document_ids(query="zebra number 0")
    assert [(s.label, s.start, s.end) for s in project.spans(new)] == [("CLAIM", 4, 9)]
    assert project.stats()["spans"] == {"CLAIM": 1}


def test_the_join_does_not_grow_with_the_file(project):
    """The final transaction writes the same few rows for 2 batches as for 20."""
    written = []
    for batches in (2, 20):
        pending = PendingImport(project)
        for b in range(batches):
            pending.add(_docs(50, word=f"w{batches}", start=b * 50))
        statements: list[str] = []
        project.db.conn.set_trace_callback(statements.append)
        changes = project.db.conn.total_changes
        pending.join()
        project.db.conn.set_trace_callback(None)
        written.append(project.db.conn.total_changes - changes)
        assert not [s for s in statements if "INSERT INTO documents" in s]
        assert len(statements) < 20
    assert written[0] == written[1] <= 6


def test_a_killed_import_is_cleared_and_the_project_reads_as_before(project):
    before = _reads(project)
    raw = project.db.execute("SELECT value FROM document_totals ORDER BY name").fetchall()
    pending = PendingImport(project)
    pending.add(_docs(40))
    pending.add(_docs(40, start=40))
    project.db.execute("UPDATE pending_imports SET pid = ?", [_dead_pid()])  # as if killed
    assert _reads(project) == before
    assert clear_dead(project) == 80
    assert _reads(project) == before
    assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert (
        project.db.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'zebra'"
        ).fetchone()[0]
        == 0
    )
    assert project.db.execute("SELECT value FROM document_totals ORDER BY name").fetchall() == raw
    assert not project.db.execute("SELECT * FROM pending_imports").fetchall()
    assert not project.db.execute("SELECT * FROM pending_batches").fetchall()


def test_a_live_import_is_not_cleared(project):
    pending = PendingImport(project)
    pending.add(_docs(10))
    assert clear_dead(project) == 0
    pending.join()
    assert project.listed_count(query="zebra") == 10


def test_texts_pending_in_another_import_are_not_duplicates(project):
    """Another import may yet be killed: a text it holds is stored again, and survives it."""
    first = PendingImport(project)
    first.add(_docs(5))
    added = project.add_documents(_docs(5))
    assert (len(added.ids), added.duplicates) == (5, 0)
    first.abort()
    assert project.listed_count(query="zebra") == 5
    assert project.stats()["documents"] == 8


def test_within_one_import_later_batches_see_the_earlier(project):
    pending = PendingImport(project)
    pending.add(_docs(5))
    again = pending.add(_docs(5))
    assert again.duplicates == 5 and not again.ids
    pending.join()
    assert project.stats()["documents"] == 8


def test_the_list_keeps_its_indexes(project):
    """The filter reads only ids: the list stays on ``documents_order``, a search on the
    search index, with or without an import in flight."""
    pending = PendingImport(project)
    pending.add(_docs(5))
    source, params, key = project._listing(None, None)
    plan = project.db.execute(f"EXPLAIN QUERY PLAN SELECT {key} FROM {source}", params)
    assert "documents_order" in " ".join(r[3] for r in plan)
    source, params, key = project._listing(None, None, "zebra")
    plan = " ".join(
        r[3]
        for r in project.db.execute(
            f"EXPLAIN QUERY PLAN SELECT {key} FROM {source} ORDER BY {key} LIMIT 5", params
        )
    )
    assert "VIRTUAL TABLE INDEX" in plan and "SCAN d" not in plan
    pending.join()
