"""Retrain in the background after every K finished articles (``annotator config retrain-after K``).

After each status change the window asks ``check()``: when K more articles are
marked done than at the last training, the same training as Tools > Train a
model… starts on a worker thread, never blocking the window, announced in the
status bar; when it has saved the model, proposals come from it. Off by default.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotator.core.model import Status
from annotator.nlp.model import MODEL_SETTING
from annotator.nlp.retraining import due, mark_trained
from annotator.store import Store
from annotator.store.locking import passphrase_of
from annotator.ui.background import last_line
from annotator.ui.worker import Worker

if TYPE_CHECKING:  # training's modules load when a retraining starts, not before the first paint
    from annotator.nlp.training import TrainSettings

#: A background retraining keeps the best epoch after this long.
RETRAIN_MINUTES = 30.0


class Retrainer(QObject):
    """Starts a background training when one is due; says so; hands over the saved model."""

    saved = Signal(Path)  # the model folder (``project``: kept inside), once a model is saved
    progress = Signal(str)  # "retraining, epoch 3 done"; "" when it ended

    def __init__(
        self,
        store: Store,
        folder: Callable[[], Path],
        say: Callable[[str, int], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._folder = folder
        self._say = say
        self._base_model = store.get_setting(MODEL_SETTING)
        self._defaults: TrainSettings | None = None
        self.worker: Worker | None = None
        self._started_at = 0

    @property
    def defaults(self) -> TrainSettings:
        """The retraining's settings (built on first use: the training module is heavy)."""
        if self._defaults is None:
            from annotator.nlp.training import TrainSettings

            self._defaults = TrainSettings(max_minutes=RETRAIN_MINUTES, base_model=self._base_model)
        return self._defaults

    @defaults.setter
    def defaults(self, settings: TrainSettings) -> None:
        self._defaults = settings

    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def check(self, busy: bool = False) -> bool:
        """Start a retraining if one is due and no training runs (``busy``: the dialog's)."""
        since = due(self._store)
        if not since or busy or self.running():
            return False
        from annotator.nlp.project_training import keeps_inside, project_training_job
        from annotator.nlp.suggesters import TRAINED_SETTING
        from annotator.nlp.training_job import training_job

        self._started_at = self._store.count_documents(status=Status.DONE)
        passphrase = passphrase_of(self._store)
        if keeps_inside(self._store.encrypted, self._store.get_setting(TRAINED_SETTING)):
            # #19: an encrypted project's model never becomes a plain folder
            job = partial(
                project_training_job, self._store.path, self.defaults, passphrase=passphrase
            )
        else:
            out = self._folder()
            job = partial(training_job, self._store.path, out, self.defaults, passphrase=passphrase)
        self.worker = Worker(job, self)
        self.worker.yielded.connect(self._on_event)
        self.worker.failed.connect(self._on_error)
        self.worker.start()
        self._say(
            f"Retraining the model in the background: {since} article(s) finished since the "
            "last training",
            10_000,
        )
        return True

    def _on_event(self, event: Any) -> None:
        from annotator.nlp.project_model import PROJECT
        from annotator.nlp.training import EpochDone
        from annotator.nlp.training_job import TrainingFailed, TrainingFinished, TrainingStarted

        if isinstance(event, TrainingStarted):
            self._started_at = event.finished
        elif isinstance(event, EpochDone):  # shown beside the suggester, not over edit messages
            self.progress.emit(f"retraining, epoch {event.score.epoch} done")
        elif isinstance(event, TrainingFinished):
            mark_trained(self._store, self._started_at)
            self.progress.emit("")
            out = event.result.out
            self.saved.emit(Path(out) if out is not None else Path(PROJECT))
        elif isinstance(event, TrainingFailed):
            # not due again until K more are finished: no retry loop on a project that cannot train
            mark_trained(self._store, self._started_at)
            self.progress.emit("")
            self._say(f"Retraining skipped: {event.message}", 15_000)

    def _on_error(self, trace: str) -> None:
        mark_trained(self._store, self._started_at)
        self.progress.emit("")
        self._say(f"Retraining stopped by an error: {last_line(trace)}", 15_000)

    def shutdown(self) -> None:
        """The window closes: stop after the current batch; the previous model stays."""
        if self.worker is not None:
            self.worker.stop()
