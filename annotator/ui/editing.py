"""Turns the analyst's keys into edit commands on the open article.

Holds no state of its own beyond the session's history: what the article
holds is asked of the article model, only what is selected and where the
cursor is comes from the view; every change goes through a command, and the
views redraw what the change set names. Edits reach only the analyst's own
layer: another analyst's span can be selected and read, never changed.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.article import ArticleModel
from annotator.core.changes import Changes
from annotator.core.commands import (
    AcceptSuggestion,
    AddRelation,
    AddSpan,
    Batch,
    ChangeSpan,
    Command,
    DeleteRelation,
    DeleteSpan,
    EditStore,
    RejectSuggestion,
    SetRelationLabel,
    SetSpanAttribute,
    SetStatus,
)
from annotator.core.history import History
from annotator.core.model import Relation, Span, Status
from annotator.core.proposals import Proposal
from annotator.core.schema import Attribute, RelationType, Schema
from annotator.core.stances import Candidate, guess_source_type
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
        article: ArticleModel,
        analyst: str,
        say: Say,
    ) -> None:
        self.store = store
        self.history = history
        self.schema = schema
        self.roles = schema.roles()
        self.view = view
        self.article = article
        self.analyst = analyst
        self.say = say
        self._candidates: list[Candidate] = []
        self._candidate_index = 0
        self._candidates_for: int | None = None

    @property
    def doc_id(self) -> int | None:
        """The open article."""
        return self.article.doc_id

    def _entity_at_caret(self) -> Span | None:
        return self.article.entity_at(self.view.caret(), self.view.hidden_labels())

    def _push(self, command: Command) -> Command | None:
        try:
            return self.history.push(command)
        except Exception as exc:  # the store refused: nothing changed, tell the analyst
            self.say(f"Not saved: {exc}")
            return None

    def _with_progress(self, doc_id: int, command: Command) -> Command:
        """The first edit of a new article also marks it in progress (one undo step)."""
        if self.article.status == Status.NEW:
            start = SetStatus(doc_id, Status.IN_PROGRESS, self.analyst)
            return Batch(doc_id, [start, command], text=command.text)
        return command

    def label_selection(self, label: str, raw: bool = False) -> Span | None:
        """Label the selected text (snapped to tokens unless ``raw``) or the entity at the caret."""
        if self.doc_id is None:
            return None
        bounds = self.view.selection(raw=raw)
        if bounds is None:
            entity = self._entity_at_caret()
            if entity is None:
                self.say(f"Select some text first, then press the key for {label}.")
                return None
            bounds = (entity.start, entity.end)
        start, end = self._trim(label, *bounds)
        existing = self.article.existing(label, start, end)
        if existing is not None:
            self.view.select_span(existing.id)
            self.say(f"That {label} is already there.")
            return existing
        span = Span(
            label, start, end, attributes=self._guess(label, start, end), annotator=self.analyst
        )
        doc_id = self.doc_id
        if self._push(self._with_progress(doc_id, AddSpan(doc_id, span))) is None:
            return None
        self.view.select_span(span.id, move=False)
        self.view.set_caret(span.end)  # ready for the next words
        return span

    def _trim(self, label: str, start: int, end: int) -> tuple[int, int]:
        """Leave out the schema's leading words for this label ("that" before a claim)."""
        schema_label = self.schema.label(label)
        text = self.article.text
        for word in schema_label.trim_leading if schema_label else ():
            if text[start:end].lower().startswith(word.lower() + " "):
                trimmed = start + len(word)
                while trimmed < end and text[trimmed].isspace():
                    trimmed += 1
                if trimmed < end:
                    start = trimmed
        return start, end

    def _guess(self, label: str, start: int, end: int) -> dict[str, object]:
        """Pre-fill the source type of a new SOURCE; the analyst corrects it with a key."""
        if label != self.schema.promote_to or not self.schema.promote_attribute:
            return {}
        inside = [e for e in self.article.entities() if start <= e.start and e.end <= end]
        whole = next((e for e in inside if (e.start, e.end) == (start, end)), None)
        entity = whole or (inside[0] if len(inside) == 1 and end - start < 40 else None)
        value = guess_source_type(
            self.article.text[start:end],
            entity.label if entity else None,
            self.schema.promote_values,
        )
        return {self.schema.promote_attribute: value} if value else {}

    def promote_entity(self) -> Span | None:
        """Turn the entity at the caret into a span of the schema's ``promote_to`` label."""
        if self.doc_id is None or not self.schema.promote_to:
            return None
        entity = self._entity_at_caret()
        if entity is None:
            self.say("Put the cursor on a highlighted entity to promote it.")
            return None
        span = self._promoted(entity)
        doc_id = self.doc_id
        command = AddSpan(doc_id, span, text=f"promote {entity.label} to {span.label}")
        if self._push(self._with_progress(doc_id, command)) is None:
            return None
        self.view.select_span(span.id, move=False)
        return span

    def _promoted(self, entity: Span) -> Span:
        """The span an entity becomes: the schema's promote label, with its source type."""
        value = self.schema.promote_values.get(entity.label)
        attributes = (
            {self.schema.promote_attribute: value}
            if (self.schema.promote_attribute and value)
            else {}
        )
        return Span(
            self.schema.promote_to,
            entity.start,
            entity.end,
            attributes=attributes,
            annotator=self.analyst,
        )

    def refuse_other(self) -> bool:
        """Say so when the selected span is another analyst's (read-only); True when it is."""
        other = self.article.other(self.view.selected_span)
        if other is None:
            return False
        who = other.annotator or "an unnamed analyst"
        self.say(
            f"That {other.label} is {who}'s and read-only here: "
            f"only your own spans ({self.analyst}) can be changed."
        )
        return True

    def delete_selected(self) -> bool:
        """Delete the selected span (and the relations that need it)."""
        span_id = self.view.selected_span
        if self.refuse_other():
            return False
        if self.doc_id is None or span_id is None:
            self.say("Click a span first to delete it.")
            return False
        return self._push(DeleteSpan(self.doc_id, span_id)) is not None

    def selected(self) -> Span | None:
        """The selected span, as the article model holds it."""
        return self.article.span(self.view.selected_span)

    def set_attribute(self, span_id: int, name: str, value: object) -> None:
        """Set one attribute of a span (None clears it)."""
        span = self.article.span(span_id)
        if self.doc_id is None or span is None:
            return
        if span.attributes.get(name) == value:
            return
        self._push(SetSpanAttribute(self.doc_id, span_id, name, value))

    def attribute_key(self, attribute: Attribute, value: str | None = None) -> None:
        """Set an attribute of the selected span; with no value, cycle to the next one."""
        span = self.selected()
        if span is None and self.refuse_other():
            return
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
        """A digit: on a claim, the stance toward the source candidate; else an attribute value."""
        span = self.selected()
        if span is None:
            if not self.refuse_other():
                self.say("Click a span first.")
            return False
        stance = self.stance_type()
        if stance is not None and span.label == stance.target:
            if key == "0":
                return self.unlink()
            if key in stance.keys:
                return self.set_stance(stance.labels[stance.keys.index(key)])
        for attribute in self.schema.attributes_of(span.label):
            if key in attribute.value_keys:
                self.attribute_key(attribute, attribute.values[attribute.value_keys.index(key)])
                return True
        return False

    # -- proposed attributions ------------------------------------------------------------

    def _accept_command(self, proposal: Proposal) -> AcceptSuggestion:
        return AcceptSuggestion(
            self.doc_id or 0,
            proposal,
            self.analyst,
            self.roles,
            self.schema.promote_attribute or "source_type",
            text=f"accept {proposal.stance} attribution",
        )

    def accept_suggestion(self) -> bool:
        """Accept the proposal under the cursor, or else the next one after it.

        Spans and stance are one undoable step; the cursor then moves past the
        accepted claim, so pressing Enter again walks through the article.
        """
        proposal = self.article.proposal_from(self.view.caret())
        if self.doc_id is None or proposal is None:
            self.say("No proposed attribution at or after the cursor.")
            return False
        command = self._with_progress(self.doc_id, self._accept_command(proposal))
        if self._push(command) is None:
            return False
        self.view.set_caret(proposal.end)
        return True

    def accept_proposal(self, proposal: Proposal) -> bool:
        """Accept one proposal (the proposals list's Enter): the same command as in the text."""
        if self.doc_id is None:
            return False
        return (
            self._push(self._with_progress(self.doc_id, self._accept_command(proposal))) is not None
        )

    def reject_proposal(self, proposal: Proposal) -> bool:
        """Reject one proposal (the proposals list's Backspace)."""
        if self.doc_id is None or proposal.id is None:
            return False
        return self._push(RejectSuggestion(self.doc_id, proposal.id)) is not None

    def accept_all_suggestions(self, proposals: list[Proposal] | None = None) -> bool:
        """Accept every open proposal of the article (or these), as one undoable step."""
        proposals = self.article.proposals() if proposals is None else proposals
        if self.doc_id is None or not proposals:
            self.say("No proposed attributions in this article.")
            return False
        batch = Batch(
            self.doc_id,
            [self._accept_command(p) for p in proposals],
            text=f"accept {len(proposals)} attributions",
        )
        return self._push(self._with_progress(self.doc_id, batch)) is not None

    def reject_or_delete(self) -> bool:
        """Backspace: reject the proposal under the cursor, or else delete the selected span."""
        proposal = self.article.proposal_at(self.view.caret())
        if self.doc_id is not None and proposal is not None and proposal.id is not None:
            return self._push(RejectSuggestion(self.doc_id, proposal.id)) is not None
        return self.delete_selected()

    # -- bounds ------------------------------------------------------------------------

    def set_bounds(self, raw: bool = False) -> bool:
        """Move the selected span to the selected text (its stances follow it)."""
        span = self.selected()
        bounds = self.view.selection(raw=raw)
        if span is None and self.refuse_other():
            return False
        if self.doc_id is None or span is None or span.id is None or bounds is None:
            self.say("Click a span, select its new extent, then press the bounds key.")
            return False
        return (
            self._push(
                ChangeSpan(
                    self.doc_id, span.id, start=bounds[0], end=bounds[1], text=f"move {span.label}"
                )
            )
            is not None
        )

    # -- stances ------------------------------------------------------------------------

    def stance_type(self) -> RelationType | None:
        return self.roles.relation

    def candidates(self) -> list[Candidate]:
        """Possible sources of the selected claim, nearest first."""
        claim = self.selected()
        if self.stance_type() is None or claim is None:
            return []
        return self.article.candidates(claim, set(self.schema.promote_values) or None)

    def current_candidate(self) -> Candidate | None:
        """The candidate the stance keys apply to (the nearest until cycled)."""
        claim_id = self.view.selected_span
        if claim_id != self._candidates_for:
            self._candidates = self.candidates()
            self._candidate_index = 0
            self._candidates_for = claim_id
        if not self._candidates:
            return None
        return self._candidates[self._candidate_index % len(self._candidates)]

    def cycle_source(self, step: int = 1) -> Candidate | None:
        """Move to the next (or previous) source candidate of the selected claim."""
        first = self.current_candidate()
        if first is None:
            stance = self.stance_type()
            self.say(f"Select a {stance.target if stance else 'claim'} to link its sources.")
            return None
        if self.view.candidate is not None:
            self._candidate_index = (self._candidate_index + step) % len(self._candidates)
        candidate = self._candidates[self._candidate_index]
        self.view.set_candidate(candidate.span)
        kind = f"entity {candidate.span.label}" if candidate.is_entity else self.roles.source
        words = self.article.words(candidate.span)
        stance = self.stance_type()
        keys = ", ".join(f"{k} {lab}" for k, lab in zip(stance.keys, stance.labels, strict=True))
        self.say(
            f"Source {self._candidate_index + 1}/{len(self._candidates)}: “{words}” ({kind})"
            f" — {keys}, 0 unlink",
            15_000,
        )
        return candidate

    def set_stance(self, label: str) -> bool:
        """Link the current candidate to the selected claim with this stance (or change it)."""
        stance, claim = self.stance_type(), self.selected()
        candidate = self.current_candidate()
        if self.doc_id is None or stance is None or claim is None or candidate is None:
            self.say("Select a claim with a possible source first.")
            return False
        assert claim.id is not None
        command: Command | None
        if candidate.is_entity:  # promote it on the way: one undo step for both
            add = AddSpan(self.doc_id, self._promoted(candidate.span))
            link = _LinkAfter(self._relation(add.span, claim, label), self.doc_id, add)
            command = Batch(self.doc_id, [add, link], text=f"{label}: link source to claim")
        else:
            command = self._link_command(candidate.span, claim, label)
        if command is not None and self._push(command) is None:
            return False
        self.view.set_candidate(None)
        self._candidates_for = None  # the promoted entity is a SOURCE now: list again
        self.view.select_span(claim.id, move=False)
        return True

    def stance_for(self, index: int, label: str) -> bool:
        """Link the ``index``-th candidate (nearest first) with this stance (the menu's way)."""
        self.current_candidate()
        if not 0 <= index < len(self._candidates):
            return False
        self._candidate_index = index
        return self.set_stance(label)

    def link(self, source_id: int, claim_id: int, label: str) -> bool:
        """Link two spans with a stance (the drag's way); the order is fixed by their labels."""
        stance = self.stance_type()
        source, claim = self.article.span(source_id), self.article.span(claim_id)
        if self.doc_id is None or stance is None or source is None or claim is None:
            return False
        if source.label == stance.target and claim.label == stance.source:
            source, claim = claim, source  # dragged from the claim to the source
        if (source.label, claim.label) != (stance.source, stance.target):
            self.say(f"Drag from a {stance.source} to a {stance.target} to link them.")
            return False
        command = self._link_command(source, claim, label)
        return command is None or self._push(command) is not None

    def _relation(self, source: Span, claim: Span, label: str) -> Relation:
        """A new stance from source to claim, with the labelled cue between them."""
        cue = self.article.cue_between(source, claim)
        return Relation(
            label, source.id, claim.id or 0, cue.id if cue else None, annotator=self.analyst
        )

    def _link_command(self, source: Span, claim: Span, label: str) -> Command | None:
        """Link two stored spans, or change the stance that links them; None: nothing to do."""
        assert self.doc_id is not None and source.id is not None and claim.id is not None
        existing = self.article.relation_between(source.id, claim.id)
        if existing is None or existing.id is None:
            return AddRelation(
                self.doc_id,
                self._relation(source, claim, label),
                text=f"{label}: link source to claim",
            )
        if existing.label == label:
            return None
        return SetRelationLabel(self.doc_id, existing.id, label)

    def unlink(self) -> bool:
        """Remove the stance between the current candidate and the selected claim."""
        claim, candidate = self.selected(), self.current_candidate()
        if self.doc_id is None or claim is None or candidate is None or candidate.is_entity:
            self.say("No link to remove here.")
            return False
        existing = self.article.relation_between(candidate.span.id or 0, claim.id or 0)
        if existing is None or existing.id is None:
            self.say("This source is not linked to the claim.")
            return False
        return self._push(DeleteRelation(self.doc_id, existing.id)) is not None


class _LinkAfter(AddRelation):
    """A link whose source is the span the command before it in a batch creates."""

    def __init__(self, relation: Relation, doc_id: int, source_command: AddSpan) -> None:
        super().__init__(doc_id, relation)
        self._source_command = source_command

    def do(self, store: EditStore) -> Changes:
        self.relation.source = self._source_command.span.id
        return super().do(store)
