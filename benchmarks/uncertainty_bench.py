"""What ordering "next article" by uncertainty costs: the beam over one article, against proposing.

Usage: python benchmarks/uncertainty_bench.py MODEL_DIR [CSV]   (default: the FNC-1 training bodies)
Prints: uncertainty_article_ms=X propose_article_ms=Y words=N beam=W   (medians of 7 runs)

The uncertainty of an article re-runs the trained recognizer with a beam
(``annotator.nlp.uncertainty``); proposing runs it greedily. Both on the same
article of about 1,000 words, in the same loaded run.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from suggest_bench import DEFAULT, article

from annotator.nlp.model_suggester import load_trained, propose
from annotator.nlp.uncertainty import BEAM_WIDTH, uncertainties

RUNS = 7


def median_ms(work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    nlp, _ = load_trained(Path(argv[0]))
    text = article(Path(argv[1]) if len(argv) > 1 else DEFAULT)
    uncertainties(nlp, [text])  # warm up both paths
    propose(nlp(text))
    beam = median_ms(lambda: uncertainties(nlp, [text]))
    greedy = median_ms(lambda: propose(nlp(text)))
    print(
        f"uncertainty_article_ms={beam:.0f} propose_article_ms={greedy:.0f} "
        f"words={len(text.split())} beam={BEAM_WIDTH}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
