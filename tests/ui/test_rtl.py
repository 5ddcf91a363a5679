"""Right-to-left and mixed paragraphs in the article view, the list and the panel.

Each paragraph takes its direction from its first strong letter; Arabic ones sit at
the right edge; a highlight and a selection are the stored ``text[start:end]``,
with harakat (combining marks), tatweel, Latin names inside Arabic and tabs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.core.model import Span
from annotator.ui.article_view import ArticleView
from tests.conftest import SAMPLES
from tests.ui.test_view_offsets import assert_drawn, document_range, make_view, utf16

ARABIC = (SAMPLES / "arabic-harbour.txt").read_text(encoding="utf-8")
ENGLISH = "The harbour master said the quay is not for sale."
MIXED_LTR = "Elena Varga قالت إن الرصيف ليس للبيع."


def blocks(view: ArticleView):
    block = view.document().begin()
    while block.isValid():
        yield block
        block = block.next()


def line_edges(view: ArticleView, block) -> list[tuple[float, float]]:
    """Where each line of a paragraph is drawn: (left, right) in document coordinates."""
    view.blockBoundingRect(block)  # Qt asks this before it paints the paragraph
    layout = block.layout()
    return [
        (layout.lineAt(i).x(), layout.lineAt(i).x() + layout.lineAt(i).naturalTextWidth())
        for i in range(layout.lineCount())
    ]


def shown(qtbot, text: str) -> ArticleView:
    view = make_view(qtbot)
    view.show()
    qtbot.waitExposed(view)
    view.show_text(text)
    return view


def test_arabic_paragraphs_are_right_aligned_english_left(qtbot):
    view = shown(qtbot, f"{ARABIC}\n\n{ENGLISH}\n\n{MIXED_LTR}")
    margin = view.document().documentMargin()
    right = view.viewport().width() - margin
    checked = {"rtl": 0, "ltr": 0}
    for block in blocks(view):
        if not block.text().strip():
            continue
        edges = line_edges(view, block)
        if block.text() in (ENGLISH, MIXED_LTR):
            assert block.textDirection() == Qt.LayoutDirection.LeftToRight
            assert edges[0][0] == margin
            checked["ltr"] += 1
        else:
            assert block.textDirection() == Qt.LayoutDirection.RightToLeft, block.text()
            for left, end in edges:  # every line ends at the right margin, none past it
                assert abs(end - right) <= 2 and left >= margin - 0.5, (block.text(), left, end)
            # the first character (the paragraph's start) is drawn at the right, not the left
            first = view.cursorRect(QTextCursor(block))
            assert first.x() > view.viewport().width() / 2
            checked["rtl"] += 1
    assert checked == {"rtl": 5, "ltr": 2}


def test_tabs_keep_rtl_paragraphs_inside_the_view(qtbot):
    text = "\t".join(["قالت", "Elena Varga", "إن", "الرصيف", "مُخصَّص"] * 6) + "\n\tالميناء\tمغلق\t"
    view = shown(qtbot, text)
    margin = view.document().documentMargin()
    width = view.viewport().width()
    for block in blocks(view):
        for left, end in line_edges(view, block):
            assert margin - 0.5 <= left and end <= width - margin + 2, (left, end, width)


def test_a_click_on_each_character_lands_on_it(qtbot):
    """Drawing and hit-testing use the same moved lines: a click on a drawn character
    of an RTL or mixed paragraph gives that character's offset."""
    view = shown(qtbot, ARABIC)
    for words in ("مديرة الميناء", "Elena Varga", "النائبة", "Coastal Gazette", "Ana Peric"):
        start = ARABIC.index(words)
        for pos in (start + 1, start + len(words) - 2):  # inside the run: its ends are ambiguous
            cursor = QTextCursor(view.document())
            cursor.setPosition(utf16(ARABIC[:pos]))
            line = cursor.block().layout().lineForTextPosition(cursor.positionInBlock())
            lo = line.cursorToX(cursor.positionInBlock())[0]
            hi = line.cursorToX(cursor.positionInBlock() + 1)[0]
            top = view.blockBoundingGeometry(cursor.block()).translated(view.contentOffset()).top()
            point = QPoint(int((lo + hi) / 2), int(top + line.y() + line.height() / 2))
            hit = view.cursorForPosition(point).position()
            assert hit in (utf16(ARABIC[:pos]), utf16(ARABIC[: pos + 1])), (words, pos, hit)


def test_keyboard_selection_in_an_rtl_paragraph_stores_what_it_shows(qtbot):
    view = shown(qtbot, ARABIC)
    start = ARABIC.index("وقالت")
    view.set_caret(start)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    bounds = view.selection(raw=True)
    assert bounds is not None
    end = ARABIC.index("\n", start)
    assert bounds == (start, end)
    assert view.textCursor().selectedText() == ARABIC[start:end]
    view.set_caret(start)
    for _ in range(5):  # in a right-to-left paragraph Left moves on through the text
        qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    lo, hi = view.selection(raw=True)
    assert ARABIC[lo:hi] == view.textCursor().selectedText() == "وقالت"


def test_snapping_in_arabic_takes_whole_words_with_their_marks(qtbot):
    view = shown(qtbot, ARABIC)
    view.set_language("ar")
    start = ARABIC.index("مُخصَّص")
    view.select_range(start + 2, start + 4)  # inside the word, between its marks
    lo, hi = view.selection()
    assert ARABIC[lo:hi] == "مُخصَّص"
    tatweel = ARABIC.index("وطالبـــت")
    view.select_range(tatweel + 3, tatweel + 6)
    lo, hi = view.selection()
    assert ARABIC[lo:hi] == "وطالبـــت"


ARABIC_WORDS = ["قالت", "مُخصَّص", "أيُّ", "وطالبـــت", "ـــ", "الميناء", "«لا»", "،", "١٢", "ً"]
LATIN_WORDS = ["Elena", "Varga", "said", "Café", "e\u0301"]
texts = st.lists(
    st.one_of(
        st.sampled_from(ARABIC_WORDS),
        st.sampled_from(LATIN_WORDS),
        st.sampled_from([" ", "\t", "\n", "\n\n", "\u200f", "\u200e", "\u0640"]),
    ),
    min_size=1,
    max_size=30,
).map("".join)


@settings(
    deadline=None,
    max_examples=80,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), text=texts)
def test_rtl_and_mixed_spans_are_drawn_and_selected_as_stored(qtbot, data, text):
    view = make_view(qtbot)
    view.show_text(text)
    assert view.document().characterCount() - 1 == utf16(text)
    bounds = st.integers(0, len(text))
    pairs = data.draw(st.lists(st.tuples(bounds, bounds), min_size=1, max_size=4))
    spans = [Span("CLAIM", min(a, b), max(a, b), id=n) for n, (a, b) in enumerate(pairs) if a != b]
    view.set_spans(spans)
    drawn = {
        (sel.cursor.selectionStart(), sel.cursor.selectionEnd()): sel.cursor.selectedText()
        for sel in view.extraSelections()
    }
    for span in spans:
        where = document_range(view, span.start, span.end)
        assert where in drawn
        assert_drawn(text, span.start, span.end, drawn[where])
        cursor = QTextCursor(view.document())
        cursor.setPosition(where[0])
        cursor.setPosition(where[1], QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        assert view.selection(raw=True) == (span.start, span.end)
    for block in blocks(view):  # every line inside the view, whichever its direction
        for left, end in line_edges(view, block):
            assert left >= view.document().documentMargin() - 0.5
            assert end <= view.viewport().width() + 2


def test_snapping_uses_the_documents_language_tokenizer(qtbot):
    from annotator.nlp.model import blank_tokenizer

    view = shown(qtbot, ARABIC)
    view.set_language("ar")
    start = ARABIC.index("Coastal")
    view.select_range(start + 2, start + 9)
    lo, hi = view.selection()
    assert ARABIC[lo:hi] == "Coastal Gazette"
    assert blank_tokenizer("ar").vocab.lang == "ar"
    assert blank_tokenizer("zz").vocab.lang == "xx"  # no rules for it: spaCy's multi-language


def test_the_list_shows_each_documents_language_and_lays_out_titles_by_direction(qtbot, store):
    from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

    from annotator.io.importer import import_paths
    from annotator.ui.document_table import DocumentTableModel
    from annotator.ui.paragraph_direction import by_direction

    import_paths(store, [SAMPLES / "arabic-harbour.txt", SAMPLES / "wire-dump.txt"])
    model = DocumentTableModel(store)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = by_direction(view)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-1] == "Lang"
    found = {}
    for row in range(model.rowCount()):
        title = model.index(row, 0)
        found[model.data(title)] = model.data(model.index(row, len(headers) - 1))
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, title)
        arabic = model.data(title).startswith("سلطة")
        expected = Qt.LayoutDirection.RightToLeft if arabic else Qt.LayoutDirection.LeftToRight
        assert option.direction == expected
        if arabic:
            assert option.displayAlignment & Qt.AlignmentFlag.AlignRight
    assert found["سلطة ميناء سبليت تنفي بيع الرصيف الشمالي"] == "ar"
    assert sorted(found.values()) == ["ar", "en", "en", "en"]


def test_arabic_cells_are_drawn_at_the_right_edge_latin_at_the_left(qtbot):
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTreeWidget, QTreeWidgetItem

    from annotator.ui.paragraph_direction import by_direction

    tree = QTreeWidget()
    qtbot.addWidget(tree)
    delegate = by_direction(tree)
    for text in ("وقالت", "Elena Varga"):
        tree.addTopLevelItem(QTreeWidgetItem([text]))
    edges = []
    for row in range(2):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, tree.model().index(row, 0))
        # where Qt really puts the text: a plain AlignRight is mirrored in a right-to-left cell
        edges.append(QStyle.visualAlignment(option.direction, option.displayAlignment))
    assert edges[0] & Qt.AlignmentFlag.AlignRight
    assert edges[1] & Qt.AlignmentFlag.AlignLeft
