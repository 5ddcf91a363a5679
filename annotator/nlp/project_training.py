"""Training in the background into the project itself (#19): no model folder is written.

Tools > Train a model… and background retraining run this instead of
``training_job`` when the model is kept inside the project (always on an
encrypted project): the pipeline is trained in memory and saved as a row of the
project through the worker's own connection before ``TrainingFinished`` is
reported, so the window only switches its suggester to ``model:project``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.jobs import JobContext
from annotator.nlp.project_model import PROJECT, keep_in_project
from annotator.nlp.training import TrainSettings
from annotator.nlp.training_job import TrainingEvent, TrainingFailed, TrainingFinished, training_job
from annotator.store import Store, StoreError
from annotator.store.errors import db_errors
from annotator.store.trained_models import ATTRIBUTION


def keeps_inside(encrypted: bool, trained_setting: str | None) -> bool:
    """Whether a training from the app keeps its model in the project: always when encrypted
    (a folder would be plain), and when the project's model is already kept there."""
    return encrypted or trained_setting == PROJECT


def project_training_job(
    db_path: Path,
    settings: TrainSettings,
    ctx: JobContext,
    passphrase: str | None = None,
    name: str = ATTRIBUTION,
) -> Iterator[TrainingEvent]:
    """``training_job`` kept in memory, then saved inside the project; nothing else is written."""
    events = training_job(db_path, None, settings, ctx, passphrase=passphrase)  # type: ignore[arg-type]
    for event in events:
        if isinstance(event, TrainingFinished):
            try:
                with Store(db_path, passphrase=passphrase) as writer:
                    keep_in_project(writer, event.result, name)
            except (StoreError, *db_errors()) as exc:
                yield TrainingFailed(f"the model could not be kept in {db_path} ({exc})")
                return
        yield event
