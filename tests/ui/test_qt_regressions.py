"""Guards against Qt for Python releases known to break what the article view relies on."""

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit


def test_extra_selections_survive_thousands_of_redraws(qtbot):
    """PySide6 6.12.0 aborts the interpreter (none_dealloc) after a few thousand of these."""
    view = QPlainTextEdit()
    qtbot.addWidget(view)
    view.setPlainText("An informed source denied the report. " * 200)
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffe08a"))
    for round_ in range(200):
        selections = []
        for i in range(30):
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(view.document())
            cursor.setPosition((round_ + i * 7) % 7000)
            cursor.setPosition((round_ + i * 7) % 7000 + 6, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
        view.setExtraSelections(selections)
    assert len(view.extraSelections()) == 30
