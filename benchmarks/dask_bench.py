"""Entity pre-annotation on a 2-worker Dask cluster against the local engine, in the same run.

Usage: python benchmarks/dask_bench.py [CSV] [--docs N] [--repeat K] [--partition-size D]
Prints one name=value a line:
    dask_vs_local ratio=R workers=2
    dask_first_run_ratio=F local_words_per_s=L dask_words_per_s=D cluster_start_s=S docs=N
R = Dask's words per second with 2 local worker processes / the local engine's with
``n_process=2``, on the same documents (higher is better; goal >= 0.85).

Both sides write a fresh copy of the same project file the same way (the client is the one
writer). R is the median of K rounds, each a local run next to a Dask run (their order
alternates), so that the load of a shared machine, which drifts over minutes, cancels out of
each pair. The Dask runs use one cluster whose workers have loaded the model, as every run
after the first on a long-lived cluster does; the local engine's ``nlp.pipe`` forks its two
processes from one that has the model loaded, so neither side loads it in the timed run.
F is the cluster's first run, whose workers (spawned, not forked) import spaCy and load the
model at their first partition: what one `--engine dask` run on the embedded cluster costs.
Starting the cluster (S) is timed apart.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotator.io.importer import import_paths
from annotator.nlp.engines import EngineOptions, open_engine
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT = CORPORA / "fnc1-train" / "train_bodies.csv"


def _project(source: Path, workdir: Path, docs: int) -> Path:
    path = workdir / "template.db"
    with Store(path) as store:
        import_paths(store, [source])
        store.db.execute("DELETE FROM documents WHERE id > ?", [docs])
        store.db.conn.commit()
    return path


def _fresh(template: Path, workdir: Path, name: str) -> Path:
    path = workdir / f"{name}.db"
    for leftover in workdir.glob(f"{name}.db*"):
        leftover.unlink()
    shutil.copy(template, path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--docs", type=int, default=400, help="the first N bodies (default 400)")
    parser.add_argument("--repeat", type=int, default=5, help="median of K rounds")
    parser.add_argument("--partition-size", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    if not args.csv.exists():
        print(f"no CSV at {args.csv}; pass one", file=sys.stderr)
        return 2
    nlp, info = load_entity_pipeline()
    ratios, local, dask = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        template = _project(args.csv, workdir, args.docs)

        def run_local() -> tuple[float, int]:
            with Store(_fresh(template, workdir, "local")) as store:
                got = preannotate(store, nlp, info, batch_size=args.batch_size, n_process=2)
                return got.words_per_s, got.words

        def run_dask(engine) -> tuple[float, int]:  # type: ignore[no-untyped-def]
            with Store(_fresh(template, workdir, "dask")) as store:
                got = engine.preannotate(store, nlp, info, batch_size=args.batch_size)
                return got.words_per_s, got.words

        options = EngineOptions("dask", workers=2, partition_size=args.partition_size)
        first_local, words = run_local()
        started = time.perf_counter()
        with open_engine(options) as engine:
            start_s = time.perf_counter() - started
            first, first_words = run_dask(engine)
            assert first_words == words, (first_words, words)
            for round_ in range(args.repeat):
                if round_ % 2:
                    d, _ = run_dask(engine)
                    loc, _ = run_local()
                else:
                    loc, _ = run_local()
                    d, _ = run_dask(engine)
                local.append(loc)
                dask.append(d)
                ratios.append(d / loc)
    med = statistics.median
    print(f"dask_vs_local ratio={med(ratios):.3f} workers=2")
    print(
        f"dask_first_run_ratio={first / first_local:.3f} local_words_per_s={med(local):.0f}"
        f" dask_words_per_s={med(dask):.0f} cluster_start_s={start_s:.2f}"
        f" docs={args.docs} words={words}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
