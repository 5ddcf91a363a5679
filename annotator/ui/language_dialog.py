"""Edit > Set article language…: a small dialog that names the known languages and takes
any other ISO 639-1 code typed in.

It only asks; the window turns the answer into an undoable ``SetLanguage`` command.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from annotator.core.language import NAMES, name, normalise

_IN_BRACKETS = re.compile(r"\(([A-Za-z]{2})\)\s*$")


def code_of(text: str) -> str | None:
    """The ISO 639-1 code in what was chosen or typed: "Arabic (ar)", "ar", "AR", "Arabic"."""
    found = _IN_BRACKETS.search(text.strip())
    return found.group(1).lower() if found else normalise(text)


class LanguageDialog(QDialog):
    """Pick or type a language for one article; ``chosen`` carries its code."""

    chosen = Signal(str)

    def __init__(self, current: str | None, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Article language")
        question = QLabel(f"Language of “{title[:80]}”:")
        question.setTextFormat(Qt.TextFormat.PlainText)  # a title is data, never rich text
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in sorted(NAMES, key=lambda c: NAMES[c]):
            self.combo.addItem(name(code), code)
        self.combo.setCurrentText(name(current) if current else "")
        self.combo.lineEdit().selectAll()
        self.combo.setToolTip("A known language, or any two-letter ISO 639-1 code (e.g. tr, sw)")
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (question, self.combo, self.problem, buttons):
            layout.addWidget(widget)

    def accept(self) -> None:
        """Close with a valid code; otherwise say what is wrong and stay open."""
        text = self.combo.currentText()
        code = code_of(text)
        if code is None:
            self.problem.setText(
                f"“{text.strip()[:40]}” is not a language code: type two letters"
                " (ISO 639-1) such as ar or en, or pick a language from the list"
            )
            self.problem.show()
            return
        super().accept()
        self.chosen.emit(code)
