"""The window's background spaCy work: entity pre-annotation and attribution proposals.

Both are one ``BackgroundJob``: a worker thread runs a job from ``annotator.nlp``
that only reads the project file and yields plain results; this object, on the
GUI thread, writes them to the store (so the file keeps a single writer) and
tells the window. A missing model or a job that fails becomes one sentence on
``unavailable``, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.core.jobs import JobContext
from annotator.nlp.detached import detached
from annotator.nlp.model import ModelInfo, loading
from annotator.store import Store
from annotator.store.database import import_writer
from annotator.store.locking import passphrase_of
from annotator.ui.worker import Job, Worker


def last_line(trace: str) -> str:
    """The sentence at the end of a traceback ("ValueError: …"), without the frames."""
    lines = [line for line in trace.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "unknown error"


def _after_store_writer(job: Job) -> Job:
    """``job``, after importing on its thread what the project's first write needs.

    The window opens without sqlite-utils (store/database.py); its first write (these
    jobs' results, or an edit) would import it on the GUI thread: 110–170 ms of a frozen
    window. Imported here, off the GUI thread, before the model loads.
    """

    def run(ctx: JobContext) -> Iterator[Any]:
        with loading():  # holds no project file: a cancel does not wait for it
            import_writer()
        yield from job(ctx)

    return run


class BackgroundJob(QObject):
    """Owns one worker: started once, fed requests, stopped when the window closes."""

    unavailable = Signal(str)  # why there are no results: no model, or the job failed
    #: what the job does, for the failure sentence
    what = "Background work"

    def __init__(self, store: Store, setting: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._setting = setting
        self.info: ModelInfo | None = None
        self.worker: Worker | None = None
        self._closed = False

    def _job(self) -> Job:
        raise NotImplementedError

    def _handle(self, item: Any) -> None:
        """One result of the job, on the GUI thread."""
        raise NotImplementedError

    def start(self) -> None:
        """Load the model and start, in the background (once)."""
        if self.worker is not None:
            return
        # on a daemon thread: quitting never waits for a model still loading
        self.worker = Worker(detached(_after_store_writer(self._job()), type(self).__name__), self)
        self.worker.yielded.connect(self._on_item)
        self.worker.failed.connect(self._on_failed)
        self.worker.start()

    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def cancel(self) -> bool:
        """Stop after the current step; what is stored stays. True when it was running."""
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop()
            return True
        return False

    def shutdown(self) -> None:
        """Stop the worker before the window goes away; results still queued are dropped."""
        self._closed = True
        if self.worker is not None:
            self.worker.stop()

    def _on_item(self, item: Any) -> None:
        if not self._closed:
            self._handle(item)

    def _on_failed(self, trace: str) -> None:
        if not self._closed:
            self._failed(f"{self.what} stopped by an error: {last_line(trace)}")

    def _failed(self, sentence: str) -> None:
        self.unavailable.emit(sentence)


class EntityPreannotator(BackgroundJob):
    """Entity suggestions over the corpus, the open article first."""

    model_ready = Signal(object)  # ModelInfo
    annotated = Signal(list)  # ids of documents that now have suggestions
    progress = Signal(int, int, float)  # done, total, seconds
    finished = Signal(str)  # why it stopped: "done", "cancelled", or a sentence
    what = "Entity highlighting"

    def __init__(
        self,
        store: Store,
        setting: str | None,
        parent: QObject | None = None,
        *,
        language: str | None = None,
    ) -> None:
        super().__init__(store, setting, parent)
        self._reported_done = False
        #: the documents it reads: those in this language (a model set per language), or
        #: by default those in its pipeline's language
        self.language = language

    def _job(self) -> Job:
        from annotator.nlp.background import entity_job  # after the first paint (start-up)

        return partial(
            entity_job,
            self._store.path,
            self._setting,
            passphrase=passphrase_of(self._store),
            for_language=self.language,
        )

    def prioritize(self, doc_id: int) -> None:
        """Pre-annotate this document next, ahead of the rest of the corpus."""
        if self.worker is not None:
            self.worker.request(doc_id)

    def needs(self, doc_id: int) -> bool:
        """Whether this document still waits for the current model."""
        if self.info is None:
            return True
        return not self._store.is_preannotated(doc_id, self.info.name, self.info.version)

    def cancel(self) -> bool:
        stopped = super().cancel()
        if stopped:
            self.finished.emit("cancelled")
        return stopped

    def _failed(self, sentence: str) -> None:
        self.finished.emit(sentence)

    def _handle(self, item: Any) -> None:
        from annotator.nlp.background import EntityBatch, ModelMissing, ModelReady

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


class AttributionSuggester(BackgroundJob):
    """Proposals for articles as they open, computed by the parser in the background."""

    ready = Signal(int)  # document id whose proposals are now stored
    working = Signal(int)  # documents still being proposed for (0: idle)
    what = "Attribution proposals"

    def __init__(self, store: Store, setting: str | None, parent: QObject | None = None) -> None:
        super().__init__(store, setting, parent)
        self._asked: set[int] = set()
        self._pending: set[int] = set()

    def _job(self) -> Job:
        from annotator.nlp.suggest import suggestion_job  # the rules: after the first paint

        return partial(
            suggestion_job, self._store.path, self._setting, passphrase=passphrase_of(self._store)
        )

    def request(self, doc_id: int) -> None:
        """Propose attributions for this article unless they are stored already."""
        if self.worker is None or doc_id in self._asked:
            return
        if not self._store.has_attribution_run(doc_id):
            self._asked.add(doc_id)
            self._pending.add(doc_id)
            self.worker.request(doc_id)
            self.working.emit(len(self._pending))

    def pending(self, doc_id: int) -> bool:
        """Whether proposals for this article are still being computed."""
        return doc_id in self._pending

    def _failed(self, sentence: str) -> None:
        self._pending.clear()
        self.working.emit(0)
        super()._failed(sentence)

    def _handle(self, item: Any) -> None:
        from annotator.nlp.suggest import ParserMissing, SuggestionsReady

        if isinstance(item, ParserMissing):
            self._pending.clear()
            self.working.emit(0)
            self.unavailable.emit(f"No attribution proposals: {item.message}")
        elif isinstance(item, SuggestionsReady):
            self.info = item.info
            self._store.save_attribution_suggestions(
                item.doc_id, item.rows, item.info.name, item.info.version
            )
            self._pending.discard(item.doc_id)
            self.working.emit(len(self._pending))
            self.ready.emit(item.doc_id)
