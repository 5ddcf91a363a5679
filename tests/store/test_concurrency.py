"""Several annotator processes on one project file at once: real processes, exact counts."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store
from tests.conftest import ROOT

ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _annotator(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "annotator", "--db", str(db), *args],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
    return proc.returncode, out, err


def test_the_same_file_imported_by_three_processes_at_once_is_stored_once(tmp_path):
    source = tmp_path / "wire.jsonl"
    distinct = 6000
    with source.open("w", encoding="utf-8") as f:
        for i in range(distinct):
            text = f"Article {i}: the ministry said on Monday that talks {i % 97} would resume."
            f.write(json.dumps({"text": text, "title": f"a{i}"}) + "\n")
    db = tmp_path / "p.db"
    Store(db).close()  # the project exists; the imports race on the documents alone
    procs = [_annotator(db, "import", str(source)) for _ in range(3)]
    results = [_finish(p) for p in procs]
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    imported = [int(out.split()[1]) for _code, out, _err in results]
    assert sorted(imported) == [0, 0, distinct], [out for _c, out, _e in results]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == distinct
        assert conn.execute("SELECT count(DISTINCT content_hash) FROM documents").fetchone()[0] == (
            distinct
        )
    finally:
        conn.close()


WRITER = """
import sys
from annotator.core.model import ParsedDocument
from annotator.store import Store
with Store(sys.argv[1]) as store:
    print("ready", flush=True)
    for i in range(int(sys.argv[2])):
        doc = ParsedDocument(text=f"Zebra report {i} from the coast.", title=str(i))
        store.add_documents([doc])
"""


def test_search_while_another_process_writes_waits_instead_of_failing(tmp_path):
    db = tmp_path / "p.db"
    writes = 1000
    with Store(db) as store:
        store.add_documents(
            [ParsedDocument(text=f"Zebra seen {i}.", title=str(i)) for i in range(50)]
        )
        store.update_search_index()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(writes)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        searches = []
        while writer.poll() is None or len(searches) < 3:
            searches.append(_finish(_annotator(db, "list", "--search", "zebra")))
            if len(searches) >= 40:
                break
    finally:
        code, _out, err = _finish(writer)
    assert code == 0, err
    failed = [(c, e) for c, _o, e in searches if c != 0 or e.strip()]
    assert failed == [], f"{len(failed)} of {len(searches)} searches failed: {failed[:2]}"
    code, out, err = _finish(_annotator(db, "list", "--search", "zebra"))
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 50 + writes  # every document found once, none twice
    conn = sqlite3.connect(db)
    try:
        matches = conn.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'zebra'"
        ).fetchone()[0]
        assert matches == 50 + writes
    finally:
        conn.close()


def test_a_busy_project_file_is_a_sentence_not_a_traceback(tmp_path, capsys, monkeypatch):
    import annotator.store.store as store_module

    db = tmp_path / "p.db"
    with Store(db) as store:  # indexed as stored (schema 7): a search only reads
        store.add_documents([ParsedDocument(text="Zebra seen.", title="z")])
    source = tmp_path / "a.txt"
    source.write_text("The ministry said talks would resume.\n", encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another annotator is in the middle of a write
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.2)  # wait less than the 30 s default
    try:
        searched = main(["--db", str(db), "list", "--search", "zebra"])
        search_out = capsys.readouterr()
        imported = main(["--db", str(db), "import", str(source)])
        import_out = capsys.readouterr()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    busy = f"{db}: the project file is busy (another annotator is writing to it); try again"
    assert searched == 0 and search_out.err == ""  # a search never waits for a writer
    assert search_out.out.count("\n") == 1
    assert imported == 1  # the import names the file it could not store, and why
    assert busy in import_out.out and "Traceback" not in import_out.out + import_out.err
    with Store(db) as store:
        assert store.count_documents() == 1
