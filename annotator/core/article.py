"""The open article as one Qt-free model: its spans, stances, proposals and entity suggestions.

Built from the store for one document, kept current by applying the change
sets edits report (re-reading only the rows they name), and heard by whoever
shows it: the article view, the annotation panel, the tables. The editor asks
it, not a widget. Queries take positions and ids, never a selection: what is
selected is the view's business.

Built for ``(doc_id, analyst)``: the analyst's own layer is what the editor
edits; the other analysts' layers are a separate read-only collection
(``others``), drawn apart. Without an analyst every layer is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core import language
from annotator.core.changes import Changes
from annotator.core.model import Relation, Span
from annotator.core.proposals import Proposal, proposal_at
from annotator.core.schema import Roles
from annotator.core.stances import (
    Candidate,
    candidate_sources,
    cue_between,
    linked,
    relation_between,
)


class ArticleStore(Protocol):
    """What the model reads from the store."""

    def document(self, doc_id: int) -> Any: ...
    def spans(self, doc_id: int, annotator: str | None = None) -> list[Span]: ...
    def relations(self, doc_id: int, annotator: str | None = None) -> list[Relation]: ...
    def span(self, span_id: int) -> tuple[int, Span]: ...
    def relation(self, relation_id: int) -> Relation: ...
    def attribution_suggestions(self, doc_id: int) -> list[Proposal]: ...
    def status(self, doc_id: int, annotator: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """What changed in the open article: rows named by ``changes``, or more.

    ``reset``: another article (or the same one re-read): everything.
    ``entities``: the entity suggestions were replaced.
    """

    changes: Changes = field(default_factory=Changes)
    reset: bool = False
    entities: bool = False

    @property
    def spans(self) -> frozenset[int]:
        return self.changes.spans

    @property
    def relations(self) -> frozenset[int]:
        return self.changes.relations

    @property
    def proposals(self) -> bool:
        return self.reset or bool(self.changes.proposals)


ArticleListener = Callable[[ArticleChange], None]


def _contains(span: Span, pos: int) -> bool:
    return span.start <= pos < span.end


class ArticleModel:
    """One open article: read once from the store, then updated row by row."""

    def __init__(self, store: ArticleStore, roles: Roles) -> None:
        self._store = store
        self.roles = roles
        self.doc_id: int | None = None
        self.analyst: str | None = None
        self.title = ""
        self.text = ""
        self.status = ""
        self.language: str | None = None  # ISO 639-1: stored, else guessed from the script
        self._spans: dict[int, Span] = {}
        self._ordered: list[Span] | None = None
        self._relations: dict[int, Relation] = {}
        self._others: dict[int, Span] = {}  # the other analysts' spans: read-only
        self._other_relations: list[Relation] = []
        self._proposals: list[Proposal] = []
        self._entities: list[Span] = []
        self._listeners: list[ArticleListener] = []

    # -- listening ------------------------------------------------------------------

    def subscribe(self, listener: ArticleListener) -> None:
        """Call ``listener(change)`` after the model changed."""
        self._listeners.append(listener)

    def _tell(self, change: ArticleChange) -> None:
        for listener in self._listeners:
            listener(change)

    # -- loading and applying ---------------------------------------------------------

    def open(self, doc_id: int, analyst: str | None = None, entities: Iterable[Span] = ()) -> None:
        """Read one document: ``analyst``'s layer to edit, the others' to show read-only.

        ``entities``: its entity suggestions, so the article is drawn once, whole.
        """
        doc = self._store.document(doc_id)
        self.doc_id, self.analyst = doc_id, analyst
        self.title, self.text = doc.title, doc.text
        meta = getattr(doc, "meta", None) or {}
        self.language = language.of_document(meta, doc.text)
        self.status = self._status()
        spans = self._store.spans(doc_id)
        self._spans = {s.id: s for s in spans if self._mine(s) and s.id}
        self._others = {s.id: s for s in spans if not self._mine(s) and s.id}
        self._ordered = None
        relations = self._store.relations(doc_id)
        self._relations = {r.id: r for r in relations if r.id and r.claim in self._spans}
        self._other_relations = [r for r in relations if r.claim in self._others]
        self._proposals = self._store.attribution_suggestions(doc_id)
        self._entities = list(entities)
        self._tell(ArticleChange(reset=True))

    def _mine(self, span: Span) -> bool:
        return self.analyst is None or span.annotator == self.analyst

    def _status(self) -> str:
        """The analyst's own status (with no analyst: the status last set by anyone)."""
        assert self.doc_id is not None
        return self._store.status(self.doc_id, self.analyst)

    def apply(self, changes: Changes) -> bool:
        """Bring the model up to date with an edit; False when it was not about this article."""
        if self.doc_id is None or self.doc_id not in changes.documents:
            return False
        for span_id in changes.spans:
            self._reread_span(span_id)
        for relation_id in changes.relations:
            self._reread_relation(relation_id)
        if changes.proposals:
            self._proposals = self._store.attribution_suggestions(self.doc_id)
        if self.doc_id in changes.status:
            self.status = self._status()
        self._tell(ArticleChange(changes))
        return True

    def _reread_span(self, span_id: int) -> None:
        self._ordered = None
        try:
            doc_id, span = self._store.span(span_id)
        except KeyError:
            self._spans.pop(span_id, None)
            return
        if doc_id == self.doc_id and self._mine(span):
            self._spans[span_id] = span
        else:  # edits change only the analyst's own layer
            self._spans.pop(span_id, None)

    def _reread_relation(self, relation_id: int) -> None:
        try:
            relation = self._store.relation(relation_id)
        except KeyError:
            self._relations.pop(relation_id, None)
            return
        if relation.claim in self._spans:
            self._relations[relation_id] = relation
        else:
            self._relations.pop(relation_id, None)

    def reload_proposals(self) -> None:
        """A suggester stored new proposals for this article."""
        if self.doc_id is None:
            return
        self._proposals = self._store.attribution_suggestions(self.doc_id)
        ids = [p.id for p in self._proposals]
        self._tell(ArticleChange(Changes.of(self.doc_id, proposals=ids)))

    def set_entities(self, spans: list[Span]) -> None:
        """The entity suggestions of the open article (from the newest pre-annotation)."""
        self._entities = list(spans)
        self._tell(ArticleChange(entities=True))

    # -- spans ---------------------------------------------------------------------------

    def spans(self) -> list[Span]:
        """The spans in text order (outer before inner where they start together)."""
        if self._ordered is None:
            self._ordered = sorted(self._spans.values(), key=lambda s: (s.start, -s.end, s.id or 0))
        return list(self._ordered)

    def span(self, span_id: int | None) -> Span | None:
        return self._spans.get(span_id) if span_id is not None else None

    def spans_at(self, pos: int) -> list[Span]:
        """Spans covering ``pos``, innermost first."""
        return sorted(
            (s for s in self._spans.values() if _contains(s, pos)), key=lambda s: s.end - s.start
        )

    def existing(self, label: str, start: int, end: int) -> Span | None:
        """The span with exactly this label and these bounds, if there is one."""
        return next(
            (s for s in self._spans.values() if (s.label, s.start, s.end) == (label, start, end)),
            None,
        )

    def words(self, span: Span) -> str:
        return self.text[span.start : span.end]

    # -- the other analysts' layers (read-only) --------------------------------------------

    def others(self) -> list[Span]:
        """The other analysts' spans, in text order: shown, never edited here."""
        return sorted(self._others.values(), key=lambda s: (s.start, -s.end, s.annotator))

    def other(self, span_id: int | None) -> Span | None:
        """Another analyst's span by id (None for the analyst's own or an unknown id)."""
        return self._others.get(span_id) if span_id is not None else None

    def other_relations(self) -> list[Relation]:
        """The other analysts' stances (between their own spans)."""
        return list(self._other_relations)

    def other_analysts(self) -> list[str]:
        """Whose layers ``others`` holds, by name ("" for annotations without an analyst)."""
        return sorted({s.annotator for s in self._others.values()})

    # -- stances -------------------------------------------------------------------------

    def relations(self) -> list[Relation]:
        """The stances, in the order they were made."""
        return [self._relations[k] for k in sorted(self._relations)]

    def relation_between(self, source_id: int, claim_id: int) -> Relation | None:
        return relation_between(self.relations(), source_id, claim_id)

    def stances_of(self, claim_id: int | None) -> list[Relation]:
        """The stances toward one claim."""
        return [r for r in self.relations() if r.claim == claim_id]

    def linked(self, span_id: int | None) -> list[tuple[int, str]]:
        """(span id, stance) of the spans linked to ``span_id`` (as source, claim or cue)."""
        return linked(self.relations(), span_id)

    def claims_with_stances(self) -> list[Span]:
        """Claims someone takes a stance toward, in text order."""
        claimed = {r.claim for r in self._relations.values()}
        return [s for s in self.spans() if s.id in claimed]

    def is_contested(self, claim_id: int | None) -> bool:
        """One source supports the claim and another denies it."""
        labels = {r.label for r in self.stances_of(claim_id)}
        return "support" in labels and "deny" in labels

    def contested_claims(self) -> list[Span]:
        return [s for s in self.claims_with_stances() if self.is_contested(s.id)]

    def candidates(self, claim: Span, entity_labels: set[str] | None = None) -> list[Candidate]:
        """Possible sources of a claim, nearest first: source spans, then entities."""
        if claim.label != self.roles.claim:
            return []
        return candidate_sources(
            claim,
            self.spans(),
            self._entities,
            source_label=self.roles.source,
            entity_labels=entity_labels,
        )

    def cue_between(self, source: Span, claim: Span) -> Span | None:
        """The labelled cue between a source and its claim."""
        return cue_between(source, claim, self.spans(), self.roles.cue)

    # -- proposals and entities -----------------------------------------------------------

    def proposals(self) -> list[Proposal]:
        """Open proposals, in text order of their cues."""
        return list(self._proposals)

    def proposal_at(self, pos: int) -> Proposal | None:
        """The proposal under ``pos``: the one whose cue or source is there, else the claim."""
        return proposal_at(self._proposals, pos)

    def proposal_from(self, pos: int) -> Proposal | None:
        """The proposal under ``pos``, or else the first one starting after it."""
        here = self.proposal_at(pos)
        if here is not None:
            return here
        later = sorted((p for p in self._proposals if p.start >= pos), key=lambda p: p.cue)
        return later[0] if later else None

    def entities(self) -> list[Span]:
        return list(self._entities)

    def entity_at(self, pos: int, hidden: set[str] | frozenset[str] = frozenset()) -> Span | None:
        """The entity suggestion (of a type not hidden) under ``pos``, or just before it."""
        for probe in (pos, pos - 1):
            for span in self._entities:
                if span.label not in hidden and _contains(span, probe):
                    return span
        return None
