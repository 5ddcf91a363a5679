"""Date × stance per outlet for one claim: when each outlet carried it, and how.

One row per outlet, one dot per dated member, coloured and shaped by the article's stance
(as set, else as its sources say). Drawn with ``charts`` (pyqtgraph, imported when this
tab is first shown, never at start-up).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from annotator.core.claim_overview import ClaimSummary, timeline
from annotator.ui import charts

#: Each article stance's colour and symbol (Okabe–Ito; shape as well as colour).
STYLE = {
    "agree": ("#009E73", "o"),
    "disagree": ("#D55E00", "x"),
    "discuss": ("#0072B2", "t"),
    "unrelated": ("#999999", "s"),
}


class ClaimTimeline(QWidget):
    """The chart; ``show_claim`` redraws it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = charts.chart_area(self)
        self.plot = charts.add_chart(
            self.area, "Date × stance per outlet", "date", "outlet", row=0, col=0
        )
        self.series: dict[str, list[tuple[float, int]]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.area)

    def show_claim(self, claim: ClaimSummary | None) -> None:
        """Draw ``claim``'s dated members; a sentence instead when none has a date."""
        points = timeline(claim.members) if claim else {}
        self.series = {}
        if not points:
            charts.placeholder(
                self.plot,
                "No dated articles carry this claim (dates come from the import: CSV date"
                " columns, JSONL meta.date, a web page's published time).",
            )
            return
        pg = charts.pyqtgraph()
        charts.clear(self.plot)
        outlets = sorted(points)
        for row, outlet in enumerate(outlets):
            for day, stance in points[outlet]:
                self.series.setdefault(stance, []).append((charts.day_seconds(day), row))
        for stance, dots in self.series.items():
            colour, symbol = STYLE.get(stance, ("#000000", "d"))
            self.plot.plot(
                [x for x, _ in dots], [y for _, y in dots], name=charts.escaped(stance),
                pen=None, symbol=symbol, symbolSize=12, symbolBrush=colour,
                symbolPen=pg.mkPen(colour),
            )  # fmt: skip
        self.plot.getAxis("left").setTicks([list(enumerate(outlets))])
        self.plot.setYRange(-0.6, len(outlets) - 0.4, padding=0)
        days = sorted({day for dots in points.values() for day, _ in dots})
        step = max(1, -(-len(days) // 10))  # at most ten dates under the axis
        self.plot.getAxis("bottom").setTicks(
            [
                [
                    (charts.day_seconds(d), date.fromisoformat(d).strftime("%b %d"))
                    for d in days[::step]
                ]
            ]
        )
        first, last = charts.day_seconds(days[0]), charts.day_seconds(days[-1])
        margin = max(86_400.0, (last - first) * 0.08)
        self.plot.setXRange(first - margin, last + margin, padding=0)

    def export(self, path: str) -> Any:
        """Write the chart as a PNG."""
        import pyqtgraph.exporters

        return pyqtgraph.exporters.ImageExporter(self.plot).export(path)
