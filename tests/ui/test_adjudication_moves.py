"""Moving between articles in adjudication: no stale marks, no Qt warnings, plain plurals."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import ParsedDocument, Span
from annotator.store import Store
from tests.ui.windows import open_window

LONG = "The minister said the port was never for sale. " * 30 + "Bloomberg reported nothing."
SHORT = "Ana said no."


def two_analysts_on(store: Store, text: str) -> int:
    """ana and ben disagree on the last words of ``text`` (far into a long article)."""
    (doc,) = store.add_documents([ParsedDocument(text, title=text[:12])]).ids
    end = len(text) - 1
    store.add_span(doc, Span("CLAIM", end - 8, end, annotator="ana"))
    store.add_span(doc, Span("CLAIM", end - 3, end, annotator="ben"))
    store.add_span(doc, Span("SOURCE", 0, 3, annotator="ana"))
    store.add_span(doc, Span("SOURCE", 0, 3, annotator="ben"))
    return doc


def test_next_previous_and_done_move_without_qt_warnings(qtbot, qtlog, store):
    first = two_analysts_on(store, LONG)
    second = two_analysts_on(store, SHORT)
    window = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: window.current_doc == first, timeout=5000)
    qtbot.keyClick(window.article, Qt.Key.Key_J)
    assert window.adjudication.state == "keys"
    for key, doc in ((Qt.Key.Key_N, second), (Qt.Key.Key_P, first), (Qt.Key.Key_D, second)):
        qtbot.keyClick(window.article, key)
        qtbot.waitUntil(lambda doc=doc: window.current_doc == doc, timeout=5000)
        length = len(window.article_model.text)
        assert all(end <= length for _, end, _ in window.adjudication.marks.marks())
    messages = [r.message for r in qtlog.records]
    assert not [m for m in messages if "out of range" in m or "QTextCursor" in m], messages
    window.close()


def test_taking_one_unanimous_unit_says_unit(qtbot, store):
    two_analysts_on(store, SHORT)
    window = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: window.current_doc is not None, timeout=5000)
    qtbot.keyClick(window.article, Qt.Key.Key_J)
    qtbot.keyClick(window.article, Qt.Key.Key_A)
    assert window.statusBar().currentMessage().startswith("Took 1 unanimous unit into gold")
    window.close()
