"""The document list at scale: a far row costs a few index queries, never the rows before it."""

from __future__ import annotations

from annotator.core.model import ParsedDocument
from annotator.ui.document_table import PAGE, DocumentTableModel

DOCS = PAGE * 12 + 7


def _fill(store) -> list[int]:
    words = ("harbour", "quarry", "lagoon")
    docs = [
        ParsedDocument(text=f"Report {i} on the {words[i % 3]}.", title=f"T{i}")
        for i in range(DOCS)
    ]
    ids = store.add_documents(docs).ids
    for doc_id in ids[::5]:
        store.set_status(doc_id, "done")
    return ids


def test_going_to_the_last_document_reads_a_few_index_queries_not_every_row(qtbot, store):
    ids = _fill(store)
    model = DocumentTableModel(store)
    assert model.total() == DOCS and model.rowCount() == PAGE
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        row = model.row_of(ids[-1])
        title = model.data(model.index(row, 0))
    finally:
        store.db.conn.set_trace_callback(None)
    assert (row, title) == (DOCS - 1, f"T{DOCS - 1}")
    assert model.rowCount() == DOCS
    assert len(statements) <= 4, statements
    assert not any("text" in s.split("FROM")[0] for s in statements)  # no text is read
    # every row names the document the store lists there, page after page
    assert [model.doc_id(r) for r in range(DOCS)] == ids
    assert model.data(model.index(PAGE + 3, 0)) == f"T{PAGE + 3}"


def test_status_and_search_filters_window_the_same_rows_the_store_lists(qtbot, store):
    ids = _fill(store)
    model = DocumentTableModel(store)
    model.set_filter("done", None)
    done = store.document_ids(status="done")
    assert model.total() == len(done) == len(ids[::5])
    assert [model.doc_id(r) for r in range(model.total())] == done
    assert model.row_of(done[-1]) == len(done) - 1
    assert model.row_of(ids[1]) is None  # not done: filtered out
    model.set_filter(None, "lagoon")
    found = store.document_ids(query="lagoon")
    assert model.total() == len(found) == len(ids[2::3])
    assert model.row_of(found[-1]) == len(found) - 1
    assert model.data(model.index(len(found) - 1, 0)) == f"T{ids.index(found[-1])}"
    assert model.row_of(ids[0]) is None
    model.set_filter("done", "lagoon")
    assert [model.doc_id(r) for r in range(model.total())] == store.document_ids(
        status="done", query="lagoon"
    )


def test_a_document_deleted_elsewhere_while_listed_costs_a_blank_row_not_an_error(qtbot, store):
    ids = _fill(store)
    model = DocumentTableModel(store)
    with store.db.atomic():  # another process deletes a row the list counted
        store.db.execute("DELETE FROM documents WHERE id = ?", [ids[3]])
    last = model.row_of(ids[-1])
    assert last == DOCS - 2  # counted again from the index
    assert model.data(model.index(DOCS - 1, 0)) is None  # the row the list had counted
    assert model.data(model.index(3, 0)) == "T4"
    model.reload()
    assert model.total() == DOCS - 1


def test_a_search_for_a_common_word_reads_a_page_of_ids_not_every_match(qtbot, store):
    _fill(store)  # "Report" is in every document
    model = DocumentTableModel(store)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        model.set_filter(None, "report")
        model.data(model.index(0, 0))
    finally:
        store.db.conn.set_trace_callback(None)
    assert model.total() == DOCS
    windows = [s for s in statements if "MATCH" in s and "count(*)" not in s]
    assert windows and all("LIMIT" in s for s in windows), statements  # a page, not all ids
    fetched = [model.doc_id(r) for r in range(DOCS)]
    assert fetched == store.document_ids(query="report")
