"""An import killed while it reads a large file, or inside a batch's transaction, leaves the
project reading as it was and sound (the batches it stored are hidden); the next import
deletes them, stores the file and clears the scratch file."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.io.importer import STREAM_FROM_BYTES, import_paths
from annotator.store import Store
from annotator.store.pending_imports import visible
from tests.conftest import ROOT, SAMPLES

#: The child imports, and stops for good where the test kills it: ``read`` after 5 MB
#: (batches already stored, hidden), ``write`` inside the first batch's
#: transaction after SQLite has done some of its work (documents inserted, not committed),
#: ``join`` inside the final transaction (totals added, the import not yet shown).
DRIVER = """
import sys, time
from annotator.io.importer import import_paths
from annotator.store import Store
db, path, where = sys.argv[1:4]
store = Store(db)
def hold(word):
    print(word, flush=True)
    while True:
        time.sleep(1)
seen = [0, 0]
def on_bytes(n):
    seen[0] += n
    if where == "read" and seen[0] > 5 * 2**20:
        hold("READING")
def on_step():
    if where == "write" and store.db.conn.in_transaction:
        seen[1] += 1
        if seen[1] == 100:
            hold("WRITING")
    return 0
store.db.conn.set_progress_handler(on_step, 1000)
def on_statement(sql):
    if where == "join" and sql.startswith("DELETE FROM pending_imports"):
        hold("JOINING")
store.db.conn.set_trace_callback(on_statement)
import_paths(store, [path], on_bytes=on_bytes)
print("FINISHED", flush=True)
"""


def _digest(path: Path) -> str:
    """What the project shows: its documents, spans, totals and search hits."""
    conn = sqlite3.connect(path)
    try:
        rows = [
            conn.execute(f"SELECT * FROM documents WHERE {visible('id')} ORDER BY 1").fetchall(),
            *(
                conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("spans", "document_totals")
            ),
        ]
        found = conn.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'dispatch'"
            f" AND {visible('rowid')}"
        ).fetchall()
        return hashlib.sha256(repr((rows, found)).encode()).hexdigest()
    finally:
        conn.close()


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _big_csv(path: Path) -> None:
    body = (SAMPLES / "wire-dump.txt").read_text(encoding="utf-8")[:2000]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "text"])
        i = 0
        while fh.tell() < STREAM_FROM_BYTES * 1.5:
            out.writerow([i, f"Dispatch {i}.\n\n{body}"])
            i += 1


@pytest.mark.parametrize("where", ["read", "write", "join"])
def test_a_killed_import_leaves_the_project_as_it_was(tmp_path, where):
    db, big = tmp_path / "project.db", tmp_path / "big.csv"
    _big_csv(big)
    with Store(db) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
    before = _digest(db)
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db), str(big), where],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 300
        line = proc.stdout.readline()  # blocks until the child holds, or ends
        assert line.strip() in ("READING", "WRITING", "JOINING"), (
            line,
            proc.stderr.read()[-2000:],
        )
        assert time.monotonic() < deadline
        if where == "read":  # batches were stored, hidden
            assert _count(db, "pending_batches") > 0 and _count(db, "documents") > 3
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=60)
    assert _digest(db) == before  # nothing of the file joined the project
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Store(db) as store:
        report = import_paths(store, [big])
        assert report.imported > 3000 and report.ok
        assert store.stats()["documents"] == report.imported + 3
    assert _count(db, "documents") == report.imported + 3  # the killed import's rows are gone
    assert _count(db, "pending_imports") == 0
    assert not list(tmp_path.glob(".project.db.import-*.staging"))  # the killed one's too
