"""File > Export on an encrypted project: the plain-text notice, and an encrypted archive instead.

The command line prints the notice and takes ``--encrypt-to``; this is the same
choice in the dialog. The archive's passphrase is typed twice, masked, and only
handed to the export job: it is never stored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.io.archive_export import ArchiveKey, archive_path

NOTICE = (
    "Exports are plain text: anyone with the file can read it. Tick the box below to write "
    "an encrypted age archive instead (annotator import or the age tool opens it)."
)


class ArchiveChoice(QWidget):
    """The notice, a box to encrypt the export, and its passphrase typed twice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.notice = QLabel(NOTICE)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.encrypt = QCheckBox("Encrypt the export with a passphrase (an .age archive)")
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for field in (self.passphrase, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Archive passphrase", self.passphrase)
        form.addRow("The same again", self.again)
        self.fields.setVisible(False)
        self.encrypt.toggled.connect(self.fields.setVisible)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.encrypt)
        layout.addWidget(self.fields)

    def problem(self) -> str | None:
        """Why the export cannot start as chosen (a passphrase missing or mistyped)."""
        if not self.encrypt.isChecked():
            return None
        if not self.passphrase.text():
            return "Type the archive's passphrase (the colleague who opens it will need it)."
        if self.passphrase.text() != self.again.text():
            return "The two passphrases differ: type the same one twice."
        return None

    def key(self) -> ArchiveKey | None:
        """The archive's key when the box is ticked, else None (a plain export)."""
        if not self.encrypt.isChecked() or self.problem() is not None:
            return None
        return ArchiveKey(passphrase=self.passphrase.text())

    def archive(self, target: Path, folder: bool) -> Path:
        """The file an encrypted export of ``target`` writes."""
        return archive_path(target, not folder)
