"""A merge is one transaction: killed half-way, the base is as it was and sound."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store
from tests.conftest import ROOT

FILES = 6
DOCS = 150


def _field_file(path: Path, analyst: str, texts: list[str]) -> None:
    with Store(path) as store:
        docs = []
        for text in texts:
            spans = [Span("SOURCE", i * 10, i * 10 + 5, annotator=analyst) for i in range(20)]
            spans += [Span("CLAIM", i * 10 + 6, i * 10 + 9, annotator=analyst) for i in range(20)]
            rels = [Relation("support", i, 20 + i, annotator=analyst) for i in range(5)]
            docs.append(ParsedDocument(text, title=text[:20], spans=spans, relations=rels))
        store.add_documents(docs)


def _digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = []
        for table in ("documents", "spans", "relations", "document_status", "deletions"):
            rows.append(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
        return hashlib.sha256(repr(rows).encode()).hexdigest()
    finally:
        conn.close()


def test_a_merge_killed_half_way_leaves_the_base_unchanged_and_sound(tmp_path):
    base = tmp_path / "base.db"
    texts = [f"Article {n}: " + "word " * 60 for n in range(DOCS * FILES // 2)]
    with Store(base) as store:
        store.add_documents([ParsedDocument(t) for t in texts[:10]])
    files = []
    for k in range(FILES):
        path = tmp_path / f"field{k}.db"
        _field_file(path, f"analyst{k}", texts[k * DOCS // 2 : k * DOCS // 2 + DOCS])
        files.append(path)
    before = _digest(base)
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--db", str(base), "merge", *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = b""
    while b"file 2/" not in seen:  # two files applied, inside the open transaction
        line = proc.stderr.readline()
        assert line or proc.poll() is None, f"merge ended early: {seen.decode()}"
        seen += line
        assert time.monotonic() < deadline, "the merge never reported its second file"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL  # killed, not finished
    assert (tmp_path / "base.db.before-merge").exists()
    conn = sqlite3.connect(base)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _digest(base) == before
    with Store(base) as store:  # and it still opens and merges
        assert store.count_documents() == 10
