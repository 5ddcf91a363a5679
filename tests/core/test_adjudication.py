"""Adjudication without Qt: units of disagreement, what gold has settled, taking versions."""

from __future__ import annotations

import pytest

from annotator.core.adjudication import GOLD_SETTING, adjudicate, gold_name
from annotator.core.adjudication_commands import read_adjudication, take, take_unanimous
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store

TEXT = (
    "The mayor, Jose Nunez, denied that the ferry strike had ended. "
    "Bloomberg reported that Russia sought a naval base."
)


def put(store: Store, doc: int, who: str, words: str, label: str) -> int:
    start = TEXT.index(words)
    return store.add_span(doc, Span(label, start, start + len(words), annotator=who))


@pytest.fixture
def team(store: Store) -> tuple[Store, int]:
    """Three analysts who agree on the mayor and his cue, and differ on the rest."""
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="t")]).ids
    for who in ("ana", "ben", "chloe"):
        mayor = put(store, doc, who, "The mayor", "SOURCE")
        denied = put(store, doc, who, "denied", "CUE")
        words = (
            "that the ferry strike had ended" if who == "chloe" else "the ferry strike had ended"
        )
        claim = put(store, doc, who, words, "CLAIM")
        stance = "support" if who == "chloe" else "deny"
        store.add_relation(doc, Relation(stance, mayor, claim, denied, annotator=who))
        put(store, doc, who, "reported", "SOURCE" if who == "chloe" else "CUE")
    put(store, doc, "ana", "Bloomberg", "SOURCE")
    return store, doc


def kinds(store: Store, doc: int) -> list[tuple[str, str, bool, bool]]:
    state = read_adjudication(store, doc)
    return [(u.kind, TEXT[u.start : u.end], u.unanimous, u.settled) for u in state.units]


def test_units_in_document_order_with_agreement_and_disagreement(team):
    store, doc = team
    assert kinds(store, doc) == [
        ("span", "The mayor", True, False),
        ("stance", "The mayor, Jose Nunez, denied that the ferry strike had ended", False, False),
        ("span", "denied", True, False),
        ("span", "that the ferry strike had ended", False, False),
        ("span", "Bloomberg", False, False),
        ("span", "reported", False, False),  # CUE against SOURCE on the same word: one unit
    ]
    state = read_adjudication(store, doc)
    assert state.analysts == ["ana", "ben", "chloe"]
    assert state.summary() == "0 of 4 disagreements settled"
    claim = state.units[3]
    assert claim.versions["ana"] == claim.versions["ben"] != claim.versions["chloe"]


def test_an_analyst_who_only_set_a_status_disagrees_everywhere(team):
    store, doc = team
    store.set_status(doc, "done", "dora")
    state = read_adjudication(store, doc)
    assert "dora" in state.analysts
    assert all(not u.unanimous for u in state.units)


def test_taking_an_analyst_settles_the_unit_and_undo_takes_it_back(team):
    store, doc = team
    history = History(store)
    key = read_adjudication(store, doc).units[3].key
    history.push(take(doc, key, "chloe", "gold"))
    gold = store.spans(doc, "gold")
    assert [(s.label, TEXT[s.start : s.end]) for s in gold] == [
        ("CLAIM", "that the ferry strike had ended")
    ]
    assert store.status(doc, "gold") == "in progress"
    assert read_adjudication(store, doc).summary() == "1 of 4 disagreements settled"
    assert read_adjudication(store, doc).unit(key).matches() == ["chloe"]
    # changing the decision moves the gold span rather than deleting it
    history.push(take(doc, key, "ana", "gold"))
    (moved,) = store.spans(doc, "gold")
    assert moved.id == gold[0].id and TEXT[moved.start : moved.end] == "the ferry strike had ended"
    assert read_adjudication(store, doc).unit(key).matches() == ["ana", "ben"]
    history.undo()
    history.undo()
    assert store.spans(doc, "gold") == [] and store.status(doc, "gold") == "new"
    assert read_adjudication(store, doc).summary() == "0 of 4 disagreements settled"
    history.redo()
    assert read_adjudication(store, doc).summary() == "1 of 4 disagreements settled"


def test_none_settles_a_unit_with_nothing_in_gold(team):
    store, doc = team
    history = History(store)
    bloomberg = read_adjudication(store, doc).units[4]
    history.push(take(doc, bloomberg.key, "ana", "gold"))
    assert len(store.spans(doc, "gold")) == 1
    history.push(take(doc, bloomberg.key, None, "gold"))
    assert store.spans(doc, "gold") == []
    state = read_adjudication(store, doc)
    assert state.unit(bloomberg.key).settled and state.settled == 1
    history.undo()
    assert not read_adjudication(store, doc).unit(bloomberg.key).decided_none
    assert len(store.spans(doc, "gold")) == 1
    # taking an analyst whose version is nothing is the same as none
    history.push(take(doc, bloomberg.key, "ben", "gold"))
    assert store.spans(doc, "gold") == [] and read_adjudication(store, doc).settled == 1


def test_taking_a_stance_brings_its_source_and_claim_in_one_step(team):
    store, doc = team
    history = History(store)
    stance = read_adjudication(store, doc).units[1]
    history.push(take(doc, stance.key, "chloe", "gold"))
    (rel,) = store.relations(doc, "gold")
    spans = {s.id: TEXT[s.start : s.end] for s in store.spans(doc, "gold")}
    assert rel.label == "support"
    assert (
        spans[rel.source] == "The mayor" and spans[rel.claim] == "that the ferry strike had ended"
    )
    assert spans[rel.cue] == "denied"
    history.push(take(doc, stance.key, "ana", "gold"))  # relabelled, not duplicated
    assert [r.label for r in store.relations(doc, "gold")] == ["deny"]
    history.undo()
    history.undo()
    assert store.spans(doc, "gold") == [] and store.relations(doc, "gold") == []


def test_take_all_unanimous_is_one_undo_step_and_leaves_disagreements(team):
    store, doc = team
    history = History(store)
    history.push(take_unanimous(doc, "gold"))
    assert sorted(TEXT[s.start : s.end] for s in store.spans(doc, "gold")) == [
        "The mayor",
        "denied",
    ]
    state = read_adjudication(store, doc)
    assert all(u.in_gold for u in state.units if u.unanimous)
    assert state.summary() == "0 of 4 disagreements settled"
    assert state.unanimous_open == []
    history.undo()
    assert store.spans(doc, "gold") == []
    assert history.next_undo() is None


def test_unanimous_stances_come_after_their_spans(store):
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="t")]).ids
    for who in ("ana", "ben"):
        mayor = put(store, doc, who, "The mayor", "SOURCE")
        claim = put(store, doc, who, "the ferry strike had ended", "CLAIM")
        store.add_relation(doc, Relation("deny", mayor, claim, None, annotator=who))
    History(store).push(take_unanimous(doc, "gold"))
    (rel,) = store.relations(doc, "gold")
    assert rel.label == "deny" and rel.cue is None
    assert read_adjudication(store, doc).summary() == "0 of 0 disagreements settled"


def test_the_gold_name_is_a_project_setting(team):
    store, doc = team
    assert gold_name(store) == "gold"
    store.set_setting(GOLD_SETTING, "adjudicated")
    assert gold_name(store) == "adjudicated"
    History(store).push(take_unanimous(doc, gold_name(store)))
    assert len(store.spans(doc, "adjudicated")) == 2 and store.spans(doc, "gold") == []


def test_a_gold_span_with_another_label_on_the_same_words_belongs_to_the_unit():
    spans = [
        Span("CUE", 0, 6, annotator="ana", id=1),
        Span("SOURCE", 0, 6, annotator="ben", id=2),
        Span("CLAIM", 0, 40, annotator="ana", id=3),  # around it: its own unit
        Span("SOURCE", 1, 6, annotator="gold", id=4),
    ]
    state = adjudicate(spans, [], ["ana", "ben"], "gold")
    assert [(u.start, u.end, [s.id for s in u.gold_spans]) for u in state.units] == [
        (0, 40, []),
        (0, 6, [4]),
    ]


def test_a_unanimous_stance_on_a_disputed_claim_waits_for_the_claim(store):
    """Taking all unanimous never decides a disagreement by picking analyst 1's version."""
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="t")]).ids
    for who in ("ana", "ben"):
        mayor = put(store, doc, who, "The mayor", "SOURCE")
        words = "the ferry strike had ended" if who == "ana" else "the ferry strike"
        claim = put(store, doc, who, words, "CLAIM")
        store.add_relation(doc, Relation("deny", mayor, claim, None, annotator=who))
    history = History(store)
    history.push(take_unanimous(doc, "gold"))
    assert [TEXT[s.start : s.end] for s in store.spans(doc, "gold")] == ["The mayor"]
    assert store.relations(doc, "gold") == []
    state = read_adjudication(store, doc)
    claim = next(u for u in state.disagreements if u.kind == "span")
    history.push(take(doc, claim.key, "ben", "gold"))
    history.push(take_unanimous(doc, "gold"))
    (rel,) = store.relations(doc, "gold")
    assert rel.label == "deny" and read_adjudication(store, doc).unanimous_open == []


def test_a_stance_taken_after_none_on_its_source_forgets_that_none(team):
    store, doc = team
    history = History(store)
    store.delete_span(next(s.id for s in store.spans(doc, "ben") if s.label == "SOURCE"))
    state = read_adjudication(store, doc)
    mayor = next(u for u in state.units if TEXT[u.start : u.end] == "The mayor")
    history.push(take(doc, mayor.key, None, "gold"))
    stance = next(u for u in read_adjudication(store, doc).units if u.kind == "stance")
    history.push(take(doc, stance.key, "ana", "gold"))
    again = read_adjudication(store, doc).unit(mayor.key)
    assert again.gold and not again.decided_none
