"""How long proposals for an open article of about 1,000 words take, against the parse alone.

Usage: python benchmarks/suggest_bench.py [--model DIR] [CSV]   (default: the FNC-1 training bodies)
Prints: suggest_open_article_ms=X parse_only_ms=Y words=N   (medians of 7 runs; goal X <= 300)
and with --model (a folder made by ``annotator train``): trained_open_article_ms=X model_mb=Y
"""

from __future__ import annotations

import csv
import statistics
import sys
import time
from pathlib import Path

from annotator.nlp.attribution import suggest_attributions
from annotator.nlp.model import load_parse_pipeline

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
DEFAULT = CORPORA / "fnc1-train" / "train_bodies.csv"
SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples" / "wire-dump.txt"


def article(path: Path, words: int = 1000) -> str:
    if path.exists():
        csv.field_size_limit(2**31 - 1)
        with path.open(encoding="utf-8", newline="") as fh:
            bodies = [row["articleBody"] for row in csv.DictReader(fh)]
    else:
        bodies = SAMPLES.read_text(encoding="utf-8").split("\n\n\n\n")
    out: list[str] = []
    for body in bodies:
        out.append(body)
        if sum(len(b.split()) for b in out) >= words:
            break
    return "\n\n".join(out)


def main() -> int:
    args = sys.argv[1:]
    model = None
    if "--model" in args:
        at = args.index("--model")
        model = Path(args[at + 1])
        del args[at : at + 2]
    text = article(Path(args[0]) if args else DEFAULT)
    nlp, _ = load_parse_pipeline()
    nlp(text)  # warm-up
    parse, full = [], []
    for _ in range(7):
        start = time.perf_counter()
        nlp(text)
        parse.append(time.perf_counter() - start)
        start = time.perf_counter()
        suggest_attributions(nlp(text))
        full.append(time.perf_counter() - start)
    print(
        f"suggest_open_article_ms={statistics.median(full) * 1000:.0f} "
        f"parse_only_ms={statistics.median(parse) * 1000:.0f} words={len(text.split())}"
    )
    if model is not None:
        from annotator.nlp.model_suggester import load_trained, propose

        trained, _ = load_trained(model)
        propose(trained(text))
        runs = []
        for _ in range(7):
            start = time.perf_counter()
            propose(trained(text))
            runs.append(time.perf_counter() - start)
        size = sum(f.stat().st_size for f in model.rglob("*") if f.is_file()) / 2**20
        print(
            f"trained_open_article_ms={statistics.median(runs) * 1000:.0f} model_mb={size:.1f} "
            f"words={len(text.split())}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
