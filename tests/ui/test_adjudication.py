"""Adjudication driven by its keys on a real project with three analysts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.adjudication import GOLD_SETTING
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store
from tests.ui.windows import open_window

TEXT = (
    "The mayor, Jose Nunez, denied that the ferry strike had ended. "
    "Bloomberg reported that Russia sought a naval base."
)
NONE = Qt.KeyboardModifier.NoModifier


def put(store: Store, doc: int, who: str, words: str, label: str) -> int:
    start = TEXT.index(words)
    return store.add_span(doc, Span(label, start, start + len(words), annotator=who))


def three_analysts(store: Store) -> int:
    """ana, ben and chloe agree on the mayor and "denied"; they differ on four units."""
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="ferry")]).ids
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
        store.set_status(doc, "done", who)
    put(store, doc, "ana", "Bloomberg", "SOURCE")
    return doc


@pytest.fixture
def window(qtbot, store):
    three_analysts(store)
    win = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: win.current_doc is not None, timeout=5000)
    yield win
    win.close()


def press(qtbot, window, key, modifier=NONE):
    qtbot.keyClick(window.article, key, modifier)


def gold(store: Store) -> list[tuple[str, str]]:
    return [(s.label, TEXT[s.start : s.end]) for s in store.spans(1, "gold")]


def test_the_mode_walks_takes_and_undoes_by_keys(qtbot, window):
    mode, store = window.adjudication, window.store
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.state == "keys" and window.analyst == "gold"
    assert mode.counter.text() == "0 of 4 disagreements settled"
    assert window.tabs.currentWidget() is mode.panel
    # the first disagreement in document order: the mayor's stance, chloe against the rest
    assert mode.panel.lane_texts() == [
        ("ana", "✗ deny"),
        ("ben", "✗ deny"),
        ("chloe", "✓ support"),
        ("gold", "—"),
    ]
    press(qtbot, window, Qt.Key.Key_S)  # labelling keys are off in the mode
    assert store.spans(1, "gold") == []
    press(qtbot, window, Qt.Key.Key_A)  # every unanimous unit in one step
    assert gold(store) == [("SOURCE", "The mayor"), ("CUE", "denied")]
    press(qtbot, window, Qt.Key.Key_K)
    assert mode.panel.lane_texts()[2] == ("chloe", "CLAIM “that the ferry strike had ended”")
    press(qtbot, window, Qt.Key.Key_3)  # chloe's claim
    assert ("CLAIM", "that the ferry strike had ended") in gold(store)
    assert mode.counter.text() == "1 of 4 disagreements settled"
    assert window.statusBar().currentMessage().startswith("take chloe into gold")
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)
    assert "stance" in mode.panel.where.text()
    press(qtbot, window, Qt.Key.Key_1)  # ana's deny, onto the spans gold has
    (rel,) = store.relations(1, "gold")
    assert rel.label == "deny"
    assert mode.counter.text() == "2 of 4 disagreements settled"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.relations(1, "gold") == []
    assert mode.counter.text() == "1 of 4 disagreements settled"
    press(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert mode.counter.text() == "2 of 4 disagreements settled"
    # Bloomberg: only ana labelled it; none goes into gold, and that settles it
    mode.go_to(next(u.key for u in mode.adjudication.units if "span:63" in u.key))
    press(qtbot, window, Qt.Key.Key_0)
    assert mode.counter.text() == "3 of 4 disagreements settled"
    assert "Bloomberg" not in [w for _, w in gold(store)]
    press(qtbot, window, Qt.Key.Key_9)  # there are three analysts
    assert "keys 1–3" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.state == "off" and window.analyst == "ana"
    assert window.tabs.indexOf(mode.panel) == -1
    assert len(gold(store)) == 3 and len(store.relations(1, "gold")) == 1  # gold stays
    assert all(s.annotator == "ana" for s in window.article_model.spans())


def test_by_hand_edits_the_gold_layer_with_the_ordinary_keys(qtbot, window):
    mode, store = window.adjudication, window.store
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_H)
    assert mode.state == "hand"
    start = TEXT.index("Russia")
    window.article.select_range(start, start + len("Russia"))
    press(qtbot, window, Qt.Key.Key_S)
    assert ("SOURCE", "Russia") in gold(store)
    press(qtbot, window, Qt.Key.Key_K)  # the mode's keys are off while editing by hand
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.state == "keys"
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.state == "off"
    assert ("SOURCE", "Russia") not in [
        (s.label, TEXT[s.start : s.end]) for s in store.spans(1, "ana")
    ]


def test_the_marks_follow_the_units(qtbot, window):
    mode = window.adjudication
    press(qtbot, window, Qt.Key.Key_J)
    kinds = {TEXT[s:e]: kind for s, e, kind in mode.marks.marks() if kind != "current"}
    assert kinds["The mayor"] == "unanimous" and kinds["Bloomberg"] == "open"
    assert mode.marks.drawn() == 3  # the claim, Bloomberg, "reported": drawn in the text
    press(qtbot, window, Qt.Key.Key_A)
    kinds = {TEXT[s:e]: kind for s, e, kind in mode.marks.marks() if kind != "current"}
    assert "The mayor" not in kinds  # unanimous and in gold: nothing to mark
    press(qtbot, window, Qt.Key.Key_J)
    assert mode.marks.marks() == [] and mode.marks.drawn() == 0


def test_the_gold_layer_is_named_by_the_project(qtbot, store):
    three_analysts(store)
    store.set_setting(GOLD_SETTING, "adjudicated")
    window = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: window.current_doc is not None, timeout=5000)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_A)
    assert len(store.spans(1, "adjudicated")) == 2 and store.spans(1, "gold") == []
    window.close()


def test_an_article_nobody_labelled_is_not_adjudicated(qtbot, store):
    store.add_documents([ParsedDocument(TEXT, title="bare")])
    window = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: window.current_doc is not None, timeout=5000)
    press(qtbot, window, Qt.Key.Key_J)
    assert window.adjudication.state == "off"
    assert "nothing to adjudicate" in window.statusBar().currentMessage()
    window.close()


def test_open_screenshot_draws_the_mode(tmp_path):
    from PySide6.QtGui import QImage

    from tests.ui.test_screenshot import run_open

    db = tmp_path / "team.db"
    with Store(db) as store:
        doc = three_analysts(store)
    shots = {}
    for view in ("article", "adjudicate"):
        out = tmp_path / f"{view}.png"
        args = ["--screenshot", str(out), "--doc", str(doc), "--view", view]
        done = run_open(db, *args, "--model", str(tmp_path / "no-such-model"))
        assert done.returncode == 0, done.stderr
        shots[view] = QImage(str(out))
        assert (shots[view].width(), shots[view].height()) == (1280, 800)
    assert shots["article"] != shots["adjudicate"]  # the Adjudicate tab and the marks
    with Store(db) as store:
        assert store.spans(doc, "gold") == []  # a picture changes nothing


def test_other_articles_open_in_the_mode_and_d_marks_gold_done(qtbot, store):
    three_analysts(store)
    (second,) = store.add_documents([ParsedDocument(TEXT + " Later.", title="two")]).ids
    put(store, second, "ana", "Bloomberg", "SOURCE")
    window = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: window.current_doc == 1, timeout=5000)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_D)  # gold's status, and on to the next article
    assert store.status(1, "gold") == "done" and store.status(1, "ana") == "done"
    qtbot.waitUntil(lambda: window.current_doc == second, timeout=5000)
    mode = window.adjudication
    assert mode.state == "keys" and window.analyst == "gold"
    assert mode.counter.text() == "0 of 0 disagreements settled"
    assert mode.panel.lane_texts() == []
    press(qtbot, window, Qt.Key.Key_A)
    assert [s.annotator for s in store.spans(second)] == ["ana", "gold"]
    window.close()
