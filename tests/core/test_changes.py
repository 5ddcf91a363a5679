"""Every edit reports what it changed; the history hands that to its listeners."""

from annotator.core.changes import Changes
from annotator.core.commands import (
    AcceptSuggestion,
    AddRelation,
    AddSpan,
    Batch,
    ChangeSpan,
    DeleteRelation,
    DeleteSpan,
    RejectSuggestion,
    SetRelationLabel,
    SetSpanAttribute,
    SetStatus,
)
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.core.proposals import Proposal

TEXT = "Bloomberg had reported that Russia sought a base."


def _doc(store):
    return store.add_documents(
        [
            ParsedDocument(
                text=TEXT,
                spans=[Span("SOURCE", 0, 9), Span("CUE", 10, 22), Span("CLAIM", 28, 49)],
                relations=[Relation("support", 0, 2, 1)],
            )
        ]
    ).ids[0]


def _heard(history):
    heard = []
    history.subscribe(lambda command, what, changes: heard.append((what, changes)))
    return heard


def test_span_edits_report_their_span_and_undo_reports_it_back(store):
    doc = _doc(store)
    history = History(store)
    heard = _heard(history)
    add = history.push(AddSpan(doc, Span("CUE", 10, 13)))
    new = add.span.id
    history.undo()
    history.redo()
    assert heard == [
        ("do", Changes.of(doc, spans_added=[new])),
        ("undo", Changes.of(doc, spans_removed=[new])),
        ("redo", Changes.of(doc, spans_added=[new])),
    ]
    source = store.spans(doc)[0]
    history.push(SetSpanAttribute(doc, source.id, "source_type", "named_outlet"))
    history.push(ChangeSpan(doc, source.id, start=0, end=13))
    assert [c.spans_changed for _, c in heard[3:]] == [{source.id}, {source.id}]
    assert all(c.relations == set() and not c.status for _, c in heard)


def test_deleting_a_span_names_the_stances_it_takes_and_the_one_it_only_cued(store):
    doc = _doc(store)
    history = History(store)
    heard = _heard(history)
    (rel,) = store.relations(doc)
    history.push(DeleteSpan(doc, rel.cue))
    history.undo()
    history.push(DeleteSpan(doc, rel.claim))
    history.undo()
    cue_gone, cue_back, claim_gone, claim_back = (c for _, c in heard)
    assert cue_gone.relations_changed == {rel.id} and cue_gone.relations_removed == set()
    assert cue_back.relations_changed == {rel.id}
    assert claim_gone.spans_removed == {rel.claim} and claim_gone.relations_removed == {rel.id}
    assert claim_back.spans_added == {rel.claim} and claim_back.relations_added == {rel.id}


def test_stances_status_and_proposals_report_their_rows(store):
    doc = _doc(store)
    history = History(store)
    heard = _heard(history)
    (rel,) = store.relations(doc)
    history.push(SetRelationLabel(doc, rel.id, "deny"))
    history.push(DeleteRelation(doc, rel.id))
    history.undo()
    source, _cue, claim = store.spans(doc)
    link = history.push(AddRelation(doc, Relation("query", source.id, claim.id)))
    history.push(SetStatus(doc, "done"))
    assert [c.relations for _, c in heard[:4]] == [{rel.id}, {rel.id}, {rel.id}, {link.relation.id}]
    assert heard[4][1] == Changes.of(doc, status=True) and heard[4][1].status == {doc}

    store.save_attribution_suggestions(
        doc,
        [Proposal(cue=(10, 22), claim=(28, 49), source=(0, 9), stance="support", key="k")],
        "parser",
        "1",
    )
    (proposal,) = store.attribution_suggestions(doc)
    accept = history.push(AcceptSuggestion(doc, proposal, ""))  # the layer the spans are in
    accepted = heard[-1][1]
    assert accepted.proposals == {proposal.id}
    assert accepted.spans_added == set()  # all three spans were there: reused
    assert accepted.relations_added == {accept._relation.id}
    history.undo()
    history.push(RejectSuggestion(doc, proposal.id))
    assert heard[-1][1].proposals == {proposal.id}


def test_a_batch_reports_the_union_of_its_parts(store):
    doc = _doc(store)
    history = History(store)
    heard = _heard(history)
    a, b = AddSpan(doc, Span("CUE", 10, 13)), AddSpan(doc, Span("CUE", 14, 22))
    history.push(Batch(doc, [SetStatus(doc, "in progress"), a, b]))
    history.undo()
    done, undone = (c for _, c in heard)
    assert done.spans_added == {a.span.id, b.span.id} and done.status == {doc}
    assert undone.spans_removed == {a.span.id, b.span.id} and undone.status == {doc}
    assert done.documents == {doc} and not Changes() and done
