"""Attribution proposals in the running app: computed for the open article in the background."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Signal

from annotator.nlp.model import ModelInfo
from annotator.nlp.suggest import ParserMissing, SuggestionsReady, suggestion_job
from annotator.store import Store
from annotator.ui.worker import Worker


class AttributionSuggester(QObject):
    """Asks the worker for proposals on articles as they open; stores them on this thread."""

    ready = Signal(int)  # document id whose proposals are now stored
    unavailable = Signal(str)

    def __init__(self, store: Store, setting: str | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._setting = setting
        self.info: ModelInfo | None = None
        self.worker: Worker | None = None
        self.last_seconds = 0.0
        self._closed = False
        self._asked: set[int] = set()

    def start(self) -> None:
        """Load the parser in the background."""
        if self.worker is None:
            self.worker = Worker(partial(suggestion_job, self._store.path, self._setting), self)
            self.worker.yielded.connect(self._on_item)
            self.worker.start()

    def request(self, doc_id: int) -> None:
        """Propose attributions for this article unless they are stored already."""
        if self.worker is None or doc_id in self._asked:
            return
        if not self._store.has_attribution_run(doc_id):
            self._asked.add(doc_id)
            self.worker.request(doc_id)

    def shutdown(self) -> None:
        self._closed = True
        if self.worker is not None:
            self.worker.stop()

    def _on_item(self, item: Any) -> None:
        if self._closed:
            return
        if isinstance(item, ParserMissing):
            self.unavailable.emit(item.message)
        elif isinstance(item, SuggestionsReady):
            self.info = item.info
            self.last_seconds = item.seconds
            self._store.save_attribution_suggestions(
                item.doc_id, item.rows, item.info.name, item.info.version
            )
            self.ready.emit(item.doc_id)
