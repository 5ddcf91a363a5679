"""The Adjudicate tab: the current unit in one lane per analyst, and the article's disagreements.

Each lane is one analyst's version of the unit under the cursor, with the digit
that takes it and the analyst's own colour; the gold lane is last, and a lane
whose version gold has is marked. Below, the article's disagreements in document
order with what gold has done with each (unanimous units are marked in the text).
Everything shown is plain text: words, labels and analysts' names come from the
project.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from annotator.core.adjudication import Adjudication, Unit
from annotator.core.adjudication_commands import describe_unit, version_text
from annotator.core.version_edges import edge_marks
from annotator.ui.colours import OKABE_ITO, marked
from annotator.ui.plain import tooltip

#: One colour per analyst, in the order the digits take them (then round again).
ANALYST_COLOURS = [
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue")
]
GOLD_COLOUR = "#8a6d00"
#: Marks in the list of units (also in the tooltip of the tab).
OPEN, SETTLED, UNANIMOUS, IN_GOLD = "≠", "✓", "=", "✓="
#: The lanes' columns: the digit, the layer, how it differs from the others, its version.
KEY, LAYER, DIFFERS, VERSION = range(4)
#: The widest the "differs" column grows to (the version elides in its middle after it).
DIFFERS_WIDTH = 130


def analyst_colour(index: int) -> QColor:
    return QColor(ANALYST_COLOURS[index % len(ANALYST_COLOURS)])


def unit_state(unit: Unit) -> tuple[str, str]:
    """(mark, words) for a unit in the list: open, settled (how), unanimous, in gold."""
    if unit.unanimous:
        return (IN_GOLD, "unanimous, in gold") if unit.in_gold else (UNANIMOUS, "unanimous")
    if not unit.settled:
        return OPEN, "open"
    if unit.decided_none and not unit.gold:
        return SETTLED, "settled: none"
    who = unit.matches()
    return SETTLED, f"settled: {', '.join(who)}" if who else "settled by hand"


class AdjudicationPanel(QWidget):
    """Lanes for the current unit and the list of units; a double click goes to a unit."""

    unit_chosen = Signal(str)  # the unit's key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.where = QLabel()
        for label in (self.heading, self.where):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.lanes = QTreeWidget()
        self.lanes.setHeaderLabels(["key", "layer", "differs", "version"])
        self.lanes.setRootIsDecorated(False)
        # versions differ at their edges: keep both ends, and name the difference
        self.lanes.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.lanes.setWordWrap(False)
        self.lanes.headerItem().setToolTip(
            DIFFERS, "how this version differs from the others: + words it has, − words it lacks"
        )
        self.units = QTreeWidget()
        self.units.setHeaderLabels(["", "disagreement", "gold"])
        self.units.setRootIsDecorated(False)
        self.units.itemActivated.connect(self._activated)
        self.units.itemDoubleClicked.connect(self._activated)
        self.hint = QLabel(
            "K / Shift+K next / previous disagreement · 1–9 take an analyst's version · "
            "0 none · A all unanimous · H edit gold by hand · J leave"
        )
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.where, self.lanes, self.units, self.hint):
            layout.addWidget(widget)
        for tree, widths in ((self.lanes, (34, 70)), (self.units, (30, 215))):
            for column, width in enumerate(widths):
                tree.setColumnWidth(column, width)
        self._keys: list[str] = []

    def show_state(self, state: Adjudication, text: str, current: str | None) -> None:
        """Draw the article's units, and the lanes of the ``current`` one."""
        open_count = len(state.disagreements) - state.settled
        self.heading.setText(
            f"{state.summary()} · {open_count} open · "
            f"{sum(u.unanimous for u in state.units)} unanimous · gold layer: {state.gold}"
        )
        self.units.clear()
        self._keys = []
        chosen = None
        for unit in state.disagreements:  # the unanimous ones: marked in the text, taken by A
            mark, words = unit_state(unit)
            item = QTreeWidgetItem([mark, describe_unit(unit, text), words])
            if mark == OPEN:
                item.setForeground(0, QBrush(QColor(OKABE_ITO["vermillion"])))
            self.units.addTopLevelItem(item)
            self._keys.append(unit.key)
            if unit.key == current:
                chosen = item
        if chosen is not None:
            self.units.setCurrentItem(chosen)
            self.units.scrollToItem(chosen)
        self._show_lanes(state, state.unit(current) if current else None, text)

    def _show_lanes(self, state: Adjudication, unit: Unit | None, text: str) -> None:
        self.lanes.clear()
        if unit is None:
            self.where.setText("No disagreement here: every analyst agrees.")
            return
        place = state.disagreements.index(unit) + 1 if unit in state.disagreements else 0
        count = len(state.disagreements)
        head = f"Disagreement {place} of {count}" if place else "Unanimous"
        self.where.setText(f"{head}: {describe_unit(unit, text, 90)} — {unit_state(unit)[1]}")
        marks = self._marks(state, unit, text)
        for index, name in enumerate(state.analysts):
            key = str(index + 1) if index < 9 else ""
            version = self._version(unit, name, text)
            item = QTreeWidgetItem([key, name, marks.get(name, ""), version])
            item.setForeground(LAYER, QBrush(analyst_colour(index)))
            if unit.gold and unit.versions.get(name) == unit.gold:
                item.setText(KEY, f"{key} =")
                for column in range(VERSION + 1):
                    font = item.font(column)
                    font.setBold(True)
                    item.setFont(column, font)
            self._tip(item)
            self.lanes.addTopLevelItem(item)
        gold = QTreeWidgetItem(
            ["", state.gold, marks.get(state.gold, ""), self._version(unit, None, text)]
        )
        gold.setForeground(LAYER, QBrush(QColor(GOLD_COLOUR)))
        if unit.decided_none and not unit.gold:
            gold.setText(VERSION, "none (decided)")
        self._tip(gold)
        self.lanes.addTopLevelItem(gold)
        self.lanes.resizeColumnToContents(DIFFERS)
        self.lanes.setColumnWidth(DIFFERS, min(self.lanes.columnWidth(DIFFERS), DIFFERS_WIDTH))
        rows = sum(self.lanes.sizeHintForRow(i) for i in range(len(state.analysts) + 1))
        header = self.lanes.header().sizeHint().height()
        self.lanes.setFixedHeight(rows + header + 2 * self.lanes.frameWidth() + 4)

    @staticmethod
    def _marks(state: Adjudication, unit: Unit, text: str) -> dict[str, str]:
        """Each analyst's edges against the other analysts'; gold's against all of theirs."""
        if unit.kind != "span":
            return {}
        marks = edge_marks(unit.spans, text)
        if unit.gold_spans:
            with_gold = edge_marks({**unit.spans, state.gold: unit.gold_spans}, text)
            marks[state.gold] = with_gold[state.gold]
        return marks

    @staticmethod
    def _tip(item: QTreeWidgetItem) -> None:
        """The whole version and its marks on every column (plain text: words from the article)."""
        words = item.text(VERSION)
        if item.text(DIFFERS):
            words += f"\n{item.text(DIFFERS)}"
        for column in range(VERSION + 1):
            item.setToolTip(column, tooltip(words))

    @staticmethod
    def _version(unit: Unit, name: str | None, text: str) -> str:
        """A lane's text; stances with their marks (✓ support, ✗ deny), not colour alone."""
        if unit.kind == "span":
            return version_text(unit, name, text)
        rels = unit.gold_relations if name is None else unit.relations.get(name, [])
        return ", ".join(marked(r.label) for r in rels) or "—"

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        row = self.units.indexOfTopLevelItem(item)
        if 0 <= row < len(self._keys):
            self.unit_chosen.emit(self._keys[row])

    def lane_texts(self) -> list[tuple[str, str]]:
        """(layer, version) of each lane shown, gold last (for tests)."""
        return [
            (self.lanes.topLevelItem(i).text(LAYER), self.lanes.topLevelItem(i).text(VERSION))
            for i in range(self.lanes.topLevelItemCount())
        ]

    def lane_marks(self) -> list[str]:
        """How each lane's version differs from the others', gold last (for tests)."""
        return [
            self.lanes.topLevelItem(i).text(DIFFERS) for i in range(self.lanes.topLevelItemCount())
        ]
