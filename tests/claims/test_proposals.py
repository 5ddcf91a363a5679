"""Ranking hits as proposals, and accepting one as a member (one undo step)."""

from __future__ import annotations

from annotator.claims.proposals import STANCE_MODEL_SETTING, find_hits
from annotator.claims.stance import StanceSettings, train_stance_model
from annotator.core.claim_hits import AcceptClaimHit
from annotator.core.claims import STANCES
from annotator.core.history import History
from annotator.core.model import ParsedDocument
from tests.claims.project import BASE, build
from tests.claims.test_stance import _pairs

ELSEWHERE = (
    "Diplomats in Tripoli say Russia will get a naval base in Libya under a new deal. "
    "Weather was fine."
)


def _with_other_article(store):
    p = build(store)
    other = store.add_documents([ParsedDocument(text=ELSEWHERE, title="Tripoli report")]).ids[0]
    return p, other


def test_hits_leave_out_the_members_articles_and_propose_no_stance_without_a_model(store):
    p, other = _with_other_article(store)
    found = find_hits(store, p.base, BASE, exclude=frozenset(p.docs[:2]))
    assert found.proposals[0].doc_id == other
    assert not {h.doc_id for h in found.proposals} & set(p.docs[:2])
    top = found.proposals[0]
    assert top.sentence == ELSEWHERE[top.start : top.end] and "naval base" in top.sentence
    assert top.stance is None and "No stance model" in found.note


def test_a_trained_model_proposes_a_stance(store, tmp_path):
    p, _other = _with_other_article(store)
    model = train_stance_model(*_pairs(), StanceSettings(vocabulary=200, hidden=16, epochs=300))
    model.save(tmp_path / "stance.pkl")
    store.set_setting(STANCE_MODEL_SETTING, str(tmp_path / "stance.pkl"))
    found = find_hits(store, p.base, BASE, exclude=frozenset(p.docs[:2]))
    assert all(h.stance in STANCES for h in found.proposals)
    assert found.note == "Stances proposed by stance.pkl."
    (tmp_path / "stance.pkl").write_bytes(b"not a model")
    broken = find_hits(store, p.base, BASE, exclude=frozenset(p.docs[:2]))
    assert "could not be read" in broken.note and broken.proposals[0].stance is None


def test_accepting_labels_the_sentence_and_adds_it_undo_takes_both(store):
    p, other = _with_other_article(store)
    hit = find_hits(store, p.base, BASE, exclude=frozenset(p.docs[:2])).proposals[0]
    history = History(store)
    cmd = history.push(AcceptClaimHit(p.base, other, hit.start, hit.end, "agree", "ana"))
    (span,) = store.spans(other)
    assert (span.label, span.start, span.end, span.annotator) == (
        "CLAIM",
        hit.start,
        hit.end,
        "ana",
    )
    member = next(m for m in store.claim_members(p.base) if m.doc_id == other)
    assert (member.span_id, member.stance) == (span.id, "agree")
    history.undo()
    assert store.spans(other) == [] and len(store.claim_members(p.base)) == 2
    history.redo()
    assert [s.id for s in store.spans(other)] == [cmd._label.span.id]
    assert len(store.claim_members(p.base)) == 3


def test_accepting_reuses_the_analysts_claim_span_over_the_sentence(store):
    p, _ = _with_other_article(store)
    history = History(store)
    text = store.document(p.docs[2]).text
    history.push(AcceptClaimHit(p.base, p.docs[2], 0, text.index("."), None, "ana"))
    assert [s.label for s in store.spans(p.docs[2])].count("CLAIM") == 1
    assert p.claim_spans[2] in [m.span_id for m in store.claim_members(p.base)]
