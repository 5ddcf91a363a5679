"""Agreement over 1,000 articles labelled by three analysts. Goal: ≤ 5 s.

Usage: python benchmarks/agreement_bench.py [--docs 1000] [--analysts 3]

Builds a project of FNC-1 bodies (../shared/corpora/fnc1-train; made-up text where it
is absent) in which each analyst labels ~10 SOURCE–CUE–CLAIM attributions per article
with stances, each analyst shifting some boundaries and missing some attributions, then
times ``annotator.teams.agreement.agreement`` (every figure the command prints) and,
as a baseline in the same run, the ``krippendorff`` package's alpha on the same token
matrix (where it is installed). Prints:

    agreement_s=X docs=N analysts=K
    agreement_cpu_s=X   (the process's CPU time: near the wall time on an idle machine)
    tokenize_only_s=X   (spaCy's tokenizer alone on the same texts, warm: the floor)
    token_alpha=X   (and krippendorff_s=X when the package is there)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store
from annotator.teams.agreement import agreement
from annotator.teams.tokens import token_bounds

sys.path.insert(0, str(Path(__file__).resolve().parent))
from merge_bench import texts

WORD = re.compile(r"\w+")


def labelled(text: str, analysts: list[str], rng: random.Random) -> ParsedDocument:
    words = [(m.start(), m.end()) for m in WORD.finditer(text)]
    spans: list[Span] = []
    rels: list[Relation] = []
    step = max(10, len(words) // 10)
    for t in range(10):
        at = t * step
        if at + 9 >= len(words):
            break
        for name in analysts:
            if rng.random() < 0.1:
                continue  # this analyst missed it
            shift = rng.choice([0, 0, 0, 1])
            spans.append(Span("SOURCE", words[at][0], words[at + 1][1], annotator=name))
            spans.append(Span("CUE", words[at + 2][0], words[at + 2][1], annotator=name))
            spans.append(Span("CLAIM", words[at + 3][0], words[at + 7 + shift][1], annotator=name))
            stance = "support" if rng.random() < 0.9 else "deny"
            rels.append(
                Relation(stance, len(spans) - 3, len(spans) - 1, len(spans) - 2, annotator=name)
            )
    return ParsedDocument(text, spans=spans, relations=rels, status="done")


def package_alpha(store: Store, names: list[str]) -> tuple[float, float]:
    """The krippendorff package on the same token matrix: (alpha, seconds)."""
    import krippendorff

    from annotator.io.tokenize import tokens
    from annotator.teams.layers import layers_of
    from annotator.teams.tokens import token_codes

    codes = {"SOURCE": 1, "CUE": 2, "CLAIM": 3}
    columns = []
    for doc_id in store.document_ids():
        toks = tokens(store.document(doc_id).text)
        starts = np.array([s for _, s, _ in toks])
        ends = np.array([e for _, _, e in toks])
        layers = layers_of(store, doc_id, set(codes), None)
        matrix = np.full((len(names), len(toks)), np.nan)
        for i, name in enumerate(names):
            if name in layers:
                matrix[i] = token_codes(starts, ends, layers[name].spans, codes)
        columns.append(matrix)
    data = np.concatenate(columns, axis=1)
    started = time.perf_counter()
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return float(alpha), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--analysts", type=int, default=3)
    args = parser.parse_args()
    names = [f"analyst{i}" for i in range(args.analysts)]
    rng = random.Random(0)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        store.add_documents([labelled(t, names, rng) for t in texts(args.docs)])
        started, cpu = time.perf_counter(), time.process_time()
        report = agreement(store)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        docs, coders = len(report.documents), len(report.analysts)
        print(f"agreement_s={took:.2f} docs={docs} analysts={coders}")
        print(f"agreement_cpu_s={cpu:.2f}  (CPU time: what the figure is on an idle machine)")
        started = time.perf_counter()  # the floor: spaCy's tokenizer alone on the same texts
        for doc_id in store.document_ids():
            token_bounds(store.document(doc_id).text)
        print(f"tokenize_only_s={time.perf_counter() - started:.2f}")
        line = f"token_alpha={report.token_alpha:.3f} units={report.units}"
        try:
            theirs, seconds = package_alpha(store, names)
        except ImportError:
            print(line)
            return 0
        print(f"{line} krippendorff_alpha={theirs:.3f} krippendorff_s={seconds:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
