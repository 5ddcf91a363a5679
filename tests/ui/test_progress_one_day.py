"""Team progress when everyone finished on one day: every analyst's marker shows, and the
heading counts documents, not the sum of the analysts' counts."""

from __future__ import annotations

import math

from annotator.store import Store
from annotator.teams.progress import team_progress
from annotator.ui.progress_view import ProgressPanel
from tests.teams.teamkit import status_on, team_project


def one_day_project(tmp_path) -> Store:
    """Two articles; ana and ben each finish the first one on the same day."""
    store = Store(team_project(tmp_path))
    one, _two = store.document_ids()
    store.db.execute("DELETE FROM document_status")
    for who in ("ana", "ben"):
        status_on(store, one, who, "done", "2026-11-02")
    return store


def test_analysts_done_on_the_same_day_are_each_seen(qtbot, tmp_path):
    store = one_day_project(tmp_path)
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    qtbot.waitExposed(panel)
    progress = team_progress(store)
    assert progress.days == ["2026-11-02"] and progress.total_done() == {"ana": 1, "ben": 1}
    panel.show_item(progress)
    plot = panel.charts.done
    markers = []
    for item in plot.listDataItems():
        for point in item.scatter.points():
            scene = plot.vb.mapViewToScene(point.pos())
            markers.append((scene.x(), scene.y(), point.size()))
    (ax, ay, size), (bx, by, _) = markers
    assert math.hypot(ax - bx, ay - by) >= size  # side by side, not one on the other
    store.close()


def test_the_heading_counts_documents_done_by_someone(qtbot, tmp_path):
    store = one_day_project(tmp_path)
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.show_item(team_progress(store))
    heading = panel.summary()
    assert "1 of 2 documents done by someone (ana 1, ben 1)" in heading, heading
    assert "· 2 documents done" not in heading  # not the sum of the analysts' counts
    store.close()
