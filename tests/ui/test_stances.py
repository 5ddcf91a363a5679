"""Stances from the keyboard: the worked example of SCHEMA.md on the seed article."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from tests.conftest import SAMPLES, corpus
from tests.ui.windows import open_window

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(scope="module")
def pipeline():
    return load_entity_pipeline()


class Keyboard:
    """Presses keys where the focus is, and counts them."""

    def __init__(self, qtbot, window):
        self.qtbot, self.window, self.count = qtbot, window, 0

    def press(self, key, modifier=Qt.KeyboardModifier.NoModifier):
        target = QApplication.focusWidget() or self.window.article
        self.qtbot.keyClick(target, key, modifier)
        self.count += 1

    def type(self, text):
        for ch in text:
            self.qtbot.keyClicks(QApplication.focusWidget(), ch)
            self.count += 1

    def find(self, text):
        self.press(Qt.Key.Key_Slash)
        self.type(text)
        self.press(Qt.Key.Key_Return)


def words(store, doc_id, span_id):
    _, span = store.span(span_id)
    return store.document(doc_id).text[span.start : span.end]


def test_the_worked_example_from_the_keyboard(qtbot, store, pipeline):
    import_paths(store, [corpus("seed") / "asharq-al-awsat-2024-12.txt"])
    preannotate(store, *pipeline)
    window = open_window(qtbot, store)
    doc = window.current_doc
    keys = Keyboard(qtbot, window)

    # An informed source in the LNA ... denied ... that <claim>: deny
    keys.press(Qt.Key.Key_Down, CTRL)  # to the first paragraph of the body
    keys.press(Qt.Key.Key_BracketRight)  # select to the end of the clause
    keys.press(Qt.Key.Key_S)
    keys.find("den")
    keys.press(Qt.Key.Key_U)
    keys.find("the m")
    keys.press(Qt.Key.Key_BraceRight)  # extend to the end of the sentence
    keys.press(Qt.Key.Key_C)
    keys.press(Qt.Key.Key_2)  # deny, to the nearest source
    lna_presses = keys.count

    (rel,) = store.relations(doc)
    assert rel.label == "deny" and rel.annotator == "ana"
    assert words(store, doc, rel.source) == "An informed source in the Libyan National Army (LNA)"
    assert store.span(rel.source)[1].attributes == {"source_type": "anonymous"}
    assert words(store, doc, rel.cue) == "denied"
    assert words(store, doc, rel.claim) == (
        "the military was planning on reaching an agreement with Russia to allow it to set up "
        "a military base in the country"
    )

    # Bloomberg had reported that <claim>: support
    keys.count = 0
    keys.find("Bloo")
    keys.press(Qt.Key.Key_S)
    keys.press(Qt.Key.Key_3)  # named_outlet
    for _ in range(3):  # Qt moves to word starts: " had reported "
        keys.press(Qt.Key.Key_Right, CTRL | SHIFT)
    keys.press(Qt.Key.Key_U)
    keys.press(Qt.Key.Key_BraceRight)
    keys.press(Qt.Key.Key_C)
    keys.press(Qt.Key.Key_1)  # support
    bloomberg_presses = keys.count

    support = next(r for r in store.relations(doc) if r.label == "support")
    assert words(store, doc, support.source) == "Bloomberg"
    assert store.span(support.source)[1].attributes == {"source_type": "named_outlet"}
    assert words(store, doc, support.cue) == "had reported"
    assert words(store, doc, support.claim).startswith("Russia was seeking to strike a defense")
    assert words(store, doc, support.claim).endswith("when the latter visited Moscow in September")
    assert lna_presses < 20 and bloomberg_presses < 20, (lna_presses, bloomberg_presses)

    # the panel shows claim -> source (stance, cue); the view marks the claim's links
    window.jump_to_span(rel.claim)
    assert {(sid, stance) for sid, stance in window.article.linked()} == {
        (rel.source, "deny"),
        (rel.cue, "deny"),
    }
    tree = window.panel.tree.topLevelItem(0)
    assert tree.text(0) == "STANCES  (2)"
    assert [tree.child(i).child(0).text(0).split("  ")[0] for i in range(2)] == [
        "✗ deny",
        "✓ support",
    ]

    # Who says what lists both side by side and jumps to a claim
    window.show_stances()
    table = window.stances_view
    assert table.proxy.rowCount() == 2
    table.set_filter(stance="deny")
    assert table.proxy.rowCount() == 1
    assert table.row(0).source_type == "anonymous"
    table.set_filter(source_type="named_outlet")
    assert [table.row(0).source, table.row(0).stance] == ["Bloomberg", "support"]
    window.jump_to_span(rel.source)
    table.table.doubleClicked.emit(table.proxy.index(0, 0))
    assert window.article.selected_span == support.claim
    table.close()
    window.close()


def test_stance_undo_redo_and_deleting_a_claim(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    doc = window.current_doc
    keys = Keyboard(qtbot, window)
    keys.find("The Coastal G")
    keys.press(Qt.Key.Key_S)
    keys.find("had r")
    keys.press(Qt.Key.Key_U)
    keys.press(Qt.Key.Key_BraceRight)
    keys.press(Qt.Key.Key_C)
    keys.press(Qt.Key.Key_4)  # comment
    (rel,) = store.relations(doc)
    assert rel.label == "comment" and rel.cue is not None
    keys.press(Qt.Key.Key_2)  # change it: deny
    assert store.relations(doc)[0].label == "deny"
    keys.press(Qt.Key.Key_Z, CTRL)
    assert store.relations(doc)[0].label == "comment"
    keys.press(Qt.Key.Key_Z, CTRL)
    assert store.relations(doc) == []
    keys.press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | SHIFT)
    (rel,) = store.relations(doc)
    assert window.article.relations() == [rel]

    # deleting the claim takes its stance; one undo brings both back
    window.jump_to_span(rel.claim)
    window.article.setFocus()
    keys.press(Qt.Key.Key_Delete)
    assert store.relations(doc) == [] and rel.claim not in {s.id for s in store.spans(doc)}
    keys.press(Qt.Key.Key_Z, CTRL)
    assert store.relations(doc) == [rel]

    # a relation follows its span when the span's bounds change
    window.jump_to_span(rel.claim)
    _, claim = store.span(rel.claim)
    window.article.select_range(claim.start, claim.start + 30)
    keys.press(Qt.Key.Key_B)
    assert store.span(rel.claim)[1].end < claim.end
    assert store.relations(doc) == [rel]

    # L cycles candidates; 0 unlinks the current one
    window.jump_to_span(rel.claim)
    keys.press(Qt.Key.Key_L)
    assert window.article.candidate.id == rel.source
    keys.press(Qt.Key.Key_0)
    assert store.relations(doc) == []
    window.close()


def test_the_span_menu_links_a_stance_with_the_mouse(qtbot, store):
    from annotator.ui.span_menu import span_menu

    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    text = window.article.text()
    for words_, label in (
        ("harbour master Elena Varga", "S"),
        ("told", "U"),
        ("The northern quay is reserved for ferries and cargo", "C"),
    ):
        start = text.index(words_)
        window.article.select_range(start, start + len(words_))
        window.editor.label_selection({"S": "SOURCE", "U": "CUE", "C": "CLAIM"}[label])
    menu = span_menu(window.editor, window.editor.selected(), window)
    first = menu.actions()[0]
    assert first.text().startswith("Stance of “harbour master Elena Varga”")
    deny = next(a for a in first.menu().actions() if a.text() == "deny")
    deny.trigger()
    (rel,) = store.relations(window.current_doc)
    assert rel.label == "deny" and rel.cue is not None
    window.close()


def test_ctrl_drag_from_a_source_to_a_claim_links_them(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = open_window(qtbot, store)
    text = window.article.text()
    ids = {}
    for words_, label in (
        ("The Coastal Gazette", "SOURCE"),
        ("had reported", "CUE"),
        ("officials were close to signing", "CLAIM"),
    ):
        start = text.index(words_)
        window.article.select_range(start, start + len(words_))
        ids[label] = window.editor.label_selection(label).id

    def point(offset):
        window.article.set_caret(offset)
        return window.article.cursorRect().center()

    viewport = window.article.viewport()
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.waitSignal(window.article.link_dragged) as dragged:
        qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, ctrl, point(text.index("Coastal")))
        qtbot.mouseMove(viewport, point(text.index("close to signing")))
        qtbot.mouseRelease(
            viewport, Qt.MouseButton.LeftButton, ctrl, point(text.index("close to signing"))
        )
    assert dragged.args[:2] == [ids["SOURCE"], ids["CLAIM"]]
    menu = window.link_menu  # the stance menu popped up where the drag ended
    assert [a.text() for a in menu.actions()] == ["support", "deny", "query", "comment"]
    next(a for a in menu.actions() if a.text() == "query").trigger()
    menu.close()
    (rel,) = store.relations(window.current_doc)
    assert (rel.label, rel.source, rel.claim, rel.cue) == (
        "query",
        ids["SOURCE"],
        ids["CLAIM"],
        ids["CUE"],
    )
    window.close()
