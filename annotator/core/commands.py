"""Every edit an analyst makes, as an object that can be done and undone.

Each ``do`` and ``undo`` is one transaction in the store, finished before it
returns: what the screen shows after an edit is already on disk. An edit made
of several writes (a batch, accepting a proposal, restoring a span with its
relations) lands whole or not at all. Each returns a ``Changes`` naming what it
changed, so the views refresh only that. The Qt layer only creates these and
asks the history to run them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.changes import Changes, merged
from annotator.core.model import Relation, Span, Status
from annotator.core.proposals import Proposal
from annotator.core.schema import Roles, default_roles


class EditStore(Protocol):
    """What commands need from the store."""

    def add_span(self, doc_id: int, span: Span) -> int: ...
    def span(self, span_id: int) -> tuple[int, Span]: ...
    def delete_span(self, span_id: int) -> None: ...
    def relations_touching(self, span_id: int) -> list[Relation]: ...
    def restore_span(self, doc_id: int, span: Span, relations: list[Relation]) -> None: ...
    def update_span(self, span_id: int, **changes: Any) -> None: ...
    def status(self, doc_id: int, annotator: str | None = None) -> str: ...
    def add_relation(self, doc_id: int, relation: Relation) -> int: ...
    def relation(self, relation_id: int) -> Relation: ...
    def delete_relation(self, relation_id: int) -> None: ...
    def update_relation(self, relation_id: int, **changes: Any) -> None: ...
    def spans(self, doc_id: int, annotator: str | None = None) -> list[Span]: ...
    def set_suggestion_state(self, suggestion_id: int, state: str) -> str: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def set_status(self, doc_id: int, status: str, annotator: str | None = None) -> None: ...


class Command(Protocol):
    """An edit: ``doc_id`` is the article it changes, ``text`` says what it does.

    ``do`` (also used to redo) and ``undo`` return what they changed.
    """

    doc_id: int
    text: str

    def do(self, store: EditStore) -> Changes: ...
    def undo(self, store: EditStore) -> Changes: ...


@dataclass
class AddSpan:
    """Label a stretch of text."""

    doc_id: int
    span: Span
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or f"label {self.span.label}"

    def do(self, store: EditStore) -> Changes:
        # The first time the store picks the id; a redo puts the span back under it.
        self.span.id = store.add_span(self.doc_id, self.span)
        return Changes.of(self.doc_id, spans_added=[self.span.id])

    def undo(self, store: EditStore) -> Changes:
        assert self.span.id is not None
        store.delete_span(self.span.id)
        return Changes.of(self.doc_id, spans_removed=[self.span.id])


@dataclass
class DeleteSpan:
    """Remove a span and the relations that need it; undo brings all of them back."""

    doc_id: int
    span_id: int
    text: str = "delete span"
    _span: Span | None = field(default=None, repr=False)
    _relations: list[Relation] = field(default_factory=list, repr=False)

    def do(self, store: EditStore) -> Changes:
        _, self._span = store.span(self.span_id)
        self._relations = store.relations_touching(self.span_id)
        store.delete_span(self.span_id)
        gone, unlinked = self._split()
        return Changes.of(
            self.doc_id,
            spans_removed=[self.span_id],
            relations_removed=gone,
            relations_changed=unlinked,
        )

    def undo(self, store: EditStore) -> Changes:
        assert self._span is not None
        store.restore_span(self.doc_id, self._span, self._relations)
        back, relinked = self._split()
        return Changes.of(
            self.doc_id,
            spans_added=[self.span_id],
            relations_added=back,
            relations_changed=relinked,
        )

    def _split(self) -> tuple[list[int | None], list[int | None]]:
        """Relation ids that need the span (source or claim), and those it is only the cue of."""
        needs = [r.id for r in self._relations if self.span_id in (r.source, r.claim)]
        cue_only = [r.id for r in self._relations if self.span_id not in (r.source, r.claim)]
        return needs, cue_only


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

    def do(self, store: EditStore) -> Changes:
        _, span = store.span(self.span_id)
        self._before = dict(span.attributes)
        after = dict(span.attributes)
        if self.value is None:
            after.pop(self.name, None)
        else:
            after[self.name] = self.value
        store.update_span(self.span_id, attributes=after)
        return Changes.of(self.doc_id, spans_changed=[self.span_id])

    def undo(self, store: EditStore) -> Changes:
        store.update_span(self.span_id, attributes=self._before or {})
        return Changes.of(self.doc_id, spans_changed=[self.span_id])


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

    def do(self, store: EditStore) -> Changes:
        _, self._before = store.span(self.span_id)
        store.update_span(self.span_id, label=self.label, start=self.start, end=self.end)
        return Changes.of(self.doc_id, spans_changed=[self.span_id])

    def undo(self, store: EditStore) -> Changes:
        before = self._before
        assert before is not None
        store.update_span(self.span_id, label=before.label, start=before.start, end=before.end)
        return Changes.of(self.doc_id, spans_changed=[self.span_id])


@dataclass
class SetStatus:
    """Mark where one analyst is with a document (``annotator``: whose status; ``None``
    for the unnamed layer): new, in progress, done or skipped. Others' statuses stay."""

    doc_id: int
    status: Status | str
    annotator: str | None = None
    text: str = ""
    _before: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.status = Status(self.status)
        self.text = self.text or f"mark {self.status}"

    def do(self, store: EditStore) -> Changes:
        self._before = store.status(self.doc_id, self.annotator or "")
        store.set_status(self.doc_id, self.status, self.annotator)
        return Changes.of(self.doc_id, status=True)

    def undo(self, store: EditStore) -> Changes:
        store.set_status(self.doc_id, self._before or Status.NEW, self.annotator)
        return Changes.of(self.doc_id, status=True)


@dataclass
class AddRelation:
    """Link a source to a claim with a stance (and the cue that expresses it)."""

    doc_id: int
    relation: Relation
    text: str = ""

    def __post_init__(self) -> None:
        self.text = self.text or f"link {self.relation.label}"

    def do(self, store: EditStore) -> Changes:
        self.relation.id = store.add_relation(self.doc_id, self.relation)
        return Changes.of(self.doc_id, relations_added=[self.relation.id])

    def undo(self, store: EditStore) -> Changes:
        assert self.relation.id is not None
        store.delete_relation(self.relation.id)
        return Changes.of(self.doc_id, relations_removed=[self.relation.id])


@dataclass
class DeleteRelation:
    """Remove a link; its spans stay."""

    doc_id: int
    relation_id: int
    text: str = "unlink"
    _relation: Relation | None = field(default=None, repr=False)

    def do(self, store: EditStore) -> Changes:
        self._relation = store.relation(self.relation_id)
        store.delete_relation(self.relation_id)
        return Changes.of(self.doc_id, relations_removed=[self.relation_id])

    def undo(self, store: EditStore) -> Changes:
        assert self._relation is not None
        store.add_relation(self.doc_id, self._relation)
        return Changes.of(self.doc_id, relations_added=[self.relation_id])


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

    def do(self, store: EditStore) -> Changes:
        self._before = store.relation(self.relation_id).label
        store.update_relation(self.relation_id, label=self.label)
        return Changes.of(self.doc_id, relations_changed=[self.relation_id])

    def undo(self, store: EditStore) -> Changes:
        store.update_relation(self.relation_id, label=self._before)
        return Changes.of(self.doc_id, relations_changed=[self.relation_id])


@dataclass
class AcceptSuggestion:
    """Turn a proposed attribution into source, cue and claim spans and a stance: one step.

    The labels come from the schema's roles. Spans the analyst already has with
    the same label and bounds are reused. All of it is one transaction; undo
    removes what it added and reopens the proposal.
    """

    doc_id: int
    proposal: Proposal
    annotator: str
    roles: Roles = field(default_factory=default_roles)
    source_attribute: str = "source_type"
    text: str = "accept suggestion"
    _roles: dict[str, Span | int] = field(default_factory=dict, repr=False)
    _relation: Relation | None = field(default=None, repr=False)

    def _plan(self, store: EditStore) -> None:
        """The first time: which of the analyst's own spans exist, which to create."""
        p = self.proposal
        mine = store.spans(self.doc_id, self.annotator)
        existing = {(x.label, x.start, x.end): x.id for x in mine}
        for role, bounds in p.roles():
            label = self.roles.of(role)
            found = existing.get((label, *bounds))
            if found is not None:
                self._roles[role] = found
                continue
            attributes = (
                {self.source_attribute: p.source_type} if role == "source" and p.source_type else {}
            )
            self._roles[role] = Span(
                label, *bounds, attributes=attributes, annotator=self.annotator
            )

    def do(self, store: EditStore) -> Changes:
        if not self._roles:
            self._plan(store)
        with store.transaction():
            ids: dict[str, int] = {}
            created: list[int] = []
            for role, target in self._roles.items():
                if isinstance(target, Span):  # created here; a redo keeps its id
                    target.id = store.add_span(self.doc_id, target)
                    created.append(target.id)
                    ids[role] = target.id
                else:
                    ids[role] = target
            if self._relation is None:
                self._relation = Relation(
                    self.proposal.stance,
                    ids.get("source"),
                    ids["claim"],
                    ids.get("cue"),
                    attributes={"suggested": True},
                    annotator=self.annotator,
                )
            self._relation.id = store.add_relation(self.doc_id, self._relation)
            assert self.proposal.id is not None
            store.set_suggestion_state(self.proposal.id, "accepted")
        return Changes.of(
            self.doc_id,
            spans_added=created,
            relations_added=[self._relation.id],
            proposals=[self.proposal.id],
        )

    def undo(self, store: EditStore) -> Changes:
        removed: list[int | None] = []
        with store.transaction():
            if self._relation is not None and self._relation.id is not None:
                store.delete_relation(self._relation.id)
            for target in reversed(self._roles.values()):
                if isinstance(target, Span) and target.id is not None:
                    store.delete_span(target.id)
                    removed.append(target.id)
            assert self.proposal.id is not None
            store.set_suggestion_state(self.proposal.id, "open")
        return Changes.of(
            self.doc_id,
            spans_removed=removed,
            relations_removed=[self._relation.id if self._relation else None],
            proposals=[self.proposal.id],
        )


@dataclass
class RejectSuggestion:
    """Say no to a proposed attribution; it is not proposed again, also after a new run."""

    doc_id: int
    suggestion_id: int
    text: str = "reject suggestion"

    def do(self, store: EditStore) -> Changes:
        store.set_suggestion_state(self.suggestion_id, "rejected")
        return Changes.of(self.doc_id, proposals=[self.suggestion_id])

    def undo(self, store: EditStore) -> Changes:
        store.set_suggestion_state(self.suggestion_id, "open")
        return Changes.of(self.doc_id, proposals=[self.suggestion_id])


@dataclass
class Batch:
    """Several edits as one: one store transaction and one undo step.

    If any part fails, the transaction rolls back: nothing of the batch is on
    disk, and (run through ``History``) nothing enters the undo history.
    """

    doc_id: int
    commands: list[Command]
    text: str = "edit"

    def do(self, store: EditStore) -> Changes:
        with store.transaction():
            return merged([command.do(store) for command in self.commands])

    def undo(self, store: EditStore) -> Changes:
        with store.transaction():
            return merged([command.undo(store) for command in reversed(self.commands)])
