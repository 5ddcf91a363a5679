"""Find, Home and End in right-to-left text: each lands on the stored characters.

The find bar matches without harakat, tatweel or case (a reader types ``اي صفقة`` for
``أيُّ صفقة``); Home and End move to the logical start and end of the line, which an
Arabic paragraph draws at the right and left edges.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from annotator.ui.find_bar import FindBar
from tests.ui.test_rtl import ARABIC, shown


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as an Arabic keyboard sends them
    (QTest.keyClicks aborts the process on a character outside ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def finder(qtbot, text: str):
    view = shown(qtbot, text)
    bar = FindBar(view)
    qtbot.addWidget(bar)
    return view, bar


def test_find_in_arabic_selects_the_written_word_with_its_marks(qtbot):
    view, bar = finder(qtbot, ARABIC)
    bar.open()
    type_text(bar, "اي صفقة")
    start, end = view.selection(raw=True)
    assert view.text()[start:end] == "أيُّ صفقة"
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    assert bar.isHidden()
    assert view.selection(raw=True) == (start, end)  # Enter keeps the match


def test_find_after_a_dotted_capital_i_selects_the_word_typed(qtbot):
    text = "İzmir's mayor denied it. The mayor of Split said nothing."
    view, bar = finder(qtbot, text)
    bar.open()
    qtbot.keyClicks(bar, "denied")
    start, end = view.selection(raw=True)
    assert text[start:end] == "denied"  # lower() made "İ" two characters: it was "enied "


def test_escape_puts_the_cursor_back(qtbot):
    view, bar = finder(qtbot, ARABIC)
    view.set_caret(10)
    bar.open()
    type_text(bar, "الرصيف")
    assert view.selection(raw=True) is not None
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert view.caret() == 10 and view.selection(raw=True) is None


def test_home_and_end_in_an_arabic_line_go_to_its_logical_start_and_end(qtbot):
    title = ARABIC.split("\n", 1)[0]  # a one-line paragraph: its start is drawn at the right
    view = shown(qtbot, title + "\n\nThe harbour master said no.")
    view.setFocus()
    view.set_caret(len(title) // 2)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.caret() == 0
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.caret() == len(title)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ShiftModifier)
    start, end = view.selection(raw=True)
    assert view.text()[start:end] == title  # Shift+Home selects the whole stored line
