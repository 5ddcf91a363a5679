"""Asking for an encrypted project's passphrase in the window: at start-up and to unlock.

What is kept, and for how long: the typed text lives in the line edit until it
is tried, then the field is cleared; the string handed to ``attempt`` goes to
``Store``, which keeps it (and SQLCipher its derived key) while the project is
open and unlocked, because migration and merge backups and the background
readers need it. The idle lock drops both (``annotator.store.locking``). Python
strings cannot be wiped, so a copy may linger in freed memory until reused; the
passphrase is never written to settings, logs, or the status bar.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Store, StoreError
from annotator.store.locking import wrong_passphrase

#: Tries a passphrase: returns when it opened the project, raises ``StoreError`` when not.
Attempt = Callable[[str], None]


def _plain_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the text names a file: data, not HTML
    label.setWordWrap(True)
    return label


class PassphraseForm(QWidget):
    """A masked field (two for a new project), a line that says what went wrong.

    ``submit()`` tries the passphrase; ``opened`` is emitted when it worked,
    ``failed`` (with the sentence) when the file cannot be opened for another
    reason than the passphrase. A wrong passphrase stays here and asks again.
    """

    opened = Signal()
    failed = Signal(str)

    def __init__(self, path: Path, attempt: Attempt, *, new: bool = False, parent=None) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self.new = new
        what = "Choose a passphrase for the new encrypted project" if new else "Passphrase for"
        self.prompt = _plain_label(f"{what} {path}")
        self.field = self._masked()
        self.again = self._masked() if new else None
        self.problem = _plain_label("")
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("Passphrase", self.field)
        if self.again is not None:
            form.addRow("Again", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        if new:
            layout.addWidget(
                _plain_label("Without this passphrase nothing in the project can be recovered.")
            )

    def _masked(self) -> QLineEdit:
        field = QLineEdit()
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.returnPressed.connect(self.submit)
        return field

    def _clear(self) -> None:
        self.field.clear()
        if self.again is not None:
            self.again.clear()
        self.field.setFocus()

    def submit(self) -> None:
        """Try what was typed; the fields are empty again whatever happens."""
        typed = self.field.text()
        again = self.again.text() if self.again is not None else typed
        self._clear()
        if not typed:
            self.problem.setText("Type the passphrase.")
            return
        if again != typed:
            self.problem.setText("The two passphrases differ; type them again.")
            return
        try:
            self._attempt(typed)
        except StoreError as exc:
            if wrong_passphrase(str(exc)):
                self.problem.setText("The passphrase is wrong; try again.")
                return
            self.failed.emit(str(exc))
            return
        finally:
            del typed, again
        self.problem.setText("")
        self.opened.emit()


class PassphraseDialog(QDialog):
    """The start-up question: accepted once the project is open, rejected on Cancel."""

    def __init__(self, path: Path, attempt: Attempt, *, new: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("annotator — encrypted project")
        self.failure: str | None = None
        self.form = PassphraseForm(path, attempt, new=new)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create" if new else "Open")
        buttons.accepted.connect(self.form.submit)
        buttons.rejected.connect(self.reject)
        self.form.opened.connect(self.accept)
        self.form.failed.connect(self._fail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.form.field.setFocus()

    def _fail(self, sentence: str) -> None:
        self.failure = sentence
        self.reject()


def open_encrypted(
    db: Path, *, create: bool, passphrase: str | None, ask: bool = True
) -> Store | None:
    """Open (or create) an encrypted project; None after one sentence when the analyst cancels.

    A passphrase from ``--passphrase-file`` or the environment is used as it is
    (wrong: a ``StoreError``, as on the command line). Otherwise a dialog asks,
    twice for a new file, until the passphrase opens it or Cancel.
    """
    if passphrase is not None:
        return Store(db, create=create, passphrase=passphrase)
    if not ask:
        raise StoreError(
            f"{db} is encrypted: give its passphrase with --passphrase-file FILE or"
            " ANNOTATOR_PASSPHRASE (no dialog can be answered offscreen)"
        )
    new = not (db.exists() and db.stat().st_size > 0)
    if new and not create:
        raise StoreError(f"no project at {db}")
    opened: list[Store] = []

    def attempt(typed: str) -> None:
        opened.append(Store(db, create=create, passphrase=typed))

    app = QApplication.instance()
    assert app is not None
    dialog = PassphraseDialog(db, attempt, new=new)
    dialog.exec()
    if opened:
        return opened[0]
    if dialog.failure is not None:
        raise StoreError(dialog.failure)
    print(f"annotator: {db} was not opened: no passphrase was given", file=sys.stderr)
    return None
