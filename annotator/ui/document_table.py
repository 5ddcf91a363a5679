"""The document list: a table model over the store that loads rows as they scroll into view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.changes import Changes
from annotator.core.language import detect, of_meta
from annotator.core.language import name as language_name
from annotator.core.schema import Roles
from annotator.store import Store
from annotator.store.rows import DocumentSummary
from annotator.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Title", "Status", "Claims", "Sources", "Lang")
PAGE = 200


class DocumentTableModel(QAbstractTableModel):
    """Rows are documents passing the current filter; summaries are fetched a page at a time.

    Only the ids of matching documents are read up front (a few bytes each),
    so a store of 100,000 documents costs what one screen of rows costs. An edit
    re-reads only the rows of the documents it touched. Claims and sources are
    counted by the schema's ``roles``. With an ``analyst``, the Status column and
    the status filter are that analyst's own status.
    """

    def __init__(
        self,
        store: Store,
        parent: Any = None,
        roles: Roles | None = None,
        *,
        analyst: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._roles = roles
        self._analyst = analyst
        self._ids: list[int] = []
        self._rows: list[DocumentSummary] = []
        self._status: str | None = None
        self._query: str | None = None
        self._languages: dict[int, str] = {}  # read for rows on screen only, then kept
        self.reload()

    # -- filtering ---------------------------------------------------------

    def set_filter(self, status: str | None, query: str | None) -> None:
        """Show only documents with this status and matching this search."""
        self._status, self._query = status or None, query or None
        self.reload()

    def reload(self) -> None:
        """Re-read the matching ids; rows load again as they are shown."""
        self.beginResetModel()
        self._ids = self._matching_ids()
        self._rows = []
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def _matching_ids(self) -> list[int]:
        """Ids passing the filter; the status filter reads the analyst's own status."""
        return self._store.document_ids(self._status, self._query, self._analyst)

    def _summaries(self, ids: list[int]) -> list[DocumentSummary]:
        """List rows with the analyst's own status and the stored language: one query a page."""
        return self._store.summaries(ids, self._roles, self._analyst)

    def language(self, row: DocumentSummary) -> str:
        """The document's language code: stored at import, else guessed from the title's
        script (the text is not read for a list row)."""
        if row.id not in self._languages:
            stored = of_meta({"language": row.language}) if row.language else None
            self._languages[row.id] = stored or detect(row.title) or ""
        return self._languages[row.id]

    def total(self) -> int:
        """How many documents pass the filter (loaded or not)."""
        return len(self._ids)

    def doc_id(self, row: int) -> int:
        """The document id shown at ``row``."""
        return self._ids[row]

    def row_of(self, doc_id: int) -> int | None:
        """The row of a document, loading rows up to it; None when it is filtered out."""
        try:
            row = self._ids.index(doc_id)
        except ValueError:
            return None
        while len(self._rows) <= row:
            self.fetchMore(QModelIndex())
        return row

    def refresh_row(self, doc_id: int) -> None:
        """Re-read one document's summary after it changed."""
        row = self.row_of(doc_id)
        if row is None:
            return
        fresh = self._summaries([doc_id])
        if fresh:
            self._rows[row] = fresh[0]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def apply(self, changes: Changes) -> None:
        """An edit: re-read the rows whose status or counts it may have changed."""
        if not (changes.spans or changes.status):
            return
        for doc_id in sorted(changes.documents):
            self.refresh_row(doc_id)

    # -- Qt model protocol ----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        ids = self._ids[start : start + PAGE]
        if not ids:
            return
        rows = self._summaries(ids)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 4:
                return self.language(row)
            return (row.title, row.status, row.claims, row.sources)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 4:
                return tooltip(language_name(self.language(row)))
            return tooltip(row.title)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
