"""Train attribution proposals on the project's own labels.

By default (``architecture="roles"``) the installed English pipeline parses every
article once, frozen, and a small CNN tagger learns each word's role (B-/I-/O over
SOURCE, CUE and CLAIM: analysts give each word one role at most) from its form,
its parse and the rules' proposals (``role_training``, ``attribution_features``);
on polnear-dev it beat the recognizer (``ner_training``) by 7 points of SOURCE F1 in a quarter
of the time. ``architecture="ner"`` (and any ``base="blank"`` run, which has no
parser) is a spaCy entity recognizer over a CNN ``tok2vec``, started from the
English pipeline's or from random weights. Measurements: ``benchmarks/``.

Training writes into a temporary folder beside the target and swaps it in at
the end, so a failed or interrupted run leaves the previous model in use.
Runs on whichever thread calls it; it touches no store.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Generator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.nlp import ner_training, role_training
from annotator.nlp.model_suggester import (
    FORMAT,
    PROVENANCE,
    ModelFolderError,
    read_provenance,
    without_repeated_patterns,
)
from annotator.nlp.training_data import PRF, LabelledDoc, data_hash

#: Said after training on an encrypted project (#19): the model folder is written plain.
PLAIN_MODEL_NOTICE = (
    "{out} is not encrypted: the model's vocabulary holds words of the project's articles; "
    "keep it on an encrypted disk, or delete it when it is no longer needed"
)
#: At least this many updates per epoch on a small project, with batches of at least so many words.
UPDATES_PER_EPOCH = 8
MIN_BATCH_WORDS = 100


class TrainingError(Exception):
    """Training cannot start or finish; the message names the problem and what to do."""


@dataclass(slots=True)
class TrainSettings:
    """What ``annotator train`` may change; recorded in the provenance."""

    epochs: int = 20
    max_minutes: float | None = None
    dev_share: float = 0.2
    seed: int = 0
    base: str = "pretrained"  # or "blank"
    base_model: str | None = None  # the spaCy pipeline whose tok2vec is reused
    dropout: float = 0.1
    batch_words: int = 2000
    patience: int = 4
    #: Score and save the running average of the weights: steadier across epochs.
    average: bool = True
    status: str = "done"
    annotator: str | None = None
    #: "roles": a tagger over the frozen English parse (role_training); "ner": the recognizer
    #: (also what a blank ``base`` trains, having no English pipeline to parse with).
    architecture: str = "roles"
    #: The role tagger's CNN: 6 layers seeing 2 words either side (a 25-word field).
    width: int = 64
    depth: int = 6
    window: int = 2


@dataclass(slots=True, frozen=True)
class EpochScore:
    """Token precision, recall and F1 per role on the dev articles after one epoch."""

    epoch: int
    seconds: float
    loss: float
    scores: dict[str, PRF]
    partial: bool = False

    @property
    def mean_f1(self) -> float:
        return sum(f for _, _, f in self.scores.values()) / max(1, len(self.scores))

    def line(self) -> str:
        parts = " ".join(
            f"{role} p={p:.2f} r={r:.2f} f1={f:.2f}" for role, (p, r, f) in self.scores.items()
        )
        partial = " (part of an epoch)" if self.partial else ""
        return f"epoch {self.epoch:>2}{partial}  loss={self.loss:.0f}  {parts}"


@dataclass(slots=True)
class TrainResult:
    out: Path | None  # None: kept in memory only (an encrypted project stores it inside)
    provenance: dict[str, Any]
    epochs: list[EpochScore] = field(default_factory=list)
    best: EpochScore | None = None
    stopped: str = "finished"  # finished | no improvement | max-minutes
    #: With no ``out``: the kept epoch's ``nlp.to_bytes()`` and ``nlp.config.to_str()``.
    model_bytes: bytes | None = None
    config: str | None = None


def split_docs(
    docs: list[LabelledDoc], dev_share: float, seed: int
) -> tuple[list[LabelledDoc], list[LabelledDoc]]:
    """Train and dev articles, by document; the same for the same articles and seed."""
    if len(docs) < 2:
        raise TrainingError(
            f"training needs at least 2 labelled articles (one to learn from, one to check on); "
            f"the project has {len(docs)} — label and finish more articles (or use --status all)"
        )
    if not 0 < dev_share < 1:
        raise TrainingError("--dev-share takes the share of articles held out, between 0 and 1")
    order = sorted(docs, key=lambda d: d.content_hash)
    random.Random(seed).shuffle(order)
    n_dev = min(len(order) - 1, max(1, round(len(order) * dev_share)))
    return order[n_dev:], order[:n_dev]


def _optimizer(settings: TrainSettings) -> Any:
    from thinc.api import Adam

    return Adam(0.001, L2=0.01, grad_clip=1.0, use_averages=settings.average)


def _prepare(
    settings: TrainSettings, train_docs: list[LabelledDoc], dev_docs: list[LabelledDoc]
) -> Generator[BatchDone, None, tuple[Any, list[Any], list[Any], Any, list[str], str]]:
    """Pipeline, train and dev examples, optimizer, the frozen components, the base's name.

    Parsing for the role tagger yields its progress as epoch 1's batches (and can be cancelled).
    """
    if settings.architecture == "roles" and settings.base != "blank":
        nlp, frozen, base = role_training.build(settings, TrainingError)
        parsing = role_training.examples(nlp, train_docs + dev_docs, ner_training.reference)
        while True:
            try:
                done, total = next(parsing)
            except StopIteration as stop:
                both = stop.value
                break
            yield BatchDone(1, done, total)
        train_ex, dev_ex = both[: len(train_docs)], both[len(train_docs) :]
        role_training.initialize(nlp, train_ex)
        return nlp, train_ex, dev_ex, _optimizer(settings), frozen, base
    if settings.architecture not in ("roles", "ner"):
        raise TrainingError(f"unknown architecture {settings.architecture!r}: roles or ner")
    nlp, weights, base = ner_training.build_pipeline(settings, TrainingError)
    train_ex = ner_training.examples(nlp, train_docs)
    dev_ex = ner_training.examples(nlp, dev_docs)
    optimizer = nlp.initialize(lambda: train_ex[:50], sgd=_optimizer(settings))
    if weights is not None:
        nlp.get_pipe("tok2vec").from_bytes(weights)
    return nlp, train_ex, dev_ex, optimizer, [], base


def _prepare_out(out: Path) -> Path:
    """A fresh temporary folder beside ``out``; refuses to replace a folder that is not ours."""
    out = Path(out).expanduser().absolute()
    if out.exists():
        if not out.is_dir():
            raise TrainingError(f"{out} is a file; give a folder for the model with --out")
        if any(out.iterdir()):
            try:
                read_provenance(out)
            except ModelFolderError:
                raise TrainingError(
                    f"{out} is not empty and holds no model made by `annotator train`; "
                    "choose another --out folder"
                ) from None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.training-", dir=out.parent))
    except OSError as exc:
        raise TrainingError(
            f"cannot write the model beside {out} ({exc.strerror or exc}); "
            "choose a folder you can write to with --out"
        ) from None


def _swap(tmp: Path, out: Path) -> None:
    """Put the new model in place of the old one; the old one goes only once the new is there."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / "model")
    try:
        tmp.rename(out)
    except BaseException:  # an error or Ctrl-C between the two renames: the old one goes back
        if old is not None:
            (old / "model").rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@dataclass(slots=True, frozen=True)
class BatchDone:
    """Progress within an epoch: ``done`` of ``total`` batches."""

    epoch: int
    done: int
    total: int


@dataclass(slots=True, frozen=True)
class EpochDone:
    score: EpochScore
    is_best: bool  # the best so far, and some F1 above zero (all 0.00 is nothing to praise)


def train(
    docs: list[LabelledDoc],
    out: Path | None,
    settings: TrainSettings | None = None,
    *,
    on_epoch: Callable[[EpochScore, bool], None] | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> TrainResult:
    """Train on ``docs``, hold out a dev part by article, and save the best epoch to ``out``.

    ``on_epoch(score, is_best)`` after each epoch; ``on_batch(done, total)`` within one.
    KeyboardInterrupt (or any error) leaves ``out`` as it was; ``max_minutes`` keeps the
    best epoch so far (``TrainResult.stopped`` says so).
    """
    steps = training_steps(docs, out, settings)
    try:
        while True:
            event = next(steps)
            if isinstance(event, BatchDone) and on_batch is not None:
                on_batch(event.done, event.total)
            elif isinstance(event, EpochDone) and on_epoch is not None:
                on_epoch(event.score, event.is_best)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]
    finally:
        steps.close()  # a callback's error or Ctrl-C: the temporary folder goes, out stays


def training_steps(
    docs: list[LabelledDoc], out: Path | None, settings: TrainSettings | None = None
) -> Generator[BatchDone | EpochDone, None, TrainResult]:
    """``train`` as steps: yields after each batch and epoch, returns the ``TrainResult``.

    Closing the generator early (a cancel) leaves ``out`` as it was. ``out=None`` writes
    nothing anywhere: the result carries the model's bytes and config. Runs on the
    caller's thread: a worker thread in the app.
    """
    import spacy
    from spacy.training.batchers import minibatch_by_words

    settings = settings or TrainSettings()
    if not docs:
        raise TrainingError(
            f"no {'finished ' if settings.status == 'done' else ''}article has SOURCE, CUE or "
            "CLAIM labels to learn from; finish labelled articles (D) or use --status all"
        )
    train_docs, dev_docs = split_docs(docs, settings.dev_share, settings.seed)
    spacy.util.fix_random_seed(settings.seed)
    out = Path(out).expanduser().absolute() if out is not None else None
    tmp = _prepare_out(out) if out is not None else None
    started = time.monotonic()
    deadline = started + settings.max_minutes * 60 if settings.max_minutes else None
    try:
        prepared = yield from _prepare(settings, train_docs, dev_docs)
        nlp, train_ex, dev_ex, optimizer, frozen, base = prepared
        scorer = role_training.token_scores if frozen else ner_training.token_scores
        loss_key = role_training.NAME if frozen else "ner"
        rng = random.Random(settings.seed)
        # a small project still gets several updates an epoch (a few articles fit one batch)
        words = sum(len(ex.reference) for ex in train_ex)
        batch_words = min(settings.batch_words, max(MIN_BATCH_WORDS, words // UPDATES_PER_EPOCH))
        result = TrainResult(out, {})
        best_bytes = None
        stale = 0
        for epoch in range(1, settings.epochs + 1):
            rng.shuffle(train_ex)
            losses: dict[str, float] = {}
            batches = list(minibatch_by_words(train_ex, size=batch_words))
            timed_out = False
            for i, batch in enumerate(batches, 1):
                nlp.update(
                    batch, drop=settings.dropout, sgd=optimizer, losses=losses, exclude=frozen
                )
                yield BatchDone(epoch, i, len(batches))
                if deadline is not None and time.monotonic() > deadline:
                    timed_out = True
                    break
            partial = timed_out and i < len(batches)
            if partial and best_bytes is not None:
                result.stopped = "max-minutes"
                break
            with nlp.use_params(optimizer.averages or {}):
                score = EpochScore(
                    epoch,
                    round(time.monotonic() - started, 1),
                    float(losses.get(loss_key, 0.0)),
                    scorer(nlp, dev_ex),
                    partial,
                )
                is_best = result.best is None or score.mean_f1 >= result.best.mean_f1
                if is_best:
                    best_bytes = nlp.to_bytes()
            result.epochs.append(score)
            if is_best:
                result.best = score
                stale = 0
            else:
                stale += 1
            # kept as the one to save either way; called "best" only once it has learnt something
            yield EpochDone(score, is_best and score.mean_f1 > 0)
            if timed_out:
                result.stopped = "max-minutes"
                break
            if stale >= settings.patience:
                result.stopped = "no improvement"
                break
        assert best_bytes is not None and result.best is not None
        boosts = None
        if frozen:  # the role tagger: buy recall with spare precision, on the dev articles
            without_repeated_patterns(nlp.from_bytes(best_bytes))
            boosts = role_training.tune_boosts(nlp, dev_ex)
            best_bytes = nlp.to_bytes()
            floors = nlp.get_pipe(role_training.NAME).cfg.get("floors", {})
            scores = role_training.token_scores(nlp, dev_ex)
            boosts = {"boosts": boosts, "floors": floors, "scores": scores}
        result.provenance = _provenance(docs, train_docs, dev_docs, settings, result, base, spacy)
        if boosts is not None:
            result.provenance["boosted"] = boosts
        if out is None or tmp is None:
            result.model_bytes, result.config = best_bytes, nlp.config.to_str()
            return result
        without_repeated_patterns(nlp.from_bytes(best_bytes))
        nlp.to_disk(tmp)
        (tmp / PROVENANCE).write_text(
            json.dumps(result.provenance, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        _swap(tmp, out)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise TrainingError(
            f"cannot write the model to {out} ({exc.strerror or exc}); the previous model "
            "(if any) is kept — choose a folder you can write to with --out"
        ) from None
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def _provenance(
    docs: list[LabelledDoc],
    train_docs: list[LabelledDoc],
    dev_docs: list[LabelledDoc],
    settings: TrainSettings,
    result: TrainResult,
    base: str,
    spacy: Any,
) -> dict[str, Any]:
    stamp = datetime.now(UTC)
    digest = data_hash(docs)
    assert result.best is not None
    return {
        "format": FORMAT,
        "task": "attribution",
        "version": f"{stamp:%Y%m%d.%H%M%S}.{digest[:8]}",
        "date": stamp.isoformat(timespec="seconds"),
        "data_hash": digest,
        "documents": len(docs),
        "train": [[d.doc_id, d.content_hash, d.annotator] for d in train_docs],
        "dev": [[d.doc_id, d.content_hash, d.annotator] for d in dev_docs],
        "best_epoch": result.best.epoch,
        "scores": result.best.scores,
        "epochs": [asdict(e) for e in result.epochs],
        "stopped": result.stopped,
        "spacy_version": spacy.__version__,
        "base": base,
        "settings": asdict(settings),
    }
