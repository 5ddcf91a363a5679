"""Every edit an analyst makes, as an object that can be done and undone.

Each ``do`` and ``undo`` is one transaction in the store, finished before it
returns: what the screen shows after an edit is already on disk. An edit made
of several writes (a batch, accepting a proposal, restoring a span with its
relations) lands whole or not at all. The Qt layer
only creates these and asks the history to run them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.model import Relation, Span


class EditStore(Protocol):
    """What commands need from the store."""

    def add_span(self, doc_id: int, span: Span) -> int: ...
    def span(self, span_id: int) -> tuple[int, Span]: ...
    def delete_span(self, span_id: int) -> None: ...
    def relations_touching(self, span_id: int) -> list[Relation]: ...
    def restore_span(self, doc_id: int, span: Span, relations: list[Relation]) -> None: ...
    def update_span(self, span_id: int, **changes: Any) -> None: ...
    def status(self, doc_id: int) -> str: ...
    def add_relation(self, doc_id: int, relation: Relation) -> int: ...
    def relation(self, relation_id: int) -> Relation: ...
    def delete_relation(self, relation_id: int) -> None: ...
    def update_relation(self, relation_id: int, **changes: Any) -> None: ...
    def spans(self, doc_id: int) -> list[Span]: ...
    def set_suggestion_state(self, suggestion_id: int, state: str) -> str: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def set_status(self, doc_id: int, status: str) -> None: ...


class Command(Protocol):
    """An edit: ``doc_id`` is the article it changes, ``text`` says what it does."""

    doc_id: int
    text: str

    def do(self, store: EditStore) -> None: ...
    def undo(self, store: EditStore) -> None: ...


@dataclass
class AddSpan:
    """Label a stretch of text."""

    doc_id: int
    span: Span
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or f"label {self.span.label}"

    def do(self, store: EditStore) -> None:
        # The first time the store picks the id; a redo puts the span back under it.
        self.span.id = store.add_span(self.doc_id, self.span)

    def undo(self, store: EditStore) -> None:
        assert self.span.id is not None
        store.delete_span(self.span.id)


@dataclass
class DeleteSpan:
    """Remove a span and the relations that need it; undo brings all of them back."""

    doc_id: int
    span_id: int
    text: str = "delete span"
    _span: Span | None = field(default=None, repr=False)
    _relations: list[Relation] = field(default_factory=list, repr=False)

    def do(self, store: EditStore) -> None:
        _, self._span = store.span(self.span_id)
        self._relations = store.relations_touching(self.span_id)
        store.delete_span(self.span_id)

    def undo(self, store: EditStore) -> None:
        assert self._span is not None
        store.restore_span(self.doc_id, self._span, self._relations)


@dataclass
class SetSpanAttribute:
    """Set (or, with ``None``, clear) one attribute of a span."""

    doc_id: int
    span_id: int
    name: str
    value: Any
    text: str = ""
    _before: dict[str, Any] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.text = self.text or f"set {self.name}"

    def do(self, store: EditStore) -> None:
        _, span = store.span(self.span_id)
        self._before = dict(span.attributes)
        after = dict(span.attributes)
        if self.value is None:
            after.pop(self.name, None)
        else:
            after[self.name] = self.value
        store.update_span(self.span_id, attributes=after)

    def undo(self, store: EditStore) -> None:
        store.update_span(self.span_id, attributes=self._before or {})


@dataclass
class ChangeSpan:
    """Change a span's label or bounds (its relations follow: they refer to it by id)."""

    doc_id: int
    span_id: int
    label: str | None = None
    start: int | None = None
    end: int | None = None
    text: str = "change span"
    _before: Span | None = field(default=None, repr=False)

    def do(self, store: EditStore) -> None:
        _, self._before = store.span(self.span_id)
        store.update_span(self.span_id, label=self.label, start=self.start, end=self.end)

    def undo(self, store: EditStore) -> None:
        before = self._before
        assert before is not None
        store.update_span(self.span_id, label=before.label, start=before.start, end=before.end)


@dataclass
class SetStatus:
    """Mark a document new, in progress, done or skipped."""

    doc_id: int
    status: str
    text: str = ""
    _before: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.text = self.text or f"mark {self.status}"

    def do(self, store: EditStore) -> None:
        self._before = store.status(self.doc_id)
        store.set_status(self.doc_id, self.status)

    def undo(self, store: EditStore) -> None:
        store.set_status(self.doc_id, self._before or "new")


@dataclass
class AddRelation:
    """Link a source to a claim with a stance (and the cue that expresses it)."""

    doc_id: int
    relation: Relation
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or f"link {self.relation.label}"

    def do(self, store: EditStore) -> None:
        self.relation.id = store.add_relation(self.doc_id, self.relation)

    def undo(self, store: EditStore) -> None:
        assert self.relation.id is not None
        store.delete_relation(self.relation.id)


@dataclass
class DeleteRelation:
    """Remove a link; its spans stay."""

    doc_id: int
    relation_id: int
    text: str = "unlink"
    _relation: Relation | None = field(default=None, repr=False)

    def do(self, store: EditStore) -> None:
        self._relation = store.relation(self.relation_id)
        store.delete_relation(self.relation_id)

    def undo(self, store: EditStore) -> None:
        assert self._relation is not None
        store.add_relation(self.doc_id, self._relation)


@dataclass
class SetRelationLabel:
    """Change a stance (support, deny, query, comment)."""

    doc_id: int
    relation_id: int
    label: str
    text: str = ""
    _before: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.text = self.text or f"stance {self.label}"

    def do(self, store: EditStore) -> None:
        self._before = store.relation(self.relation_id).label
        store.update_relation(self.relation_id, label=self.label)

    def undo(self, store: EditStore) -> None:
        store.update_relation(self.relation_id, label=self._before)


@dataclass
class AcceptSuggestion:
    """Turn a proposed attribution into SOURCE, CUE and CLAIM spans and a stance: one step.

    Spans the analyst already has with the same label and bounds are reused.
    All of it is one transaction; undo removes what it added and reopens the
    proposal.
    """

    doc_id: int
    suggestion: dict[str, Any]
    annotator: str
    labels: tuple[str, str, str] = ("SOURCE", "CUE", "CLAIM")
    source_attribute: str = "source_type"
    text: str = "accept suggestion"
    _roles: dict[str, Span | int] = field(default_factory=dict, repr=False)
    _relation: Relation | None = field(default=None, repr=False)

    def do(self, store: EditStore) -> None:
        s = self.suggestion
        if not self._roles:  # first time: which spans exist, which to create
            existing = {(x.label, x.start, x.end): x.id for x in store.spans(self.doc_id)}
            for role, label in zip(("source", "cue", "claim"), self.labels, strict=True):
                bounds = s[role]
                if bounds is None:
                    continue
                found = existing.get((label, *bounds))
                if found is not None:
                    self._roles[role] = found
                    continue
                attributes = (
                    {self.source_attribute: s["source_type"]}
                    if role == "source" and s.get("source_type")
                    else {}
                )
                self._roles[role] = Span(
                    label, *bounds, attributes=attributes, annotator=self.annotator
                )
        with store.transaction():
            ids: dict[str, int] = {}
            for role, target in self._roles.items():
                if isinstance(target, Span):  # created here; a redo keeps its id
                    target.id = store.add_span(self.doc_id, target)
                    ids[role] = target.id
                else:
                    ids[role] = target
            if self._relation is None:
                self._relation = Relation(
                    s["stance"],
                    ids.get("source"),
                    ids["claim"],
                    ids.get("cue"),
                    attributes={"suggested": True},
                    annotator=self.annotator,
                )
            self._relation.id = store.add_relation(self.doc_id, self._relation)
            store.set_suggestion_state(s["id"], "accepted")

    def undo(self, store: EditStore) -> None:
        with store.transaction():
            if self._relation is not None and self._relation.id is not None:
                store.delete_relation(self._relation.id)
            for target in reversed(self._roles.values()):
                if isinstance(target, Span) and target.id is not None:
                    store.delete_span(target.id)
            store.set_suggestion_state(self.suggestion["id"], "open")


@dataclass
class RejectSuggestion:
    """Say no to a proposed attribution; it is not proposed again, also after a new run."""

    doc_id: int
    suggestion_id: int
    text: str = "reject suggestion"

    def do(self, store: EditStore) -> None:
        store.set_suggestion_state(self.suggestion_id, "rejected")

    def undo(self, store: EditStore) -> None:
        store.set_suggestion_state(self.suggestion_id, "open")


@dataclass
class Batch:
    """Several edits as one: one store transaction and one undo step.

    If any part fails, the transaction rolls back: nothing of the batch is on
    disk, and (run through ``History``) nothing enters the undo history.
    """

    doc_id: int
    commands: list[Command]
    text: str = "edit"

    def do(self, store: EditStore) -> None:
        with store.transaction():
            for command in self.commands:
                command.do(store)

    def undo(self, store: EditStore) -> None:
        with store.transaction():
            for command in reversed(self.commands):
                command.undo(store)
