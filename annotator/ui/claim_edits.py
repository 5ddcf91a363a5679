"""The claims view's edits: each one a core command pushed to the window's history.

Kept apart from the view's layout and reading (``claims_view``); the view mixes this in.
A refusal (a span that is no claim, a member already there) is said in a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from annotator.claims.proposals import HitProposal
from annotator.core.claim_hits import AcceptClaimHit
from annotator.core.claim_overview import ClaimSummary, MemberRow
from annotator.core.claims import (
    AddClaimMember,
    ClaimError,
    CreateClaim,
    MergeClaims,
    RemoveClaimMember,
    RenameClaim,
    SetMemberStance,
    SplitClaim,
)
from annotator.core.commands import Batch
from annotator.core.model import Span

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QLabel, QTabWidget, QTreeView

    from annotator.core.history import History
    from annotator.core.schema import Roles
    from annotator.ui.claim_hits import ClaimHits
    from annotator.ui.claims_model import ClaimsModel


class ClaimEditing:
    """Track, add, remove, set stance, rename, merge, split, accept a hit; undo and redo."""

    store: Any
    history: History
    roles: Roles
    analyst: str
    model: ClaimsModel
    tree: QTreeView
    tabs: QTabWidget
    hits: ClaimHits
    message: QLabel
    said: SignalInstance
    _selected_span: Callable[[], Span | None]

    def current_claim(self) -> ClaimSummary | None: ...  # the view's
    def current_member(self) -> MemberRow | None: ...
    def _selected(self) -> list[ClaimSummary | MemberRow]: ...
    def _go_to(self, claim_id: int | None, span_id: int | None = None) -> None: ...

    def say(self, message: str) -> None:
        self.message.setText(message)
        self.said.emit(message)

    def push(self, command: Any) -> bool:
        """Run a claim command through the history; a refusal is said, not raised."""
        try:
            self.history.push(command)
        except (ClaimError, KeyError) as exc:
            self.say(f"Not done: {str(exc).strip(chr(39))}")
            return False
        self.say(f"{command.text.capitalize()} — Ctrl+Z undoes")
        return True

    def _selected_claim_span(self) -> Span | None:
        span = self._selected_span()
        if span is None or span.id is None or (self.roles.claim and span.label != self.roles.claim):
            self.say(f"Select a {self.roles.claim or 'claim'} span in the article first.")
            return None
        return span

    def track(self, span_id: int) -> bool:
        """Track a new claim worded as the span, with the span as its first member."""
        try:
            command = CreateClaim.from_span(self.store, span_id, self.roles)
        except ClaimError as exc:
            self.say(f"Not done: {exc}")
            return False
        if not self.push(command):
            return False
        self._go_to(command.claim_id)
        return True

    def track_selected(self) -> bool:
        span = self._selected_claim_span()
        return span is not None and span.id is not None and self.track(span.id)

    def add_selected(self) -> bool:
        claim = self.current_claim()
        if claim is None:
            self.say("Pick a tracked claim first (T tracks the selected span as a new one).")
            return False
        span = self._selected_claim_span()
        if span is None or span.id is None:
            return False
        done = self.push(AddClaimMember(claim.claim.id, span.id, roles=self.roles))
        if done:
            self._go_to(claim.claim.id, span.id)
        return done

    def remove_current(self) -> bool:
        member = self.current_member()
        if member is None:
            self.say("Put the cursor on a member (an article row) to take it out of its claim.")
            return False
        return self.push(RemoveClaimMember(member.claim_id, member.span_id))

    def set_stance(self, stance: str | None) -> bool:
        member = self.current_member()
        if member is None:
            self.say("Put the cursor on a member (an article row) to set its stance.")
            return False
        return self.push(SetMemberStance(member.claim_id, member.span_id, stance))

    def edit_current(self) -> None:
        claim = self.current_claim()
        if claim is not None:
            index = self.model.claim_index(claim.claim.id)
            self.tree.setCurrentIndex(index)
            self.tree.edit(index)

    def rename(self, claim_id: int, wording: str) -> bool:
        return self.push(RenameClaim(claim_id, wording))

    def merge_selected(self) -> bool:
        claim = self.current_claim()
        others = [
            i.claim.id for i in self._selected()
            if isinstance(i, ClaimSummary) and claim is not None and i.claim.id != claim.claim.id
        ]  # fmt: skip
        if claim is None or not others:
            self.say("Select two or more claims (Ctrl+click); M merges them into the current one.")
            return False
        merges = [MergeClaims(claim.claim.id, gone) for gone in others]
        return self.push(Batch(0, merges, text=f"merge {len(others) + 1} claims"))  # type: ignore[arg-type]

    def split_selected(self) -> bool:
        members = [i for i in self._selected() if isinstance(i, MemberRow)]
        claims = {m.claim_id for m in members}
        if not members or len(claims) != 1:
            self.say("Select members of one claim (Ctrl+click); S moves them to a new claim.")
            return False
        first = members[0]
        command = SplitClaim(first.claim_id, [m.span_id for m in members], first.text)
        done = self.push(command)
        if done and command.new_id is not None:
            self._go_to(command.new_id)
        return done

    def find_elsewhere(self) -> bool:
        """Rank the other articles for the current claim (in the background)."""
        self.tabs.setCurrentWidget(self.hits)
        return self.hits.find(self.current_claim())

    def accept_hit(self, hit: HitProposal) -> bool:
        """Add a hit's sentence to its claim (labelling it a CLAIM where it is not one)."""
        command = AcceptClaimHit(
            hit.claim_id, hit.doc_id, hit.start, hit.end, hit.stance, self.analyst, self.roles
        )
        done = self.push(command)
        if done:
            self.hits.accepted(hit)
            self.hits.tree.setFocus()
        return done

    def _undo(self) -> None:
        if self.history.undo() is None:
            self.say("Nothing to undo.")

    def _redo(self) -> None:
        if self.history.redo() is None:
            self.say("Nothing to redo.")
