"""File > Merge project files…: a real merge on a worker thread, its summary and its conflicts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Store
from annotator.ui.conflicts_view import ConflictsView
from annotator.ui.merge_dialog import MergeDialog
from tests.teams.fieldkit import attribution, copy_project, label, make_base, set_times


def _field(tmp_path, base, name, analyst):
    """A copy of the base in which ``analyst`` labelled an attribution and finished."""
    path = copy_project(base, tmp_path / f"{name}.db")
    with Store(path) as store:
        doc = store.document_ids()[0]
        attribution(store, doc, analyst, "Bloomberg", "reported", "Russia sought a naval base")
        store.set_status(doc, "done", analyst)
    return path


def _merge(qtbot, store, paths):
    dialog = MergeDialog(store)
    qtbot.addWidget(dialog)
    seen: list[int] = []
    dialog.progress.valueChanged.connect(seen.append)
    dialog.add_paths(paths)
    with qtbot.waitSignal(dialog.finished_merge, timeout=60_000):
        dialog.start()
    assert dialog.worker.wait(30_000)  # a deadline: a hung merge fails here
    return dialog, seen


def test_two_field_files_merge_in_the_background_with_progress_and_a_summary(qtbot, tmp_path):
    base = make_base(tmp_path / "base.db")
    ana, ben = _field(tmp_path, base, "ana", "ana"), _field(tmp_path, base, "ben", "ben")
    with Store(base) as store:
        dialog, seen = _merge(qtbot, store, [ana, ben])
        assert dialog.progress.maximum() == 4 and seen[-1] == 4 and len(set(seen)) >= 3
        lines = dialog.message.text().splitlines()
        assert lines[0] == (
            "Merged 2 file(s): 0 new document(s), 1 updated, 6 span(s), 2 stance(s), 0 conflict(s)."
        )
        assert dialog.message.textFormat() == Qt.TextFormat.PlainText
        assert store.analysts() == ["ana", "ben"]
        assert store.statuses(store.document_ids()[0]) == {"ana": "done", "ben": "done"}
        assert (tmp_path / "base.db.before-merge").exists()
        assert not dialog.conflicts_button.isEnabled()


def test_a_label_outside_the_schema_is_refused_by_name_and_the_base_is_unchanged(qtbot, tmp_path):
    base = make_base(tmp_path / "base.db")
    odd = copy_project(base, tmp_path / "odd.db")
    with Store(odd) as store:
        label(store, store.document_ids()[0], "Bloomberg", "RUMOUR", "bo")
    with Store(base) as store:
        dialog, _seen = _merge(qtbot, store, [odd])
        text = dialog.message.text()
        assert text.startswith("Merged 0 file(s)")
        assert f"Not merged: {odd} uses label(s) 'RUMOUR'" in text
        assert store.analysts() == [] and store.spans(store.document_ids()[0]) == []
        assert not (tmp_path / "base.db.before-merge").exists()


def _two_edits(tmp_path):
    """One span, edited differently by its analyst on two laptops (the second edit later)."""
    base = make_base(tmp_path / "base.db")
    handed = copy_project(base, tmp_path / "handed.db")
    with Store(handed) as store:
        doc = store.document_ids()[0]
        label(store, doc, "Libya", "SOURCE", "ana", source_type="named_organization")
    laptop1 = copy_project(handed, tmp_path / "laptop1.db")
    laptop2 = copy_project(handed, tmp_path / "laptop2.db")
    with Store(laptop1) as one, Store(laptop2) as two:
        span = one.spans(doc, "ana")[-1]
        one.update_span(span.id, label="CLAIM")
        two.update_span(span.id, attributes={"source_type": "document"})
    for path, day in ((laptop1, "02"), (laptop2, "03")):
        set_times(
            path,
            "spans",
            span.uid,
            "2026-01-01T00:00:00.000+00:00",
            f"2026-01-{day}T09:00:00.000+00:00",
        )
    return base, laptop1, laptop2, span.uid


def test_a_conflict_is_counted_listed_and_opens_its_article(qtbot, tmp_path):
    base, laptop1, laptop2, uid = _two_edits(tmp_path)
    with Store(base) as store:
        dialog, _seen = _merge(qtbot, store, [laptop1, laptop2])
        assert "1 conflict(s)" in dialog.message.text().splitlines()[0]
        assert dialog.conflicts_button.isEnabled()
        view = ConflictsView(store)
        qtbot.addWidget(view)
        assert view.table.rowCount() == 1
        cells = [view.table.item(0, c).text() for c in range(view.table.columnCount())]
        assert cells[1] == "article 0" and cells[2] == "span" and cells[3] == "ana"
        assert cells[4].startswith("2026-01-03 09:00 · SOURCE “Libya” (source_type=document)")
        assert cells[5].startswith("2026-01-02 09:00 · CLAIM “Libya”") and cells[6] == "laptop2.db"
        assert uid in view.table.item(0, 0).toolTip()
        with qtbot.waitSignal(view.jump, timeout=5_000) as jumped:
            view.table.setCurrentCell(0, 0)
            view.open_selected()
        assert jumped.args == [store.document_ids()[0], uid]


def test_file_merge_in_the_window_refreshes_the_list_and_the_open_article(qtbot, tmp_path):
    from annotator.ui import team_views
    from annotator.ui.main_window import MainWindow

    base = make_base(tmp_path / "base.db")
    ana = _field(tmp_path, base, "ana", "ana")
    with Store(base) as store:
        window = MainWindow(store, analyst="lead", preannotate=False)
        qtbot.addWidget(window)
        first = store.document_ids()[0]
        window.open_document(first)
        assert window.article_model.other_analysts() == []
        assert window.documents.data(window.documents.index(0, 0)) is not None
        menu_texts = [a.text() for a in window.actions()]
        assert "&Merge project files…" in menu_texts and "Team &progress…" in menu_texts
        team_views.show_merge(window)
        dialog = window.merge_dialog
        dialog.add_paths([ana])
        with qtbot.waitSignal(dialog.finished_merge, timeout=60_000):
            dialog.start()
        assert dialog.worker.wait(30_000)
        assert window.article_model.other_analysts() == ["ana"]  # the open article read again
        assert "1 updated" in window.statusBar().currentMessage()
        dialog.close()
        team_views.show_conflicts(window)
        assert window.conflicts_view.table.rowCount() == 0
        assert window.conflicts_view.heading.text() == "No merge conflicts."
        window.close()
