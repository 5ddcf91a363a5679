"""Import a CSV through annotator's importer against a bare sqlite-utils insert_all, same run.

Usage: python benchmarks/import_bench.py [CSV]   (default: the FNC-1 training bodies)
Prints: import_vs_insert_all ratio=X ours_s=A bare_s=B docs=N   (ratio = our time / bare time)

Our path reads and decodes the file, finds the text column, hashes every body
against the store, writes documents and the full-text index in one
durable transaction. The baseline reads the same rows with ``csv`` and calls
``insert_all`` into a plain table. Each side runs several times on fresh
files; the best time of each is compared.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from annotator.io.importer import import_paths
from annotator.store import Store

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT = CORPORA / "fnc1-train" / "train_bodies.csv"


def ours(path: Path, workdir: Path, n: int) -> tuple[float, int]:
    with Store(workdir / f"ours{n}.db") as store:
        start = time.perf_counter()
        report = import_paths(store, [path])
        elapsed = time.perf_counter() - start
    return elapsed, report.imported


def bare(path: Path, workdir: Path, n: int) -> float:
    db = sqlite_utils.Database(workdir / f"bare{n}.db")
    start = time.perf_counter()
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8", newline="") as fh:
        db["documents"].insert_all(csv.DictReader(fh), batch_size=1000)
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if not args.csv.exists():
        print(f"no CSV at {args.csv}; pass one", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ours_times, bare_times, docs = [], [], 0
        for n in range(args.repeat):  # interleaved, so drift hits both sides alike
            elapsed, docs = ours(args.csv, workdir, n)
            ours_times.append(elapsed)
            bare_times.append(bare(args.csv, workdir, n))
    best_ours, best_bare = min(ours_times), min(bare_times)
    print(
        f"import_vs_insert_all ratio={best_ours / best_bare:.2f} "
        f"ours_s={best_ours:.3f} bare_s={best_bare:.3f} docs={docs}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
