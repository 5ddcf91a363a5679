"""The open article's proposed attributions as a list: review them one by one, or all at once.

Each row shows the stance (with its mark), source, cue, a preview of the claim
and the source type. Enter accepts and Backspace rejects the current row, as
in the text, through the same editor commands; the next row is then current.
The list follows the article model: it refills when the proposals change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.article import ArticleChange, ArticleModel
from annotator.core.proposals import Proposal
from annotator.ui.annotation_panel import snippet
from annotator.ui.colours import marked, readable, stance_colour
from annotator.ui.plain import tooltip

COLUMNS = ("Stance", "Source", "Cue", "Claim", "Source type")


class ProposalList(QWidget):
    """Open proposals of the article, filterable by stance, with a count left."""

    accept_requested = Signal(object)  # Proposal
    reject_requested = Signal(object)  # Proposal
    current_changed = Signal(object)  # Proposal, to show it in the text
    accept_all_requested = Signal(list)  # the proposals shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article: ArticleModel | None = None
        self._proposals: list[Proposal] = []
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 80), (1, 110), (2, 70), (4, 100)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.installEventFilter(self)
        self.stance = QComboBox()
        self.stance.currentIndexChanged.connect(self._fill)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_all = QPushButton("Accept all…")
        self.accept_all.setToolTip("Accept every proposal shown, as one undo step (asks first)")
        self.accept_all.clicked.connect(lambda: self.accept_all_requested.emit(self.shown()))
        bar = QHBoxLayout()
        bar.addWidget(self.stance)
        bar.addWidget(self.count, 1)
        bar.addWidget(self.accept_all)
        hint = QLabel("Enter accepts, Backspace rejects the current proposal.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)

    # -- following the article model --------------------------------------------------------

    def follow(self, article: ArticleModel) -> None:
        """List this article model's open proposals, and keep the list current."""
        self._article = article
        article.subscribe(self._on_change)

    def _on_change(self, change: ArticleChange) -> None:
        if change.proposals and self._article is not None:
            self.set_proposals(self._article.text, self._article.proposals())

    def set_proposals(self, text: str, proposals: list[Proposal]) -> None:
        """Show these proposals; the row that was current (or the one after it) stays current."""
        row = max(0, self.tree.indexOfTopLevelItem(self.tree.currentItem()))
        self._text, self._proposals = text, list(proposals)
        stances = sorted({p.stance for p in proposals})
        wanted = self.stance.currentData()
        self.stance.blockSignals(True)
        self.stance.clear()
        self.stance.addItem("all stances", "")
        for stance in stances:
            self.stance.addItem(marked(stance), stance)
        self.stance.setCurrentIndex(max(0, self.stance.findData(wanted)))
        self.stance.blockSignals(False)
        self._fill(keep_row=row)

    def shown(self) -> list[Proposal]:
        """The proposals that pass the stance filter, in text order."""
        wanted = self.stance.currentData() or ""
        return [p for p in self._proposals if not wanted or p.stance == wanted]

    def _fill(self, *_args: object, keep_row: int = 0) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        background = self.tree.palette().base().color()
        for proposal in self.shown():
            item = QTreeWidgetItem([marked(proposal.stance), *self._columns(proposal)])
            item.setForeground(0, QBrush(readable(stance_colour(proposal.stance), background)))
            item.setData(0, Qt.ItemDataRole.UserRole, proposal)
            item.setToolTip(3, tooltip(self._text[slice(*proposal.claim)]))
            self.tree.addTopLevelItem(item)
        self.tree.blockSignals(False)
        count = self.tree.topLevelItemCount()
        total = len(self._proposals)
        left = f"{count} left" if count == total else f"{count} shown, {total} left"
        self.count.setText(left)
        self.accept_all.setEnabled(count > 0)
        if count:
            self.tree.setCurrentItem(self.tree.topLevelItem(min(keep_row, count - 1)))

    def _columns(self, proposal: Proposal) -> list[str]:
        text = self._text
        source = snippet(text[slice(*proposal.source)], 40) if proposal.source else "(none)"
        return [
            source,
            snippet(text[slice(*proposal.cue)], 24),
            snippet(text[slice(*proposal.claim)], 90),
            proposal.source_type or "",
        ]

    def current(self) -> Proposal | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _on_current(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is not None and self.tree.hasFocus():  # the analyst's walk, not a refill
            self.current_changed.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter and Backspace on the list act on the current proposal, as in the text."""
        if watched is self.tree and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace):
                event.accept()  # the window's Backspace (delete a span) does not fire here
                return True
        if watched is self.tree and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            proposal = self.current()
            if proposal is not None and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_requested.emit(proposal)
                return True
            if proposal is not None and event.key() == Qt.Key.Key_Backspace:
                self.reject_requested.emit(proposal)
                return True
        return super().eventFilter(watched, event)
