"""A million articles: import memory and time, then list, search and stats on the result.

Usage: python benchmarks/scale_bench.py [--docs N] [--keep DIR [--reuse]]
       (default 1,000,000 documents made from the FNC-1 training bodies)
Prints one figure a line:
    import_docs=N        documents the import stored
    import_s=S           wall time of ``import_paths`` on the one CSV file
    import_peak_mb=M     peak resident memory of the import process (its ru_maxrss)
    import_lock_s=S      the final transaction (the join that shows the file's documents)
    join_ms=X            the same in milliseconds: what an edit in the window may wait for
    csv_mb=M             size of the generated CSV
    db_mb=M              size of the project file after the import
    list_open_ms=X       fresh process: open the store, build the document list and show it
    search_ms=X          then search the list for a name (the first search after the import)
    search_hits=N        how many documents that search found
    search_common_ms=X   then a word found in about half of the documents
    stats_ms=X           then ``annotator stats`` (in the same process)
    *_in_flight_ms=X     list, searches and stats again while an import is in flight (the
                         last tenth of the ids hidden as its rows: each reader then filters)
    *_during_import_ms=X the same with every document hidden as the rows of an import in
                         flight, in ranges of 500 as its batches leave them (a project
                         holding only a large import that has not joined yet)

Each figure comes from a child process, so one step's memory and caches do not help
the next; the import's peak is read from the kernel (``RUSAGE_CHILDREN``) after it exits.
The documents are the FNC-1 bodies, each copy led by its own dateline and with its
paragraphs rotated, so no two are duplicates. Run it under ``nice -n 10``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
BODIES = CORPORA / "fnc1-train" / "train_bodies.csv"
SEARCH = "Nicaragua"
COMMON = "said"

IMPORT_CHILD = """
import sys, time
from annotator.io.importer import import_paths
from annotator.store import Store
with Store(sys.argv[1]) as store:
    start = time.perf_counter()
    report = import_paths(store, [sys.argv[2]])
    elapsed = time.perf_counter() - start
print(f"import_docs={report.imported}")
print(f"import_s={elapsed:.1f}")
print(f"import_lock_s={max(f.locked_s for f in report.files):.1f}")
print(f"join_ms={max(f.locked_s for f in report.files) * 1000:.0f}")
"""

QUERY_CHILD = """
import contextlib, io, os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator import cli
from annotator.store import Store
from annotator.ui.document_list import DocumentList
from annotator.ui.document_table import DocumentTableModel
start = time.perf_counter()
store = Store(sys.argv[1], create=False)
pane = DocumentList(DocumentTableModel(store))
pane.resize(400, 900)
pane.show()
app.processEvents()
print(f"list_open_ms={(time.perf_counter() - start) * 1000:.0f}")
for name, word in (("search", sys.argv[2]), ("search_common", sys.argv[3])):
    start = time.perf_counter()
    pane.search.setText(word)
    pane.apply_filter()
    app.processEvents()
    print(f"{name}_ms={(time.perf_counter() - start) * 1000:.0f}")
    if name == "search":
        print(f"search_hits={pane.documents.total()}")
store.close()
start = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(["--db", sys.argv[1], "stats"])
assert code == 0
print(f"stats_ms={(time.perf_counter() - start) * 1000:.0f}")
"""


def bodies() -> list[str]:
    csv.field_size_limit(2**31 - 1)
    with BODIES.open(encoding="utf-8", newline="") as fh:
        return [row["articleBody"] for row in csv.DictReader(fh) if row["articleBody"].strip()]


def write_corpus(path: Path, docs: int) -> None:
    """``docs`` rows: an FNC-1 body with a dateline of its own, its paragraphs rotated."""
    texts = [[p for p in b.split("\n") if p.strip()] for b in bodies()]
    cities = ("Managua", "Lagos", "Oslo", "Quito", "Hanoi", "Perth", "Tunis", "Riga")
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Body ID", "Outlet", "articleBody"])
        for i in range(docs):
            paras = texts[i % len(texts)]
            turn = (i // len(texts)) % max(1, len(paras))
            rotated = paras[turn:] + paras[:turn]
            dateline = f"{cities[i % len(cities)].upper()}, dispatch {i}."
            out.writerow([i, f"outlet-{i % 37}", dateline + "\n\n" + "\n\n".join(rotated)])


@contextlib.contextmanager
def hidden(db: Path, ranges: list[tuple[int, int]], clear_old: bool = False) -> Iterator[None]:
    """Ids in ``ranges`` as the hidden rows of an import in flight (this process)."""
    conn = sqlite3.connect(db)
    try:
        if clear_old:  # the ranges a joined import left say nothing: the next import removes them
            conn.execute("DELETE FROM pending_batches WHERE import_id NOT IN"
                         " (SELECT id FROM pending_imports)")  # fmt: skip
        conn.execute(
            "INSERT INTO pending_imports (id, pid, host, started_at) VALUES (-1, ?, '', '')",
            [os.getpid()],
        )
        conn.executemany(
            "INSERT INTO pending_batches (first_id, last_id, import_id, documents, words)"
            " VALUES (?, ?, -1, 0, 0)",
            ranges,
        )
        conn.commit()
        yield
    finally:
        conn.execute("DELETE FROM pending_batches WHERE import_id = -1")
        conn.execute("DELETE FROM pending_imports WHERE id = -1")
        conn.commit()
        conn.close()


def in_flight(db: Path, docs: int) -> contextlib.AbstractContextManager[None]:
    """The last tenth of the ids hidden as an import in flight."""
    return hidden(db, [(docs - docs // 10 + 1, docs)])


def only_in_flight(
    db: Path, docs: int, batch: int = 500
) -> contextlib.AbstractContextManager[None]:
    """Every id hidden, as the batches of one import in flight."""
    ranges = [(first, min(first + batch - 1, docs)) for first in range(1, docs + 1, batch)]
    return hidden(db, ranges, clear_old=True)


def child(code: str, *args: str) -> dict[str, str]:
    code_root = os.environ.get("SCALE_BENCH_PATH", str(ROOT))  # another tree, for a baseline
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": code_root},
        cwd=code_root,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit(f"a benchmark step failed (exit {done.returncode})")
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the files")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: query the project kept there"
    )
    args = parser.parse_args()
    if not BODIES.exists():
        print(f"no FNC-1 bodies at {BODIES}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(dir=args.keep) as tmp:
        work = args.keep or Path(tmp)
        corpus, db = work / f"scale-{args.docs}.csv", work / f"scale-{args.docs}.db"
        if not corpus.exists():
            write_corpus(corpus, args.docs)
        before = time.perf_counter()
        if args.reuse and args.keep and db.exists():
            docs = sqlite3.connect(db).execute("SELECT max(id) FROM documents").fetchone()[0]
            figures = {"import_docs": str(docs)}
        else:
            for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                stale.unlink(missing_ok=True)
            figures = child(IMPORT_CHILD, str(db), str(corpus))
            peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            for key in ("import_docs", "import_s", "import_lock_s", "join_ms"):
                if key in figures:  # a baseline tree has no lock figure
                    print(f"{key}={figures[key]}")
            print(f"import_peak_mb={peak_kb / 1024:.0f}")
            print(f"csv_mb={corpus.stat().st_size / 2**20:.0f}")
            print(f"db_mb={db.stat().st_size / 2**20:.0f}")
        for key, value in child(QUERY_CHILD, str(db), SEARCH, COMMON).items():
            print(f"{key}={value}")
        with in_flight(db, int(figures["import_docs"])):
            for key, value in child(QUERY_CHILD, str(db), SEARCH, COMMON).items():
                if key.endswith("_ms"):
                    print(f"{key.removesuffix('_ms')}_in_flight_ms={value}")
        with only_in_flight(db, int(figures["import_docs"])):
            for key, value in child(QUERY_CHILD, str(db), SEARCH, COMMON).items():
                if key.endswith("_ms"):
                    print(f"{key.removesuffix('_ms')}_during_import_ms={value}")
        print(f"total_s={time.perf_counter() - before:.0f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
