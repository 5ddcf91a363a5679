"""A strip of entity types with their colours; clicking one hides or shows it.

The strip wraps (a flow layout): 17 types on a long article take a few rows,
never the window's width.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolButton, QWidget

from annotator.core.model import Span
from annotator.ui.colours import entity_fill, entity_line
from annotator.ui.flow_layout import FlowLayout
from annotator.ui.plain import menu_text, tooltip


def _swatch(label: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pix)
    painter.fillRect(1, 1, 12, 12, entity_fill(label))
    painter.fillRect(1, 11, 12, 2, entity_line(label))
    painter.end()
    return QIcon(pix)


class EntityLegend(QWidget):
    """Shows the entity types of the open article with counts; emits the hidden set."""

    hidden_changed = Signal(set)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self, spacing=2)
        self._layout.setContentsMargins(18, 2, 6, 2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.status = QLabel("Entities: loading the model…")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self._layout.addWidget(self.status)
        self.buttons: dict[str, QToolButton] = {}
        self.hidden: set[str] = set()

    def set_spans(self, spans: list[Span]) -> None:
        """One toggle per entity type present, with its count."""
        counts = Counter(s.label for s in spans)
        for button in self.buttons.values():
            button.deleteLater()
        self.buttons = {}
        for label, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            button = QToolButton(self)
            button.setText(menu_text(f"{label} {count}"))
            button.setIcon(_swatch(label))
            button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setChecked(label not in self.hidden)
            button.setAutoRaise(True)
            button.setToolTip(tooltip(f"Show or hide {label} highlights"))
            button.toggled.connect(lambda on, lab=label: self._toggle(lab, on))
            self._layout.addWidget(button)
            self.buttons[label] = button
        if spans:
            self.status.setText("Entities:")

    def _toggle(self, label: str, visible: bool) -> None:
        if visible:
            self.hidden.discard(label)
        else:
            self.hidden.add(label)
        self.hidden_changed.emit(set(self.hidden))
