"""``annotator train``: its options, and the run with a progress bar and per-epoch lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.core.model import status_or_all
from annotator.nlp.model import MODEL_SETTING
from annotator.store import Store


def add_train_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """train: attribution proposals from the project's own labels."""
    trn = sub.add_parser(
        "train", parents=[common], help="train attribution proposals on the project's labels"
    )
    trn.add_argument("--out", required=True, type=Path, help="folder for the model")
    trn.add_argument("--task", default="attribution", choices=["attribution"])
    trn.add_argument(
        "--status", default="done", help="articles with this status (default: done; 'all')"
    )
    trn.add_argument("--annotator", help="only this analyst's labels")
    trn.add_argument("--epochs", type=int, default=20, metavar="N")
    trn.add_argument("--max-minutes", type=float, metavar="M", help="stop after M minutes")
    trn.add_argument("--dev-share", type=float, default=0.2, metavar="SHARE")
    trn.add_argument("--seed", type=int, default=0)
    trn.add_argument(
        "--base",
        default="pretrained",
        choices=["pretrained", "blank"],
        help="start from the English pipeline's tok2vec (default) or from scratch",
    )


def run_train(store: Store, args: argparse.Namespace) -> int:
    """Train into ``args.out``; the previous model stays in use unless this one finishes."""
    from tqdm import tqdm

    from annotator.nlp.training import TrainingError, TrainSettings, train
    from annotator.nlp.training_data import collect

    try:
        status = status_or_all(args.status)
    except ValueError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    settings = TrainSettings(
        epochs=args.epochs,
        max_minutes=args.max_minutes,
        dev_share=args.dev_share,
        seed=args.seed,
        base=args.base,
        base_model=store.get_setting(MODEL_SETTING),
        status=args.status,
        annotator=args.annotator,
    )
    docs = collect(store, status=status, annotator=args.annotator)
    print(f"training on {len(docs)} labelled article(s) ({args.status}); dev {args.dev_share:g}")
    bar = tqdm(unit="batch", desc="epoch 1", file=sys.stderr, disable=None, leave=False)

    def batch(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    def epoch(score, best):  # type: ignore[no-untyped-def]
        bar.clear()
        tqdm.write(f"{score.line()}{'  best' if best else ''}", file=sys.stdout)
        bar.reset()
        bar.set_description(f"epoch {score.epoch + 1}")

    try:
        result = train(docs, args.out, settings, on_epoch=epoch, on_batch=batch)
    except TrainingError as exc:
        bar.close()
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        bar.close()
        print(f"interrupted: nothing was saved; {args.out} is as it was", file=sys.stderr)
        return 130
    bar.close()
    best = result.best
    assert best is not None
    if result.stopped == "max-minutes":
        print(f"stopped after {args.max_minutes:g} minute(s): keeping the best epoch so far")
    print(f"saved epoch {best.epoch} (version {result.provenance['version']}) to {result.out}")
    print(f"use it with: annotator config suggester model:{result.out}")
    return 0
