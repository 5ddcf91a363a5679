"""Entity pre-annotation in the running app: a background job, its results stored here.

Suggestions are written to the project file on the GUI thread as batches
arrive (a few milliseconds each), so the file keeps a single writer.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from annotator.nlp.background import EntityBatch, ModelMissing, ModelReady, entity_job
from annotator.nlp.model import ModelInfo
from annotator.store import Store
from annotator.ui.worker import Worker


class EntityPreannotator(QObject):
    """Owns the pre-annotation worker; tells the window what changed."""

    model_ready = Signal(object)  # ModelInfo
    unavailable = Signal(str)
    annotated = Signal(list)  # ids of documents that now have suggestions
    progress = Signal(int, int, float)  # done, total, seconds
    finished = Signal(str)  # why it stopped: "done", "cancelled", or an error

    def __init__(self, store: Store, setting: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._setting = setting
        self.info: ModelInfo | None = None
        self.worker: Worker | None = None
        self._reported_done = False
        self._closed = False

    def start(self) -> None:
        """Load the model and start on the corpus, in the background."""
        if self.worker is not None:
            return
        self.worker = Worker(partial(entity_job, self._store.path, self._setting), self)
        self.worker.yielded.connect(self._on_item)
        self.worker.failed.connect(lambda text: self.finished.emit(f"failed: {text}"))
        self.worker.start()

    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def prioritize(self, doc_id: int) -> None:
        """Pre-annotate this document next, ahead of the rest of the corpus."""
        if self.worker is not None:
            self.worker.request(doc_id)

    def needs(self, doc_id: int) -> bool:
        """Whether this document still waits for the current model."""
        if self.info is None:
            return True
        return not self._store.is_preannotated(doc_id, self.info.name, self.info.version)

    def cancel(self) -> None:
        """Stop after the current batch; what is stored stays."""
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop()
            self.finished.emit("cancelled")

    def shutdown(self) -> None:
        """Stop the worker before the window goes away; results still queued are dropped."""
        self._closed = True
        if self.worker is not None:
            self.worker.stop()

    def _on_item(self, item: object) -> None:
        if self._closed:
            return
        if isinstance(item, ModelReady):
            self.info = item.info
            self.model_ready.emit(item.info)
        elif isinstance(item, ModelMissing):
            self.unavailable.emit(item.message)
        elif isinstance(item, EntityBatch):
            self._store.save_suggestions(item.results, item.info.name, item.info.version)
            self.annotated.emit([doc_id for doc_id, _ in item.results])
            self.progress.emit(item.done, item.total, item.seconds)
            if item.done >= item.total and not self._reported_done:
                self._reported_done = True
                self.finished.emit("done")
