"""Who says what: every stance in the corpus in one sortable, filterable table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.changes import Changes
from annotator.core.stance_rows import StanceRow
from annotator.store import Store
from annotator.ui.colours import marked, readable, stance_colour
from annotator.ui.paragraph_direction import by_direction
from annotator.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    ("claim", "Claim"),
    ("source", "Source"),
    ("source_type", "Source type"),
    ("stance", "Stance"),
    ("cue", "Cue"),
    ("article", "Article"),
    ("annotator", "Analyst"),
)
STANCE_COLUMN = 3
#: Whose layer the stance is in: shown once stances come from more than one analyst.
ANALYST_COLUMN = 6
#: Widths of the columns after the claim, which takes the rest (readable at 1280 px).
WIDTHS = {1: 200, 2: 130, 3: 100, 4: 100, 5: 190, 6: 90}


class StanceTableModel(QAbstractTableModel):
    """Rows from ``Store.stance_rows``, grouped by document; one document's rows re-read at once.

    ``reload`` reads the corpus; ``refresh`` replaces one document's rows, so an
    edit updates the open table without a reset.
    """

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self.rows: list[StanceRow] = []
        self.background = QColor("white")  # the table's, set by the view showing it

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [StanceRow.from_mapping(r) for r in self._store.stance_rows()]
        self.endResetModel()

    def refresh(self, doc_id: int) -> None:
        """Re-read one document's stances and put them where its old rows were."""
        fresh = [StanceRow.from_mapping(r) for r in self._store.stance_rows(doc_id)]
        mine = [i for i, row in enumerate(self.rows) if row.doc_id == doc_id]
        if mine:
            at = mine[0]
            self.beginRemoveRows(QModelIndex(), mine[0], mine[-1])
            del self.rows[mine[0] : mine[-1] + 1]
            self.endRemoveRows()
        else:
            at = next((i for i, row in enumerate(self.rows) if row.doc_id > doc_id), len(self.rows))
        if fresh:
            self.beginInsertRows(QModelIndex(), at, at + len(fresh) - 1)
            self.rows[at:at] = fresh
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == STANCE_COLUMN:  # a mark as well as a colour
                return marked(row.stance)
            return " ".join(row.column(key).split())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row.column(key))
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == STANCE_COLUMN:
            return readable(stance_colour(row.stance), self.background)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return None


class StanceFilter(QSortFilterProxyModel):
    """Filter by stance, by source type, and by words in the source."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.stance = ""
        self.source_type = ""
        self.source_words = ""

    def set(self, stance: str, source_type: str, source_words: str) -> None:
        self.beginFilterChange()  # Qt >= 6.9; invalidateFilter() is deprecated
        self.stance, self.source_type, self.source_words = stance, source_type, source_words
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, StanceTableModel)
        row = model.rows[source_row]
        if self.stance and row.stance != self.stance:
            return False
        if self.source_type and row.source_type != self.source_type:
            return False
        return self.source_words.lower() in row.source.lower()


class WhoSaysWhat(QDialog):
    """A window over all stances; double-click a row to see it in its article."""

    jump = Signal(int, int)  # document id, span id
    track = Signal(int)  # the row's claim span: track it across articles (T)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who says what")
        self.resize(1100, 520)
        self.model = StanceTableModel(store, self)
        self.model.background = self.palette().base().color()
        self.proxy = StanceFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        by_direction(self.table)  # claims and sources in Arabic: right-aligned, cut at their end
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default is descending
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        for col, width in WIDTHS.items():  # sized to fit, not to their longest cell
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        tracking = QAction("Track this claim across articles", self.table)
        tracking.setShortcut(QKeySequence("T"))
        tracking.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        tracking.triggered.connect(lambda: self.track_current())
        self.table.addAction(tracking)

        self.stance = QComboBox()
        self.source_type = QComboBox()
        self.source_words = QLineEdit()
        self.source_words.setPlaceholderText("Source contains…")
        self.count = QLabel()
        for combo in (self.stance, self.source_type):
            combo.currentIndexChanged.connect(self._refilter)
        self.source_words.textChanged.connect(self._refilter)
        bar = QHBoxLayout()
        for widget in (
            QLabel("Stance"),
            self.stance,
            QLabel("Source type"),
            self.source_type,
            self.source_words,
            self.count,
        ):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self._stale = True

    def reload(self) -> None:
        """Read every stance again and keep the filters."""
        self.model.reload()
        self._stale = False
        self._refill_choices()

    def apply(self, changes: Changes) -> None:
        """An edit changed stances or spans: update those documents' rows while shown.

        Hidden, the table only notes it is stale and reads everything when shown again.
        """
        if not (changes.relations or changes.spans):
            return
        if not self.isVisible():
            self._stale = True
            return
        for doc_id in sorted(changes.documents):
            self.model.refresh(doc_id)
        self._refill_choices()

    def show_current(self) -> None:
        """Show the table, reading the corpus again only when an edit happened while hidden."""
        if self._stale:
            self.reload()
        self.show()
        self.raise_()

    def _show_analysts(self) -> None:
        """The Analyst column only where there is more than one analyst's layer to tell apart
        (a merged project lists each stance once per analyst); one analyst's keeps its width."""
        analysts = {row.annotator for row in self.model.rows}
        self.table.setColumnHidden(ANALYST_COLUMN, len(analysts) < 2)

    def _refill_choices(self) -> None:
        self._show_analysts()
        for combo, key in ((self.stance, "stance"), (self.source_type, "source_type")):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("all", "")
            for value in sorted({row.column(key) for row in self.model.rows if row.column(key)}):
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self._refilter()

    def set_filter(self, stance: str = "", source_type: str = "", source_words: str = "") -> None:
        """Filter from code (tests, links from elsewhere)."""
        self.stance.setCurrentIndex(max(0, self.stance.findData(stance)))
        self.source_type.setCurrentIndex(max(0, self.source_type.findData(source_type)))
        self.source_words.setText(source_words)
        self._refilter()

    def _refilter(self) -> None:
        self.proxy.set(
            self.stance.currentData() or "",
            self.source_type.currentData() or "",
            self.source_words.text(),
        )
        self.count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} stances")

    def row(self, proxy_row: int) -> StanceRow:
        return self.proxy.data(self.proxy.index(proxy_row, 0), Qt.ItemDataRole.UserRole)

    def track_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.track.emit(self.row(index.row()).claim_id)

    def _open(self, index: QModelIndex) -> None:
        row = self.row(index.row())
        self.jump.emit(row.doc_id, row.claim_id)
