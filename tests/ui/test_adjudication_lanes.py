"""The Adjudicate tab's lanes show where versions differ, not a row of identical elisions."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

from annotator.core.adjudication_commands import read_adjudication
from annotator.core.model import ParsedDocument, Span
from annotator.store import Store
from annotator.ui.adjudication_panel import AdjudicationPanel

TEXT = (
    "The harbour authority denied reports that it was negotiating to lease part of the "
    "port to a foreign navy for twenty years. Nobody <b>else</b> spoke."
)
LONG = "reports that it was negotiating to lease part of the port to a foreign navy for twenty"


def claim_lanes(store: Store) -> tuple[int, str]:
    """ana and chloe end the claim at "years", ben at "year" (one letter short)."""
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="port")]).ids
    start = TEXT.index(LONG)
    for who, end in (("ana", " years"), ("ben", " year"), ("chloe", " years")):
        store.add_span(doc, Span("CLAIM", start, start + len(LONG) + len(end), annotator=who))
        store.set_status(doc, "done", who)
    state = read_adjudication(store, doc)
    (unit,) = state.disagreements
    return doc, unit.key


def lane_picture(panel: AdjudicationPanel, row: int) -> QImage:
    """What the lane shows after its layer's name: the version and whatever marks it."""
    tree = panel.lanes
    item = tree.topLevelItem(row)
    rect = tree.visualItemRect(item)
    left = tree.header().sectionViewportPosition(2)
    area = QRect(left, rect.top(), tree.viewport().width() - left, rect.height())
    return tree.viewport().grab(area).toImage()


def test_lanes_that_differ_at_the_end_look_different(qtbot, store):
    doc, key = claim_lanes(store)
    panel = AdjudicationPanel()
    qtbot.addWidget(panel)
    panel.resize(360, 500)  # the tab's width at 1280 px
    panel.show()
    qtbot.waitExposed(panel)
    text = store.document(doc).text
    panel.show_state(read_adjudication(store, doc), text, key)
    ana, ben, chloe = (lane_picture(panel, row) for row in range(3))
    assert ana == chloe  # the same version draws the same
    assert ana != ben  # "years" against "year": the adjudicator sees it
    marks = panel.lane_marks()
    assert marks[1] == "…year−s" and marks[0] == marks[2] == "…year+s"
    tip = panel.lanes.topLevelItem(1).toolTip(2)
    assert LONG + " year”" in tip  # the whole version, not an elision


def test_lane_tooltips_are_plain_text(qtbot, store):
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="port")]).ids
    start = TEXT.index("Nobody")
    for who, words in (("ana", "Nobody <b>else</b>"), ("ben", "Nobody <b>else</b> spoke")):
        store.add_span(doc, Span("SOURCE", start, start + len(words), annotator=who))
    state = read_adjudication(store, doc)
    panel = AdjudicationPanel()
    qtbot.addWidget(panel)
    panel.show_state(state, TEXT, state.disagreements[0].key)
    tip = panel.lanes.topLevelItem(0).toolTip(2)
    assert "&lt;b&gt;else&lt;/b&gt;" in tip and "<b>" not in tip
    assert panel.lane_marks()[:2] == ["…−spoke", "…+spoke"]
