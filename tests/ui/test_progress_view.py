"""Tools > Team progress…: the charts hold the team's numbers (read from pyqtgraph's items)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from annotator.store import Store
from annotator.ui.progress_view import ProgressView
from tests.teams.teamkit import team_project


def _bars(plot):
    import pyqtgraph as pg

    return {item.name(): item for item in plot.items if isinstance(item, pg.BarGraphItem)}


def _day(iso: str) -> float:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp()


def test_the_progress_view_draws_done_per_day_label_counts_and_agreement(qtbot, tmp_path):
    with Store(team_project(tmp_path)) as store:
        view = ProgressView(store)
        qtbot.addWidget(view)
        view.start()
        qtbot.waitUntil(lambda: view.panel.report is not None, timeout=60_000)
        assert view.worker is not None and view.worker.wait(30_000)
        charts = view.panel.charts
        lines = {item.name(): item for item in charts.done.listDataItems()}
        assert sorted(lines) == ["ana", "ben"]
        days = [_day(d) for d in ("2026-11-02", "2026-11-03", "2026-11-04")]
        day = 86_400
        assert [round(x / day) * day for x in lines["ana"].xData] == days  # set side by side
        assert list(lines["ana"].xData) != list(lines["ben"].xData)
        assert list(lines["ana"].yData) == [1, 1, 2]
        assert list(lines["ben"].yData) == [0, 1, 1]
        counts = _bars(charts.labels)
        assert sorted(counts) == ["ana", "ben"]
        assert list(counts["ana"].opts["height"]) == [2, 1, 1]  # SOURCE, CUE, CLAIM
        agreement = _bars(charts.agreement)
        assert sorted(agreement) == ["span F1, overlapping (mean of pairs)", "token alpha"]
        report = view.panel.report
        expected = [report.label_alpha[lab] or 0.0 for lab in ("SOURCE", "CUE", "CLAIM")]
        assert list(agreement["token alpha"].opts["height"]) == expected and expected[1] > 0
        f1 = agreement["span F1, overlapping (mean of pairs)"].opts["height"]
        assert list(f1)[1] == 1.0  # both analysts marked "reported" as the CUE
        legend = [label.text for _sample, label in charts.done.legend.items]
        assert legend == ["ana", "ben"]
        heading = view.panel.heading
        assert heading.textFormat() == Qt.TextFormat.PlainText
        assert "2 analysts" in heading.text() and "token alpha" in heading.text()
        view.resize(1280, 800)
        view.grab().save(str(tmp_path / "progress.png"))


def test_an_analyst_named_like_html_is_shown_as_text(qtbot, tmp_path):
    path = team_project(tmp_path)
    with Store(path) as store:
        store.db.execute("UPDATE spans SET annotator = '<b>ana</b>' WHERE annotator = 'ana'")
        store.db.execute(
            "UPDATE document_status SET annotator = '<b>ana</b>' WHERE annotator = 'ana'"
        )
        view = ProgressView(store)
        qtbot.addWidget(view)
        view.start()
        qtbot.waitUntil(lambda: view.panel.report is not None, timeout=60_000)
        assert view.worker is not None and view.worker.wait(30_000)
        legend = [label.text for _sample, label in view.panel.charts.done.legend.items]
        assert "&lt;b&gt;ana&lt;/b&gt;" in legend
