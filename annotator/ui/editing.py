"""Turns the analyst's keys into edit commands on the open article.

Holds no state of its own beyond the session's history: what is selected is
read from the article view, every change goes through a command, and the
window redraws when the history says a command ran.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.commands import (
    AddSpan,
    Batch,
    Command,
    DeleteSpan,
    SetSpanAttribute,
    SetStatus,
)
from annotator.core.history import History
from annotator.core.model import Span, Status
from annotator.core.schema import Attribute, Schema
from annotator.store import Store
from annotator.ui.article_view import ArticleView

Say = Callable[[str], None]


class Editor:
    """Label, delete, promote and set attributes on the open article, through the history."""

    def __init__(
        self,
        store: Store,
        history: History,
        schema: Schema,
        view: ArticleView,
        analyst: str,
        say: Say,
    ) -> None:
        self.store = store
        self.history = history
        self.schema = schema
        self.view = view
        self.analyst = analyst
        self.say = say
        self.doc_id: int | None = None

    def _push(self, command: Command) -> Command | None:
        try:
            return self.history.push(command)
        except Exception as exc:  # the store refused: nothing changed, tell the analyst
            self.say(f"Not saved: {exc}")
            return None

    def _with_progress(self, doc_id: int, command: Command) -> Command:
        """The first edit of a new article also marks it in progress (one undo step)."""
        if self.store.status(doc_id) == Status.NEW.value:
            return Batch(
                doc_id, [SetStatus(doc_id, Status.IN_PROGRESS.value), command], text=command.text
            )
        return command

    def label_selection(self, label: str, raw: bool = False) -> Span | None:
        """Label the selected text (snapped to tokens unless ``raw``) or the entity at the caret."""
        if self.doc_id is None:
            return None
        bounds = self.view.selection(raw=raw)
        if bounds is None:
            entity = self.view.entity_at(self.view.caret())
            if entity is None:
                self.say(f"Select some text first, then press the key for {label}.")
                return None
            bounds = (entity.start, entity.end)
        start, end = bounds
        existing = next(
            (s for s in self.view.spans() if (s.label, s.start, s.end) == (label, start, end)), None
        )
        if existing is not None:
            self.view.select_span(existing.id)
            self.say(f"That {label} is already there.")
            return existing
        span = Span(label, start, end, annotator=self.analyst)
        doc_id = self.doc_id
        if self._push(self._with_progress(doc_id, AddSpan(doc_id, span))) is None:
            return None
        self.view.select_span(span.id, move=False)
        return span

    def promote_entity(self) -> Span | None:
        """Turn the entity at the caret into a span of the schema's ``promote_to`` label."""
        if self.doc_id is None or not self.schema.promote_to:
            return None
        entity = self.view.entity_at(self.view.caret())
        if entity is None:
            self.say("Put the cursor on a highlighted entity to promote it.")
            return None
        attributes = {}
        value = self.schema.promote_values.get(entity.label)
        if self.schema.promote_attribute and value:
            attributes[self.schema.promote_attribute] = value
        span = Span(
            self.schema.promote_to,
            entity.start,
            entity.end,
            attributes=attributes,
            annotator=self.analyst,
        )
        doc_id = self.doc_id
        command = AddSpan(doc_id, span, text=f"promote {entity.label} to {span.label}")
        if self._push(self._with_progress(doc_id, command)) is None:
            return None
        self.view.select_span(span.id, move=False)
        return span

    def delete_selected(self) -> bool:
        """Delete the selected span (and the relations that need it)."""
        span_id = self.view.selected_span
        if self.doc_id is None or span_id is None:
            self.say("Click a span first to delete it.")
            return False
        return self._push(DeleteSpan(self.doc_id, span_id)) is not None

    def selected(self) -> Span | None:
        span_id = self.view.selected_span
        return next((s for s in self.view.spans() if s.id == span_id), None)

    def set_attribute(self, span_id: int, name: str, value: object) -> None:
        """Set one attribute of a span (None clears it)."""
        if self.doc_id is None:
            return
        _, span = self.store.span(span_id)
        if span.attributes.get(name) == value:
            return
        self._push(SetSpanAttribute(self.doc_id, span_id, name, value))

    def attribute_key(self, attribute: Attribute, value: str | None = None) -> None:
        """Set an attribute of the selected span; with no value, cycle to the next one."""
        span = self.selected()
        if span is None or span.label != attribute.on:
            self.say(f"Select a {attribute.on} span to set its {attribute.name}.")
            return
        if value is None:
            values = [None, *attribute.values]
            current = span.attributes.get(attribute.name)
            value = values[(values.index(current) + 1) % len(values) if current in values else 1]
        assert span.id is not None
        self.set_attribute(span.id, attribute.name, value)

    def value_key(self, key: str) -> bool:
        """A digit on the selected span sets the attribute value with that key."""
        span = self.selected()
        if span is None:
            return False
        for attribute in self.schema.attributes_of(span.label):
            if key in attribute.value_keys:
                self.attribute_key(attribute, attribute.values[attribute.value_keys.index(key)])
                return True
        return False
