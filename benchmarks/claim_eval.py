"""Claim–article stance (FNC-1 scoring) and claim ranking, on pairs the model did not see.

Usage:
    python benchmarks/claim_eval.py [--train-stances CSV --train-bodies CSV]
        [--dev-split F --seed S] [--epochs N] [--timing-articles N] [STANCES BODIES]

Trains on the training pairs (default: ../shared/corpora/fnc1-train) and scores STANCES
BODIES, refusing any scored body whose text it trained on; with ``--dev-split F`` and no
STANCES BODIES it holds out that share of the training bodies (by Body ID, seeded), trains
on the rest and scores the held-out pairs. Prints:
    fnc_relative=X fnc_score=S fnc_max=M accuracy=A pairs=N
    related_recall_at_10=R headlines=H
(FNC-1 scoring: 0.25 for related/unrelated right, a further 0.75 for the right stance of
a related pair; recall: per headline, the share of its related bodies, up to 10, that
``annotator claims rank`` puts in its top 10 of all the scored bodies.) With
``--timing-articles N`` it also ranks headlines over N articles (the bodies repeated) and
prints the median and slowest time per claim.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from annotator.claims.rank import rank_articles
from annotator.claims.stance import DEFAULT_EPOCHS, StanceSettings, train_stance_model
from annotator.core.model import ParsedDocument
from annotator.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "fnc1-train"
RELATED = ("agree", "disagree", "discuss")

Pair = tuple[str, int, str]  # headline, body id, stance


def read_pairs(stances: Path, bodies: Path) -> tuple[list[Pair], dict[int, str]]:
    csv.field_size_limit(10_000_000)
    with bodies.open(encoding="utf-8", newline="") as fh:
        texts = {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(fh)}
    with stances.open(encoding="utf-8", newline="") as fh:
        pairs = [(r["Headline"], int(r["Body ID"]), r["Stance"]) for r in csv.DictReader(fh)]
    return pairs, texts


def fnc_score(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    """The competition's score and its maximum for these gold stances."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25 if g == "unrelated" else 0.75
        if (g in RELATED) == (p in RELATED):
            score += 0.25 if g in RELATED else 0.0
    return score, best


def recall_at_10(pairs: list[Pair], bodies: dict[int, str]) -> tuple[float, int]:
    """Mean share of each headline's related bodies (up to 10) that ranking puts in its top 10."""
    related: dict[str, set[int]] = defaultdict(set)
    for headline, body, stance in pairs:
        if stance in RELATED:
            related[headline].add(body)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "rank.db") as store:
        docs = [ParsedDocument(text=t, meta={"body_id": b}) for b, t in sorted(bodies.items())]
        ids = store.add_documents(docs).ids
        body_of = dict(zip(ids, sorted(bodies), strict=True))
        shares = []
        for headline, wanted in related.items():
            top = {body_of[h.doc_id] for h in rank_articles(store, headline, top=10)}
            shares.append(len(top & wanted) / min(10, len(wanted)))
    return (sum(shares) / len(shares) if shares else 0.0), len(shares)


def timing(headlines: list[str], bodies: dict[int, str], articles: int) -> list[float]:
    """Seconds to rank each headline over ``articles`` articles (the bodies repeated)."""
    order = sorted(bodies)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "time.db") as store:
        docs = [
            ParsedDocument(text=bodies[order[i % len(order)]], meta={"copy": i})
            for i in range(articles)
        ]
        store.add_documents(docs)
        store.update_search_index()
        rank_articles(store, headlines[0])  # warm the caches once
        times = []
        for headline in headlines:
            start = time.perf_counter()
            rank_articles(store, headline, top=10)
            times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train-stances", type=Path, default=SHARED / "train_stances.csv")
    ap.add_argument("--train-bodies", type=Path, default=SHARED / "train_bodies.csv")
    ap.add_argument("--dev-split", type=float, metavar="F")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=DEFAULT_EPOCHS)
    ap.add_argument("--timing-articles", type=int, default=0, metavar="N")
    ap.add_argument("--rank-only", action="store_true", help="skip the stance model")
    ap.add_argument("files", nargs="*", type=Path, metavar="STANCES BODIES")
    args = ap.parse_args(argv)
    if len(args.files) not in (0, 2):
        ap.error("give both STANCES and BODIES, or neither (with --dev-split)")
    if not args.files and args.dev_split is None:
        ap.error("nothing to score: give STANCES BODIES, or --dev-split F")
    for path in (args.train_stances, args.train_bodies, *args.files):
        if not path.is_file():
            print(f"claim_eval: {path} not found", file=sys.stderr)
            return 2
    pairs, texts = read_pairs(args.train_stances, args.train_bodies)
    held: set[int] = set()
    if args.dev_split is not None:
        ids = sorted(texts)
        random.Random(args.seed).shuffle(ids)
        held = set(ids[: round(len(ids) * args.dev_split)])
    # a held-out text also stored under another Body ID (FNC-1 has a few) is held out too
    held_texts = {texts[b] for b in held}
    train = [p for p in pairs if p[1] not in held and texts[p[1]] not in held_texts]
    if args.files:
        scored, scored_texts = read_pairs(*args.files)
    else:
        scored, scored_texts = [p for p in pairs if p[1] in held], {b: texts[b] for b in held}
    seen = {texts[b] for _, b, _ in train}
    overlap = {b for _, b, _ in scored if scored_texts[b] in seen}
    if overlap:
        print(
            f"claim_eval: refusing to score: {len(overlap)} scored bodies (e.g. Body ID "
            f"{min(overlap)}) were in training; use --dev-split or other files",
            file=sys.stderr,
        )
        return 2
    print(f"train pairs={len(train)} bodies={len({b for _, b, _ in train})}", file=sys.stderr)
    if not args.rank_only:
        stance(train, texts, scored, scored_texts, args)
    recall, headlines = recall_at_10(scored, scored_texts)
    print(f"related_recall_at_10={recall:.4f} headlines={headlines}")
    if args.timing_articles:
        sample = sorted({h for h, _, _ in scored})[:50]
        times = timing(sample, texts, args.timing_articles)
        print(
            f"rank_ms_median={1000 * statistics.median(times):.0f}"
            f" rank_ms_max={1000 * max(times):.0f} articles={args.timing_articles}"
            f" claims={len(times)}"
        )
    return 0


def stance(
    train: list[Pair],
    texts: dict[int, str],
    scored: list[Pair],
    scored_texts: dict[int, str],
    args: argparse.Namespace,
) -> None:
    """Train the stance model on ``train`` and print its FNC-1 score on ``scored``."""
    start = time.perf_counter()
    model = train_stance_model(
        [h for h, _, _ in train],
        [texts[b] for _, b, _ in train],
        [s for _, _, s in train],
        StanceSettings(epochs=args.epochs, seed=args.seed),
    )
    print(f"trained in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    gold = [s for _, _, s in scored]
    predicted = model.predict([h for h, _, _ in scored], [scored_texts[b] for _, b, _ in scored])
    score, best = fnc_score(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    print(
        f"fnc_relative={score / best:.4f} fnc_score={score:.2f} fnc_max={best:.2f}"
        f" accuracy={accuracy:.4f} pairs={len(gold)}"
    )
    print(
        "confusion (gold -> predicted):",
        dict(Counter(zip(gold, predicted, strict=True))),
        file=sys.stderr,
    )


if __name__ == "__main__":
    raise SystemExit(main())
