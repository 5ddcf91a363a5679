"""The window's left pane: a status filter, a search field and the table of documents.

The pane shows and selects rows; which document is open, and what opening one
does, is the main window's.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Status
from annotator.ui.document_table import DocumentTableModel
from annotator.ui.paragraph_direction import TextDirectionDelegate


class DocumentList(QWidget):
    """The documents, filtered by status and searched (the search waits for a pause)."""

    chosen = Signal(int)  # the document id of a newly selected row
    filter_changed = Signal()  # the status or the search text changed

    def __init__(self, documents: DocumentTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.documents = documents
        self.table = QTableView()
        self.table.setModel(documents)
        # an Arabic title right-aligned, cut at its own end (the other columns are codes
        # and numbers: Qt's own drawing, no Python per cell)
        self.table.setItemDelegateForColumn(0, TextDirectionDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # rows of one height: Qt keeps no size per row, and a jump to row 900,000 costs
        # what a jump to row 9 does
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 4):  # 4: the language code
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.status_filter = QComboBox()
        self.status_filter.addItem("All documents", None)
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.status_filter.currentIndexChanged.connect(self.filter_changed)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and text…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self, singleShot=True, interval=250)
        self.search_timer.timeout.connect(self.filter_changed)
        self.search.textChanged.connect(self.search_timer.start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.status_filter)
        layout.addWidget(self.search)
        layout.addWidget(self.table)

    def apply_filter(self) -> None:
        """Show the rows of the chosen status that match the search text."""
        self.documents.set_filter(self.status_filter.currentData(), self.search.text())

    def show_all(self) -> None:
        """Clear the search and the status filter (the caller applies it)."""
        self.search.clear()
        self.status_filter.setCurrentIndex(0)

    def select(self, doc_id: int) -> None:
        """Select and scroll to the document's row, if the list shows it."""
        row = self.documents.row_of(doc_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.documents.index(row, 0))

    def is_selected(self, doc_id: int) -> bool:
        row = self.documents.row_of(doc_id)
        return row is not None and self.table.selectionModel().isRowSelected(row)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.chosen.emit(self.documents.doc_id(rows[0].row()))
