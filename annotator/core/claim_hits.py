"""Accepting a ranking hit: the sentence becomes a member of the tracked claim.

When the analyst already has a CLAIM span over the sentence, that span joins the claim;
otherwise a CLAIM span is labelled over the sentence first. Both happen in one step, and
undo takes back both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.changes import Changes
from annotator.core.claims import AddClaimMember, ClaimError
from annotator.core.commands import AddSpan
from annotator.core.model import Span
from annotator.core.schema import Roles, default_roles


@dataclass
class AcceptClaimHit:
    """Add the sentence ``start:end`` of article ``doc_id`` to claim ``claim_id``."""

    claim_id: int
    doc_id: int
    start: int
    end: int
    stance: str | None = None
    analyst: str = ""
    roles: Roles = field(default_factory=default_roles)
    text: str = "add the article to the claim"
    _label: AddSpan | None = field(default=None, repr=False)
    _member: AddClaimMember | None = field(default=None, repr=False)

    def _existing(self, store: Any) -> int | None:
        """The analyst's CLAIM span over the sentence (the one that overlaps it most)."""
        best, overlap = None, 0
        for span in store.spans(self.doc_id, self.analyst):
            if span.label != self.roles.claim:
                continue
            shared = min(span.end, self.end) - max(span.start, self.start)
            if shared > overlap:
                best, overlap = span.id, shared
        return best

    def do(self, store: Any) -> Changes:
        if not self.roles.claim:
            raise ClaimError("the schema has no claim label: a hit cannot become a member")
        with store.transaction():
            changes = Changes()
            if self._member is None:  # first time: find or label the span
                span_id = self._existing(store)
                if span_id is None:
                    span = Span(self.roles.claim, self.start, self.end, annotator=self.analyst)
                    self._label = AddSpan(self.doc_id, span)
                    changes = self._label.do(store)
                    span_id = span.id
                assert span_id is not None
                self._member = AddClaimMember(self.claim_id, span_id, self.stance, self.roles)
            elif self._label is not None:  # redo: the span back under its id
                changes = self._label.do(store)
            return changes | self._member.do(store)

    def undo(self, store: Any) -> Changes:
        assert self._member is not None
        with store.transaction():
            changes = self._member.undo(store)
            if self._label is not None:
                changes = changes | self._label.undo(store)
            return changes
