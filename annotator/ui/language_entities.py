"""Entity highlighting for languages with a model of their own (``config model --language``).

The window's main entity job runs the default (English) pipeline; each language
with a configured model gets one more ``EntityPreannotator``, which reads only the
documents in that language. They start after the main job has loaded (or is known
missing), one after another, the open article's language first: two spaCy loads at
once would hold the interpreter long enough to stall the window. Like the main job
each loads on a daemon thread, so quitting never waits for one still loading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core import language
from annotator.nlp.model import MODEL_SETTING, ModelInfo
from annotator.ui.background import EntityPreannotator
from annotator.ui.plain import tooltip

if TYPE_CHECKING:
    from annotator.ui.window_background import BackgroundResults


def configured_models(settings: dict[str, str]) -> dict[str, str]:
    """``{code: model}`` from the project's ``nlp.model.<code>`` settings."""
    prefix = MODEL_SETTING + "."
    return {
        key[len(prefix) :]: value
        for key, value in settings.items()
        if language.normalise(key[len(prefix) :]) == key[len(prefix) :] and value
    }


class LanguageEntityJobs(QObject):
    """One entity job per language that has its own model; started once, in turn."""

    def __init__(self, results: BackgroundResults) -> None:
        super().__init__(results)
        self._results = results
        self._window = results.window
        store = self._window.store
        self.models = configured_models(store.settings_with_prefix(MODEL_SETTING + "."))
        self.jobs: dict[str, EntityPreannotator] = {}
        self.problems: dict[str, str] = {}  # a model that could not load: why
        self._waiting: list[str] = []
        self._started = False
        self._closed = False

    def covers(self, code: str | None) -> bool:
        """Whether documents in this language are highlighted by a job of their own."""
        return code is not None and code in self.models

    def start(self) -> None:
        """Start the languages' jobs (once), the open article's language first."""
        if self._started or not self.models:
            return
        self._started = True
        first = self._results.language_of(self._window.current_doc)
        self._waiting = sorted(self.models, key=lambda code: (code != first, code))
        self._next()

    def _next(self) -> None:
        if not self._waiting or self._closed:
            return
        code = self._waiting.pop(0)
        job = EntityPreannotator(self._window.store, self.models[code], self, language=code)
        self.jobs[code] = job
        job.model_ready.connect(lambda info, c=code: self._ready(c, info))
        job.unavailable.connect(lambda message, c=code: self._missing(c, message))
        job.finished.connect(lambda why, c=code: self._finished(c, why))
        job.annotated.connect(self._results.on_annotated)
        job.start()

    def _ready(self, code: str, info: ModelInfo) -> None:
        current = self._window.current_doc
        if current is not None and self._results.language_of(current) == code:
            self._results.prioritize(current)
            self._results.show_entities()
        self._next()

    def _missing(self, code: str, message: str) -> None:
        first = code not in self.problems and self.jobs[code].info is None
        self.problems[code] = message
        current = self._window.current_doc
        if current is not None and self._results.language_of(current) == code:
            self.show_status(current)
            self._window.say(message, 15_000)
        if first:
            self._next()

    def _finished(self, code: str, why: str) -> None:
        if why not in ("done", "cancelled"):  # stopped by an error
            self._missing(code, why)

    def needs(self, code: str, doc_id: int) -> EntityPreannotator | None:
        """The job for ``code`` when it still has to read this document."""
        job = self.jobs.get(code)
        return job if job is not None and job.needs(doc_id) else None

    def info(self, code: str) -> ModelInfo | None:
        job = self.jobs.get(code)
        return job.info if job is not None else None

    def show_status(self, doc_id: int) -> None:
        """The legend's line for an article in a language with its own model."""
        code = self._results.language_of(doc_id)
        if not self.covers(code):
            return
        status = self._window.legend.status
        info = self.info(code) if code else None
        if code in self.problems:
            status.setText(f"No entity highlights: the {language.name(code)} model failed")
            status.setToolTip(tooltip(self.problems[code or ""]))
        elif info is not None:
            status.setText("Entities:")
            status.setToolTip(
                tooltip(f"spaCy pipeline {info.label} ({info.source}) for {language.name(code)}")
            )
        else:
            status.setText(f"Entities: loading the {language.name(code)} model…")
            status.setToolTip(tooltip(f"spaCy pipeline {self.models[code or '']}"))

    def shutdown(self) -> None:
        """Stop every language's job before the window goes away."""
        self._closed = True
        self._waiting.clear()
        for job in self.jobs.values():
            job.shutdown()
