"""File > Export…: the same choices as ``annotator export``, run in the background."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from annotator.io.exporting import FORMATS, SUFFIX, ExportProgress, export_job
from annotator.store import Store
from annotator.ui.worker import Worker

FORMAT_NAMES = {
    "spacy": "spaCy DocBin (.spacy)",
    "jsonl": "Prodigy-style JSONL",
    "brat": "brat standoff (folder)",
    "conll": "CoNLL-2003 IOB",
    "csv": "CSV of stances",
}


class ExportDialog(QDialog):
    """Pick a format, what to include and where; progress shows while it writes."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export training data")
        self.store = store
        self.worker: Worker | None = None
        self.result: dict[str, int] | None = None
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FORMAT_NAMES[fmt], fmt)
        self.status = QComboBox()
        for label, value in (
            ("Done articles", "done"),
            ("All articles", None),
            ("In progress", "in progress"),
        ):
            self.status.addItem(label, value)
        self.suggestions = QCheckBox("Include spaCy's entity suggestions")
        self.split = QDoubleSpinBox()
        self.split.setRange(0.0, 0.95)
        self.split.setSingleStep(0.05)
        self.split.setSpecialValueText("no split")
        self.path = QLineEdit(str(Path.home() / "annotations"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path)
        where.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self._cancel)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Articles", self.status)
        form.addRow("", self.suggestions)
        form.addRow("Train share", self.split)
        form.addRow("Save to", where)
        form.addRow(self.progress)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getSaveFileName(self, "Export to", self.path.text())[0]
        if chosen:
            self.path.setText(chosen)

    def target(self) -> Path:
        """Where the export goes, with the format's suffix when it needs one."""
        fmt = self.format.currentData()
        path = Path(self.path.text()).expanduser()
        if self.split.value() == 0 and SUFFIX[fmt] and path.suffix != SUFFIX[fmt]:
            path = path.with_suffix(SUFFIX[fmt])
        return path

    def start(self) -> None:
        """Run the export on a worker thread."""
        options = {
            "status": self.status.currentData(),
            "include_suggestions": self.suggestions.isChecked(),
            "train": self.split.value() or None,
            "seed": 0,
        }
        job = partial(
            export_job, self.store.path, self.format.currentData(), self.target(), options
        )
        self.worker = Worker(job, self)
        self.worker.yielded.connect(self._on_progress)
        self.worker.failed.connect(lambda text: self.message.setText(f"Export failed: {text}"))
        self.progress.show()
        self.progress.setRange(0, 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.message.setText("Reading the articles…")
        self.worker.start()

    def _on_progress(self, item: ExportProgress) -> None:
        self.progress.setRange(0, max(1, item.total))
        self.progress.setValue(item.done)
        if item.written is not None:
            self.result = item.written
            self.message.setText(
                "\n".join(f"Wrote {n} article(s) to {path}" for path, n in item.written.items())
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        else:
            self.message.setText(f"Read {item.done} of {item.total} articles…")

    def _cancel(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop()
        self.reject()
