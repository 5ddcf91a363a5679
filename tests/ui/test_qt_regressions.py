"""Guards against Qt for Python releases known to break what the article view relies on.

The redraw loop runs in its own interpreter: the bug it guards against aborts the
process (``Fatal Python error: none_dealloc``), which would otherwise end the whole
test run instead of failing this one test.
"""

from __future__ import annotations

import os
import subprocess
import sys

_REDRAWS = """
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit

app = QApplication([])
view = QPlainTextEdit()
view.setPlainText("An informed source denied the report. " * 200)
fmt = QTextCharFormat()
fmt.setBackground(QColor("#ffe08a"))
assigned = 0
for round_ in range(200):
    selections = []
    for i in range(30):
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(view.document())
        cursor.setPosition((round_ + i * 7) % 7000)
        cursor.setPosition((round_ + i * 7) % 7000 + 6, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = fmt
        assigned += 2
        selections.append(sel)
    view.setExtraSelections(selections)
print(assigned, len(view.extraSelections()))
"""


def test_extra_selections_survive_thousands_of_redraws() -> None:
    """PySide6 6.12.0 aborts the interpreter (none_dealloc) after a few thousand of these."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _REDRAWS], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, f"the interpreter died redrawing highlights:\n{result.stderr}"
    assert result.stdout.split() == ["12000", "30"]
