"""Proposed attributions in the workbench: accept with Enter, reject with Backspace."""

import pytest
from PySide6.QtCore import Qt

from annotator.io.importer import import_paths
from annotator.nlp.model import load_parse_pipeline
from annotator.nlp.suggest import suggest_corpus
from annotator.store import Store
from annotator.ui.main_window import MainWindow
from tests.conftest import SAMPLES
from tests.ui.windows import open_window


@pytest.fixture(scope="module")
def parser():
    return load_parse_pipeline()


def test_enter_accepts_backspace_rejects_and_the_rejection_stays(qtbot, tmp_path, parser):
    path = tmp_path / "p.db"
    store = Store(path)
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    suggest_corpus(store, *parser)
    window = open_window(qtbot, store)
    doc = window.current_doc
    text = window.article.text()
    proposals = window.article.suggestions()
    denial = next(p for p in proposals if text[slice(*p.cue)] == "told")
    window.article.set_caret(denial.cue[0] + 1)
    qtbot.keyClick(window.article, Qt.Key.Key_Return)
    (rel,) = store.relations(doc)
    spans = {s.id: text[s.start : s.end] for s in store.spans(doc)}
    assert spans[rel.source] == "harbour master Elena Varga" and spans[rel.cue] == "told"
    assert denial.id not in {p.id for p in window.article.suggestions()}
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.relations(doc) == [] and store.spans(doc) == []
    assert denial.id in {p.id for p in window.article.suggestions()}

    other = next(p for p in proposals if p is not denial)
    window.article.set_caret(other.cue[0])
    qtbot.keyClick(window.article, Qt.Key.Key_Backspace)
    assert other.id not in {p.id for p in window.article.suggestions()}
    window.close()
    store.close()

    with Store(path) as again:
        reopened = open_window(qtbot, again)
        assert other.id not in {p.id for p in reopened.article.suggestions()}
        assert denial.id in {p.id for p in reopened.article.suggestions()}
        count = len(reopened.article.suggestions())
        qtbot.keyClick(
            reopened.article,
            Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        assert len(again.relations(reopened.current_doc)) == count
        assert reopened.article.suggestions() == []
        qtbot.keyClick(reopened.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert again.relations(reopened.current_doc) == []  # all of them were one step
        reopened.close()


def test_the_open_article_gets_proposals_in_the_background(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    window = MainWindow(store, analyst="ana")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(window.article.suggestions()) > 0, timeout=60_000)
    assert window.suggester.info is not None
    window.close()


def test_the_seed_attributions_are_accepted_with_two_key_presses(qtbot, store, parser):
    from tests.conftest import corpus

    import_paths(store, [corpus("seed") / "asharq-al-awsat-2024-12.txt"])
    suggest_corpus(store, *parser)
    window = open_window(qtbot, store)
    doc = window.current_doc
    text = window.article.text()
    assert window.article.caret() == 0
    qtbot.keyClick(window.article, Qt.Key.Key_Return)
    qtbot.keyClick(window.article, Qt.Key.Key_Return)
    spans = {s.id: text[s.start : s.end] for s in store.spans(doc)}
    found = {(r.label, spans[r.source], spans[r.cue]) for r in store.relations(doc)}
    assert found == {
        ("deny", "An informed source in the Libyan National Army (LNA)", "denied"),
        ("support", "Bloomberg", "had reported"),
    }
    window.close()
