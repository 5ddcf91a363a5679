"""The merge conflicts of the project (what ``annotator merge --conflicts`` lists), as a table.

A conflict is an edit that lost a merge to a newer edit of the same annotation by the
same analyst. Each row says which article, whose annotation, what was kept and what was
lost (with the words they covered), and which file brought it; Enter or a double click
opens the article. Every cell is plain text: titles and labels come from anyone's files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.store import Store
from annotator.store.merging import MergeConflict
from annotator.ui.plain import tooltip

COLUMNS = ("Doc", "Article", "Kind", "Analyst", "Kept (newer)", "Lost", "Found merging")
#: The widest a column starts, in characters.
COLUMN_CHARS = 40
#: Words of a span shown in a cell, at most.
WORDS = 60


def _when(stamp: str) -> str:
    """'2026-01-03T09:00:00.000+00:00' as '2026-01-03 09:00' (UTC, as stored)."""
    return stamp[:16].replace("T", " ")


def describe_content(kind: str, content: str, text: str) -> str:
    """One stored version of an annotation, readably: ``CLAIM “words”`` for a span, the
    stance's label for a relation, ``deleted`` for a deletion."""
    try:
        value: Any = json.loads(content)
    except ValueError:
        return content
    if not isinstance(value, dict):
        return str(value)
    label = str(value.get("label", ""))
    if kind != "span":
        return f"stance {label}"
    start, end = value.get("start"), value.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
        words = " ".join(text[start:end].split())
        words = words if len(words) <= WORDS else words[: WORDS - 1] + "…"
        label = f"{label} “{words}”"
    attributes = value.get("attributes") or {}
    if isinstance(attributes, dict) and attributes:
        label += " (" + ", ".join(f"{k}={v}" for k, v in sorted(attributes.items())) + ")"
    return label


class ConflictsView(QDialog):
    """Every recorded merge conflict, oldest first; ``jump(doc_id, uid)`` asks to open one's
    article at the annotation."""

    jump = Signal(int, str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge conflicts")
        self.resize(1000, 420)
        self._store = store
        self.conflicts: list[MergeConflict] = []
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda _row, _col: self.open_selected())
        self.table.activated.connect(lambda _index: self.open_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton("Open article", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self.open_selected)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        """Read the conflicts again (after a merge)."""
        self.conflicts = self._store.merge_conflicts()
        texts = self._store.titles_and_texts(sorted({c.doc_id for c in self.conflicts}))
        self.table.setRowCount(len(self.conflicts))
        for row, c in enumerate(self.conflicts):
            title, text = texts.get(c.doc_id, ("(document no longer in the project)", ""))
            cells = (
                str(c.doc_id),
                title,
                c.kind,
                c.annotator or "(no analyst)",
                f"{_when(c.kept_at)} · {describe_content(c.kind, c.kept, text)}",
                f"{_when(c.lost_at)} · {describe_content(c.kind, c.lost, text)}",
                Path(c.found_in).name if c.found_in else "the base",
            )
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                tip = {0: f"{value}\n{c.kind} {c.uid}", 6: c.found_in or value}.get(col, value)
                item.setToolTip(tooltip(tip))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        widest = self.fontMetrics().averageCharWidth() * COLUMN_CHARS
        for col in range(self.table.columnCount()):  # the whole text is in the tooltip
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), widest))
        count = len(self.conflicts)
        self.heading.setText(
            "No merge conflicts." if not count else
            f"{count} edit(s) lost a merge to a newer edit of the same annotation by the "
            "same analyst. The newer one is in the project; the lost one is listed here. "
            "Double-click a row to open its article."
        )  # fmt: skip
        self.open_button.setEnabled(bool(count))

    def open_selected(self) -> None:
        """Open the article of the selected conflict."""
        row = self.table.currentRow()
        if 0 <= row < len(self.conflicts):
            self.jump.emit(self.conflicts[row].doc_id, self.conflicts[row].uid)
