"""Commands and history against a real project file."""

import sqlite3

import pytest

from annotator.core.commands import (
    AddSpan,
    Batch,
    ChangeSpan,
    DeleteSpan,
    SetSpanAttribute,
    SetStatus,
)
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span

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


def test_add_undo_redo_keeps_the_same_span(store):
    doc_id = _doc(store)
    history = History(store)
    heard = []
    history.subscribe(lambda cmd, what, _changes: heard.append((cmd.text, what)))
    cmd = history.push(AddSpan(doc_id, Span("CLAIM", 0, 22, annotator="ana")))
    span_id = cmd.span.id
    assert store.span(span_id)[1].annotator == "ana"
    history.undo()
    assert span_id not in {s.id for s in store.spans(doc_id)}
    history.redo()
    assert store.span(span_id)[1].label == "CLAIM"
    assert heard == [("label CLAIM", "do"), ("label CLAIM", "undo"), ("label CLAIM", "redo")]


def test_deleting_a_claim_takes_its_relation_and_undo_restores_both(store):
    doc_id = _doc(store)
    history = History(store)
    claim = next(s for s in store.spans(doc_id) if s.label == "CLAIM")
    (before,) = store.relations(doc_id)
    history.push(DeleteSpan(doc_id, claim.id))
    assert store.relations(doc_id) == []
    history.undo()
    assert store.relations(doc_id) == [before]
    cue = next(s for s in store.spans(doc_id) if s.label == "CUE")
    history.push(DeleteSpan(doc_id, cue.id))
    assert store.relations(doc_id)[0].cue is None  # the stance stays, without its cue
    history.undo()
    assert store.relations(doc_id) == [before]


def test_attributes_bounds_status_and_batches_undo(store):
    doc_id = _doc(store)
    history = History(store)
    source = store.spans(doc_id)[0]
    history.push(SetSpanAttribute(doc_id, source.id, "source_type", "named_outlet"))
    assert store.span(source.id)[1].attributes == {"source_type": "named_outlet"}
    history.push(ChangeSpan(doc_id, source.id, start=0, end=22))
    history.push(SetStatus(doc_id, "done"))
    assert store.status(doc_id) == "done"
    history.push(
        Batch(doc_id, [AddSpan(doc_id, Span("CUE", 10, 13)), AddSpan(doc_id, Span("CUE", 14, 22))])
    )
    assert len(store.spans(doc_id)) == 5
    history.undo()
    assert len(store.spans(doc_id)) == 3
    history.undo()
    history.undo()
    assert store.status(doc_id) == "new" and store.span(source.id)[1].end == 9
    history.undo()
    assert store.span(source.id)[1].attributes == {}
    assert history.undo() is None


def _poison(store, when: str) -> None:
    """A trigger that makes one part of an edit fail, as a full disk or a bug would."""
    store.db.execute(
        f"CREATE TRIGGER poison BEFORE {when} BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )


def _state(store, doc_id):
    return (store.spans(doc_id), store.relations(doc_id), store.status(doc_id))


def test_a_batch_whose_last_part_fails_leaves_nothing_on_disk_and_no_undo_step(store):
    doc_id = _doc(store)
    history = History(store)
    history.push(SetStatus(doc_id, "in progress"))
    before = _state(store, doc_id)
    _poison(store, "INSERT ON spans WHEN new.label = 'POISON'")
    batch = Batch(
        doc_id,
        [
            AddSpan(doc_id, Span("CUE", 10, 13)),
            SetStatus(doc_id, "done"),
            AddSpan(doc_id, Span("POISON", 14, 22)),
        ],
    )
    with pytest.raises(sqlite3.DatabaseError, match="disk trouble"):
        history.push(batch)
    assert _state(store, doc_id) == before
    assert history.next_undo().text == "mark in progress"  # the failed batch is not undoable
    history.undo()
    assert store.status(doc_id) == "new"


def test_a_batch_whose_undo_fails_half_way_stays_done_and_stays_undoable(store):
    doc_id = _doc(store)
    history = History(store)
    source = store.spans(doc_id)[0]
    batch = history.push(
        Batch(
            doc_id,
            [
                SetSpanAttribute(doc_id, source.id, "source_type", "named_outlet"),
                AddSpan(doc_id, Span("CUE", 10, 13)),
            ],
        )
    )
    after = _state(store, doc_id)
    _poison(store, "UPDATE OF attributes ON spans")  # undo takes back the span, then fails
    with pytest.raises(sqlite3.DatabaseError, match="disk trouble"):
        history.undo()
    assert _state(store, doc_id) == after
    assert history.next_undo() is batch
    store.db.execute("DROP TRIGGER poison")
    history.undo()
    assert len(store.spans(doc_id)) == 3 and store.span(source.id)[1].attributes == {}


def test_a_failed_redo_keeps_the_edit_redoable(store):
    doc_id = _doc(store)
    history = History(store)
    batch = history.push(
        Batch(doc_id, [AddSpan(doc_id, Span("CUE", 10, 13)), SetStatus(doc_id, "done")])
    )
    history.undo()
    before = _state(store, doc_id)
    _poison(store, "UPDATE OF status ON documents")
    with pytest.raises(sqlite3.DatabaseError, match="disk trouble"):
        history.redo()
    assert _state(store, doc_id) == before
    assert history.next_redo() is batch and history.next_undo() is None
