"""Edits stay in the analyst's own layer: accepting a proposal, statuses, the open article."""

from annotator.core.article import ArticleModel
from annotator.core.commands import AcceptSuggestion, AddSpan, SetStatus
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span, Status
from annotator.core.proposals import Proposal
from annotator.core.schema import default_roles

TEXT = "Bloomberg reported that Russia sought a base."


def _doc(store):
    """bo's SOURCE, CUE and CLAIM and stance: the spans a proposal would reuse, but bo's."""
    spans = [Span("SOURCE", 0, 9), Span("CUE", 10, 18), Span("CLAIM", 24, 45)]
    for span in spans:
        span.annotator = "bo"
    doc = ParsedDocument(
        text=TEXT, spans=spans, relations=[Relation("support", 0, 2, 1, annotator="bo")]
    )
    return store.add_documents([doc]).ids[0]


def test_accepting_a_proposal_makes_the_analysts_own_spans_beside_a_colleagues(store):
    doc = _doc(store)
    store.save_attribution_suggestions(
        doc,
        [Proposal(cue=(10, 18), claim=(24, 45), source=(0, 9), stance="support", key="k")],
        "parser",
        "1",
    )
    (proposal,) = store.attribution_suggestions(doc)
    History(store).push(AcceptSuggestion(doc, proposal, "ana"))
    assert [(s.label, s.start) for s in store.spans(doc, "ana")] == [
        ("SOURCE", 0),
        ("CUE", 10),
        ("CLAIM", 24),
    ]
    (stance,) = store.relations(doc, "ana")
    assert {stance.source, stance.claim, stance.cue} == {s.id for s in store.spans(doc, "ana")}
    assert len(store.spans(doc, "bo")) == 3 and len(store.relations(doc, "bo")) == 1


def test_a_status_is_the_analysts_own_and_undo_restores_only_theirs(store):
    doc = _doc(store)
    store.set_status(doc, "skipped", "bo")
    history = History(store)
    history.push(SetStatus(doc, Status.DONE, "ana"))
    assert (store.status(doc, "ana"), store.status(doc, "bo")) == ("done", "skipped")
    history.push(SetStatus(doc, "in progress", "ana"))
    history.undo()
    assert (store.status(doc, "ana"), store.status(doc, "bo")) == ("done", "skipped")
    history.undo()
    assert (store.status(doc, "ana"), store.status(doc, "bo")) == ("new", "skipped")


def test_the_article_model_holds_the_analysts_layer_and_the_others_read_only(store):
    doc = _doc(store)
    store.set_status(doc, "done", "bo")
    model = ArticleModel(store, default_roles())
    model.open(doc, "ana")
    assert model.spans() == [] and model.relations() == [] and model.status == "new"
    assert [s.label for s in model.others()] == ["SOURCE", "CUE", "CLAIM"]
    assert len(model.other_relations()) == 1 and model.other_analysts() == ["bo"]
    bo_source = model.others()[0]
    assert model.other(bo_source.id) is bo_source and model.span(bo_source.id) is None
    mine = Span("SOURCE", 0, 9, annotator="ana")
    history = History(store)
    history.subscribe(lambda _c, _w, changes: model.apply(changes))
    history.push(AddSpan(doc, mine))
    assert [s.id for s in model.spans()] == [mine.id]
    assert model.existing("SOURCE", 0, 9) is mine or model.existing("SOURCE", 0, 9).id == mine.id
    assert len(model.others()) == 3  # bo's SOURCE in the same place stays bo's
