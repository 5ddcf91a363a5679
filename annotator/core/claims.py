"""Claims tracked across articles, and the edits on them (each a command with undo).

A tracked claim has a lasting ``uid``, a canonical wording and members: CLAIM spans in
any article. Members are named by the span's ``uid``, so a span deleted and brought back
by undo is the same member again. Each command is one store transaction and returns the
``Changes`` it made (``claims`` names the claims; ``documents`` the member articles).
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.changes import Changes
from annotator.core.model import Span
from annotator.core.schema import Roles, default_roles

#: The stances of an article toward a claim, as FNC-1 names them.
STANCES = ("agree", "disagree", "discuss", "unrelated")


class ClaimError(ValueError):
    """An edit of tracked claims that cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class TrackedClaim:
    """One claim followed through the corpus."""

    id: int
    uid: str
    wording: str
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class ClaimMember:
    """A CLAIM span that carries a tracked claim; ``stance``: its article's stance, if said."""

    claim_id: int
    span_uid: str
    doc_id: int
    span_id: int | None = None
    stance: str | None = None
    added_at: str = ""


class ClaimEditStore(Protocol):
    """What claim commands need from the store."""

    def create_claim(
        self, wording: str, *, claim_id: int | None = None, uid: str | None = None
    ) -> int: ...
    def claim(self, claim_id: int) -> TrackedClaim: ...
    def restore_claim(self, claim: TrackedClaim) -> None: ...
    def rename_claim(self, claim_id: int, wording: str) -> None: ...
    def delete_claim(self, claim_id: int) -> None: ...
    def claim_members(self, claim_id: int) -> list[ClaimMember]: ...
    def add_claim_member(
        self, claim_id: int, span_id: int, stance: str | None = None
    ) -> ClaimMember: ...
    def restore_claim_member(self, member: ClaimMember) -> None: ...
    def remove_claim_member(self, claim_id: int, span_uid: str) -> None: ...
    def set_member_stance(self, claim_id: int, span_uid: str, stance: str | None) -> None: ...
    def span(self, span_id: int) -> tuple[int, Span]: ...
    def document(self, doc_id: int) -> Any: ...
    def transaction(self) -> AbstractContextManager[Any]: ...


def _changes(claims: Iterable[int | None], documents: Iterable[int] = ()) -> Changes:
    return Changes(
        documents=frozenset(documents), claims=frozenset(c for c in claims if c is not None)
    )


def _member_of(store: ClaimEditStore, claim_id: int, span_id: int) -> ClaimMember:
    found = [m for m in store.claim_members(claim_id) if m.span_id == span_id]
    if not found:
        raise ClaimError(f"span {span_id} is not a member of claim {claim_id}")
    return found[0]


def _check_claim_span(store: ClaimEditStore, span_id: int, roles: Roles) -> int:
    """The span's document; ``ClaimError`` when the span is gone or plays no claim role."""
    try:
        doc_id, span = store.span(span_id)
    except KeyError:
        raise ClaimError(f"there is no span {span_id}") from None
    if roles.claim and span.label != roles.claim:
        raise ClaimError(
            f"span {span_id} is a {span.label}, not a {roles.claim} span: only claim spans "
            "can carry a tracked claim"
        )
    return doc_id


@dataclass
class CreateClaim:
    """Track a claim: typed, or from a CLAIM span (which becomes its first member)."""

    wording: str
    span_id: int | None = None
    roles: Roles = field(default_factory=default_roles)
    doc_id: int = 0  # the span's article, set on do; 0 for a typed claim
    text: str = "track claim"
    claim_id: int | None = None
    _uid: str | None = field(default=None, repr=False)

    @classmethod
    def from_span(
        cls, store: ClaimEditStore, span_id: int, roles: Roles | None = None
    ) -> CreateClaim:
        """A claim worded as the span's text."""
        roles = roles or default_roles()
        doc_id = _check_claim_span(store, span_id, roles)
        _, span = store.span(span_id)
        return cls(span.text_in(store.document(doc_id).text), span_id, roles, doc_id)

    def do(self, store: ClaimEditStore) -> Changes:
        wording = " ".join(self.wording.split())
        if not wording:
            raise ClaimError("a tracked claim needs a wording: type the claim, or pick a span")
        with store.transaction():
            if self.span_id is not None:
                self.doc_id = _check_claim_span(store, self.span_id, self.roles)
            self.claim_id = store.create_claim(wording, claim_id=self.claim_id, uid=self._uid)
            self._uid = store.claim(self.claim_id).uid
            if self.span_id is not None:
                store.add_claim_member(self.claim_id, self.span_id)
        return _changes([self.claim_id], [self.doc_id] if self.doc_id else [])

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self.claim_id is not None
        store.delete_claim(self.claim_id)
        return _changes([self.claim_id], [self.doc_id] if self.doc_id else [])


@dataclass
class AddClaimMember:
    """Add a CLAIM span (in any article) to a tracked claim."""

    claim_id: int
    span_id: int
    stance: str | None = None
    roles: Roles = field(default_factory=default_roles)
    doc_id: int = 0
    text: str = "add to claim"
    _member: ClaimMember | None = field(default=None, repr=False)

    def do(self, store: ClaimEditStore) -> Changes:
        with store.transaction():
            self.doc_id = _check_claim_span(store, self.span_id, self.roles)
            if any(m.span_id == self.span_id for m in store.claim_members(self.claim_id)):
                raise ClaimError(f"span {self.span_id} is already in claim {self.claim_id}")
            self._member = store.add_claim_member(self.claim_id, self.span_id, self.stance)
        return _changes([self.claim_id], [self.doc_id])

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self._member is not None
        store.remove_claim_member(self.claim_id, self._member.span_uid)
        return _changes([self.claim_id], [self.doc_id])


@dataclass
class RemoveClaimMember:
    """Take a span out of a tracked claim (the span itself stays)."""

    claim_id: int
    span_id: int
    doc_id: int = 0
    text: str = "remove from claim"
    _member: ClaimMember | None = field(default=None, repr=False)

    def do(self, store: ClaimEditStore) -> Changes:
        self._member = _member_of(store, self.claim_id, self.span_id)
        self.doc_id = self._member.doc_id
        store.remove_claim_member(self.claim_id, self._member.span_uid)
        return _changes([self.claim_id], [self.doc_id])

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self._member is not None
        store.restore_claim_member(self._member)
        return _changes([self.claim_id], [self.doc_id])


@dataclass
class SetMemberStance:
    """Say how a member's article stands toward the claim (``None`` clears it)."""

    claim_id: int
    span_id: int
    stance: str | None
    doc_id: int = 0
    text: str = ""
    _before: ClaimMember | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.stance is not None and self.stance not in STANCES:
            raise ClaimError(f"unknown stance {self.stance!r} (one of {', '.join(STANCES)})")
        self.text = self.text or f"claim stance {self.stance or 'cleared'}"

    def do(self, store: ClaimEditStore) -> Changes:
        self._before = _member_of(store, self.claim_id, self.span_id)
        self.doc_id = self._before.doc_id
        store.set_member_stance(self.claim_id, self._before.span_uid, self.stance)
        return _changes([self.claim_id], [self.doc_id])

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self._before is not None
        store.set_member_stance(self.claim_id, self._before.span_uid, self._before.stance)
        return _changes([self.claim_id], [self.doc_id])


@dataclass
class RenameClaim:
    """Change a tracked claim's canonical wording."""

    claim_id: int
    wording: str
    doc_id: int = 0
    text: str = "rename claim"
    _before: str | None = field(default=None, repr=False)

    def do(self, store: ClaimEditStore) -> Changes:
        wording = " ".join(self.wording.split())
        if not wording:
            raise ClaimError("a tracked claim needs a wording")
        self._before = store.claim(self.claim_id).wording
        store.rename_claim(self.claim_id, wording)
        return _changes([self.claim_id])

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self._before is not None
        store.rename_claim(self.claim_id, self._before)
        return _changes([self.claim_id])


@dataclass
class MergeClaims:
    """Fold ``gone`` into ``keep``: its members move over (a span in both stays once, with
    ``keep``'s stance unless only ``gone`` had one), and ``gone`` is removed. Undo restores it."""

    keep: int
    gone: int
    doc_id: int = 0
    text: str = "merge claims"
    _claim: TrackedClaim | None = field(default=None, repr=False)
    _members: list[ClaimMember] = field(default_factory=list, repr=False)
    _kept: list[ClaimMember] = field(default_factory=list, repr=False)

    def do(self, store: ClaimEditStore) -> Changes:
        if self.keep == self.gone:
            raise ClaimError("a claim cannot be merged with itself")
        with store.transaction():
            self._claim = store.claim(self.gone)
            store.claim(self.keep)  # KeyError before anything is written
            self._members = store.claim_members(self.gone)
            self._kept = store.claim_members(self.keep)
            had = {m.span_uid: m for m in self._kept}
            store.delete_claim(self.gone)
            for m in self._members:
                if m.span_uid not in had:
                    store.restore_claim_member(_moved(m, self.keep))
                elif had[m.span_uid].stance is None and m.stance is not None:
                    store.set_member_stance(self.keep, m.span_uid, m.stance)
        docs = {m.doc_id for m in self._members}
        return _changes([self.keep, self.gone], docs)

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self._claim is not None
        with store.transaction():
            store.restore_claim(self._claim)
            for m in self._members:
                store.restore_claim_member(m)
            kept = {m.span_uid for m in self._kept}
            for m in self._members:
                if m.span_uid not in kept:
                    store.remove_claim_member(self.keep, m.span_uid)
            for m in self._kept:
                store.set_member_stance(self.keep, m.span_uid, m.stance)
        docs = {m.doc_id for m in self._members}
        return _changes([self.keep, self.gone], docs)


def _moved(member: ClaimMember, claim_id: int) -> ClaimMember:
    return ClaimMember(
        claim_id, member.span_uid, member.doc_id, member.span_id, member.stance, member.added_at
    )


@dataclass
class SplitClaim:
    """Move some members of a claim to a new claim with its own wording."""

    claim_id: int
    span_ids: list[int]
    wording: str
    doc_id: int = 0
    text: str = "split claim"
    new_id: int | None = None
    _uid: str | None = field(default=None, repr=False)
    _moving: list[ClaimMember] = field(default_factory=list, repr=False)

    def do(self, store: ClaimEditStore) -> Changes:
        wording = " ".join(self.wording.split())
        if not wording or not self.span_ids:
            raise ClaimError("a split needs the new claim's wording and the spans that go to it")
        with store.transaction():
            self._moving = [_member_of(store, self.claim_id, s) for s in self.span_ids]
            self.new_id = store.create_claim(wording, claim_id=self.new_id, uid=self._uid)
            self._uid = store.claim(self.new_id).uid
            for m in self._moving:
                store.remove_claim_member(self.claim_id, m.span_uid)
                store.restore_claim_member(_moved(m, self.new_id))
        return _changes([self.claim_id, self.new_id], {m.doc_id for m in self._moving})

    def undo(self, store: ClaimEditStore) -> Changes:
        assert self.new_id is not None
        with store.transaction():
            store.delete_claim(self.new_id)
            for m in self._moving:
                store.restore_claim_member(m)
        return _changes([self.claim_id, self.new_id], {m.doc_id for m in self._moving})
