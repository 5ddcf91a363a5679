"""Import a CSV through annotator's importer against a bare sqlite-utils insert_all, same run.

Usage: python benchmarks/import_bench.py [CSV]   (default: the FNC-1 training bodies)
       python benchmarks/import_bench.py --encrypted [CSV]
Prints: import_vs_insert_all ratio=X ours_s=A bare_s=B docs=N   (ratio = our time / bare time)
With --encrypted (#19): encrypted_import_vs_plain ratio=R encrypted_s=A plain_s=B docs=N,
the same import into an SQLCipher project against a plain one (goal: R <= 1.5).

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


def ours(path: Path, workdir: Path, n: int, passphrase: str | None = None) -> tuple[float, int]:
    name = f"{'sealed' if passphrase else 'ours'}{n}.db"
    with Store(workdir / name, passphrase=passphrase) as store:
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


def encrypted_vs_plain(path: Path, repeat: int) -> int:
    """The same import into an encrypted and a plain project, interleaved; best of each."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sealed_times, plain_times, docs = [], [], 0
        for n in range(repeat):
            elapsed, docs = ours(path, workdir, n, passphrase="bench passphrase")
            sealed_times.append(elapsed)
            plain_times.append(ours(path, workdir, n)[0])
    best_sealed, best_plain = min(sealed_times), min(plain_times)
    print(
        f"encrypted_import_vs_plain ratio={best_sealed / best_plain:.2f} "
        f"encrypted_s={best_sealed:.3f} plain_s={best_plain:.3f} docs={docs}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--encrypted", action="store_true", help="encrypted against plain")
    args = parser.parse_args()
    if not args.csv.exists():
        print(f"no CSV at {args.csv}; pass one", file=sys.stderr)
        return 2
    if args.encrypted:
        return encrypted_vs_plain(args.csv, args.repeat)
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
