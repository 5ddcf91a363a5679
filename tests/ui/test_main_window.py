import pytest
from PySide6.QtCore import Qt

from annotator.core.model import ParsedDocument
from annotator.io.importer import import_paths
from annotator.store import Store
from annotator.ui.document_table import PAGE, DocumentTableModel
from annotator.ui.main_window import MainWindow
from tests.conftest import SAMPLES


@pytest.fixture
def window(qtbot, store):
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    win = MainWindow(store, preannotate=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_opens_on_the_first_article_and_follows_the_selection(window, qtbot):
    assert window.article.toPlainText().startswith("Harbour Authority Denies Plan")
    assert window.position_label.text().startswith("Article 1 of 3")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert window.article.toPlainText().startswith("Ferry Operators Warn of Strike")
    assert "Article 2 of 3" in window.position_label.text()


def test_search_and_status_filter_narrow_the_list(window, qtbot, store):
    qtbot.keyClicks(window.search, "warships")
    qtbot.waitUntil(lambda: window.documents.rowCount() == 2)
    titles = {window.documents.data(window.documents.index(r, 0)) for r in range(2)}
    assert titles == {
        "Harbour Authority Denies Plan to Lease Port to Foreign Navy",
        "Minister Says Port Talks Were About Fishing, Not Warships",
    }
    window.search.clear()
    store.set_status(store.document_ids()[1], "done", window.analyst)  # the analyst's own
    store.set_status(store.document_ids()[2], "done", "a colleague")  # not theirs: not listed
    window.status_filter.setCurrentIndex(window.status_filter.findData("done"))
    qtbot.waitUntil(lambda: window.documents.rowCount() == 1)
    assert window.documents.data(window.documents.index(0, 1)) == "done"


def test_a_new_window_returns_to_the_last_article(window, qtbot, store):
    window.table.selectRow(2)
    assert window.article.toPlainText().startswith("Minister Says")
    window.close()
    again = MainWindow(Store(store.path), preannotate=False)
    qtbot.addWidget(again)
    assert again.article.toPlainText().startswith("Minister Says")
    again.close()
    again.store.close()


def test_document_model_loads_rows_a_page_at_a_time(qtbot, store):
    store.add_documents(
        [ParsedDocument(text=f"Article number {i}.", title=f"A{i}") for i in range(PAGE * 3 + 5)]
    )
    model = DocumentTableModel(store)
    assert model.total() == PAGE * 3 + 5
    assert model.rowCount() == PAGE
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * PAGE
    assert model.row_of(model.doc_id(PAGE * 3 + 4)) == PAGE * 3 + 4
    assert model.rowCount() == PAGE * 3 + 5
    assert model.data(model.index(PAGE * 3 + 4, 0)) == f"A{PAGE * 3 + 4}"
