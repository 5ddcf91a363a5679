"""Proposed attributions in the workbench: accept with Enter, reject with Backspace."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

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
        box = reopened.accept_all_box  # it says how many it will take, and asks
        assert box is not None and box.isVisible() and f"Accept {count} " in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
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


def test_the_proposals_list_walks_with_enter_and_backspace_and_filters_by_stance(
    qtbot, tmp_path, parser
):
    """Issue 15, item 6: a list with a count left; the same commands as the text."""
    store = Store(tmp_path / "p.db")
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    suggest_corpus(store, *parser)
    window = open_window(qtbot, store)
    doc = window.current_doc
    plist = window.proposal_list
    total = len(window.article_model.proposals())
    assert total >= 3 and plist.tree.topLevelItemCount() == total
    assert plist.count.text() == f"{total} left"
    assert window.tabs.tabText(1) == f"Proposals ({total})"
    first = plist.current()
    row = plist.tree.topLevelItem(0)
    assert row.text(0).endswith(first.stance) and row.text(2)  # stance, source, cue, claim…
    window.tabs.setCurrentIndex(1)
    plist.tree.setFocus()
    qtbot.keyClick(plist.tree, Qt.Key.Key_Return)  # accept the first
    assert len(store.relations(doc)) == 1
    assert plist.count.text() == f"{total - 1} left"
    second = plist.current()
    assert second is not None and second.id != first.id
    assert window.article.caret() == second.cue[0]  # the text follows the list
    qtbot.keyClick(plist.tree, Qt.Key.Key_Backspace)  # reject the next
    assert plist.count.text() == f"{total - 2} left"
    assert second.id not in {p.id for p in window.article_model.proposals()}
    assert store.spans(doc)  # Backspace rejected the proposal; it deleted no span

    stances = {p.stance for p in window.article_model.proposals()}
    wanted = sorted(stances)[0]
    plist.stance.setCurrentIndex(plist.stance.findData(wanted))
    shown = plist.shown()
    assert shown and all(p.stance == wanted for p in shown)
    assert plist.tree.topLevelItemCount() == len(shown)
    plist.accept_all.click()
    box = window.accept_all_box
    assert box is not None and f"Accept {len(shown)} " in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert len(store.relations(doc)) == 1 + len(shown)
    qtbot.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(store.relations(doc)) == 1  # accept-all was one step
    window.close()
    store.close()
