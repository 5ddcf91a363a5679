"""Training as a background job: the same training as ``annotator train``, in steps.

Runs on a worker thread. It reads the project's labels through its own
connection, trains into a temporary folder and swaps it in only at the end;
cancelling (``ctx.cancel()``, checked after every batch) closes the training and
leaves the previous model as it was. It yields plain values only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.jobs import JobContext
from annotator.core.model import Status
from annotator.nlp.training import (
    BatchDone,
    EpochDone,
    TrainingError,
    TrainResult,
    TrainSettings,
    training_steps,
)
from annotator.nlp.training_data import collect
from annotator.store import Store


@dataclass(slots=True, frozen=True)
class TrainingStarted:
    """The labelled articles were read: how many the model learns from (and is checked on)."""

    documents: int
    finished: int  # articles marked done when training started (for retrain-after-K)


@dataclass(slots=True, frozen=True)
class TrainingFinished:
    result: TrainResult


@dataclass(slots=True, frozen=True)
class TrainingFailed:
    """Training could not start or finish; the previous model is kept."""

    message: str


TrainingEvent = TrainingStarted | BatchDone | EpochDone | TrainingFinished | TrainingFailed


def training_job(
    db_path: Path,
    out: Path,
    settings: TrainSettings,
    ctx: JobContext,
    passphrase: str | None = None,
) -> Iterator[TrainingEvent]:
    """Read the labels, train step by step, and report; stops between batches when cancelled."""
    status = None if settings.status == "all" else settings.status
    with Store(db_path, passphrase=passphrase) as reader:
        docs = collect(reader, status=status, annotator=settings.annotator)
        finished = reader.count_documents(status=Status.DONE)
    yield TrainingStarted(len(docs), finished)
    steps = training_steps(docs, out, settings)
    try:
        while not ctx.cancelled():
            yield next(steps)
    except StopIteration as stop:
        yield TrainingFinished(stop.value)
    except TrainingError as exc:
        yield TrainingFailed(str(exc))
    finally:
        steps.close()  # a cancel: the temporary folder goes, the previous model stays
