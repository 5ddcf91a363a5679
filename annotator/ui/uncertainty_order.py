"""Next article by the model's uncertainty (active learning), a Tools menu toggle, off by default.

When on, and the project's suggester has a trained model, the articles not yet
done are scored in the background (``annotator.nlp.uncertainty``) and "next
article" (N, and D / X after marking) opens the most uncertain one still open
and shown in the list; until scores arrive, or without a model, the list order
holds. The setting is kept in the project.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from annotator.core.model import Status
from annotator.store.locking import passphrase_of
from annotator.ui.background import last_line
from annotator.ui.worker import Worker

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

ORDER_SETTING = "training.next_by_uncertainty"


class UncertaintyOrder(QObject):
    """Scores open articles in the background and picks the next one by uncertainty."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.enabled = window.store.get_setting(ORDER_SETTING) == "1"
        self.scores: dict[int, float] = {}
        self.worker: Worker | None = None
        self._retired: list[Worker] = []

    def set_enabled(self, enabled: bool) -> None:
        """Turn the ordering on (scoring starts) or off (list order again); kept in the project."""
        self.enabled = enabled
        self._window.store.set_setting(ORDER_SETTING, "1" if enabled else "0")
        if enabled:
            if self.restart():
                self._window.say("Next article: the one the model is least sure about", 10_000)
        else:
            self._stop()
            self._window.say("Next article: the next one in the list", 5_000)

    def restart(self) -> bool:
        """Score again with the project's model (after a switch or a retrain); False without one."""
        self._stop()
        self.scores = {}
        if not self.enabled:
            return False
        # the suggesters load with the background work, after the first paint
        from annotator.nlp.model_suggester import ModelFolderError
        from annotator.nlp.project_model import PROJECT
        from annotator.nlp.suggesters import project_choice
        from annotator.nlp.uncertainty import uncertainty_job

        window = self._window
        try:
            choice = project_choice(window.store)
            folder = choice.folder or (Path(PROJECT) if choice.stored is not None else None)
        except ModelFolderError as exc:
            folder, why = None, str(exc)
        else:
            why = "the project's proposals come from the rules"
        if folder is None:
            window.say(
                f"Ordering by uncertainty needs a trained model ({why}): Tools > Train a model…; "
                "the list order holds meanwhile",
                15_000,
            )
            return False
        job = partial(
            uncertainty_job,
            window.store.path,
            folder,
            window.analyst,
            passphrase=passphrase_of(window.store),
        )
        worker = self.worker = Worker(job, self)
        worker.yielded.connect(self._on_batch)
        worker.failed.connect(self._on_error)
        worker.start()
        return True

    def _stop(self) -> None:
        old, self.worker = self.worker, None
        if old is not None:
            old.cancel()
            self._retired = [w for w in self._retired if w.isRunning()] + [old]

    def _on_batch(self, batch: Any) -> None:
        from annotator.nlp.uncertainty import UncertaintyBatch

        if self.sender() is self.worker and isinstance(batch, UncertaintyBatch):
            self.scores.update(batch.scores)

    def _on_error(self, trace: str) -> None:
        if self.sender() is self.worker:
            self._window.say(f"Ordering by uncertainty stopped: {last_line(trace)}", 15_000)

    def next_document(self) -> int | None:
        """The most uncertain article not done and shown in the list; None: use the list order."""
        if not self.enabled or not self.scores:
            return None
        window = self._window

        def skip(doc_id: int) -> bool:
            return (
                window.documents.row_of(doc_id) is None
                or window.store.status(doc_id, window.analyst) == Status.DONE
            )

        from annotator.nlp.uncertainty import most_uncertain

        return most_uncertain(self.scores, skip, window.current_doc)

    def shutdown(self) -> None:
        self._stop()
        for worker in self._retired:
            worker.stop()
