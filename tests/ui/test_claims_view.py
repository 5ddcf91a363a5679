"""The claims view driven by keys and clicks on a real project file; every edit undoes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.claims import TrackedClaim
from tests.claims.project import BASE, build
from tests.ui.windows import open_window

K = Qt.Key
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def project(store):
    return build(store)


@pytest.fixture
def view(qtbot, store, project):
    window = open_window(qtbot, store)
    qtbot.keyClick(window.article, K.Key_K, CTRL | SHIFT)
    view = window.claims_view
    qtbot.waitUntil(lambda: view.isVisible() and QApplication.activeWindow() is view, timeout=5000)
    yield view
    view.close()
    window.close()


def _claims(store):
    return {c.wording: sorted(m.span_id for m in store.claim_members(c.id)) for c in store.claims()}


def _press(qtbot, view, key, mods=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(view.tree, key, mods)


def _member_row(view, claim_id, span_id):
    index = view.model.member_index(claim_id, span_id)
    view.tree.setCurrentIndex(index)
    return index


def _select_in_article(view, span_id):
    window = view.parent()
    doc_id, _span = window.store.span(span_id)
    window.jump_to(doc_id, span_id)
    view.activateWindow()
    view.tree.setFocus()


def test_the_key_opens_the_view_contested_first_and_enter_jumps(qtbot, view, project):
    assert view.windowTitle() == "Claims across articles"
    assert view.count.text() == "2 tracked claim(s), 1 contested"
    assert view.model.claims[0].claim.id == project.base
    index = _member_row(view, project.base, project.claim_spans[1])
    assert view.tree.isExpanded(index.parent())
    _press(qtbot, view, K.Key_Return)
    window = view.parent()
    assert window.current_doc == project.docs[1]
    assert window.article.selected_span == project.claim_spans[1]


def test_sources_by_stance_follows_the_cursor(view, project):
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    assert view.sources.cells() == [
        ["Source", "✓ support", "✗ deny"],
        ["The Coastal Gazette", "1", ""],
        ["Harbour master Elena Varga", "", "1"],
    ]
    view.tree.setCurrentIndex(view.model.claim_index(project.quotas))
    assert view.sources.cells() == [["Source", "✓ support"], ["The minister", "1"]]


def test_t_tracks_the_selected_claim_span_and_ctrl_z_takes_it_back(qtbot, view, store, project):
    _select_in_article(view, project.claim_spans[2])
    before = _claims(store)
    _press(qtbot, view, K.Key_T)
    assert len(store.claims()) == 3
    assert view.count.text() == "3 tracked claim(s), 1 contested"
    new = view.current_claim()
    assert new.claim.wording == "fishing quotas will rise" and new.claim.id != project.quotas
    _press(qtbot, view, K.Key_Z, CTRL)
    assert _claims(store) == before and view.model.rowCount() == 2


def test_t_on_a_source_span_says_why_not(qtbot, view, store, project):
    source = next(s.id for s in store.spans(project.docs[2]) if s.label == "SOURCE")
    _select_in_article(view, source)
    _press(qtbot, view, K.Key_T)
    assert len(store.claims()) == 2
    assert view.message.text() == "Select a CLAIM span in the article first."


def test_a_adds_and_delete_removes_a_member_each_undone(qtbot, view, store, project):
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    _select_in_article(view, project.claim_spans[2])
    _press(qtbot, view, K.Key_A)
    members = [m.span_id for m in store.claim_members(project.base)]
    assert project.claim_spans[2] in members
    assert view.current_member().span_id == project.claim_spans[2]
    _press(qtbot, view, K.Key_Delete)
    assert project.claim_spans[2] not in [m.span_id for m in store.claim_members(project.base)]
    _press(qtbot, view, K.Key_Z, CTRL)  # the removal back
    assert project.claim_spans[2] in [m.span_id for m in store.claim_members(project.base)]
    _press(qtbot, view, K.Key_Z, CTRL)  # the addition taken back
    assert [m.span_id for m in store.claim_members(project.base)] == project.claim_spans[:2]
    _press(qtbot, view, K.Key_A)  # twice: refused with a sentence
    _press(qtbot, view, K.Key_A)
    assert "already in claim" in view.message.text()


def test_number_keys_set_the_articles_stance_and_0_clears_it(qtbot, view, store, project):
    _member_row(view, project.base, project.claim_spans[0])

    def stance():
        return {m.span_id: m.stance for m in store.claim_members(project.base)}[
            project.claim_spans[0]
        ]

    for key, expected in ((K.Key_1, "agree"), (K.Key_3, "discuss"), (K.Key_4, "unrelated")):
        _press(qtbot, view, key)
        assert stance() == expected
    assert view.current_member().stance == "unrelated"  # the cursor stayed on the member
    _press(qtbot, view, K.Key_0)
    assert stance() is None
    _press(qtbot, view, K.Key_Z, CTRL)
    assert stance() == "unrelated"
    _press(qtbot, view, K.Key_Z, CTRL | SHIFT)
    assert stance() is None


def test_f2_renames_the_claim_and_undo_restores_the_wording(qtbot, view, store, project):
    view.tree.setCurrentIndex(view.model.claim_index(project.quotas))
    _press(qtbot, view, K.Key_F2)
    qtbot.waitUntil(lambda: view.tree.state() == view.tree.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Quotas for fishing go up")
    qtbot.keyClick(editor, K.Key_Return)  # the delegate commits on the next turn of events
    qtbot.waitUntil(
        lambda: store.claim(project.quotas).wording == "Quotas for fishing go up", timeout=2000
    )
    assert view.model.data(view.model.claim_index(project.quotas)) == "Quotas for fishing go up"
    _press(qtbot, view, K.Key_Z, CTRL)
    assert store.claim(project.quotas).wording == "fishing quotas will rise"


def test_m_merges_the_selected_claims_into_the_current_one_in_one_undo(qtbot, view, store, project):
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    other = view.model.claim_index(project.quotas)
    view.tree.selectionModel().select(
        other,
        view.tree.selectionModel().SelectionFlag.Select
        | view.tree.selectionModel().SelectionFlag.Rows,
    )
    before = _claims(store)
    _press(qtbot, view, K.Key_M)
    assert [c.id for c in store.claims()] == [project.base]
    assert sorted(m.span_id for m in store.claim_members(project.base)) == project.claim_spans
    _press(qtbot, view, K.Key_Z, CTRL)
    assert _claims(store) == before


def test_s_splits_the_selected_members_off_and_undo_joins_them(qtbot, view, store, project):
    _member_row(view, project.base, project.claim_spans[1])
    before = _claims(store)
    _press(qtbot, view, K.Key_S)
    assert _claims(store) == {
        BASE + " next year": [project.claim_spans[0]],
        "fishing quotas will rise": [project.claim_spans[2]],
        BASE: [project.claim_spans[1]],
    }
    assert view.current_claim().claim.wording == BASE
    _press(qtbot, view, K.Key_Z, CTRL)
    assert _claims(store) == before


def test_who_says_what_t_tracks_the_rows_claim(qtbot, store, project):
    window = open_window(qtbot, store)
    qtbot.keyClick(window.article, K.Key_W, CTRL | SHIFT)
    table = window.stances_view
    qtbot.waitUntil(table.isVisible, timeout=5000)
    row = next(
        r for r in range(table.proxy.rowCount()) if table.row(r).claim_id == project.claim_spans[2]
    )
    table.table.setCurrentIndex(table.proxy.index(row, 0))
    table.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is table, timeout=5000)
    table.table.setFocus()
    qtbot.keyClick(table.table, K.Key_T)
    assert [c.wording for c in store.claims()].count("fishing quotas will rise") == 2
    assert window.claims_view.isVisible()
    window.claims_view.close()
    table.close()
    window.close()


def test_a_typed_claim_edit_does_not_move_the_article(qtbot, view, store, project):
    window = view.parent()
    shown = window.current_doc
    view.rename(project.quotas, "a new wording")
    assert window.current_doc == shown
    assert isinstance(store.claim(project.quotas), TrackedClaim)


def test_r_finds_the_claim_elsewhere_enter_accepts_backspace_rejects(qtbot, view, store, project):
    from annotator.core.model import ParsedDocument

    store.add_documents(
        [
            ParsedDocument(
                text="Diplomats say Russia will get a naval base in Libya soon.", title="T1"
            ),
            ParsedDocument(
                text="Russia will get a naval base in Libya, a paper claims.", title="T2"
            ),
        ]
    )
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    _press(qtbot, view, K.Key_R)
    hits = view.hits
    assert view.tabs.currentWidget() is hits
    qtbot.waitUntil(lambda: not hits.running() and bool(hits.proposals), timeout=30_000)
    assert {p.title for p in hits.proposals} >= {"T1", "T2"}
    assert not {p.doc_id for p in hits.proposals} & set(project.docs[:2])
    assert "No stance model" in hits.note.text()
    first = hits.current()
    hits.tree.setFocus()
    qtbot.keyClick(hits.tree, K.Key_Return)
    member = [m for m in store.claim_members(project.base) if m.doc_id == first.doc_id]
    assert len(member) == 1 and first not in hits.proposals
    second = hits.current()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    hits.tree.setFocus()
    qtbot.keyClick(hits.tree, K.Key_Backspace)
    assert second not in hits.proposals
    assert not [m for m in store.claim_members(project.base) if m.doc_id == second.doc_id]
    _press(qtbot, view, K.Key_Z, CTRL)  # the accepted hit: member and its new span go
    assert not [m for m in store.claim_members(project.base) if m.doc_id == first.doc_id]
    assert [s for s in store.spans(first.doc_id) if s.label == "CLAIM"] == []


def test_the_timeline_tab_draws_each_outlets_dated_members_by_stance(view, project, tmp_path):
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    assert view.timeline is None  # pyqtgraph is not touched until the tab is shown
    view.tabs.setCurrentIndex(1)
    assert view.timeline is not None
    march_3, march_5 = 1709424000.0, 1709596800.0
    assert view.timeline.series == {"agree": [(march_3, 0)], "disagree": [(march_5, 1)]}
    view.tree.setCurrentIndex(view.model.claim_index(project.quotas))  # no dates: a sentence
    assert view.timeline.series == {}
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    view.timeline.export(str(tmp_path / "chart.png"))
    assert (tmp_path / "chart.png").stat().st_size > 1000


def test_closing_the_window_during_a_search_stops_it(qtbot, view, project):
    view.tree.setCurrentIndex(view.model.claim_index(project.base))
    _press(qtbot, view, K.Key_R)
    worker = view.hits.worker
    view.parent().close()
    assert worker.context.cancelled()  # asked to stop before Qt deletes the thread
    assert worker.wait(30_000) and not worker.isRunning()


def test_with_a_trained_stance_model_r_proposes_each_hits_stance(qtbot, tmp_path, store):
    from annotator.claims.proposals import STANCE_MODEL_SETTING
    from annotator.claims.stance import StanceSettings
    from annotator.claims.stance_training import collect_pairs, save_model, train_on_pairs
    from annotator.core.claims import STANCES
    from annotator.core.model import ParsedDocument
    from tests.claims.stance_project import CLAIMS, build_stance_project

    build_stance_project(store)
    denial = "The government denied that the airline will cancel its winter flights; it is false."
    doc = store.add_documents([ParsedDocument(text=denial, title="Denial")]).ids[0]
    pairs = collect_pairs(store)
    texts = {d: store.document(d).text for d in set(pairs.doc_ids)}
    model = train_on_pairs(pairs, texts, StanceSettings(epochs=60, batch=16), lambda *_: None)
    save_model(model, tmp_path / "stance.pkl", {"task": "claim-stance"})
    store.set_setting(STANCE_MODEL_SETTING, str(tmp_path / "stance.pkl"))
    window = open_window(qtbot, store)
    qtbot.keyClick(window.article, K.Key_K, CTRL | SHIFT)
    view = window.claims_view
    qtbot.waitUntil(lambda: view.isVisible() and QApplication.activeWindow() is view, timeout=5000)
    airline = next(c for c in store.claims() if c.wording == CLAIMS[6])
    view.tree.setCurrentIndex(view.model.claim_index(airline.id))
    _press(qtbot, view, K.Key_R)
    hits = view.hits
    qtbot.waitUntil(lambda: not hits.running() and bool(hits.proposals), timeout=30_000)
    assert hits.note.text().endswith("Stances proposed by stance.pkl.")
    assert all(p.stance in STANCES for p in hits.proposals)
    top = hits.proposals[0]
    assert (top.doc_id, top.stance) == (doc, "disagree")
    assert hits.tree.topLevelItem(0).text(0) == "✗ disagree"
    view.close()
    window.close()
