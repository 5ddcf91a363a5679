"""The document list: a table model over the store that loads rows as they scroll into view."""

from __future__ import annotations

from collections import OrderedDict
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
#: Pages of summaries kept (a screen shows well under one).
CACHED_PAGES = 32


class DocumentTableModel(QAbstractTableModel):
    """Rows are documents passing the current filter; summaries are read a page at a time.

    Nothing is read per document up front: without a search, the row count comes from
    an index and a page's ids from a window of it (``Store.id_window``), so a store of a
    million documents opens as fast as one of a hundred; a search pages through the search
    index the same way (a word in most documents is not read whole). Rows are announced
    a page at a time (``fetchMore``) and their summaries read only when Qt asks for them,
    a page per query, the last ``CACHED_PAGES`` kept. Going
    to a document far down (``row_of``) counts the rows before it in the index instead of
    reading them. An edit re-reads only the rows of the documents it touched. Claims and
    sources are counted by the schema's ``roles``. With an ``analyst``, the Status column
    and the status filter are that analyst's own status.
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
        self._total = 0
        self._shown = 0  # rows announced to Qt so far
        self._pages: OrderedDict[int, tuple[list[int], dict[int, DocumentSummary]]] = OrderedDict()
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
        """Count the matching documents again; rows load again as they are shown."""
        self.beginResetModel()
        self._pages.clear()
        self._total = self._store.listed_count(self._status, self._analyst, self._query)
        self._shown = 0
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def _page(self, number: int) -> tuple[list[int], dict[int, DocumentSummary]]:
        """Page ``number``'s ids and summaries: one query for the ids (or a slice of the
        search's), one for the summaries, with the analyst's own status and the language."""
        if number in self._pages:
            self._pages.move_to_end(number)
            return self._pages[number]
        start = number * PAGE
        ids = self._store.id_window(start, PAGE, self._status, self._analyst, self._query)
        rows = {r.id: r for r in self._store.summaries(ids, self._roles, self._analyst)}
        self._pages[number] = (ids, rows)
        if len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return ids, rows

    def _summary(self, row: int) -> DocumentSummary | None:
        if not 0 <= row < self._total:
            return None
        ids, rows = self._page(row // PAGE)
        return rows.get(ids[row % PAGE]) if row % PAGE < len(ids) else None

    def language(self, row: DocumentSummary) -> str:
        """The document's language code: stored at import, else guessed from the title's
        script (the text is not read for a list row)."""
        if row.id not in self._languages:
            stored = of_meta({"language": row.language}) if row.language else None
            self._languages[row.id] = stored or detect(row.title) or ""
        return self._languages[row.id]

    def total(self) -> int:
        """How many documents pass the filter (loaded or not)."""
        return self._total

    def doc_id(self, row: int) -> int:
        """The document id shown at ``row``."""
        if not 0 <= row < self._total:
            raise IndexError(row)
        ids, _ = self._page(row // PAGE)
        return ids[row % PAGE]

    def row_of(self, doc_id: int) -> int | None:
        """The row of a document, announcing rows up to its page; None when filtered out."""
        row = self._store.position(doc_id, self._status, self._analyst, self._query)
        if row is None:
            return None
        if row >= self._shown:
            self._show(min(self._total, (row // PAGE + 1) * PAGE))
        return row

    def refresh_row(self, doc_id: int) -> None:
        """Re-read one document's summary after it changed."""
        row = self.row_of(doc_id)
        if row is None:
            return
        page = self._pages.get(row // PAGE)
        if page is not None:
            fresh = self._store.summaries([doc_id], self._roles, self._analyst)
            if fresh:
                page[1][doc_id] = fresh[0]
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def apply(self, changes: Changes) -> None:
        """An edit: re-read the rows whose status or counts it may have changed."""
        if not (changes.spans or changes.status):
            return
        for doc_id in sorted(changes.documents):
            self.refresh_row(doc_id)

    # -- Qt model protocol ----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < self._total

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._show(min(self._total, self._shown + PAGE))

    def _show(self, rows: int) -> None:
        """Announce rows up to ``rows``; their summaries are read when drawn."""
        if rows <= self._shown:
            return
        self.beginInsertRows(QModelIndex(), self._shown, rows - 1)
        self._shown = rows
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        row = self._summary(index.row())
        if row is None:  # deleted since the list was read
            return None
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
