"""Analyst layers, lasting identities, per-analyst status and deletions, on a real project file."""

import uuid

from annotator.core.commands import AddSpan, DeleteRelation, DeleteSpan
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span

TEXT = "Bloomberg reported that Russia sought a base."


def _annotated(annotator: str, **kw) -> ParsedDocument:
    return ParsedDocument(
        text=TEXT,
        title="Base",
        spans=[
            Span("SOURCE", 0, 9, annotator=annotator),
            Span("CUE", 10, 18, annotator=annotator),
            Span("CLAIM", 24, 45, annotator=annotator),
        ],
        relations=[Relation("support", 0, 2, 1, annotator=annotator)],
        **kw,
    )


def _count(store, table: str) -> int:
    return store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_queries_take_an_analyst_filter_and_list_the_layers(store):
    (doc_id,) = store.add_documents([_annotated("ana")]).ids
    store.add_span(doc_id, Span("CLAIM", 24, 45, annotator="bo"))
    assert [s.annotator for s in store.spans(doc_id)] == ["ana", "ana", "ana", "bo"]
    assert [s.label for s in store.spans(doc_id, "bo")] == ["CLAIM"]
    assert len(store.spans(doc_id, "ana")) == 3 and store.spans(doc_id, "nobody") == []
    assert [r.annotator for r in store.relations(doc_id, "ana")] == ["ana"]
    assert store.relations(doc_id, "bo") == [] and len(store.relations(doc_id)) == 1
    assert store.analysts(doc_id) == ["ana", "bo"] and store.analysts() == ["ana", "bo"]
    (other,) = store.add_documents([ParsedDocument("Another text.", title="x")]).ids
    assert store.analysts(other) == []


def test_a_colleagues_import_of_the_same_text_adds_their_layer_and_a_reimport_adds_nothing(store):
    first = store.add_documents([_annotated("ana")])
    (doc_id,) = first.ids
    theirs = store.add_documents([_annotated("bo")])
    assert theirs.ids == [] and theirs.duplicates == 1
    assert theirs.updated == [doc_id] and theirs.layers == 1
    assert (theirs.spans, theirs.relations) == (3, 1)
    assert store.analysts(doc_id) == ["ana", "bo"]
    rel = store.relations(doc_id, "bo")[0]
    bo_ids = {s.id for s in store.spans(doc_id, "bo")}
    assert {rel.source, rel.claim, rel.cue} == bo_ids  # bound to bo's own spans

    again = store.add_documents([_annotated("bo"), _annotated("ana")])
    assert again.duplicates == 2 and again.updated == [] and again.spans == 0
    assert (_count(store, "spans"), _count(store, "relations")) == (6, 2)


def test_reimport_matches_by_uid_and_keeps_two_equal_spans_of_one_analyst(store):
    doc = _annotated("ana")
    doc.spans.append(Span("CLAIM", 24, 45, annotator="ana"))  # the same span twice
    (doc_id,) = store.add_documents([doc]).ids
    stored = store.spans(doc_id)
    assert len(stored) == 4
    # an export of it, with one span moved by its analyst later: matched by uid, not added
    back = _annotated("ana")
    back.spans = [Span(s.label, s.start, s.end, annotator="ana", uid=s.uid) for s in stored]
    again = store.add_documents([back])
    assert again.spans == 0 and _count(store, "spans") == 4


def test_every_span_and_relation_gets_a_lasting_uid_that_survives_undo_and_redo(store):
    (doc_id,) = store.add_documents([_annotated("ana")]).ids
    uids = [s.uid for s in store.spans(doc_id)] + [r.uid for r in store.relations(doc_id)]
    assert all(uuid.UUID(u).version == 4 for u in uids) and len(set(uids)) == 4

    history = History(store)
    added = AddSpan(doc_id, Span("SOURCE", 24, 30, annotator="ana"))
    history.push(added)
    made = store.span(added.span.id)[1].uid
    assert made and added.span.uid == made
    history.undo()
    assert [d.uid for d in store.deletions(doc_id)] == [made]
    history.redo()
    assert store.span(added.span.id)[1].uid == made and store.deletions(doc_id) == []


def test_deleting_records_each_span_and_stance_per_layer_and_undo_removes_the_record(store):
    (doc_id,) = store.add_documents([_annotated("ana")]).ids
    claim = next(s for s in store.spans(doc_id) if s.label == "CLAIM")
    (rel,) = store.relations(doc_id)
    history = History(store)
    history.push(DeleteSpan(doc_id, claim.id))
    gone = store.deletions(doc_id, "ana")
    assert {(d.uid, d.kind, d.annotator) for d in gone} == {
        (claim.uid, "span", "ana"),
        (rel.uid, "relation", "ana"),
    }
    assert store.deletions(doc_id, "bo") == [] and all(d.deleted_at for d in gone)
    history.undo()
    assert store.deletions() == []
    assert store.relations(doc_id)[0].uid == rel.uid
    history.push(DeleteRelation(doc_id, rel.id))
    assert [(d.uid, d.kind) for d in store.deletions()] == [(rel.uid, "relation")]
    history.undo()
    assert store.deletions() == [] and store.relation(rel.id).uid == rel.uid


def test_a_reimport_does_not_bring_back_what_its_analyst_deleted(store):
    (doc_id,) = store.add_documents([_annotated("ana")]).ids
    exported = store.spans(doc_id)
    claim = next(s for s in exported if s.label == "CLAIM")
    store.delete_span(claim.id)
    back = ParsedDocument(text=TEXT, spans=exported)
    assert store.add_documents([back]).spans == 0
    assert [s.label for s in store.spans(doc_id)] == ["SOURCE", "CUE"]


def test_updated_at_moves_on_every_write(store):
    (doc_id,) = store.add_documents([_annotated("ana")]).ids

    def stamps(table: str) -> dict[int, str]:
        return dict(store.db.execute(f"SELECT id, updated_at FROM {table}").fetchall())

    with store.transaction():  # long ago, so any write today is later
        for table in ("spans", "relations"):
            store.db.execute(f"UPDATE {table} SET updated_at = '2000-01-01T00:00:00.000+00:00'")
    spans, relations = stamps("spans"), stamps("relations")
    cue = next(s for s in store.spans(doc_id) if s.label == "CUE")
    source = next(s for s in store.spans(doc_id) if s.label == "SOURCE")
    store.update_span(source.id, attributes={"source_type": "outlet"})
    assert stamps("spans")[source.id] > spans[source.id]
    store.delete_span(cue.id)  # the stance loses its cue: it changed
    (rel,) = store.relations(doc_id)
    assert rel.cue is None and stamps("relations")[rel.id] > relations[rel.id]


def test_each_analyst_has_a_status_and_the_list_filter_reads_the_last_one_set(store):
    (doc_id,) = store.add_documents([_annotated("ana")]).ids
    assert store.status(doc_id, "ana") == "new" and store.statuses(doc_id) == {}
    store.set_status(doc_id, "done", annotator="ana")
    store.set_status(doc_id, "in progress", annotator="bo")
    assert store.status(doc_id, "ana") == "done" and store.status(doc_id, "bo") == "in progress"
    assert store.status(doc_id) == "in progress"  # the status last set by anyone
    assert store.document_ids(status="in progress") == [doc_id]
    store.set_status(doc_id, "skipped")  # no analyst named: the unnamed layer
    assert store.statuses(doc_id) == {"": "skipped", "ana": "done", "bo": "in progress"}
    assert store.analysts(doc_id) == ["", "ana", "bo"]


def test_an_imported_status_goes_to_the_analysts_of_the_document(store):
    (doc_id,) = store.add_documents([_annotated("ana", status="done")]).ids
    assert store.statuses(doc_id) == {"ana": "done"}
    store.add_documents([_annotated("bo", statuses={"bo": "in progress", "ana": "new"})])
    # an import never overwrites a status an analyst set here
    assert store.statuses(doc_id) == {"ana": "done", "bo": "in progress"}


def test_an_analysts_list_counts_their_own_layer_and_the_unnamed_one(store):
    text = "The mayor said the port is closed. The minister said it is open."
    spans = [Span("SOURCE", 0, 9, annotator=name) for name in ("ana", "ben", "")]
    spans += [Span("CLAIM", 15, 33, annotator=name) for name in ("ana", "ben")]
    (doc_id,) = store.add_documents([ParsedDocument(text, spans=spans)]).ids
    (everyone,) = store.summaries([doc_id])
    (mine,) = store.summaries([doc_id], annotator="ana")
    assert (everyone.claims, everyone.sources) == (2, 3)
    assert (mine.claims, mine.sources) == (1, 2)  # ana's and the unnamed layer's, not ben's
