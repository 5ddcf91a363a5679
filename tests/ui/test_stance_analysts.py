"""Who says what in a merged project: whose stance each row is, in a sortable Analyst column."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store
from annotator.ui.stance_table import WhoSaysWhat

TEXT = "The mayor denied that the ferry strike had ended."


def stance_by(store: Store, doc: int, who: str, label: str) -> None:
    mayor = store.add_span(doc, Span("SOURCE", 0, 9, annotator=who))
    start = TEXT.index("the ferry")
    claim = store.add_span(doc, Span("CLAIM", start, len(TEXT) - 1, annotator=who))
    store.add_relation(doc, Relation(label, mayor, claim, annotator=who))


def table(qtbot, store: Store) -> WhoSaysWhat:
    dialog = WhoSaysWhat(store)
    qtbot.addWidget(dialog)
    dialog.show_current()
    qtbot.waitExposed(dialog)
    return dialog


def column(dialog: WhoSaysWhat, title: str) -> int:
    model = dialog.proxy
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert title in titles, titles
    return titles.index(title)


def test_a_merged_project_shows_and_sorts_by_analyst(qtbot, store):
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="ferry")]).ids
    for who, label in (("chloe", "support"), ("ana", "deny"), ("ben", "deny")):
        stance_by(store, doc, who, label)
    dialog = table(qtbot, store)
    analyst = column(dialog, "Analyst")
    assert not dialog.table.isColumnHidden(analyst)
    dialog.table.sortByColumn(analyst, Qt.SortOrder.AscendingOrder)
    shown = [dialog.proxy.index(r, analyst).data() for r in range(dialog.proxy.rowCount())]
    assert shown == ["ana", "ben", "chloe"]
    dialog.table.sortByColumn(analyst, Qt.SortOrder.DescendingOrder)
    assert dialog.proxy.index(0, analyst).data() == "chloe"


def test_one_analyst_needs_no_analyst_column(qtbot, store):
    (doc,) = store.add_documents([ParsedDocument(TEXT, title="ferry")]).ids
    stance_by(store, doc, "ana", "deny")
    dialog = table(qtbot, store)
    assert dialog.table.isColumnHidden(column(dialog, "Analyst"))
    stance_by(store, doc, "ben", "support")  # a colleague's layer arrives (a merge)
    dialog.reload()
    assert not dialog.table.isColumnHidden(column(dialog, "Analyst"))
