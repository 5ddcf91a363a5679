"""Sources × stance for the claim under the cursor: who said it, who denied it, how often."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from annotator.core.claim_overview import ClaimSummary, sources_by_stance
from annotator.ui.colours import marked, readable, stance_colour
from annotator.ui.plain import tooltip


class ClaimSources(QWidget):
    """One row per source of the claim's members, one column per stance, counts in the cells."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def show_claim(self, claim: ClaimSummary | None) -> None:
        """Fill the table for ``claim`` (empty for none)."""
        stances, rows = sources_by_stance(claim.members if claim else ())
        self.table.clear()
        self.table.setColumnCount(len(stances) + 1)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(["Source", *(marked(s) for s in stances)])
        background = self.table.palette().base().color()
        for r, (name, counts) in enumerate(rows):
            item = QTableWidgetItem(name)  # an item's text is never read as HTML
            item.setToolTip(tooltip(name))
            self.table.setItem(r, 0, item)
            for c, stance in enumerate(stances, start=1):
                cell = QTableWidgetItem(str(counts.get(stance, "")))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setForeground(readable(stance_colour(stance), background))
                self.table.setItem(r, c, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(stances) + 1):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def cells(self) -> list[list[str]]:
        """The table as text, header first (for tests and reports)."""
        head = [self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())]
        body = [
            [(self.table.item(r, c).text() if self.table.item(r, c) else "")
             for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]  # fmt: skip
        return [head, *body]
