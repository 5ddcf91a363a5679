"""The workbench's attribution proposals from the project's configured suggester.

Like ``AttributionSuggester`` (the rules only) it runs one background job and
writes what the job yields on the GUI thread, so the project file keeps one
writer; here the job loads whatever ``annotator config suggester`` chose
(rules, ``model:DIR`` or both), and ``switch`` changes that choice while the
window is open: the other suggesters' open proposals are forgotten and the
job restarts on the new pipelines.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from annotator.nlp.detached import detached
from annotator.nlp.model import ModelInfo
from annotator.store import Store
from annotator.store.locking import passphrase_of
from annotator.ui.background import AttributionSuggester
from annotator.ui.worker import Job, Worker

if TYPE_CHECKING:  # the suggesters and their job load when the job starts, after the first paint
    from annotator.nlp.suggesters import Choice


class ProjectSuggester(AttributionSuggester):
    """Proposals for articles as they open, from the project's suggester."""

    #: the active suggester in words ("rules (…)", "model (trained:m …)"), once loaded
    suggester_changed = Signal(str)

    def __init__(self, store: Store, setting: str | None, parent: QObject | None = None) -> None:
        super().__init__(store, setting, parent)
        self.runs: tuple[ModelInfo, ...] = ()
        self.language_runs: set[ModelInfo] = set()  # other languages' suggesters (#17)
        self.choice = ""
        self._retired: list[Worker] = []  # switched away from, maybe still finishing a step

    def _job(self) -> Job:
        from annotator.nlp.suggester_job import project_suggester_job

        return partial(
            project_suggester_job,
            self._store.path,
            self._setting,
            passphrase=passphrase_of(self._store),
        )

    def start(self) -> None:
        """Load the suggester and start (once per restart); only this worker's results count."""
        if self.worker is not None:
            return
        # on a daemon thread, as the other spaCy jobs: quitting never waits for a model loading
        worker = self.worker = Worker(detached(self._job(), type(self).__name__), self)
        worker.yielded.connect(self._from_worker)
        worker.failed.connect(self._failed_in_worker)
        worker.start()

    def _from_worker(self, item: Any) -> None:
        if self.sender() is self.worker:  # on the GUI thread (a queued call to this object)
            self._on_item(item)

    def _failed_in_worker(self, trace: str) -> None:
        if self.sender() is self.worker:
            self._on_failed(trace)

    def shutdown(self) -> None:
        """Stop the current worker and wait for any switched-away one still finishing."""
        super().shutdown()
        for old in self._retired:
            old.stop()

    def request(self, doc_id: int) -> None:
        """Propose for this article unless each of the suggester's pipelines already has."""
        if self.worker is None or doc_id in self._asked:
            return
        if self.runs and all(
            self._store.has_attribution_run(doc_id, i.name, i.version) for i in self.runs
        ):
            return
        self._asked.add(doc_id)
        self._pending.add(doc_id)
        self.worker.request(doc_id)
        self.working.emit(len(self._pending))

    def forget(self, doc_id: int) -> None:
        """Ask for this article again (its language changed: another suggester reads it)."""
        self._asked.discard(doc_id)

    def switch(self, choice: Choice, current_doc: int | None) -> int:
        """Use ``choice`` from now on (saved in the project); returns how many proposals went.

        The running job is cancelled without waiting (its late results are dropped)
        and a new one loads the new pipelines in the background.
        """
        from annotator.nlp.suggesters import save_choice

        dropped = save_choice(self._store, choice)
        self.restart(current_doc)
        return dropped

    def restart(self, current_doc: int | None) -> None:
        """Load the project's suggester again (after a switch or a retrain) and propose."""
        old, self.worker = self.worker, None
        if old is not None:  # its late results are dropped: it is no longer self.worker
            old.cancel()
            self._retired = [w for w in self._retired if w.isRunning()] + [old]
        self.runs, self.info = (), None
        self.language_runs.clear()
        self._asked.clear()
        self._pending.clear()
        self.working.emit(0)
        self.start()
        if current_doc is not None:
            self.request(current_doc)

    def _handle(self, item: Any) -> None:
        from annotator.nlp.suggest import ParserMissing
        from annotator.nlp.suggester_job import (
            LanguageSkipped,
            LanguageSuggesterReady,
            ProposalsReady,
            SuggesterReady,
            describe,
        )

        if isinstance(item, SuggesterReady):
            self.runs, self.choice = item.runs, item.choice
            self.info = item.runs[0]
            self.suggester_changed.emit(describe(item.choice, item.runs))
        elif isinstance(item, ParserMissing):
            self._pending.clear()
            self.working.emit(0)
            self.suggester_changed.emit("none")
            self.unavailable.emit(f"No attribution proposals: {item.message}")
        elif isinstance(item, LanguageSuggesterReady):
            self.language_runs.update(item.runs)
        elif isinstance(item, LanguageSkipped):  # no English rules on Arabic text: say why
            self._pending.discard(item.doc_id)
            self.working.emit(len(self._pending))
            self.unavailable.emit(item.message[:1].upper() + item.message[1:])
        elif isinstance(item, ProposalsReady):
            ours = (*self.runs, *self.language_runs)
            if any(info not in ours for info, _ in item.runs):
                return  # from a suggester that has been switched away
            # the primary run last: a document counts as done once every run is stored
            for info, rows in reversed(item.runs):
                self._store.save_attribution_suggestions(item.doc_id, rows, info.name, info.version)
            self._pending.discard(item.doc_id)
            self.working.emit(len(self._pending))
            self.ready.emit(item.doc_id)
