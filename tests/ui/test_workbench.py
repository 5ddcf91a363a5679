"""The workbench driven from the keyboard, on real widgets and a real project file."""

import pytest
from PySide6.QtCore import Qt

from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store
from annotator.ui.help_overlay import shortcut_table
from tests.conftest import SAMPLES
from tests.ui.windows import open_window


@pytest.fixture(scope="session")
def pipeline():
    return load_entity_pipeline()


@pytest.fixture
def window(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    win = open_window(qtbot, store)
    yield win
    win.close()


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.article, key, modifier)


def select(window, words: str, occurrence: int = 0) -> tuple[int, int]:
    text = window.article.toPlainText()
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    window.article.select_range(start, start + len(words))
    return start, start + len(words)


def test_select_and_press_a_label_key_stores_the_span_snapped_to_words(window, qtbot, store):
    text = window.article.toPlainText()
    start = text.index("oastal Gazette had")  # a sloppy selection: starts inside a word
    window.article.select_range(start, start + len("oastal Gazet"))
    press(qtbot, window, Qt.Key.Key_S)
    (span,) = store.spans(window.current_doc)
    assert (span.label, text[span.start : span.end], span.annotator) == (
        "SOURCE",
        "Coastal Gazette",
        "ana",
    )
    assert [s.id for s in window.article.spans()] == [span.id]
    assert store.status(window.current_doc) == "in progress"
    assert window.documents.data(window.documents.index(0, 3)) == 1  # the list counts sources


def test_undo_and_redo_reach_view_and_store(window, qtbot, store):
    doc = window.current_doc
    select(window, "denied")
    press(qtbot, window, Qt.Key.Key_U)
    assert len(store.spans(doc)) == 1
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.spans(doc) == [] and window.article.spans() == []
    assert store.status(doc) == "new"  # the automatic 'in progress' is undone with it
    press(
        qtbot,
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [s.label for s in store.spans(doc)] == ["CUE"]
    assert [s.label for s in window.article.spans()] == ["CUE"]


def test_overlapping_and_nested_spans_are_stored_and_drawn(window, qtbot, store):
    claim = select(window, "The Coastal Gazette had reported on Monday that officials")
    press(qtbot, window, Qt.Key.Key_C)
    source = select(window, "The Coastal Gazette")
    press(qtbot, window, Qt.Key.Key_S)
    spans = {(s.label, s.start, s.end) for s in store.spans(window.current_doc)}
    assert spans == {("CLAIM", *claim), ("SOURCE", *source)}
    drawn = [
        (sel.cursor.selectionStart(), sel.cursor.selectionEnd())
        for sel in window.article.extraSelections()
    ]
    assert claim in drawn and source in drawn
    assert drawn.index(claim) < drawn.index(source)  # the nested one is painted on top


def test_click_selects_and_delete_removes_and_undo_restores(window, qtbot, store):
    select(window, "Elena Varga")
    press(qtbot, window, Qt.Key.Key_S)
    window.article.select_span(None)
    (span,) = store.spans(window.current_doc)
    rect = window.article.cursorRect(window.article.textCursor())
    window.article.set_caret(span.start + 2)
    rect = window.article.cursorRect()
    qtbot.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article.selected_span == span.id
    assert window.panel.attributes_box.title() == "Selected SOURCE"
    press(qtbot, window, Qt.Key.Key_Delete)
    assert store.spans(window.current_doc) == []
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in store.spans(window.current_doc)] == [span.id]


def test_attribute_keys_and_panel_set_source_type(window, qtbot, store):
    select(window, "harbour master Elena Varga")
    press(qtbot, window, Qt.Key.Key_S)
    span_id = window.article.selected_span
    press(qtbot, window, Qt.Key.Key_T)  # cycles: unset -> first value
    assert store.span(span_id)[1].attributes == {"source_type": "named_person"}
    press(qtbot, window, Qt.Key.Key_3)
    assert store.span(span_id)[1].attributes == {"source_type": "named_outlet"}
    combo = window.panel.combos["source_type"]
    assert combo.currentData() == "named_outlet"
    combo.setCurrentIndex(combo.findData("official_unnamed"))
    assert store.span(span_id)[1].attributes == {"source_type": "official_unnamed"}
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.span(span_id)[1].attributes == {"source_type": "named_outlet"}


def test_entity_under_the_cursor_becomes_a_source(qtbot, store, pipeline):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    preannotate(store, *pipeline)
    window = open_window(qtbot, store)
    text = window.article.toPlainText()
    window.article.set_caret(text.index("Elena Varga") + 3)
    qtbot.keyClick(window.article, Qt.Key.Key_E)
    (span,) = store.spans(window.current_doc)
    assert (text[span.start : span.end], span.label) == ("Elena Varga", "SOURCE")
    assert span.attributes == {"source_type": "named_person"}
    window.close()


def test_mark_done_moves_on_and_undo_across_articles(window, qtbot, store):
    first = window.current_doc
    select(window, "denied")
    press(qtbot, window, Qt.Key.Key_U)
    press(qtbot, window, Qt.Key.Key_D)
    assert store.status(first) == "done"
    second = window.current_doc
    assert second != first
    assert window.article.toPlainText().startswith("Ferry Operators")
    assert "1 done" in window.position_label.text()
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.status(first) == "in progress" and window.current_doc == first
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.spans(first) == []
    press(qtbot, window, Qt.Key.Key_N)
    assert window.current_doc == second
    press(qtbot, window, Qt.Key.Key_X)
    assert store.status(second) == "skipped"
    press(qtbot, window, Qt.Key.Key_P)
    assert window.current_doc == second


def test_a_new_window_on_the_same_file_shows_the_spans_and_position(window, qtbot, store):
    select(window, "Elena Varga")
    press(qtbot, window, Qt.Key.Key_S)
    window.article.set_caret(200)
    window.close()
    again = open_window(qtbot, Store(store.path))
    text = again.article.toPlainText()
    assert [text[s.start : s.end] for s in again.article.spans()] == ["Elena Varga"]
    assert again.article.caret() == 200
    again.close()
    again.store.close()


def test_every_key_is_in_a_menu_and_the_help(window):
    table = shortcut_table(window.menuBar())
    for expected in (
        "Label selection as SOURCE",
        "Ctrl+Z",
        "Mark done and go to the next",
        "Promote entity at cursor to SOURCE",
        "Keyboard shortcuts",
    ):
        assert expected in table
    label_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Label")
    source = next(a for a in label_menu.actions() if a.text() == "Label selection as SOURCE")
    assert source.toolTip().endswith("(S)")


def test_no_two_actions_share_a_key(window):
    """Qt fires neither of two actions with the same key: every key must be unique."""
    from collections import Counter

    keys = [
        a.shortcut().toString()
        for a in [*window.actions(), *window.article.actions()]
        if not a.shortcut().isEmpty()
    ]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert {"S", "U", "C", "E", "L", "1", "0", "Return", "Ctrl+Z", "Ctrl+Shift+K"} <= set(keys)


def test_no_key_means_two_things_in_any_mode(qtbot, window):
    """Each mode's key map (adjudication's too) is clash-free with itself and with the window
    keys that stay active in that mode: every enabled action of the window, in every state."""
    from collections import Counter

    from PySide6.QtGui import QAction

    from annotator.core.model import Span

    def enabled_keys() -> list[str]:
        return [
            s.toString()
            for a in window.findChildren(QAction)
            if a.isEnabled()
            for s in a.shortcuts()
        ]

    for who, end in (("ben", 3), ("chloe", 4)):  # two analysts to adjudicate between
        window.store.add_span(window.current_doc, Span("SOURCE", 0, end, annotator=who))
    assert [k for k, n in Counter(enabled_keys()).items() if n > 1] == []
    for state, key in (("keys", Qt.Key.Key_J), ("hand", Qt.Key.Key_H), ("keys", Qt.Key.Key_J)):
        press(qtbot, window, key)
        assert window.adjudication.state == state
        keys = enabled_keys()
        assert [k for k, n in Counter(keys).items() if n > 1] == []
        if state == "keys":
            assert {"K", "Shift+K", "1", "9", "0", "A", "H", "J", "N", "Ctrl+F"} <= set(keys)
            assert not {"S", "U", "C", "E", "T", "L", "Return", "Delete"} & set(keys)
        else:
            assert {"S", "1", "L", "J", "Ctrl+F"} <= set(keys) and "K" not in keys
    press(qtbot, window, Qt.Key.Key_J)
    assert window.adjudication.state == "off"
    assert [k for k, n in Counter(enabled_keys()).items() if n > 1] == []
