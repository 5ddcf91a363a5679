"""A strip of entity types with their colours; clicking one hides or shows it.

The strip wraps (a flow layout): 17 types on a long article take a few rows,
never the window's width. Those rows are capped (``LegendArea``): at 800×600 the
middle column is narrow, 18 types wrapped one a row took the whole column and
left the article three lines; capped, the legend scrolls and the article keeps
most of the pane.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QWidget,
)

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


#: The legend shows at most this many rows of types, and at most this share of the pane.
LEGEND_ROWS = 2
LEGEND_SHARE = 0.25


class LegendArea(QScrollArea):
    """The legend, as tall as its rows up to a cap; past it, it scrolls (Tab scrolls too)."""

    def __init__(self, legend: EntityLegend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = legend
        self.setWidget(legend)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # its height follows its width (the rows it needs, up to the cap): the article,
        # which expands, must not squeeze it below one readable row
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        legend.installEventFilter(self)  # new types: the rows, and so the height, change
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.legend and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A type reached by the keyboard scrolls into sight."""
        if new is not None and new.parentWidget() is self.legend:
            self.ensureWidgetVisible(new)

    def cap(self) -> int:
        """The most height the legend may take: a few rows, and never much of the pane."""
        row = max(self.legend.status.sizeHint().height(), 22)
        for button in self.legend.buttons.values():
            row = max(row, button.sizeHint().height())
        margins = self.legend.contentsMargins()
        rows = LEGEND_ROWS * row + (LEGEND_ROWS - 1) * 2 + margins.top() + margins.bottom() + 4
        parent = self.parentWidget()
        if parent is not None and parent.height() > 0:
            rows = min(rows, max(row + 4, int(parent.height() * LEGEND_SHARE)))
        return rows

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return min(self.legend.heightForWidth(width), self.cap())

    def sizeHint(self) -> QSize:
        width = self.legend.sizeHint().width()
        return QSize(width, self.heightForWidth(max(width, self.width())))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.legend.minimumSizeHint().width(), self.sizeHint().height())
