"""The article view draws and selects exactly the stored characters, whatever the text holds.

Qt's text document does not keep every character it is given (CRLF becomes one
paragraph break, a leading U+FEFF vanishes), so a brat article made on Windows
was drawn shifted: "The New York Post" showed as "e New York Post r" and
selecting "said" stored ``er s``. Document positions here are computed from the
stored text alone (UTF-16 units), independently of the view's own mapping.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent, QTextCursor, QTextDocument
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.model import MAX_TEXT_CHARS, Relation, Span
from annotator.core.proposals import Proposal
from annotator.ui.article_view import ArticleView

#: Characters Qt does not keep as they are, or that text from anywhere may carry.
SPECIALS = [
    "\r\n", "\r", "\n", "\n\n", "\ufeff", "\u2028", "\u2029", "\t", "\x00", "\x01", "\x0b",
    "\x0c", "\x1c", "\x1e", "\x1f", "\x7f", "\x85", "\x9b", "\U0001f600", "\U0001f1f1\U0001f1fe",
    "e\u0301", "\u0301", "\ufffc", "\ufdd0", "\ufdd1", "\u00a0", "\u200b", "\u202e", "\ud800",
    "\udc80", "\ufffe",
]  # fmt: skip
WORDS = ["The", "New", "York", "Post", "said", "Libya", "“no”", "a", "informed", "Café"]
#: What a character Qt would not draw as itself may be drawn as instead (one per character).
STAND_INS = {" ", "\t", "\u2028", "\u2029", "\u2060", "\ufffd", "\u00a0", "\u200b", "\u202e"}
STAND_INS |= {chr(c) for c in range(0x2400, 0x2427)}  # Unicode control pictures


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def drawn_as(stored: str, drawn: str) -> bool:
    """Each printable character is drawn as itself; any other one as a stand-in of its own."""
    if stored.isprintable() and stored != "\ufffc":
        return drawn == stored
    return drawn == stored or drawn in STAND_INS


def assert_drawn(text: str, start: int, end: int, drawn: str) -> None:
    stored = text[start:end]
    assert len(drawn) == len(stored), f"{stored!r} drawn as {drawn!r}"
    for s, d in zip(stored, drawn, strict=True):
        assert drawn_as(s, d), f"{s!r} drawn as {d!r} in {stored!r} (drawn {drawn!r})"


def document_range(view: ArticleView, start: int, end: int) -> tuple[int, int]:
    """Where stored ``text[start:end]`` must lie in the document (UTF-16, no inserted breaks)."""
    text = view.text()
    return utf16(text[:start]), utf16(text[:end])


def drawn_text(view: ArticleView, lo: int, hi: int) -> str:
    cursor = QTextCursor(view.document())
    cursor.setPosition(lo)
    cursor.setPosition(hi, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def make_view(qtbot) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_label_colours({"SOURCE": "#d62728", "CUE": "#2ca02c", "CLAIM": "#1f77b4"})
    return view


CRLF = "The New York Post reported it.\r\nThe mayor said no.\r\n\r\nShe said yes.\r\n"


def test_crlf_article_draws_its_spans_on_their_words(qtbot):
    view = make_view(qtbot)
    text = "\ufeff" + CRLF
    view.show_text(text)
    start = text.index("The New York Post")
    view.set_spans([Span("SOURCE", start, start + 17, id=1)])
    assert view.document().characterCount() - 1 == utf16(text)
    (selection,) = view.extraSelections()
    assert selection.cursor.selectedText() == "The New York Post"
    said = text.index("said")
    assert drawn_text(view, *document_range(view, said, said + 4)) == "said"


def test_selecting_said_with_the_mouse_stores_said(qtbot):
    """The issue's case, through real mouse events with Alt (exact characters)."""
    view = make_view(qtbot)
    view.show_text(CRLF)
    view.show()
    qtbot.waitExposed(view)
    drawn = drawn_text(view, 0, view.document().characterCount() - 1)
    lo = drawn.index("said")  # where "said" is on screen, whatever the mapping

    def at(pos: int) -> QPointF:
        cursor = QTextCursor(view.document())
        cursor.setPosition(pos)
        rect = view.cursorRect(cursor)
        return QPointF(rect.left() + 0.5, rect.center().y())

    alt, left = Qt.KeyboardModifier.AltModifier, Qt.MouseButton.LeftButton
    for kind, pos, buttons in (
        (QEvent.Type.MouseButtonPress, at(lo), left),
        (QEvent.Type.MouseMove, at(lo + 4), left),
        (QEvent.Type.MouseButtonRelease, at(lo + 4), Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(kind, pos, view.viewport().mapToGlobal(pos), left, buttons, alt)
        QApplication.sendEvent(view.viewport(), event)
    bounds = view.selection()
    assert bounds is not None
    assert CRLF[bounds[0] : bounds[1]] == "said"


texts = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from(SPECIALS), st.just(" ")),
    min_size=1,
    max_size=40,
).map("".join)


@settings(
    deadline=None,
    max_examples=150,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), text=texts)
def test_every_span_is_drawn_and_selected_as_its_stored_characters(qtbot, caplog, data, text):
    view = make_view(qtbot)
    view.show_text(text)
    assert view.text() == text
    assert view.document().characterCount() - 1 == utf16(text)
    assert "Qt changed" not in caplog.text  # the usual stand-ins sufficed, no fallback
    bounds = st.integers(0, len(text))
    pairs = data.draw(st.lists(st.tuples(bounds, bounds), min_size=1, max_size=5))
    spans = [Span("CLAIM", min(a, b), max(a, b), id=n) for n, (a, b) in enumerate(pairs) if a != b]
    view.set_spans(spans)
    drawn = {
        (sel.cursor.selectionStart(), sel.cursor.selectionEnd()): sel.cursor.selectedText()
        for sel in view.extraSelections()
    }
    for span in spans:
        where = document_range(view, span.start, span.end)
        assert where in drawn, f"span {span.start}-{span.end} not drawn at {where}"
        assert_drawn(text, span.start, span.end, drawn[where])
        # what the analyst sees selected there is what gets stored
        cursor = QTextCursor(view.document())
        cursor.setPosition(where[0])
        cursor.setPosition(where[1], QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        assert view.selection(raw=True) == (span.start, span.end)
        view.select_range(span.start, span.end)
        assert (view.textCursor().selectionStart(), view.textCursor().selectionEnd()) == where
    for pos in range(len(text) + 1):
        view.set_caret(pos)
        assert view.caret() == pos
        assert view.textCursor().position() == utf16(text[:pos])


@pytest.mark.parametrize("special", SPECIALS)
def test_each_special_character_first_inside_and_last(qtbot, caplog, special):
    text = f"{special}said{special} no{special}"
    view = make_view(qtbot)
    view.show_text(text)
    assert "Qt changed" not in caplog.text  # the usual stand-ins sufficed, no fallback
    assert view.document().characterCount() - 1 == utf16(text)
    spans = [Span("CUE", i, j, id=i) for i in range(len(text)) for j in (i + 1, len(text))]
    view.set_spans(spans)
    drawn = {
        (sel.cursor.selectionStart(), sel.cursor.selectionEnd()): sel.cursor.selectedText()
        for sel in view.extraSelections()
    }
    for span in spans:
        assert_drawn(text, span.start, span.end, drawn[document_range(view, span.start, span.end)])


def shown_tooltip(qtbot, view: ArticleView, pos: int) -> str:
    """Hover ``pos`` (stored offset): the text Qt's tooltip got."""
    view.show()
    qtbot.waitExposed(view)
    view.set_caret(pos)
    point = view.cursorRect().center() + QPoint(2, 0)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    return QToolTip.text()


def as_shown(tip: str) -> str:
    """The characters Qt draws for a tooltip string (HTML when Qt takes it for rich text)."""
    if not QtGui.mightBeRichText(tip):
        return tip
    doc = QTextDocument()
    doc.setHtml(tip)
    assert "\ufffc" not in doc.toPlainText(), f"an image was drawn from {tip!r}"
    return doc.toPlainText()


def test_tooltips_show_markup_as_text(qtbot):
    image = "<img width=20000 height=20000 src=x>"
    bold = "<b>bold</b>"
    text = f"{image} said {bold} today."
    view = make_view(qtbot)
    view.show_text(text)
    cue = text.index("said")
    source = Span("SOURCE", 0, len(image), attributes={"source_type": bold}, id=1)
    claim = Span("CLAIM", text.index(bold), text.index(bold) + len(bold), id=2)
    view.set_spans([source, Span("CUE", cue, cue + 4, id=3), claim])
    view.set_entities([Span("<i>ORG</i>", 1, 4)])
    view.set_relations([Relation("<u>support</u>", 1, 2, 3, id=9)])
    view.set_suggestions(
        [Proposal(cue=(cue, cue + 4), claim=(cue, cue + 4), source=None, stance="<b>deny</b>")]
    )
    tip = as_shown(shown_tooltip(qtbot, view, 2))
    assert f"source_type={bold}" in tip and f"{bold}" in tip.split("→")[-1]
    assert "<i>ORG</i>" in tip and "<u>support</u>" in tip
    QToolTip.hideText()
    tip = as_shown(shown_tooltip(qtbot, view, claim.start + 3))
    assert image in tip, tip
    labels = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel")]
    assert labels and all(w.width() < 2000 and w.height() < 2000 for w in labels)
    QToolTip.hideText()
    tip = as_shown(shown_tooltip(qtbot, view, cue + 1))
    assert "<b>deny</b>" in tip
    assert html.escape(bold) not in tip  # escaped once, not shown as entities
    QToolTip.hideText()


def laid_out(view: ArticleView) -> int:
    """Characters of the paragraphs Qt has laid out so far."""
    block, total = view.document().begin(), 0
    while block.isValid():
        if block.layout().lineCount() > 0:
            total += block.length()
        block = block.next()
    return total


def test_the_largest_one_line_article_is_laid_out_only_near_the_screen(qtbot):
    """A megabyte with no line break froze the workbench: Qt lays out a paragraph whole."""
    size = MAX_TEXT_CHARS  # the longest article import accepts
    words = " ".join(f"w{n}" for n in range(size // 4))
    text = ("\ufeff" + words + "\r\n")[:size]
    view = make_view(qtbot)
    view.show()
    qtbot.waitExposed(view)
    view.show_text(text)
    step = size // 500
    spans = [Span("CLAIM", n * step + 1, n * step + 40, id=n) for n in range(500)]
    view.set_spans(spans)
    view.repaint()
    assert laid_out(view) <= 100_000
    far = spans[-3]
    view.set_caret(far.start)
    view.repaint()
    assert laid_out(view) <= 200_000
    (drawn,) = [
        sel.cursor.selectedText()
        for sel in view.extraSelections()
        if view.text()[far.start : far.start + 12].strip() in sel.cursor.selectedText()
    ]
    # display-only paragraph breaks stand for no stored character
    assert drawn.replace("\u2029", "") == text[far.start : far.end]
    view.select_range(far.start, far.end)
    assert view.selection(raw=True) == (far.start, far.end)
    for pos in range(far.start - 3000, far.start + 3000, 7):
        view.set_caret(pos)
        assert view.caret() == pos


@pytest.mark.parametrize("width", [1200, 300])
def test_the_screen_height_the_highlights_use_is_the_viewports(qtbot, width):
    """``_visible_range`` reads ``maximumViewportSize`` (no QWidget to wrap before the first
    paint): the viewport's height, or a horizontal scroll bar's taller in a narrow pane."""
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(width, 300)
    view.show_text(("A long paragraph of words that wraps many times. " * 40 + "\n") * 30)
    view.show()
    qtbot.waitExposed(view)
    assert view.verticalScrollBar().isVisible()
    bar = view.horizontalScrollBar()
    extra = view.maximumViewportSize().height() - view.viewport().height()
    assert extra == (bar.height() if bar.isVisible() else 0)
