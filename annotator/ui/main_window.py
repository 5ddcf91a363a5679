"""The main window: assembles the document list and the article view; holds no logic of its own."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.model import Status
from annotator.store import Store
from annotator.ui.document_table import DocumentTableModel

LAST_DOC = "ui.last_document"


class MainWindow(QMainWindow):
    """Document list on the left, the open article on the right."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.current_doc: int | None = None
        self.setWindowTitle(f"annotator {__version__} — {store.path.name}")
        self.resize(1280, 800)

        self.model = DocumentTableModel(store, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.status_filter = QComboBox()
        self.status_filter.addItem("All documents", None)
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and text…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.status_filter)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)

        self.article = QPlainTextEdit()
        self.article.setReadOnly(True)
        self.article.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        text_font = QFont(self.font())
        text_font.setPointSizeF(text_font.pointSizeF() * 1.15)
        self.article.setFont(text_font)
        self.article.document().setDocumentMargin(18)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.article)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 860])
        self.setCentralWidget(splitter)

        self._build_menus()
        self._restore_last()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        find = QAction("&Search documents", self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search.setFocus())
        self.menuBar().addMenu("&Edit").addAction(find)

    # -- behaviour ---------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(self.status_filter.currentData(), self.search.text())
        if self.current_doc is not None:
            self._select_doc(self.current_doc)
        self._update_status()

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.open_document(self.model.doc_id(rows[0].row()))

    def _select_doc(self, doc_id: int) -> None:
        row = self.model.row_of(doc_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def open_document(self, doc_id: int) -> None:
        """Show one article and remember it for the next start."""
        if doc_id == self.current_doc:
            return
        doc = self.store.document(doc_id)
        self.current_doc = doc_id
        self.setWindowTitle(f"{doc.title} — annotator {__version__}")
        self.article.setPlainText(doc.text)
        self.store.set_setting(LAST_DOC, str(doc_id))
        self._update_status()

    def _restore_last(self) -> None:
        last = self.store.get_setting(LAST_DOC)
        if last and last.isdigit() and self.model.row_of(int(last)) is not None:
            self._select_doc(int(last))
        elif self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._update_status()

    def _update_status(self) -> None:
        total = self.model.total()
        done = self.store.count_documents(status=Status.DONE.value)
        row = self.model.row_of(self.current_doc) if self.current_doc is not None else None
        where = f"article {row + 1} of {total}" if row is not None else f"{total} articles"
        self.statusBar().showMessage(f"{where}  ·  {done} done")
