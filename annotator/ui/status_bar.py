"""The window's status bar: where the analyst is, and what runs in the background.

Messages (each edit's confirmation, refusals, hints) go through ``say``; the
permanent widgets show the position in the list with the analyst's name, entity
highlighting's progress with a Stop button, and a busy bar while attribution
proposals are computed. It listens to the two background jobs; it edits nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStatusBar, QToolButton

from annotator.ui.background import AttributionSuggester, EntityPreannotator
from annotator.ui.plain import tooltip


def format_duration(seconds: float) -> str:
    """'40 s', '3 min', '2 h 5 min': enough precision for a progress line."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds // 3600:.0f} h {seconds % 3600 / 60:.0f} min"


class WorkbenchStatusBar(QObject):
    """Fills a window's ``QStatusBar`` and keeps it current with the background jobs."""

    def __init__(
        self,
        window: QMainWindow,
        preannotator: EntityPreannotator,
        suggester: AttributionSuggester,
    ) -> None:
        super().__init__(window)
        self.bar: QStatusBar = window.statusBar()
        self.position = QLabel()
        self.progress = QLabel()
        for label in (self.position, self.progress):
            label.setTextFormat(Qt.TextFormat.PlainText)  # shows the analyst's name
        self.entity_bar = self._bar(window)
        self.busy = QLabel()  # attribution proposals being computed
        self.busy_bar = self._bar(window)
        self.busy_bar.setRange(0, 0)  # busy: the parser does not say how far it is
        self.busy.hide()
        self.cancel_button = QToolButton(text="Stop")
        self.cancel_button.setToolTip("Stop highlighting entities in the rest of the corpus")
        self.cancel_button.clicked.connect(preannotator.cancel)
        self.cancel_button.hide()
        self.bar.addWidget(self.position)
        for widget in (
            self.busy,
            self.busy_bar,
            self.progress,
            self.entity_bar,
            self.cancel_button,
        ):
            self.bar.addPermanentWidget(widget)
        suggester.working.connect(self.on_proposing)
        suggester.unavailable.connect(lambda message: self.say(message, 15_000))
        preannotator.progress.connect(self.on_progress)
        preannotator.finished.connect(self.on_finished)

    @staticmethod
    def _bar(window: QMainWindow) -> QProgressBar:
        bar = QProgressBar()
        bar.setMaximumWidth(90)
        bar.setMaximumHeight(window.fontMetrics().height())
        bar.setTextVisible(False)
        bar.hide()
        return bar

    def say(self, message: str, ms: int = 5000) -> None:
        """A short message (plain text: QStatusBar never reads it as HTML)."""
        self.bar.showMessage(message, ms)

    def show_position(self, row: int | None, total: int, done: int, analyst: str) -> None:
        """'Article 3 of 120 · 7 done · ana'."""
        where = f"Article {row + 1} of {total}" if row is not None else f"{total} articles"
        self.position.setText(f"{where}  ·  {done} done  ·  {analyst}")

    def on_proposing(self, pending: int) -> None:
        """Proposals are being computed (for ``pending`` articles): a busy bar."""
        self.busy.setText("Proposing attributions…" if pending else "")
        self.busy.setVisible(pending > 0)
        self.busy_bar.setVisible(pending > 0)

    def on_progress(self, done: int, total: int, seconds: float) -> None:
        """Entity highlighting went on: how far, how fast, how long still."""
        if total == 0:
            return
        rate = done / seconds if seconds > 0 else 0.0
        left = f", {format_duration((total - done) / rate)} left" if rate > 0 else ""
        self.progress.setText(f"Entities {done:,} / {total:,} ({rate:.1f} docs/s{left})")
        self.entity_bar.setRange(0, total)
        self.entity_bar.setValue(done)
        self.entity_bar.setVisible(done < total)
        self.cancel_button.setVisible(done < total)

    def on_finished(self, why: str) -> None:
        """Entity highlighting ended: done, stopped, or an error (its sentence as tooltip)."""
        self.cancel_button.hide()
        self.entity_bar.hide()
        if why == "done":
            self.progress.setText("Entities: every document highlighted")
        elif why == "cancelled":
            self.progress.setText(self.progress.text() + " — stopped")
        else:
            self.progress.setText("Entities: stopped by an error (see tooltip)")
            self.progress.setToolTip(tooltip(why))
