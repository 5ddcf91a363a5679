"""The tree of tracked claims: each claim a row (contested first), its members beneath it.

Claims' rows come from ``claim_rows`` (one query counting everything the row shows); a
claim's members are read when its children are first asked for (it is expanded, the
cursor lands on it, a test walks it), so opening costs the same with three members a
claim or three hundred. An edit re-reads the rows and the view puts the cursor back on
the claim or member it was on. Text from articles and analysts is shown as plain text,
one line, with the whole of it in the tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from annotator.core.claim_overview import ClaimRow, ClaimSummary, MemberRow, effective_stance
from annotator.store.claim_overview import claim_rows, claim_summary
from annotator.ui.colours import stance_mark
from annotator.ui.plain import tooltip

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Claim / article", "Words in the article", "Sources", "Stance", "Date", "Outlet")
CONTESTED = "⚠ "
#: The article stances' marks (the sources' stances keep the workbench's ✓ ✗ ? •).
ARTICLE_MARKS = {"agree": "✓", "disagree": "✗", "discuss": "…", "unrelated": "∅"}


def _line(text: str) -> str:
    return " ".join(text.split())


def _sources(member: MemberRow) -> str:
    return "; ".join(f"{s.name} {stance_mark(s.stance)} {s.stance}" for s in member.sources)


def _article_stance(member: MemberRow) -> str:
    """The stance as set, or in brackets as read from the sources."""
    if member.stance:
        return f"{ARTICLE_MARKS.get(member.stance, '·')} {member.stance}"
    read = effective_stance(member)
    return f"({read} from sources)" if read else ""


def _stance_counts(row: ClaimRow) -> str:
    return " ".join(f"{stance_mark(s)}{n}" for s, n in row.stance_counts)


def _claim_text(row: ClaimRow, column: int) -> str:
    if column == 0:
        return (CONTESTED if row.contested else "") + row.claim.wording
    if column == 1:
        return f"{row.articles} article(s), {row.spans} span(s)"
    if column == 2:
        return f"{row.sources} source(s)"
    if column == 3:
        return _stance_counts(row)
    if column == 4:
        return row.first if row.first == row.last else f"{row.first} – {row.last}"
    return ", ".join(row.outlets)


def _member_text(member: MemberRow, column: int) -> str:
    if column == 0:
        return member.title
    if column == 1:
        return member.text
    if column == 2:
        return _sources(member)
    if column == 3:
        return _article_stance(member)
    return member.date if column == 4 else member.outlet


_DISPLAY, _TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
_EDIT, _USER = Qt.ItemDataRole.EditRole, Qt.ItemDataRole.UserRole
_SHOWN = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
_WORDING = _SHOWN | Qt.ItemFlag.ItemIsEditable
_MEMBER = _SHOWN | Qt.ItemFlag.ItemNeverHasChildren


class ClaimsModel(QAbstractItemModel):
    """Claims at the top level, members as their children; a claim's wording is editable.

    A top-level index carries internal id 0; a member's carries its claim's row + 1.
    """

    rename_requested = Signal(int, str)  # claim id, new wording (the view runs the command)

    def __init__(self, store: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self.claims: list[ClaimRow] = []
        self._rows: dict[int, int] = {}  # claim id -> row
        self._summaries: dict[int, ClaimSummary] = {}  # claim id -> with its members read

    def reload(self) -> None:
        """Read every claim's row again; members are read again when next asked for."""
        self.beginResetModel()
        self.claims = claim_rows(self._store)
        self._rows = {row.claim.id: i for i, row in enumerate(self.claims)}
        self._summaries = {}
        self.endResetModel()

    def members_read(self) -> set[int]:
        """The claims whose members have been read since the last reload."""
        return set(self._summaries)

    def summary(self, row: int) -> ClaimSummary:
        """The claim on ``row`` with its members (read on first use)."""
        claim = self.claims[row].claim
        found = self._summaries.get(claim.id)
        if found is None:
            found = self._summaries[claim.id] = claim_summary(self._store, claim)
        return found

    # -- finding rows -------------------------------------------------------------

    def claim_index(self, claim_id: int, column: int = 0) -> QModelIndex:
        row = self._rows.get(claim_id)
        return QModelIndex() if row is None else self.createIndex(row, column, 0)

    def member_index(self, claim_id: int, span_id: int) -> QModelIndex:
        row = self._rows.get(claim_id)
        if row is None:
            return QModelIndex()
        members = self.summary(row).members
        at = next((i for i, m in enumerate(members) if m.span_id == span_id), None)
        return QModelIndex() if at is None else self.createIndex(at, 0, row + 1)

    def item(self, index: Index) -> ClaimSummary | MemberRow | None:
        """The claim (with its members) or the member a row shows."""
        if not index.isValid():
            return None
        parent = index.internalId()
        if parent == 0:
            return self.summary(index.row())
        return self.summary(parent - 1).members[index.row()]

    # -- QAbstractItemModel ---------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.claims) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        if row >= len(self.summary(parent.row()).members):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalId()
        return QModelIndex() if parent == 0 else self.createIndex(parent - 1, 0, 0)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """Answered from the claim's count, without reading its members. The tree asks this
        (and ``flags``) of every claim as it lays out, so each asks the index little."""
        column = parent.column()
        if column < 0:  # the root
            return bool(self.claims)
        if column or parent.internalId():
            return False
        return self.claims[parent.row()].spans > 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.claims)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.summary(parent.row()).members)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        column = index.column()
        if column < 0:  # not a cell
            return Qt.ItemFlag.NoItemFlags
        if index.internalId():
            return _MEMBER
        return _SHOWN if column else _WORDING

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, _TOOLTIP, _EDIT, _USER):
            return None
        parent = index.internalId()
        if role == _USER:
            return self.item(index)
        if parent == 0:
            row = self.claims[index.row()]
            if role == _EDIT:
                return row.claim.wording if index.column() == 0 else None
            text = _claim_text(row, index.column())
        elif role == _EDIT:
            return None
        else:
            text = _member_text(self.summary(parent - 1).members[index.row()], index.column())
        return tooltip(text) if role == _TOOLTIP else _line(text)

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        """A new wording typed into a claim's row asks the view to rename it (one command)."""
        if role != _EDIT or not index.isValid() or index.internalId() != 0:
            return False
        claim = self.claims[index.row()].claim
        wording = " ".join(str(value).split())
        if wording and wording != claim.wording:
            self.rename_requested.emit(claim.id, wording)
        return False  # the rows change when the command's change set arrives

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
