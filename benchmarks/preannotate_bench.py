"""Entity pre-annotation through the store against a raw ``nlp.pipe``, in the same run.

Usage: python benchmarks/preannotate_bench.py [CSV] [--limit N] [--batch-size B]
Prints, for n_process 1 and 2:
    preannotate_vs_raw n_process=K ratio=X words_per_s=W raw_words_per_s=R docs=N
ratio = our throughput / raw throughput (1.0 = no overhead); words are whitespace words.

Our path reads the texts from the project file, runs the same entity-only
pipeline, and commits suggestions with their provenance batch by batch. The
raw path runs ``nlp.pipe`` over the same texts held in memory and keeps the
entities in a list.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from annotator.io.importer import import_paths
from annotator.nlp.entities import entity_spans, preannotate
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT = CORPORA / "fnc1-train" / "train_bodies.csv"


def raw(nlp, texts: list[str], batch_size: int, n_process: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    kept = [
        entity_spans(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    ]
    assert len(kept) == len(texts)
    return time.perf_counter() - start


def ours(
    nlp,
    info,
    source: Path,
    workdir: Path,
    limit: int,
    batch_size: int,  # type: ignore[no-untyped-def]
    n_process: int,
) -> tuple[float, list[str]]:
    path = workdir / f"bench{n_process}.db"
    for leftover in workdir.glob(f"bench{n_process}.db*"):
        leftover.unlink()
    with Store(path) as store:
        import_paths(store, [source])
        if limit:
            store.db.execute("DELETE FROM documents WHERE id > ?", [limit])
        texts = [t for _, t in store.texts(store.document_ids())]
        start = time.perf_counter()
        preannotate(store, nlp, info, batch_size=batch_size, n_process=n_process)
        return time.perf_counter() - start, texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each side")
    args = parser.parse_args()
    if not args.csv.exists():
        print(f"no CSV at {args.csv}; pass one", file=sys.stderr)
        return 2
    nlp, info = load_entity_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        for n_process in (1, 2):
            ours_times, raw_times = [], []
            for _ in range(args.repeat):
                _, texts = ours(
                    nlp, info, args.csv, Path(tmp), args.limit, args.batch_size, n_process
                )  # warm-up: the first pass over a model is slower
                raw_times.append(raw(nlp, texts, args.batch_size, n_process))
                ours_times.append(
                    ours(nlp, info, args.csv, Path(tmp), args.limit, args.batch_size, n_process)[0]
                )
            ours_s, raw_s = min(ours_times), min(raw_times)
            words = sum(len(t.split()) for t in texts)
            print(
                f"preannotate_vs_raw n_process={n_process} ratio={raw_s / ours_s:.2f} "
                f"words_per_s={words / ours_s:.0f} raw_words_per_s={words / raw_s:.0f} "
                f"docs={len(texts)}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
