"""How many labelled articles before a trained model beats the rules: the learning curve.

Usage: python benchmarks/learning_curve.py [--db PROJECT] [--sizes 25,50,100,200,all]
       [--max-minutes M] [--epochs N] [--base pretrained|blank] [--no-rules] [DEV_FOLDER]

Trains on the first N labelled articles of the project (a fixed shuffle; N counts
every article used, the dev part that picks the best epoch included: what a team
must label) and scores each model on DEV_FOLDER (default ../shared/corpora/polnear-dev)
with ``attribution_eval``'s token measure. Without --db, ../shared/corpora/polnear-train
is imported into a temporary project. Models go to a temporary folder and are
deleted: weights trained on PolNeAR must not leave this machine. Prints:
    rules SOURCE_f1=X CUE_f1=X CLAIM_f1=X
    train_articles=N SOURCE_f1=X CUE_f1=X CLAIM_f1=X epochs=E minutes=M stopped=…
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from attribution_eval import DEFAULT, ROLES, evaluate

from annotator.io.importer import import_paths
from annotator.nlp.attribution import suggest_attributions
from annotator.nlp.model import load_parse_pipeline
from annotator.nlp.model_suggester import load_trained, propose
from annotator.nlp.training import TrainSettings, train
from annotator.nlp.training_data import collect
from annotator.store import Store

TRAIN = DEFAULT.parent / "polnear-train"


def _f1s(f1: dict[str, float]) -> str:
    return " ".join(f"{role}_f1={f1[role]:.2f}" for role in ROLES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--db", type=Path, help="a project holding the training labels")
    parser.add_argument("--sizes", default="25,50,100,200,all")
    parser.add_argument("--max-minutes", type=float, default=None, help="per run")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--base", default="pretrained", choices=["pretrained", "blank"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-rules", action="store_true", help="leave out the rules' line")
    args = parser.parse_args()
    if not (args.dev / "text").is_dir():
        print(f"no text/ folder in {args.dev}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="annotator-curve-") as scratch:
        db = args.db
        if db is None:
            if not TRAIN.is_dir():
                print(f"no training corpus at {TRAIN}; give a project with --db", file=sys.stderr)
                return 2
            db = Path(scratch) / "train.db"
            with Store(db) as store:
                import_paths(store, [TRAIN])
        with Store(db) as store:
            docs = collect(store, status=None)
        order = sorted(docs, key=lambda d: d.content_hash)
        random.Random(args.seed).shuffle(order)
        if not args.no_rules:
            nlp, info = load_parse_pipeline()
            _, f1 = evaluate(args.dev, nlp, suggest_attributions, info.label)
            print(f"rules {_f1s(f1)}", flush=True)
        for size in args.sizes.split(","):
            n = len(order) if size == "all" else int(size)
            settings = TrainSettings(
                epochs=args.epochs, max_minutes=args.max_minutes, base=args.base, seed=args.seed
            )
            started = time.monotonic()
            out = Path(scratch) / f"model-{n}"
            result = train(order[:n], out, settings)
            minutes = (time.monotonic() - started) / 60
            nlp, info = load_trained(out)
            lines, f1 = evaluate(args.dev, nlp, propose, info.label)
            print(
                f"train_articles={n} {_f1s(f1)} epochs={len(result.epochs)} "
                f"best_epoch={result.best.epoch if result.best else 0} minutes={minutes:.1f} "
                f"stopped={result.stopped.replace(' ', '-')}",
                flush=True,
            )
            print("  " + "\n  ".join(lines), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
