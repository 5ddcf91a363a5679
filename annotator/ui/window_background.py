"""What the window does with its background spaCy work: starts it, and shows its results.

Entity highlighting starts first; the parser for attribution proposals loads
once the entity model is in (or is known missing). Highlights and proposals of
the open article are re-read when the work stores them; the legend and the window
title say which pipeline is in use, or why there is none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core import language
from annotator.core.model import Span
from annotator.nlp.model import ModelInfo
from annotator.ui.background import EntityPreannotator
from annotator.ui.language_entities import LanguageEntityJobs
from annotator.ui.plain import tooltip
from annotator.ui.project_suggester import ProjectSuggester

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class BackgroundResults(QObject):
    """Owns the window's pre-annotator and suggester (as ``window.preannotator`` and
    ``window.suggester``) and shows what they report in the window."""

    def __init__(self, window: MainWindow, pipeline: str | None) -> None:
        super().__init__(window)
        self._window = self.window = window
        # two loads at once would hold the interpreter long enough to stall the window
        self.preannotator = window.preannotator = EntityPreannotator(window.store, pipeline, window)
        # proposals from the project's suggester (rules, a trained model, or both)
        self.suggester = window.suggester = ProjectSuggester(window.store, pipeline, window)
        self.suggester.ready.connect(self._on_suggestions)
        self.preannotator.model_ready.connect(self._start_suggester)
        self.preannotator.unavailable.connect(self._start_suggester)
        self.preannotator.model_ready.connect(self._on_model_ready)
        self.preannotator.unavailable.connect(self._on_model_missing)
        self.preannotator.annotated.connect(self._on_annotated)
        # languages with a model of their own (config model --language), after the main one
        self.languages = LanguageEntityJobs(self)
        self.preannotator.model_ready.connect(self.languages.start)
        self.preannotator.unavailable.connect(self.languages.start)
        self._language: tuple[int, str | None] | None = None  # (doc, code), the last asked

    def language_of(self, doc_id: int | None) -> str | None:
        """A document's language (stored, else guessed from its script); read only when
        some language has a model of its own, and kept for the last document asked."""
        if doc_id is None or not self.languages.models:
            return None
        model = self._window.article_model
        if model.doc_id == doc_id:
            return model.language
        if self._language is None or self._language[0] != doc_id:
            store = self._window.store
            stored = store.stored_languages([doc_id]).get(doc_id)
            text = "" if stored else next((t for _, t in store.texts([doc_id])), "")
            self._language = (doc_id, language.of_document({"language": stored}, text))
        return self._language[1]

    def entities_of(self, doc_id: int) -> list[Span]:
        """Entity suggestions of the model in use for the document's language (before it
        loads: the newest stored)."""
        code = self.language_of(doc_id)
        own = self.languages.covers(code)
        info = self.languages.info(code or "") if own else self.preannotator.info
        store = self._window.store
        if info is None:
            return store.suggestions(doc_id)
        return store.suggestions(doc_id, info.name, info.version)

    def prioritize(self, doc_id: int) -> None:
        """Highlight this article next, with its language's model (the open article)."""
        code = self.language_of(doc_id)
        if self.languages.covers(code):
            job = self.languages.needs(code or "", doc_id)
            if job is not None:
                job.prioritize(doc_id)
            self.languages.show_status(doc_id)
        elif self.preannotator.needs(doc_id):
            self.preannotator.prioritize(doc_id)

    def language_changed(self, doc_id: int) -> None:
        """The open article's language was edited: its highlights and proposals follow."""
        self._language = None
        self.show_entities()
        self.prioritize(doc_id)
        forget = getattr(self.suggester, "forget", None)
        if forget is not None:
            forget(doc_id)
        self.suggester.request(doc_id)

    def on_annotated(self, ids: list[int]) -> None:
        """A job stored highlights for these documents."""
        self._on_annotated(ids)

    def show_entities(self) -> None:
        """Draw the open article's entity suggestions again (and count them in the legend)."""
        window = self._window
        if window.current_doc is None:
            return
        spans = self.entities_of(window.current_doc)
        window.article_model.set_entities(spans)
        window.legend.set_spans(spans)
        if self.preannotator.info is not None and spans:  # back from an article it skipped
            window.legend.status.setText("Entities:")
        self.languages.show_status(window.current_doc)  # a language with its own model

    def _start_suggester(self) -> None:
        self.suggester.start()
        if self._window.current_doc is not None:
            self.suggester.request(self._window.current_doc)

    def _on_suggestions(self, doc_id: int) -> None:
        window = self._window
        if doc_id == window.current_doc:
            window.article_model.reload_proposals()
            count = len(window.article_model.proposals())
            window.say(
                f"{count} proposal(s) for this article" + (" — Enter accepts" if count else "")
            )

    def _on_model_ready(self, info: ModelInfo) -> None:
        window = self._window
        window.legend.status.setText("Entities:")
        window.legend.status.setToolTip(tooltip(f"spaCy pipeline {info.label} ({info.source})"))
        window.model_label = info.label
        window.setWindowTitle(window._title(window.article_model.title))
        if window.current_doc is not None:
            self.prioritize(window.current_doc)
        self.show_entities()

    def _on_model_missing(self, message: str) -> None:
        """No pipeline at all, or (with one loaded) none for the open article's language."""
        window = self._window
        if self.languages.covers(self.language_of(window.current_doc)):
            return  # the open article's language has a model of its own: its job reports
        if self.preannotator.info is not None:
            text = "No entity highlights for this article's language (hover for help)"
        else:
            text = "No entity highlights: no spaCy pipeline (hover for help)"
        window.legend.status.setText(text)
        window.legend.status.setToolTip(tooltip(message))
        window.say(message, 15_000)

    def _on_annotated(self, ids: list[int]) -> None:
        if self._window.current_doc in ids:
            self.show_entities()
