"""The open article as a Qt-free model: built from the store, kept current by change sets."""

from annotator.core.article import ArticleModel
from annotator.core.changes import Changes
from annotator.core.commands import AddRelation, AddSpan, DeleteSpan, SetRelationLabel
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.core.proposals import Proposal
from annotator.core.schema import default_schema_text, load_schema, schema_from_text
from annotator.store import Store

TEXT = "Bloomberg had reported that Russia sought a base. Moscow denied it."


class CountingStore(Store):
    """The real store, counting the whole-article reads the model makes."""

    whole_reads = 0

    def spans(self, doc_id, *args, **kw):
        self.whole_reads += 1
        return super().spans(doc_id, *args, **kw)

    def relations(self, doc_id, *args, **kw):
        self.whole_reads += 1
        return super().relations(doc_id, *args, **kw)


def _store(tmp_path):
    store = CountingStore(tmp_path / "p.db")
    doc = store.add_documents(
        [
            ParsedDocument(
                text=TEXT,
                spans=[Span("SOURCE", 0, 9), Span("CUE", 10, 22), Span("CLAIM", 28, 49)],
                relations=[Relation("support", 0, 2, 1)],
            )
        ]
    ).ids[0]
    return store, doc


def test_the_model_follows_edits_by_rereading_only_their_rows(tmp_path):
    store, doc = _store(tmp_path)
    article = ArticleModel(store, load_schema().roles())
    heard = []
    article.subscribe(heard.append)
    history = History(store)
    history.subscribe(lambda _cmd, _what, changes: article.apply(changes))
    article.open(doc)
    assert heard[-1].reset and [s.label for s in article.spans()] == ["SOURCE", "CUE", "CLAIM"]
    reads = store.whole_reads

    moscow = history.push(AddSpan(doc, Span("SOURCE", 50, 56))).span
    (rel,) = article.relations()
    deny = history.push(AddRelation(doc, Relation("deny", moscow.id, rel.claim))).relation
    history.push(SetRelationLabel(doc, rel.id, "support"))
    assert article.span(moscow.id) == moscow and article.relation_between(moscow.id, rel.claim)
    assert heard[-1].relations == {rel.id} and not heard[-1].reset
    history.push(DeleteSpan(doc, rel.source))  # its stance goes with it
    assert article.relations() == [store.relation(deny.id)]
    history.undo()
    assert {r.id for r in article.relations()} == {rel.id, deny.id}
    assert [s.id for s in article.spans()] == [s.id for s in store.spans(doc)]
    assert store.whole_reads == reads + 1  # only the comparison just above read everything
    assert article.apply(Changes.of(doc + 1, spans_added=[moscow.id])) is False  # another article


def test_selection_free_queries(tmp_path):
    store, doc = _store(tmp_path)
    roles = load_schema().roles()
    article = ArticleModel(store, roles)
    store.save_attribution_suggestions(
        doc,
        [Proposal(cue=(57, 63), claim=(64, 66), source=(50, 56), stance="deny", key="k")],
        "parser",
        "1",
    )
    article.open(doc)
    article.set_entities([Span("GPE", 50, 56), Span("GPE", 28, 34)])
    source, cue, claim = article.spans()
    assert [s.label for s in article.spans_at(30)] == ["CLAIM"] and article.spans_at(49) == []
    assert article.existing("CUE", 10, 22) is cue
    assert article.proposal_at(52).key == "k" and article.proposal_at(20) is None
    assert article.proposal_from(20).key == "k" and article.proposal_from(67) is None
    assert article.entity_at(51).label == "GPE" and article.entity_at(51, {"GPE"}) is None
    candidates = article.candidates(claim, {"GPE"})
    assert [(c.span.label, c.is_entity) for c in candidates] == [
        ("SOURCE", False),
        ("GPE", True),  # Moscow
        ("GPE", True),  # Russia, inside the claim: last
    ]
    assert article.candidates(source) == []  # not a claim
    assert article.cue_between(source, claim) is cue
    assert [r.label for r in article.stances_of(claim.id)] == ["support"]
    assert article.linked(claim.id) == [(source.id, "support"), (cue.id, "support")]
    assert article.contested_claims() == [] and article.claims_with_stances() == [claim]
    history = History(store)
    history.subscribe(lambda _cmd, _what, changes: article.apply(changes))
    moscow = history.push(AddSpan(doc, Span("SOURCE", 50, 56))).span
    history.push(AddRelation(doc, Relation("deny", moscow.id, claim.id)))
    assert article.contested_claims() == [claim]


def test_roles_come_from_the_schema_relation():
    renamed = (
        default_schema_text()
        .replace('"SOURCE"', '"SPEAKER"')
        .replace('"CUE"', '"VERB"')
        .replace('"CLAIM"', '"ASSERTION"')
    )
    roles = schema_from_text(renamed, "team.toml").roles()
    assert roles.labels() == ("SPEAKER", "VERB", "ASSERTION")
    assert roles.of("claim") == "ASSERTION" and roles.relation.name == "STANCE"
    no_relation = renamed[: renamed.index("[[relations]]")] + renamed[renamed.index("[entities]") :]
    assert schema_from_text(no_relation, "bare.toml").roles().labels() == ("", "", "")
