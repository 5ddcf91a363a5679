"""``annotator train``: its options, and the run with a progress bar and per-epoch lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import Status, status_or_all
from annotator.nlp.model import MODEL_SETTING
from annotator.store import Store

if TYPE_CHECKING:
    from annotator.nlp.training import TrainResult


def add_train_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """train: attribution proposals (or claim–article stances) from the project's own labels."""
    trn = sub.add_parser(
        "train", parents=[common], help="train attribution proposals on the project's labels"
    )
    trn.add_argument(
        "--out",
        type=Path,
        help="folder for the model (attribution) or file (claim-stance); without it the model "
        "is kept inside the project file (a plain project's claim-stance model: "
        "PROJECT.claim-stance.pkl beside it)",
    )
    trn.add_argument(
        "--plain-model",
        action="store_true",
        help="on an encrypted project, write --out anyway: a plain model holds article words",
    )
    trn.add_argument("--task", default="attribution", choices=["attribution", "claim-stance"])
    trn.add_argument(
        "--status", default="done", help="articles with this status (default: done; 'all')"
    )
    trn.add_argument("--annotator", help="only this analyst's labels")
    trn.add_argument(
        "--epochs", type=int, metavar="N", help="passes (attribution: 20; claim-stance: by size)"
    )
    trn.add_argument("--max-minutes", type=float, metavar="M", help="stop after M minutes")
    trn.add_argument("--dev-share", type=float, default=0.2, metavar="SHARE")
    trn.add_argument("--seed", type=int, default=0)
    trn.add_argument(
        "--base",
        default="pretrained",
        choices=["pretrained", "blank"],
        help="tag roles over the English pipeline's parse (default) or, blank, train a "
        "recognizer from scratch (no English pipeline needed)",
    )


def run_train(store: Store, args: argparse.Namespace) -> int:
    """Train into ``args.out``, or inside the project without it (#19: encrypted with it);
    the previous model stays in use unless this one finishes."""
    if args.task == "claim-stance":
        from annotator.claims.train_stance_command import run_train_stance

        return run_train_stance(store, args)
    from annotator.nlp.project_model import PLAIN_MODEL_REFUSED

    if args.out is not None and store.encrypted and not args.plain_model:
        print(f"annotator: {PLAIN_MODEL_REFUSED}", file=sys.stderr)
        return 2
    from tqdm import tqdm

    from annotator.nlp.retraining import mark_trained
    from annotator.nlp.training import TrainingError, TrainSettings, train
    from annotator.nlp.training_data import collect

    try:
        status = status_or_all(args.status)
    except ValueError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    settings = TrainSettings(
        epochs=args.epochs if args.epochs is not None else 20,
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

    finished = store.count_documents(status=Status.DONE)
    try:
        result = train(docs, args.out, settings, on_epoch=epoch, on_batch=batch)
    except TrainingError as exc:
        bar.close()
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        bar.close()
        where = args.out if args.out is not None else "the model kept in the project"
        print(f"interrupted: nothing was saved; {where} is as it was", file=sys.stderr)
        return 130
    bar.close()
    mark_trained(store, finished)  # the workbench's retrain-after-K counts from here
    best = result.best
    assert best is not None
    if result.stopped == "max-minutes":
        print(f"stopped after {args.max_minutes:g} minute(s): keeping the best epoch so far")
    version = result.provenance["version"]
    if result.out is None:
        return _keep_in_project(store, result, best.epoch)
    print(f"saved epoch {best.epoch} (version {version}) to {result.out}")
    print(f"use it with: annotator config suggester model:{result.out}")
    if store.encrypted:  # #19: the project is encrypted, the model folder is not
        from annotator.nlp.training import PLAIN_MODEL_NOTICE

        print("note: " + PLAIN_MODEL_NOTICE.format(out=result.out), file=sys.stderr)
    return 0


def _keep_in_project(store: Store, result: TrainResult, epoch: int) -> int:
    """Keep the model inside the project and make it the project's suggester."""
    from annotator.nlp.project_model import PROJECT, keep_in_project
    from annotator.nlp.suggesters import SUGGESTER_SETTING, parse_for_project, save_choice
    from annotator.store.trained_models import ATTRIBUTION

    keep_in_project(store, result)
    kind = "both" if store.get_setting(SUGGESTER_SETTING) == "both" else "model"
    choice = parse_for_project(store, f"{kind}:{PROJECT}")
    save_choice(store, choice)
    where = "the encrypted project" if store.encrypted else "the project"
    print(
        f"kept epoch {epoch} (version {result.provenance['version']}) inside {where} "
        f"as the model {ATTRIBUTION!r}; suggester = {kind}:{PROJECT}"
    )
    return 0


def config_retrain_after(store: Store, value: str | None) -> int:
    """``config retrain-after K``: retrain in the workbench after K more finished articles."""
    from annotator.nlp.retraining import RETRAIN_SETTING, retrain_after

    if value is None:
        k = retrain_after(store)
        print(f"retrain-after = {k}" if k else "retrain-after is off (0)")
        return 0
    if not value.isdigit():
        print(
            f"annotator: retrain-after takes a number of finished articles (0 turns it off), "
            f"not {value!r}",
            file=sys.stderr,
        )
        return 2
    store.set_setting(RETRAIN_SETTING, str(int(value)))
    k = int(value)
    print(f"retrain-after = {k}" if k else "retrain-after is off (0)")
    return 0
