"""Claims across articles: every tracked claim with its members, contested first.

Every edit here is a core command pushed to the window's history, so Ctrl+Z takes it
back like any other; the view re-reads its rows when the history says claims changed.
Keys (in this window): T track the article's selected CLAIM span, A add it to the
current claim, Delete take the current member out, 1–4 set the article's stance
(agree, disagree, discuss, unrelated), 0 clear it, F2 rename, M merge the selected
claims into the current one, S split the selected members off, R find the claim in
other articles, Enter jump to the member in its article.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core import keys
from annotator.core.changes import Changes
from annotator.core.claim_overview import ClaimSummary, MemberRow
from annotator.core.claims import STANCES
from annotator.core.commands import Command
from annotator.core.history import History
from annotator.core.model import Span
from annotator.core.schema import Roles
from annotator.store.locking import passphrase_of
from annotator.ui.claim_edits import ClaimEditing
from annotator.ui.claim_hits import ClaimHits
from annotator.ui.claim_sources import ClaimSources
from annotator.ui.claims_model import ClaimsModel
from annotator.ui.paragraph_direction import by_direction

HINT = (
    "T track the selected claim · A add it · Del remove · 1–4 agree/disagree/discuss/unrelated"
    " · 0 clear · F2 rename · M merge · S split · R find in other articles · Enter jump"
)
#: Opens the view from the main window (not a single key: those are the schema's and keys.py's).
CLAIMS_KEY = keys.CLAIMS_VIEW
WIDTHS = (300, 210, 200, 100, 170, 170)


class ClaimsView(ClaimEditing, QDialog):
    """The tracked claims of the project; double-click or Enter jumps to a member."""

    jump = Signal(int, int)  # document id, span id
    said = Signal(str)  # a sentence for the status bar

    def __init__(
        self,
        store: Any,
        history: History,
        roles: Roles,
        selected_span: Callable[[], Span | None],
        parent: QWidget | None = None,
        *,
        analyst: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Claims across articles")
        self.resize(1200, 640)
        self.store, self.history, self.roles = store, history, roles
        self.analyst = analyst
        self._selected_span = selected_span
        self.model = ClaimsModel(store, self)
        self.model.rename_requested.connect(self.rename)
        self.tree = QTreeView()
        by_direction(self.tree)
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(WIDTHS[1:], start=1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.tree.activated.connect(self._open)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.hint = QLabel(HINT)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.sources = ClaimSources(self)
        self.tabs.addTab(self.sources, "Sources × stance")
        self.timeline: Any = None  # built when its tab is first shown (pyqtgraph is slow to load)
        self._timeline_tab = QWidget()
        QVBoxLayout(self._timeline_tab).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._timeline_tab, "Date × stance per outlet")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.hits = ClaimHits(store.path, self, lambda: passphrase_of(store))  # #19
        self.hits.accept_requested.connect(self.accept_hit)
        self.tabs.addTab(self.hits, "Find in other articles")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.tabs)
        splitter.setSizes([360, 280])
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self._add_actions()
        history.subscribe(self._on_command)
        self._stale = True

    # -- keys -------------------------------------------------------------------------

    def _add_actions(self) -> None:
        keys: list[tuple[str, str | QKeySequence, Callable[[], object]]] = [
            ("Track the article's selected claim", "T", self.track_selected),
            ("Add the article's selected claim to this claim", "A", self.add_selected),
            ("Remove the member from its claim", "Delete", self.remove_current),
            ("Rename the claim", "F2", self.edit_current),
            ("Merge the selected claims into the current one", "M", self.merge_selected),
            ("Split the selected members off into a new claim", "S", self.split_selected),
            ("Find this claim in other articles", "R", self.find_elsewhere),
            ("Undo", "Ctrl+Z", self._undo),
            ("Redo", "Ctrl+Shift+Z", self._redo),
            ("Clear the article's stance", "0", lambda: self.set_stance(None)),
        ]
        for key, stance in zip("1234", STANCES, strict=True):
            keys.append((f"Article stance: {stance}", key, lambda s=stance: self.set_stance(s)))
        for text, key, slot in keys:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)

    # -- reading ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read every claim again; the cursor stays on the claim or member it was on."""
        keep = self._where()
        self.model.reload()
        self._stale = False
        contested = sum(1 for s in self.model.claims if s.contested)
        self.count.setText(f"{len(self.model.claims)} tracked claim(s), {contested} contested")
        self._go_to(*keep)
        if not self.tree.currentIndex().isValid():  # else moving the cursor showed the claim
            self._show_current()

    def _where(self) -> tuple[int | None, int | None]:
        item = self.model.item(self.tree.currentIndex())
        if isinstance(item, MemberRow):
            return item.claim_id, item.span_id
        if isinstance(item, ClaimSummary):
            return item.claim.id, None
        return None, None

    def _go_to(self, claim_id: int | None, span_id: int | None = None) -> None:
        index = QModelIndex()
        if claim_id is not None and span_id is not None:
            index = self.model.member_index(claim_id, span_id)
        if not index.isValid() and claim_id is not None:
            index = self.model.claim_index(claim_id)
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            if index.parent().isValid():
                self.tree.expand(index.parent())
            self.tree.setCurrentIndex(index)

    def show_current(self) -> None:
        """Show the view, reading the claims again only when they changed while hidden."""
        if self._stale:
            self.reload()
        self.show()
        self.raise_()
        self.activateWindow()
        self.tree.setFocus()

    def _on_command(self, _command: Command, _what: str, changes: Changes) -> None:
        """Claims, spans or stances changed: re-read while shown, else note it for later."""
        if not (changes.claims or changes.spans or changes.relations):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def current_claim(self) -> ClaimSummary | None:
        """The claim the cursor is on (or whose member it is on)."""
        item = self.model.item(self.tree.currentIndex())
        if isinstance(item, MemberRow):
            return self.model.item(self.model.claim_index(item.claim_id))  # type: ignore[return-value]
        return item

    def current_member(self) -> MemberRow | None:
        item = self.model.item(self.tree.currentIndex())
        return item if isinstance(item, MemberRow) else None

    def _selected(self) -> list[ClaimSummary | MemberRow]:
        rows = self.tree.selectionModel().selectedRows()
        return [i for i in (self.model.item(r) for r in rows) if i is not None]

    def _current_changed(self, *_args: object) -> None:
        self._show_current()

    def _tab_shown(self, _index: int) -> None:
        if self.tabs.currentWidget() is self._timeline_tab and self.timeline is None:
            from annotator.ui.claim_timeline import ClaimTimeline

            self.timeline = ClaimTimeline(self._timeline_tab)
            self._timeline_tab.layout().addWidget(self.timeline)
            self.timeline.show_claim(self.current_claim())

    def _show_current(self) -> None:
        claim = self.current_claim()
        self.sources.show_claim(claim)
        if self.timeline is not None:
            self.timeline.show_claim(claim)
        self.hits.show_claim(claim)

    def closeEvent(self, event: Any) -> None:
        self.hits.stop()
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The main window is closing: stop the search thread before Qt deletes it."""
        if event.type() == QEvent.Type.Close and watched is self.parent():
            self.hits.stop()
        return False

    def _open(self, index: QModelIndex) -> None:
        item = self.model.item(index)
        if isinstance(item, MemberRow):
            self.jump.emit(item.doc_id, item.span_id)
        elif isinstance(item, ClaimSummary) and item.members:
            self.tree.setExpanded(index, not self.tree.isExpanded(index))


def claims_view_of(window: Any) -> ClaimsView:
    """The main window's claims view, made on first use (its edits go to the window's history)."""
    view = getattr(window, "claims_view", None)
    if view is None:
        view = ClaimsView(
            window.store, window.history, window.schema.roles(), window.editor.selected,
            window, analyst=window.analyst,
        )  # fmt: skip
        view.jump.connect(window.jump_to)
        view.said.connect(window.say)
        window.installEventFilter(view)  # the window closing stops a search still running
        window.claims_view = view
    return view


def show_claims(window: Any) -> ClaimsView:
    """Open the claims view (Ctrl+Shift+K)."""
    view = claims_view_of(window)
    view.show_current()
    return view


def track_from_stances(window: Any, span_id: int) -> bool:
    """Track the claim of a "Who says what" row, and show it in the claims view."""
    view = show_claims(window)
    return view.track(span_id)
