"""Analyst layers in the workbench: the analyst edits their own; colleagues' are read-only.

A real project holding two analysts' brat layers on one article, opened as "ana".
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from annotator.core import keys
from annotator.io.importer import import_paths
from tests.ui.windows import open_window

TEXT = "Bloomberg reported that Russia sought a base.\nThe LNA denied it.\n"
ANA = "T1\tSource 0 9\tBloomberg\nT2\tCue 10 18\treported\n"
BO = (
    "T1\tSource 46 53\tThe LNA\n"
    "T2\tCue 54 60\tdenied\n"
    "T3\tContent 24 45\tRussia sought a base.\n"
    "T4\tAttribution 54 60\tdenied\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


@pytest.fixture
def layered(store, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "base.txt").write_text(TEXT, encoding="utf-8")
    (folder / "base_ana.ann").write_text(ANA, encoding="utf-8")
    (folder / "base_bo.ann").write_text(BO, encoding="utf-8")
    import_paths(store, [folder])
    (doc_id,) = store.document_ids()
    store.set_status(doc_id, "skipped", "bo")
    assert store.analysts(doc_id) == ["ana", "bo"]
    return doc_id


@pytest.fixture
def window(qtbot, store, layered):
    win = open_window(qtbot, store, analyst="ana")
    yield win
    win.close()


def _press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(window.article, key, modifier)


def _click(qtbot, window, pos):
    window.article.set_caret(pos)
    rect = window.article.cursorRect()
    qtbot.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _words(store, doc_id, analyst):
    return sorted(TEXT[s.start : s.end] for s in store.spans(doc_id, analyst))


def test_the_model_holds_the_analysts_layer_and_the_others_apart(window, layered):
    model = window.article_model
    assert (model.doc_id, model.analyst) == (layered, "ana")
    assert sorted(model.words(s) for s in model.spans()) == ["Bloomberg", "reported"]
    others = model.others()
    assert sorted(model.words(s) for s in others) == ["Russia sought a base.", "The LNA", "denied"]
    assert {s.annotator for s in others} == {"bo"}
    assert len(model.other_relations()) == 1 and model.relations() == []


def test_the_others_are_drawn_hatched_and_muted_and_a_key_hides_them(window, qtbot, layered):
    view = window.article
    mine = window.article_model.spans()[0]
    theirs = window.article_model.others()[0]
    formats = view.formats_of([mine.id, theirs.id])
    assert formats[mine.id].background().style() == Qt.BrushStyle.SolidPattern
    hatched = formats[theirs.id].background()
    assert isinstance(hatched, QBrush) and hatched.style() != Qt.BrushStyle.SolidPattern
    assert formats[theirs.id].foreground().color() != formats[mine.id].foreground().color()
    assert {s.id for s in view.visible_others()} == {s.id for s in window.article_model.others()}

    _press(qtbot, window, getattr(Qt.Key, f"Key_{keys.TOGGLE_OTHERS}"))
    assert view.visible_others() == []
    assert "hidden" in window.statusBar().currentMessage()
    _press(qtbot, window, getattr(Qt.Key, f"Key_{keys.TOGGLE_OTHERS}"))
    assert len(view.visible_others()) == 3
    assert "bo" in window.statusBar().currentMessage()


def test_a_label_key_makes_a_span_in_the_analysts_own_layer(window, qtbot, store, layered):
    start = TEXT.index("Russia")
    window.article.select_range(start, start + len("Russia"))
    _press(qtbot, window, Qt.Key.Key_S)
    assert _words(store, layered, "ana") == ["Bloomberg", "Russia", "reported"]
    assert _words(store, layered, "bo") == ["Russia sought a base.", "The LNA", "denied"]
    assert store.status(layered, "ana") == "in progress"
    assert store.status(layered, "bo") == "skipped"


def test_a_click_on_a_colleagues_span_selects_it_read_only_and_delete_is_refused(
    window, qtbot, store, layered
):
    _click(qtbot, window, TEXT.index("The LNA") + 2)
    theirs = window.article_model.other(window.article.selected_span)
    assert theirs is not None and window.article.words_of(theirs) == "The LNA"
    message = window.statusBar().currentMessage()
    assert "bo" in message and "read-only" in message
    assert window.editor.selected() is None  # editing keys act only on ana's spans
    _press(qtbot, window, Qt.Key.Key_Delete)
    assert _words(store, layered, "bo") == ["Russia sought a base.", "The LNA", "denied"]
    refusal = window.statusBar().currentMessage()
    assert "bo" in refusal and "ana" in refusal and refusal.endswith(".")
    assert window.history.next_undo() is None

    _click(qtbot, window, TEXT.index("Bloomberg") + 2)  # ana's own: Delete deletes it
    assert window.editor.selected() is not None
    _press(qtbot, window, Qt.Key.Key_Delete)
    assert _words(store, layered, "ana") == ["reported"]


def test_done_sets_only_the_analysts_status_and_the_list_shows_it(window, qtbot, store, layered):
    documents = window.documents
    assert documents.data(documents.index(0, 1)) == "new"  # ana's, not bo's "skipped"
    window.status_filter.setCurrentIndex(window.status_filter.findData("skipped"))
    assert documents.total() == 0
    window.status_filter.setCurrentIndex(window.status_filter.findData("new"))
    assert documents.total() == 1
    window.status_filter.setCurrentIndex(0)
    _press(qtbot, window, Qt.Key.Key_D)
    assert store.status(layered, "ana") == "done"
    assert store.status(layered, "bo") == "skipped"
    assert documents.data(documents.index(0, 1)) == "done"
    assert "1 done" in window.position_label.text()
    _press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.status(layered, "ana") == "new" and store.status(layered, "bo") == "skipped"
