"""Attribution suggestions against PolNeAR's gold attributions, over whole documents.

Usage: python benchmarks/attribution_eval.py [--model DIR] [FOLDER]
(default: ../shared/corpora/polnear-dev, laid out as text/NAME.txt and
attributions/NAME_ANNOTATOR.ann; --model: a folder made by ``annotator train``
instead of the rules)
Prints one line per role and one for whole attributions:
    SOURCE token_p=X token_r=X token_f1=X exact_f1=X
    CUE ...
    CLAIM ...
    attributions matched=X   (share of gold attributions with all parts overlapping one suggestion)
Token-level scores are PolNeAR's own measure; each annotator's file counts as one document.

``--analysts`` measures no model: on the articles two or more analysts labelled, each
analyst's words against each other's, as token F1 per role (the same measure as a
model's, so its ceiling where analysts differ):
    CUE analysts_token_f1=X articles=N pairs=M
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.io.brat import LABELS
from annotator.io.tokenize import tokens
from annotator.nlp.attribution import AttributionSuggestion, suggest_attributions
from annotator.nlp.model import load_parse_pipeline
from annotator.nlp.model_suggester import load_trained, propose

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "polnear-dev"
ROLES = ("SOURCE", "CUE", "CLAIM")
Pieces = tuple[tuple[int, int], ...]


def gold(ann: Path) -> tuple[dict[str, list[Pieces]], list[dict[str, Pieces]]]:
    """Spans by role, and attributions as {role: pieces}."""
    spans: dict[str, Pieces] = {}
    by_role: dict[str, list[Pieces]] = {r: [] for r in ROLES}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        ident, _, rest = line.partition("\t")
        if ident.startswith("T"):
            btype, _, offsets = rest.split("\t")[0].partition(" ")
            pieces = tuple(tuple(map(int, p.split())) for p in offsets.split(";"))
            spans[ident] = pieces
            if btype in LABELS:
                by_role[LABELS[btype]].append(pieces)
        elif ident.startswith("E"):
            parts = dict(arg.split(":") for arg in rest.split()[1:])
            event = {LABELS[r]: spans[t] for r, t in parts.items() if r in LABELS and t in spans}
            if "CLAIM" in event:
                events.append(event)
    return by_role, events


def overlaps(a: Pieces, b: tuple[int, int]) -> bool:
    return any(s < b[1] and b[0] < e for s, e in a)


def token_set(toks: list[tuple[str, int, int]], spans: list[Pieces]) -> set[int]:
    return {i for i, (_, s, e) in enumerate(toks) for p in spans if overlaps(p, (s, e))}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--model", type=Path, help="a model folder made by `annotator train`")
    parser.add_argument(
        "--analysts", action="store_true", help="analysts against each other, no model"
    )
    args = parser.parse_args()
    folder = args.folder
    if not (folder / "text").is_dir():
        print(f"no text/ folder in {folder}", file=sys.stderr)
        return 2
    if args.analysts:
        print("\n".join(analyst_agreement(folder)))
        return 0
    nlp, info = load_trained(args.model) if args.model else load_parse_pipeline()
    lines, _ = evaluate(folder, nlp, propose if args.model else suggest_attributions, info.label)
    print("\n".join(lines))
    return 0


def analyst_agreement(folder: Path) -> list[str]:
    """Token F1 per role of each analyst's file against each other's, on shared articles.

    Every ordered pair counts once (one analyst as gold, the other as the guess), so
    precision equals recall and the figure is their F1.
    """
    counts: Counter[str] = Counter()
    articles = pairs = 0
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if len(anns) < 2:
            continue
        articles += 1
        toks = tokens(txt.read_text(encoding="utf-8"))
        words = [{r: token_set(toks, gold(ann)[0][r]) for r in ROLES} for ann in anns]
        for i, first in enumerate(words):
            for second in words[i + 1 :]:
                pairs += 1
                for role in ROLES:
                    counts[f"{role}.tp"] += len(first[role] & second[role])
                    counts[f"{role}.differ"] += len(first[role] ^ second[role])
    lines = []
    for role in ROLES:
        tp, differ = counts[f"{role}.tp"], counts[f"{role}.differ"]
        f1 = 2 * tp / (2 * tp + differ) if tp + differ else 0.0
        lines.append(f"{role} analysts_token_f1={f1:.2f} articles={articles} pairs={pairs}")
    return lines


def evaluate(
    folder: Path, nlp: Any, suggest: Callable[[Any], list[AttributionSuggestion]], label: str
) -> tuple[list[str], dict[str, float]]:
    """The printed lines, and token F1 by role."""
    counts: Counter[str] = Counter()
    matched = total_events = 0
    started = time.perf_counter()
    words = 0
    for txt in sorted((folder / "text").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        words += len(text.split())
        suggestions: list[AttributionSuggestion] = suggest(nlp(text))
        predicted = {
            "SOURCE": [((s.source),) for s in suggestions if s.source],
            "CUE": [(s.cue,) for s in suggestions],
            "CLAIM": [(s.claim,) for s in suggestions],
        }
        toks = tokens(text)
        for ann in sorted((folder / "attributions").glob(f"{txt.stem}_*.ann")):
            by_role, events = gold(ann)
            for role in ROLES:
                g = token_set(toks, by_role[role])
                p = token_set(toks, predicted[role])
                counts[f"{role}.tp"] += len(g & p)
                counts[f"{role}.fp"] += len(p - g)
                counts[f"{role}.fn"] += len(g - p)
                gold_exact = {(min(s for s, _ in x), max(e for _, e in x)) for x in by_role[role]}
                pred_exact = {x[0] for x in predicted[role]}
                counts[f"{role}.etp"] += len(gold_exact & pred_exact)
                counts[f"{role}.efp"] += len(pred_exact - gold_exact)
                counts[f"{role}.efn"] += len(gold_exact - pred_exact)
            for event in events:
                total_events += 1
                if any(
                    overlaps(event["CLAIM"], s.claim)
                    and ("CUE" not in event or overlaps(event["CUE"], s.cue))
                    and (
                        "SOURCE" not in event or (s.source and overlaps(event["SOURCE"], s.source))
                    )
                    for s in suggestions
                ):
                    matched += 1
    lines, f1 = [], {}
    for role in ROLES:
        p, r, f = prf(counts[f"{role}.tp"], counts[f"{role}.fp"], counts[f"{role}.fn"])
        _, _, ef = prf(counts[f"{role}.etp"], counts[f"{role}.efp"], counts[f"{role}.efn"])
        lines.append(f"{role} token_p={p:.2f} token_r={r:.2f} token_f1={f:.2f} exact_f1={ef:.2f}")
        f1[role] = f
    lines.append(
        f"attributions matched={matched / max(1, total_events):.2f} "
        f"gold={total_events} model={label} "
        f"words_per_s={words / (time.perf_counter() - started):.0f}"
    )
    return lines, f1


if __name__ == "__main__":
    raise SystemExit(main())
