"""Tools > Team progress…: documents done per analyst over time, spans per analyst and
label, and agreement per label, as charts.

``ProgressPanel`` draws the numbers (``annotator.teams.progress``) and is also what
``annotator agreement --plot`` saves as a PNG. ``ProgressView`` reads them on a worker
thread (agreement takes seconds on a large project): the counts appear first, the
agreement when it is ready. pyqtgraph is imported when the first panel is made.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Store
from annotator.teams.agreement import AgreementReport
from annotator.teams.progress import TeamProgress, label_agreement, progress_job
from annotator.ui import charts
from annotator.ui.background import last_line
from annotator.ui.worker import Worker


def _name(analyst: str) -> str:
    return analyst or "(no analyst)"


#: A day in the chart's x units (seconds); analysts' dots sit this share of a day apart.
DAY = 86_400.0
DODGE = 0.12


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


class ProgressCharts:
    """The three charts on one canvas: done over time (top), spans per label and agreement
    per label (below)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.area = charts.chart_area(parent)
        self.done = charts.add_chart(
            self.area, "Documents done per analyst", "day (UTC)", "documents done",
            row=0, col=0, colspan=2,
        )  # fmt: skip
        self.labels = charts.add_chart(
            self.area, "Spans per analyst and label", "label", "spans", row=1, col=0
        )
        self.agreement = charts.add_chart(
            self.area, "Agreement per label", "label", "agreement (1 = full)", row=1, col=1
        )
        charts.placeholder(self.agreement, "Computing agreement…")

    def show_progress(self, progress: TeamProgress) -> None:
        if progress.days:
            xs = [charts.day_seconds(day) for day in progress.days]
            charts.line_chart(
                self.done,
                {_name(a): (xs, progress.done[a]) for a in progress.analysts},
                x_ticks=charts.day_ticks(progress.days),
                integers=True,
                dodge=DODGE * DAY,  # the same count on the same day: side by side
                min_span=DAY,
            )
        else:
            charts.placeholder(self.done, "No analyst has marked a document done yet.")
        if progress.analysts:
            charts.bar_chart(
                self.labels,
                progress.labels,
                {
                    _name(a): [progress.label_counts[a][lab] for lab in progress.labels]
                    for a in progress.analysts
                },
                value_format="d",
                integers=True,
            )
        else:
            charts.placeholder(self.labels, "No spans yet.")

    def show_agreement(self, report: AgreementReport) -> None:
        if not report.documents:
            charts.placeholder(
                self.agreement, "No document has layers by two or more analysts yet."
            )
            return
        charts.bar_chart(
            self.agreement, report.labels, label_agreement(report), value_format=".2f", y_max=1.0
        )


class ProgressPanel(QWidget):
    """A one-line summary above the charts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: TeamProgress | None = None
        self.report: AgreementReport | None = None
        self.heading = QLabel("Reading the project…")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # analysts' names are data
        self.heading.setWordWrap(True)
        self.charts = ProgressCharts(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.charts.area, 1)

    def show_item(self, item: Any) -> None:
        """A result of ``progress_job``: the counts, then the agreement."""
        if isinstance(item, TeamProgress):
            self.progress = item
            self.charts.show_progress(item)
        elif isinstance(item, AgreementReport):
            self.report = item
            self.charts.show_agreement(item)
        self.heading.setText(self.summary())

    def summary(self) -> str:
        """The line above the charts: analysts, documents done (each), token alpha."""
        parts: list[str] = []
        if self.progress is not None:
            done = self.progress.total_done()
            each = ", ".join(f"{_name(a)} {n}" for a, n in done.items())
            parts.append(f"{len(self.progress.analysts)} analysts")
            # documents, not the sum of the analysts' counts (two analysts, one document)
            parts.append(
                f"{self.progress.documents_done} of {self.progress.documents} documents done"
                " by someone" + (f" ({each})" if each else "")
            )
        if self.report is None:
            parts.append("agreement: computing…")
        elif self.report.documents:
            parts.append(
                f"token alpha {_num(self.report.token_alpha)} over "
                f"{len(self.report.documents)} documents labelled by two or more analysts"
            )
        else:
            parts.append("agreement: no document has layers by two or more analysts")
        return " · ".join(parts)

    def fail(self, sentence: str) -> None:
        self.heading.setText(sentence)


class ProgressView(QDialog):
    """The panel, filled from a worker thread; ``start`` (re)reads the project."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team progress")
        self.resize(1100, 720)
        self._store = store
        self.worker: Worker | None = None
        self.panel = ProgressPanel(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = buttons.addButton("Refresh", QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)

    def start(self) -> None:
        """Read the counts and compute the agreement on a worker thread."""
        if self.worker is not None and self.worker.isRunning():
            return
        self.panel.progress = self.panel.report = None
        charts.placeholder(self.panel.charts.agreement, "Computing agreement…")
        self.worker = Worker(partial(progress_job, self._store.path), self)
        self.worker.yielded.connect(self.panel.show_item)
        self.worker.failed.connect(
            lambda trace: self.panel.fail(f"Progress could not be read: {last_line(trace)}")
        )
        self.worker.start()

    def done(self, result: int) -> None:
        """Closing stops the worker (after its current step)."""
        if self.worker is not None:
            self.worker.stop()
        super().done(result)
