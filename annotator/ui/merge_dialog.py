"""File > Merge project files…: bring the analysts' field files into this project.

The same merge as ``annotator merge`` (``annotator.teams.merge_job``), run on a worker
thread through its own connection while this dialog shows its progress; the window's
connection stays idle meanwhile. Afterwards the summary and any file left out (a label
the schema lacks, a file that is not a project) are plain sentences, and ``merged``
tells the window to read its list and the open article again.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Store
from annotator.teams.merge import MergeReport
from annotator.teams.merge_job import MergeProgress, merge_job, merge_sentences
from annotator.ui.background import last_line
from annotator.ui.worker import Worker

FILTERS = (
    "Project files and exports (*.db *.jsonl *.ndjson *.ann *.txt);;"
    "Project files (*.db);;JSONL exports (*.jsonl *.ndjson);;brat files (*.ann *.txt);;"
    "All files (*)"
)


class MergeDialog(QDialog):
    """Choose files, merge them with a progress bar, read what happened."""

    merged = Signal(object)  # MergeReport, when at least one file was merged
    finished_merge = Signal()  # the merge ended: merged, refused, cancelled or failed
    conflicts_requested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge project files")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.store = store
        self.paths: list[Path] = []
        self.worker: Worker | None = None
        self.report: MergeReport | None = None
        intro = QLabel(
            "Merge the analysts' project files (.db), or our JSONL or brat exports, into "
            f"{store.path.name}. Each analyst's layer comes across whole; a copy of the "
            "project is kept aside first."
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.files = QListWidget()  # items are plain text
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._choose_files)
        add_folder = QPushButton("Add brat folder…")
        add_folder.clicked.connect(self._choose_folder)
        self.clear_button = QPushButton("Clear")
        self.clear_button.clicked.connect(self._clear)
        choose = QHBoxLayout()
        for button in (add_files, add_folder, self.clear_button):
            choose.addWidget(button)
        choose.addStretch(1)
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # paths and labels, never HTML
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.merge_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.merge_button.setText("Merge")
        self.merge_button.setEnabled(False)
        self.conflicts_button = self.buttons.addButton(
            "Show conflicts", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.conflicts_button.setEnabled(False)
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files)
        layout.addLayout(choose)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    # -- choosing ------------------------------------------------------------------

    def _choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, "Files to merge", "", FILTERS)
        self.add_paths([Path(p) for p in chosen])

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "brat export folder to merge")
        if chosen:
            self.add_paths([Path(chosen)])

    def add_paths(self, paths: list[Path]) -> None:
        """Add files (or brat folders) to merge, each once."""
        for path in paths:
            if path not in self.paths:
                self.paths.append(path)
                self.files.addItem(str(path))
        self.merge_button.setEnabled(bool(self.paths) and not self.running())

    def _clear(self) -> None:
        self.paths.clear()
        self.files.clear()
        self.merge_button.setEnabled(False)

    # -- merging -------------------------------------------------------------------

    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def start(self) -> None:
        """Merge the chosen files on a worker thread."""
        if not self.paths or self.running():
            return
        self.report = None
        self.worker = Worker(partial(merge_job, self.store.path, list(self.paths)), self)
        self.worker.yielded.connect(self._on_progress)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_thread_end)
        self.progress.setRange(0, 2 * len(self.paths))
        self.progress.setValue(0)
        self.progress.show()
        self.merge_button.setEnabled(False)
        self.clear_button.setEnabled(False)
        self.conflicts_button.setEnabled(False)
        self.message.setText("Starting the merge…")
        self.worker.start()

    def _on_progress(self, item: MergeProgress) -> None:
        if item.error is not None:
            self.message.setText(item.error)
            return
        self.progress.setValue(item.done)
        if item.report is None:
            self.message.setText(item.message)
            return
        self.report = item.report
        self.message.setText("\n".join(merge_sentences(item.report)))
        self.conflicts_button.setEnabled(bool(item.report.counts.conflicts))
        if item.report.merged:
            self.merged.emit(item.report)

    def _on_failed(self, trace: str) -> None:
        """An unexpected error (a bug): its last line, not the traceback."""
        self.message.setText(
            f"The merge stopped by an error and nothing was merged: {last_line(trace)}"
        )

    def _on_thread_end(self) -> None:
        self.progress.hide()
        if self.report is None and self.worker is not None and self.worker.context.cancelled():
            self.message.setText("Merge cancelled; the project is as it was.")
        self.clear_button.setEnabled(True)
        self.merge_button.setEnabled(bool(self.paths))
        if self.report is not None:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
        self.finished_merge.emit()

    def _cancel(self) -> None:
        """Cancel rolls a running merge back (the base stays as it was); else close."""
        if self.running() and self.worker is not None:
            self.message.setText("Cancelling: the project goes back to how it was…")
            self.worker.cancel()
            return
        self.reject()

    def done(self, result: int) -> None:
        """Closing the window while a merge runs cancels it and waits for the rollback."""
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop(60_000)
        super().done(result)
