"""File > Export…: the same choices as ``annotator export``, run in the background.

The dialog builds the same ``ExportOptions`` the command line does, and its job
runs the same ``export_steps``: the two cannot write different files.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
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

from annotator.core.model import Status
from annotator.io.archive_export import archive_export_job
from annotator.io.exporting import (
    ALL_FORMATS,
    FOLDER_FORMATS,
    SUFFIX,
    ExportError,
    ExportOptions,
    ExportProgress,
    TargetExists,
    check_target,
    selected_ids,
)
from annotator.store import Store
from annotator.store.locking import passphrase_of
from annotator.ui.plain import tooltip
from annotator.ui.worker import Worker

FORMAT_NAMES = {
    "spacy": "spaCy DocBin (.spacy)",
    "jsonl": "Prodigy-style JSONL",
    "brat": "brat standoff (folder)",
    "conll": "CoNLL-2003 IOB",
    "csv": "CSV of stances",
    "fnc": "FNC-1 claim–article stances (folder)",
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
        for fmt in ALL_FORMATS:
            self.format.addItem(FORMAT_NAMES[fmt], fmt)
        self.status = QComboBox()
        for label, value in (
            ("Done articles", Status.DONE),
            ("All articles", None),
            ("In progress", Status.IN_PROGRESS),
        ):
            self.status.addItem(label, value)
        self.analyst = QComboBox()  # whose layer (and whose status) to export
        self.analyst.addItem("Every analyst's labels", None)
        for name in store.analysts():
            self.analyst.addItem(name or "(no analyst named)", name)
        self.suggestions = QCheckBox("Include spaCy's entity suggestions")
        self.archive = None  # an encrypted project: the plain-text notice and an archive (#19)
        if store.encrypted:
            from annotator.ui.export_encryption import ArchiveChoice

            self.archive = ArchiveChoice()
        self.split = QDoubleSpinBox()
        self.split.setRange(0.0, 0.95)
        self.split.setSingleStep(0.05)
        self.split.setSpecialValueText("no split")
        self.path = QLineEdit()
        self.path.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.path.textChanged.connect(lambda text: self.path.setToolTip(tooltip(text)))
        self.set_path(str(Path.home() / "annotations"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path)
        where.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # paths and file names, never HTML
        self.message.setWordWrap(True)
        self._confirmed: Path | None = None  # a target the analyst agreed to write over
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self._cancel)
        for changed in (self.format.currentIndexChanged, self.split.valueChanged):
            changed.connect(self._forget_confirmation)
        self.path.textChanged.connect(self._forget_confirmation)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Articles", self.status)
        form.addRow("Labels of", self.analyst)
        form.addRow("", self.suggestions)
        form.addRow("Train share", self.split)
        form.addRow("Save to", where)
        if self.archive is not None:
            form.addRow(self.archive)
        form.addRow(self.progress)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def _browse(self) -> None:
        chosen = QFileDialog.getSaveFileName(self, "Export to", self.path.text())[0]
        if chosen:
            self.set_path(chosen)
            if Path(chosen).is_file() and self.target() == Path(chosen):
                self._confirmed = self.target()  # the save dialog asked to replace it

    def set_path(self, path: str) -> None:
        """Show ``path`` with its end (the file name) in view; the whole path is the tooltip."""
        self.path.setText(path)
        self.path.setCursorPosition(len(path))

    def _nothing_to_export(self) -> str | None:
        """Why the chosen articles are none (before starting a run that would write nothing)."""
        status, analyst = self.status.currentData(), self.analyst.currentData()
        if status is None or selected_ids(self.store, status, analyst):
            return None
        if status == Status.DONE:
            return "No article is marked done: press D on finished articles, or choose All."
        return f"No article is {status}: choose All articles, or another status."

    def _forget_confirmation(self) -> None:
        self._confirmed = None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")

    def target(self) -> Path:
        """Where the export goes, with the format's suffix when it needs one."""
        fmt = self.format.currentData()
        path = Path(self.path.text()).expanduser()
        if self.split.value() == 0 and SUFFIX[fmt] and path.suffix != SUFFIX[fmt]:
            path = path.with_suffix(SUFFIX[fmt])
        return path

    def start(self) -> None:
        """Run the export on a worker thread; first ask before writing over anything."""
        fmt = self.format.currentData()
        target = self.target()
        train = self.split.value() or None
        force = self._confirmed == target
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        why_none = self._nothing_to_export()
        if why_none is not None:
            self.message.setText(why_none)
            return
        problem = self.archive.problem() if self.archive is not None else None
        if problem is not None:
            self.message.setText(problem)
            return
        key = self.archive.key() if self.archive is not None else None
        try:
            if key is None:
                check_target(fmt, target, split=train is not None, force=force)
            elif (
                not force
                and (
                    sealed := self.archive.archive(
                        target, fmt in FOLDER_FORMATS or train is not None
                    )
                ).exists()
            ):
                raise TargetExists(sealed, folder=False)  # fmt: skip
        except TargetExists as exc:
            self._confirmed = target
            ok.setText("Replace")
            if exc.folder:
                self.message.setText(
                    f"{target} is not empty. Press Replace to write into it (files of the "
                    "same names are replaced, other files are left as they are), or choose "
                    "another place."
                )
            else:
                self.message.setText(
                    f"{exc.path} already exists. Press Replace to write over it, "
                    "or choose another name."
                )
            return
        except ExportError as exc:
            self.message.setText(f"Export failed: {exc}")
            return
        job = partial(
            archive_export_job, self.store.path, fmt, target, self.options(force),
            passphrase=passphrase_of(self.store), key=key,
        )  # fmt: skip
        self.worker = Worker(job, self)
        self.worker.yielded.connect(self._on_progress)
        self.worker.failed.connect(self._on_failed)
        self.progress.show()
        self.progress.setRange(0, 0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        ok.setText("Export")
        self.message.setText("Reading the articles…")
        self.worker.start()

    def options(self, force: bool = False) -> ExportOptions:
        """What the dialog's choices export: the options ``annotator export`` takes."""
        return ExportOptions(
            status=self.status.currentData(),
            annotator=self.analyst.currentData(),
            include_suggestions=self.suggestions.isChecked(),
            train=self.split.value() or None,
            seed=0,
            force=force,
        )

    def _on_failed(self, text: str) -> None:
        """An unexpected error (a bug): its last line, not the traceback."""
        last = text.strip().splitlines()[-1] if text.strip() else "unknown error"
        self._finished_with(f"Export failed: {last}")

    def _finished_with(self, message: str) -> None:
        self.progress.hide()
        self.message.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def _on_progress(self, item: ExportProgress) -> None:
        self.progress.setRange(0, max(1, item.total))
        self.progress.setValue(item.done)
        if item.error is not None:
            self._finished_with(f"Export failed: {item.error}")
        elif item.written is not None:
            self.result = item.written
            lines = [f"Wrote {n} article(s) to {path}" for path, n in item.written.items()]
            lines += [f"Left {n} other file(s) in {p} as they were" for p, n in item.left.items()]
            self._finished_with("\n".join(lines))
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        else:
            self.message.setText(f"Read {item.done} of {item.total} articles…")

    def _cancel(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop()
        self.reject()
