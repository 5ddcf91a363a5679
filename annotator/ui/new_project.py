"""File > New project…: where to save it, and whether to encrypt it (#19).

The dialog creates the project file (``Store(path, passphrase=…)``) and a new window
opens on it. An encrypted project's passphrase is typed twice; it goes to the
``Store`` only (kept in memory while the project is open, as at start-up, see
``passphrase_dialog``) and never to settings, logs or the status bar. Every
problem (no file chosen, a file already there, an empty or mismatched passphrase,
a folder that cannot be written) is a sentence in the dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Store, StoreError

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

#: Windows opened on new projects: kept here until closed (their store closes with them).
_OPEN: list[MainWindow] = []


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # names a file: data, not HTML
    label.setWordWrap(True)
    return label


def _masked() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def problem_with(path_text: str) -> str | None:
    """Why a new project cannot be made at ``path_text``, in a sentence; None when it can."""
    if not path_text.strip():
        return "Choose where to save the new project (a file name ending in .db)."
    path = Path(path_text.strip()).expanduser()
    if path.is_dir():
        return f"{path} is a folder; give a file name for the project inside it."
    if path.exists() and path.stat().st_size > 0:
        return (
            f"{path} already exists; choose a new file name (a new project never replaces a file)."
        )
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist; choose a folder that does."
    return None


class NewProjectDialog(QDialog):
    """Where to save, "Encrypt this project" with the passphrase twice, Create / Cancel."""

    created = Signal(object)  # the open Store of the new project

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.store: Store | None = None
        start = (folder or Path.home()) / "project.db"
        self.path = QLineEdit(str(start))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.encrypt = QCheckBox("Encrypt this project")
        self.passphrase = _masked()
        self.again = _masked()
        self.note = _plain_label(
            "Everything in the project is encrypted with this passphrase. It is never saved: "
            "without it nothing in the project can be recovered."
        )
        self.problem = _plain_label("")
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("Save as", row)
        form.addRow("", self.encrypt)
        form.addRow("Passphrase", self.passphrase)
        form.addRow("Again", self.again)
        form.addRow("", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("Create")
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        for field in (self.path, self.passphrase, self.again):
            field.returnPressed.connect(self.create)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.encrypt.toggled.connect(self._on_encrypt)
        self._on_encrypt(False)
        self.setMinimumWidth(520)

    def _on_encrypt(self, on: bool) -> None:
        for widget in (self.passphrase, self.again, self.note):
            widget.setEnabled(on)
        if not on:
            self.passphrase.clear()
            self.again.clear()

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, "New project", self.path.text(), "annotator project (*.db);;All files (*)"
        )
        if chosen:
            self.path.setText(chosen if Path(chosen).suffix else chosen + ".db")

    def create(self) -> None:
        """Create the project; on any problem say it here and leave the dialog open."""
        problem = problem_with(self.path.text())
        if problem is not None:
            self.problem.setText(problem)
            return
        path = Path(self.path.text().strip()).expanduser()
        passphrase = None
        if self.encrypt.isChecked():
            typed, again = self.passphrase.text(), self.again.text()
            self.passphrase.clear()
            self.again.clear()
            if not typed:
                self.problem.setText("Type a passphrase for the encrypted project, twice.")
                self.passphrase.setFocus()
                return
            if typed != again:
                self.problem.setText("The two passphrases differ; type them again.")
                self.passphrase.setFocus()
                return
            passphrase = typed
        try:
            self.store = Store(path, create=True, passphrase=passphrase)
        except (StoreError, OSError) as exc:
            self.problem.setText(f"The project could not be created: {exc}.")
            return
        finally:
            del passphrase
        self.problem.setText("")
        self.accept()
        self.created.emit(self.store)


def open_window(parent: MainWindow, store: Store) -> MainWindow:
    """A window on the new project, as the analyst of ``parent``; its store closes with it."""
    from annotator.ui.main_window import MainWindow

    window = MainWindow(store, analyst=parent.analyst)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _OPEN.append(window)

    def closed() -> None:
        _OPEN.remove(window)
        store.close()

    window.destroyed.connect(closed)
    window.show()
    window.say(
        f"New project {store.path}: add articles with annotator --db {store.path} import FILES",
        30_000,
    )
    return window


def show_new_project(parent: MainWindow) -> NewProjectDialog:
    """File > New project…: the dialog (window-modal); on Create a window opens on the project."""
    dialog = NewProjectDialog(parent, Path(parent.store.path).parent)
    dialog.created.connect(lambda store: open_window(parent, store))
    dialog.open()
    return dialog
