"""Find a tracked claim in other articles: ranking hits shown as accept/reject proposals.

The ranking runs on a worker thread (``annotator.ui.worker``) with its own connection;
results arrive here on the GUI thread. Enter (or Accept) adds the hit's sentence to the
claim through one command (undoable); Backspace (or Reject) drops it for this session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.claims.proposals import HitProposal, HitsFound, find_job
from annotator.core.claim_overview import ClaimSummary
from annotator.ui.background import last_line
from annotator.ui.claims_model import ARTICLE_MARKS
from annotator.ui.plain import tooltip
from annotator.ui.worker import Worker

COLUMNS = ("Proposed stance", "Article", "Best sentence", "Score")


class ClaimHits(QWidget):
    """The hits of the last search for the current claim."""

    accept_requested = Signal(object)  # HitProposal

    def __init__(
        self,
        db_path: object,
        parent: QWidget | None = None,
        passphrase: Callable[[], str | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self._db_path = db_path
        self._passphrase = passphrase  # an encrypted project's, while unlocked (#19)
        self.claim: ClaimSummary | None = None
        self.proposals: list[HitProposal] = []
        self.rejected: set[tuple[int, int]] = set()  # (claim, article) dropped this session
        self.worker: Worker | None = None
        self.note = QLabel("R finds the claim under the cursor in other articles.")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 120), (1, 220), (3, 60)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept_current())
        accept, reject = QPushButton("Accept (Enter)"), QPushButton("Reject (Backspace)")
        accept.clicked.connect(self.accept_current)
        reject.clicked.connect(self.reject_current)
        for text, key, slot in (
            ("Accept the hit", "Return", self.accept_current),
            ("Reject the hit", "Backspace", self.reject_current),
        ):
            action = QAction(text, self.tree)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.tree.addAction(action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.note, 1)
        buttons.addWidget(accept)
        buttons.addWidget(reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.tree)

    def show_claim(self, claim: ClaimSummary | None) -> None:
        """The cursor moved: keep the hits of the same claim, else clear them."""
        if claim is not None and self.claim is not None and claim.claim.id == self.claim.claim.id:
            self.claim = claim
            return
        self.claim = claim
        self._fill([])
        self.note.setText("R finds the claim under the cursor in other articles.")

    def find(self, claim: ClaimSummary | None) -> bool:
        """Rank the corpus for ``claim`` in the background; False when nothing was started."""
        if claim is None:
            self.note.setText("Put the cursor on a tracked claim first.")
            return False
        if self.worker is not None and self.worker.isRunning():
            self.worker.stop()
        self.claim = claim
        exclude = frozenset(m.doc_id for m in claim.members)
        job = partial(
            find_job,
            self._db_path,
            claim.claim.id,
            claim.claim.wording,
            exclude,
            passphrase=self._passphrase(),
        )
        self.worker = Worker(job, self)
        self.worker.yielded.connect(self._found)
        self.worker.failed.connect(self._failed)
        self._fill([])
        self.note.setText("Looking for the claim in the other articles…")
        self.worker.start()
        return True

    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def _found(self, found: HitsFound) -> None:
        if self.claim is None or found.claim_id != self.claim.claim.id:
            return  # the cursor moved on meanwhile
        shown = [p for p in found.proposals if (p.claim_id, p.doc_id) not in self.rejected]
        self._fill(shown)
        if not shown:
            self.note.setText(found.note or "No other article carries this claim, it seems.")
            return
        self.note.setText(f"{len(shown)} article(s) may carry this claim. {found.note}".strip())

    def _failed(self, trace: str) -> None:
        self.note.setText(f"Finding the claim failed: {last_line(trace)}")

    def _fill(self, proposals: list[HitProposal]) -> None:
        self.proposals = list(proposals)
        self.tree.clear()
        for p in proposals:
            stance = f"{ARTICLE_MARKS.get(p.stance, '·')} {p.stance}" if p.stance else "—"
            sentence = " ".join(p.sentence.split())
            item = QTreeWidgetItem([stance, " ".join(p.title.split()), sentence, f"{p.score:.2f}"])
            item.setToolTip(2, tooltip(p.sentence))
            item.setToolTip(1, tooltip(p.title))
            self.tree.addTopLevelItem(item)
        if proposals:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def current(self) -> HitProposal | None:
        row = (
            self.tree.indexOfTopLevelItem(self.tree.currentItem())
            if self.tree.currentItem()
            else -1
        )
        return self.proposals[row] if 0 <= row < len(self.proposals) else None

    def _drop(self, proposal: HitProposal) -> None:
        row = self.proposals.index(proposal)
        del self.proposals[row]
        self.tree.takeTopLevelItem(row)

    def accept_current(self) -> None:
        proposal = self.current()
        if proposal is not None:
            self.accept_requested.emit(proposal)

    def accepted(self, proposal: HitProposal) -> None:
        """The view added it: take it off the list."""
        if proposal in self.proposals:
            self._drop(proposal)

    def reject_current(self) -> None:
        proposal = self.current()
        if proposal is not None:
            self.rejected.add((proposal.claim_id, proposal.doc_id))
            self._drop(proposal)
            self.note.setText(f"Rejected: {' '.join(proposal.title.split())} (not proposed again).")
