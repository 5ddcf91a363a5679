"""A long legend of entity types never squeezes the article out of a small window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from annotator.core.model import ParsedDocument, Span
from tests.ui.windows import open_window

#: The 18 entity types of spaCy's English pipelines (the long sample feature has them all).
TYPES = (
    "DATE CARDINAL PERSON ORG TIME NORP GPE ORDINAL LOC PERCENT QUANTITY FAC "
    "WORK_OF_ART EVENT LANGUAGE LAW MONEY PRODUCT"
).split()
TEXT = "The harbour authority denied the report on Tuesday. " * 40


def test_at_800x600_the_article_keeps_most_of_the_pane(qtbot, store):
    store.add_documents([ParsedDocument(TEXT, title="long")])
    window = open_window(qtbot, store, analyst="ana")
    qtbot.waitUntil(lambda: window.current_doc is not None, timeout=5000)
    window.resize(800, 600)
    window.legend.set_spans([Span(label, 0, 3) for label in TYPES])
    pane = window.article.parentWidget()
    qtbot.waitUntil(lambda: window.legend.buttons["PRODUCT"].isVisibleTo(window), timeout=5000)
    QApplication.processEvents()  # the layout pass the new buttons asked for
    share = window.article.viewport().height() / pane.height()
    assert share >= 0.6, f"the article has {share:.0%} of the pane"
    # every type stays reachable: the legend scrolls to the last one
    last = window.legend.buttons["PRODUCT"]
    last.setFocus()
    qtbot.waitUntil(lambda: last.visibleRegion().boundingRect().height() > 0, timeout=5000)
    window.close()
