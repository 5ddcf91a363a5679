"""Tracked claims: every edit is a command with undo, run against a real project file."""

from __future__ import annotations

import pytest

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
from annotator.core.commands import DeleteSpan
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Span

A = "Officials said Russia will get a naval base in Libya next year."
B = "A spokesman denied that Russia would open a base in Libya."


def _articles(store):
    ids = store.add_documents(
        [
            ParsedDocument(text=A, spans=[Span("CLAIM", 15, 62), Span("SOURCE", 0, 9)]),
            ParsedDocument(text=B, spans=[Span("CLAIM", 25, 58)]),
        ]
    ).ids
    claim_a = next(s.id for s in store.spans(ids[0]) if s.label == "CLAIM")
    claim_b = store.spans(ids[1])[0].id
    source_a = next(s.id for s in store.spans(ids[0]) if s.label == "SOURCE")
    return ids, claim_a, claim_b, source_a


def _members(store, claim_id):
    return sorted(m.span_id for m in store.claim_members(claim_id))


def test_create_from_a_span_takes_its_words_and_undo_removes_it(store):
    (doc_a, _), span_a, _, _ = _articles(store)
    history = History(store)
    heard = []
    history.subscribe(lambda _c, what, changes: heard.append((what, changes)))
    cmd = history.push(CreateClaim.from_span(store, span_a))
    claim = store.claim(cmd.claim_id)
    assert claim.wording == A[15:62]
    assert _members(store, claim.id) == [span_a]
    assert heard[-1][1].claims == {claim.id} and heard[-1][1].documents == {doc_a}
    history.undo()
    assert store.claims() == []
    with pytest.raises(KeyError):
        store.claim(claim.id)
    history.redo()  # the same claim comes back, under the same id and uid
    again = store.claim(claim.id)
    assert (again.uid, again.wording) == (claim.uid, claim.wording)
    assert _members(store, claim.id) == [span_a]


def test_typed_claim_then_members_added_and_removed_with_undo(store):
    _, span_a, span_b, _ = _articles(store)
    history = History(store)
    claim_id = history.push(CreateClaim("Russia gets a base in Libya")).claim_id
    history.push(AddClaimMember(claim_id, span_a))
    history.push(AddClaimMember(claim_id, span_b))
    assert _members(store, claim_id) == sorted([span_a, span_b])
    history.push(RemoveClaimMember(claim_id, span_a))
    assert _members(store, claim_id) == [span_b]
    history.undo()
    assert _members(store, claim_id) == sorted([span_a, span_b])
    history.undo()
    assert _members(store, claim_id) == [span_a]
    history.push(RenameClaim(claim_id, "Russia to get a Libyan base"))
    assert store.claim(claim_id).wording == "Russia to get a Libyan base"
    history.undo()
    assert store.claim(claim_id).wording == "Russia gets a base in Libya"


def test_only_claim_spans_join_and_not_twice(store):
    _, span_a, _, source_a = _articles(store)
    history = History(store)
    claim_id = history.push(CreateClaim("x")).claim_id
    with pytest.raises(ClaimError, match="not a CLAIM span"):
        history.push(AddClaimMember(claim_id, source_a))
    history.push(AddClaimMember(claim_id, span_a))
    with pytest.raises(ClaimError, match="already"):
        history.push(AddClaimMember(claim_id, span_a))
    assert history.next_undo().text.startswith("add")  # the refused edits are not undoable


def test_merge_moves_members_and_undo_brings_the_second_claim_back(store):
    _, span_a, span_b, _ = _articles(store)
    history = History(store)
    first = history.push(CreateClaim.from_span(store, span_a)).claim_id
    second = history.push(CreateClaim.from_span(store, span_b)).claim_id
    history.push(AddClaimMember(second, span_a))  # in both: kept once after the merge
    history.push(SetMemberStance(second, span_b, "disagree"))
    before = store.claim(second)
    history.push(MergeClaims(first, second))
    assert [c.id for c in store.claims()] == [first]
    assert _members(store, first) == sorted([span_a, span_b])
    stances = {m.span_id: m.stance for m in store.claim_members(first)}
    assert stances[span_b] == "disagree"
    history.undo()
    assert store.claim(second) == before
    assert _members(store, first) == [span_a]
    assert _members(store, second) == sorted([span_a, span_b])
    history.redo()
    assert [c.id for c in store.claims()] == [first]


def test_split_moves_chosen_members_to_a_new_claim(store):
    _, span_a, span_b, _ = _articles(store)
    history = History(store)
    claim_id = history.push(CreateClaim.from_span(store, span_a)).claim_id
    history.push(AddClaimMember(claim_id, span_b))
    new_id = history.push(SplitClaim(claim_id, [span_b], "Russia denies")).new_id
    assert _members(store, claim_id) == [span_a]
    assert _members(store, new_id) == [span_b]
    history.undo()
    assert _members(store, claim_id) == sorted([span_a, span_b])
    assert [c.id for c in store.claims()] == [claim_id]


def test_a_deleted_span_leaves_its_claim_and_undo_brings_the_membership_back(store):
    (doc_a, _), span_a, _, _ = _articles(store)
    history = History(store)
    claim_id = history.push(CreateClaim.from_span(store, span_a)).claim_id
    history.push(DeleteSpan(doc_a, span_a))
    assert _members(store, claim_id) == []
    history.undo()
    assert _members(store, claim_id) == [span_a]
