"""Tools > Train a model…: the training of ``annotator train``, in the background, with a chart.

The dialog runs ``training_job`` on the project's one worker mechanism, draws
token F1 per label after each epoch (``charts``; pyqtgraph is imported when the
dialog is first made, never at start-up), can be cancelled at any batch (the
previous model stays in use) and, once a model is saved, offers "Use this
model", which the window turns into a suggester switch. On an encrypted project
the model is kept inside the project (``project_training_job``); a plain folder
is written there only when the analyst unticks that, with the warning in view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.nlp.model import MODEL_SETTING
from annotator.nlp.project_model import PROJECT
from annotator.nlp.project_training import keeps_inside, project_training_job
from annotator.nlp.retraining import mark_trained
from annotator.nlp.suggesters import TRAINED_SETTING
from annotator.nlp.training import (
    PLAIN_MODEL_NOTICE,
    BatchDone,
    EpochDone,
    EpochScore,
    TrainSettings,
)
from annotator.nlp.training_data import ROLES
from annotator.nlp.training_job import (
    TrainingFailed,
    TrainingFinished,
    TrainingStarted,
    training_job,
)
from annotator.store import Store
from annotator.store.locking import passphrase_of
from annotator.ui.background import last_line
from annotator.ui.colours import OKABE_ITO
from annotator.ui.worker import Worker

#: The labels' colours in the article (the default schema's), so the chart reads the same way.
ROLE_COLOURS = {
    "SOURCE": OKABE_ITO["orange"],
    "CUE": OKABE_ITO["reddish_purple"],
    "CLAIM": OKABE_ITO["bluish_green"],
}
DASH = Qt.PenStyle.DashLine


class TrainDialog(QDialog):
    """Settings, a live chart of F1 per label per epoch, Train / Cancel / Use this model."""

    use_model = Signal(Path)  # the folder of the model just trained (``project``: kept inside)
    trained = Signal(object)  # TrainResult, once a model is saved

    def __init__(
        self,
        store: Store,
        folder: Path,
        parent: QWidget | None = None,
        defaults: TrainSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Train a model on your labels")
        self._store = store
        self.defaults = defaults or TrainSettings(base_model=store.get_setting(MODEL_SETTING))
        self.worker: Worker | None = None
        self._busy = False
        self.epochs: list[EpochScore] = []
        self.result: Any = None
        self._finished_before = 0
        #: whether another training (the background retraining) is running
        self.busy_elsewhere: Callable[[], bool] = lambda: False
        self._build(folder)

    # -- layout --------------------------------------------------------------------

    def _build(self, folder: Path) -> None:
        from annotator.ui import charts

        form = QFormLayout()
        self.folder = QLineEdit(str(folder))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.inside = QCheckBox(
            "Keep the model inside the encrypted project file"
            if self._store.encrypted
            else "Keep the model inside the project file"
        )
        self.inside.setChecked(
            keeps_inside(self._store.encrypted, self._store.get_setting(TRAINED_SETTING))
        )
        self.plain_warning = QLabel(
            "A model folder is not encrypted: the model's vocabulary holds words of the "
            "project's articles. Keep it on an encrypted disk, or keep the model inside the "
            "project."
        )
        self.plain_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.plain_warning.setWordWrap(True)
        self.plain_warning.setStyleSheet("color: #a0001c; font-weight: bold")
        self._browse_button = browse
        form.addRow("Model", self.inside)
        form.addRow("Model folder", row)
        form.addRow("", self.plain_warning)
        self.inside.toggled.connect(self._on_inside)
        self.status_choice = QComboBox()
        self.status_choice.addItem("finished articles (marked done)", "done")
        self.status_choice.addItem("every labelled article", "all")
        form.addRow("Learn from", self.status_choice)
        self.max_epochs = QSpinBox(minimum=1, maximum=200, value=self.defaults.epochs)
        form.addRow("At most epochs", self.max_epochs)
        self.max_minutes = QSpinBox(minimum=0, maximum=600, value=30, suffix=" min")
        self.max_minutes.setSpecialValueText("no limit")
        form.addRow("Stop after", self.max_minutes)
        self.area = charts.chart_area(self)
        self.area.setMinimumSize(520, 260)
        self.plot = charts.add_chart(self.area, "Token F1 on held-out articles", "epoch", "F1",
                                     row=0, col=0)  # fmt: skip
        charts.placeholder(self.plot, "F1 per label appears here after each epoch")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.message = QLabel("Trains on this project's labels; the window stays usable.")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.train_button = QPushButton("Train")
        self.cancel_button = QPushButton("Cancel training")
        self.use_button = QPushButton("Use this model")
        close = QPushButton("Close")
        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.use_button.clicked.connect(self._use)
        close.clicked.connect(self.close)
        self.cancel_button.setEnabled(False)
        self.use_button.setEnabled(False)
        buttons = QHBoxLayout()
        for button in (self.train_button, self.cancel_button, self.use_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._on_inside(self.inside.isChecked())

    def _on_inside(self, inside: bool) -> None:
        """The folder is asked for only when the model goes outside; then an encrypted
        project's dialog says the folder is plain (never written silently)."""
        if not self.running():
            self.folder.setEnabled(not inside)
            self._browse_button.setEnabled(not inside)
        self.plain_warning.setVisible(self._store.encrypted and not inside)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Model folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    # -- running ----------------------------------------------------------------------

    def settings(self) -> TrainSettings:
        minutes = self.max_minutes.value()
        return replace(
            self.defaults,
            epochs=self.max_epochs.value(),
            max_minutes=float(minutes) if minutes else None,
            status=str(self.status_choice.currentData()),
        )

    def running(self) -> bool:
        """From Train until the dialog has handled the end (its buttons and message say so):
        the thread itself stops a moment before its ``finished`` reaches the dialog."""
        return self._busy

    def start(self) -> None:
        """Train in the background; the previous model stays in use until this one is saved."""
        if self.running():
            return
        if self.busy_elsewhere():
            self.message.setText(
                "A retraining is running in the background (see the status bar); "
                "train again once it has finished."
            )
            return
        out = Path(self.folder.text().strip() or ".").expanduser()
        self.epochs, self.result = [], None
        from annotator.ui import charts

        charts.placeholder(self.plot, "reading the labels…")
        passphrase = passphrase_of(self._store)  # an encrypted project: the worker's reader
        if self.inside.isChecked():  # trained in memory, saved as a row of the project
            path, settings = self._store.path, self.settings()
            job = partial(project_training_job, path, settings, passphrase=passphrase)
        else:
            job = partial(
                training_job, self._store.path, out, self.settings(), passphrase=passphrase
            )
        worker = self.worker = Worker(job, self)
        worker.yielded.connect(self._on_event)
        worker.failed.connect(self._on_error)
        worker.finished.connect(self._on_finished)
        self._set_running(True)
        self.message.setText("Reading the labelled articles…")
        worker.start()

    def cancel(self) -> None:
        """Stop after the current batch; nothing is saved, the previous model stays."""
        if self.running():
            assert self.worker is not None
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Cancelling after this batch…")

    def shutdown(self) -> None:
        """The window closes: stop training and wait for the thread (nothing is saved)."""
        if self.worker is not None:
            self.worker.stop()

    def _set_running(self, running: bool) -> None:
        self._busy = running
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.inside.setEnabled(not running)
        self.folder.setEnabled(not running and not self.inside.isChecked())
        self._browse_button.setEnabled(not running and not self.inside.isChecked())
        if running:
            self.use_button.setEnabled(False)

    def _on_event(self, event: Any) -> None:
        if isinstance(event, TrainingStarted):
            self._finished_before = event.finished
            self.message.setText(
                f"Training on {event.documents} labelled article(s); about a fifth are held out "
                "to score each epoch."
            )
        elif isinstance(event, BatchDone):
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.done)
        elif isinstance(event, EpochDone):
            self.epochs.append(event.score)
            self._draw()
            best = "  (best so far)" if event.is_best else ""
            self.message.setText(self._scores(event.score) + best)
        elif isinstance(event, TrainingFinished):
            self.result = event.result
            mark_trained(self._store, self._finished_before)  # retrain-after-K counts from here
            best = event.result.best
            stopped = {"max-minutes": " (time limit reached)", "no improvement": ""}.get(
                event.result.stopped, ""
            )
            out = event.result.out
            where = f"to {out}" if out is not None else "inside the project"
            plain = ""
            if out is not None and self._store.encrypted:
                plain = " Note: " + PLAIN_MODEL_NOTICE.format(out=out) + "."
            self.message.setText(
                f"Saved epoch {best.epoch}{stopped} {where}: {self._scores(best)}{plain}"
            )
            self.use_button.setEnabled(True)
            self.trained.emit(event.result)
        elif isinstance(event, TrainingFailed):
            self._failed(event.message)

    def _on_finished(self) -> None:
        if self.sender() is not self.worker:
            return
        self._set_running(False)
        if self.result is None and self.worker is not None and self.worker.context.cancelled():
            self.message.setText("Training cancelled: nothing was saved; the previous model stays.")

    def _on_error(self, trace: str) -> None:
        if self.sender() is self.worker:
            self._failed(f"Training stopped by an error: {last_line(trace)}.")

    def _failed(self, sentence: str) -> None:
        self.message.setText(f"{sentence} The previous model (if any) stays in use.")

    @staticmethod
    def _scores(score: EpochScore) -> str:
        parts = ", ".join(f"{role} {f:.2f}" for role, (_, _, f) in score.scores.items())
        return f"epoch {score.epoch}: F1 {parts}"

    def _draw(self) -> None:
        """One line per label in the label's own colour; a dashed line at the epoch kept."""
        from annotator.ui import charts

        pg = charts.pyqtgraph()
        charts.clear(self.plot)
        xs = [e.epoch for e in self.epochs]
        for role in ROLES:
            colour = ROLE_COLOURS.get(role, charts.INK)
            self.plot.plot(
                xs,
                [e.scores[role][2] for e in self.epochs],
                name=role,
                pen=pg.mkPen(colour, width=2.5),
                symbol="o",
                symbolSize=6,
                symbolBrush=colour,
                symbolPen=pg.mkPen("w"),
            )
        best = max(self.epochs, key=lambda e: (e.mean_f1, e.epoch))
        kept = pg.InfiniteLine(best.epoch, angle=90, pen=pg.mkPen(charts.INK, style=DASH))
        self.plot.addItem(kept)
        step = max(1, -(-len(xs) // 15))
        self.plot.getAxis("bottom").setTicks([[(x, str(x)) for x in xs[::step]]])
        self.plot.setXRange(0.5, max(xs) + 0.5, padding=0)
        self.plot.setYRange(-0.03, 1.15, padding=0)  # F1 is at most 1; room for the legend

    def _use(self) -> None:
        if self.result is not None:
            out = self.result.out
            self.use_model.emit(Path(out) if out is not None else Path(PROJECT))
            where = out if out is not None else "the model kept inside the project"
            self.message.setText(f"Proposals now come from {where}.")
            self.use_button.setEnabled(False)
