"""The main window: assembles the document list and the article view; holds no logic of its own."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator import __version__
from annotator.core.model import Status
from annotator.nlp.model import MODEL_SETTING, ModelInfo
from annotator.store import Store
from annotator.ui.article_view import ArticleView
from annotator.ui.document_table import DocumentTableModel
from annotator.ui.entity_legend import EntityLegend
from annotator.ui.preannotation import EntityPreannotator

LAST_DOC = "ui.last_document"


class MainWindow(QMainWindow):
    """Document list on the left, the open article on the right."""

    def __init__(self, store: Store, model: str | None = None, *, preannotate: bool = True) -> None:
        super().__init__()
        self.store = store
        self.current_doc: int | None = None
        self.preannotator = EntityPreannotator(
            store, model or store.get_setting(MODEL_SETTING), self
        )
        self.setWindowTitle(f"annotator {__version__} — {store.path.name}")
        self.resize(1280, 800)

        self.model = DocumentTableModel(store, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)

        self.status_filter = QComboBox()
        self.status_filter.addItem("All documents", None)
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles and text…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.status_filter)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)

        self.article = ArticleView()
        self.legend = EntityLegend()
        self.legend.hidden_changed.connect(self.article.set_hidden_labels)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 6, 6)
        right_layout.setSpacing(2)
        right_layout.addWidget(self.legend)
        right_layout.addWidget(self.article)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 860])
        self.setCentralWidget(splitter)

        self.progress_label = QLabel()
        self.cancel_button = QToolButton(text="Stop")
        self.cancel_button.setToolTip("Stop highlighting entities in the rest of the corpus")
        self.cancel_button.clicked.connect(self.preannotator.cancel)
        self.cancel_button.hide()
        self.statusBar().addPermanentWidget(self.progress_label)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.preannotator.model_ready.connect(self._on_model_ready)
        self.preannotator.unavailable.connect(self._on_model_missing)
        self.preannotator.annotated.connect(self._on_annotated)
        self.preannotator.progress.connect(self._on_progress)
        self.preannotator.finished.connect(self._on_preannotation_finished)

        self._build_menus()
        self._restore_last()
        if preannotate:
            # after the window is up: start-up never waits for spaCy
            QTimer.singleShot(0, self.preannotator.start)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        find = QAction("&Search documents", self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search.setFocus())
        self.menuBar().addMenu("&Edit").addAction(find)
        tools = self.menuBar().addMenu("&Tools")
        stop = QAction("&Stop entity highlighting", self)
        stop.triggered.connect(self.preannotator.cancel)
        tools.addAction(stop)

    # -- behaviour ---------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.model.set_filter(self.status_filter.currentData(), self.search.text())
        if self.current_doc is not None:
            self._select_doc(self.current_doc)
        self._update_status()

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.open_document(self.model.doc_id(rows[0].row()))

    def _select_doc(self, doc_id: int) -> None:
        row = self.model.row_of(doc_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def open_document(self, doc_id: int) -> None:
        """Show one article and remember it for the next start."""
        if doc_id == self.current_doc:
            return
        doc = self.store.document(doc_id)
        self.current_doc = doc_id
        self.setWindowTitle(f"{doc.title} — annotator {__version__}")
        self.article.show_text(doc.text)
        self._show_entities()
        if self.preannotator.needs(doc_id):
            self.preannotator.prioritize(doc_id)
        self.store.set_setting(LAST_DOC, str(doc_id))
        self._update_status()

    def _show_entities(self) -> None:
        if self.current_doc is None:
            return
        info = self.preannotator.info
        spans = (
            self.store.suggestions(self.current_doc, info.name, info.version)
            if info
            else self.store.suggestions(self.current_doc)
        )
        self.article.set_entities(spans)
        self.legend.set_spans(spans)

    # -- pre-annotation ------------------------------------------------------------

    def _on_model_ready(self, info: ModelInfo) -> None:
        self.legend.status.setText("Entities:")
        self.legend.status.setToolTip(f"spaCy pipeline {info.label} ({info.source})")
        self.setWindowTitle(f"{self.windowTitle()} · {info.label}")
        if self.current_doc is not None and self.preannotator.needs(self.current_doc):
            self.preannotator.prioritize(self.current_doc)
        self._show_entities()

    def _on_model_missing(self, message: str) -> None:
        self.legend.status.setText("No entity highlights: no spaCy pipeline (hover for help)")
        self.legend.status.setToolTip(message)
        self.statusBar().showMessage(message, 15_000)

    def _on_annotated(self, ids: list[int]) -> None:
        if self.current_doc in ids:
            self._show_entities()

    def _on_progress(self, done: int, total: int, seconds: float) -> None:
        if total == 0:
            return
        rate = done / seconds if seconds > 0 else 0.0
        left = f", {format_duration((total - done) / rate)} left" if rate > 0 else ""
        self.progress_label.setText(f"Entities {done:,} / {total:,} ({rate:.1f} docs/s{left})")
        self.cancel_button.setVisible(done < total)

    def _on_preannotation_finished(self, why: str) -> None:
        self.cancel_button.hide()
        if why == "done":
            self.progress_label.setText("Entities: every document highlighted")
        elif why == "cancelled":
            self.progress_label.setText(self.progress_label.text() + " — stopped")
        else:
            self.progress_label.setText("Entities: stopped by an error (see tooltip)")
            self.progress_label.setToolTip(why)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._search_timer.stop()
        self.preannotator.shutdown()
        super().closeEvent(event)

    def _restore_last(self) -> None:
        last = self.store.get_setting(LAST_DOC)
        if last and last.isdigit() and self.model.row_of(int(last)) is not None:
            self._select_doc(int(last))
        elif self.model.rowCount() > 0:
            self.table.selectRow(0)
        self._update_status()

    def _update_status(self) -> None:
        total = self.model.total()
        done = self.store.count_documents(status=Status.DONE.value)
        row = self.model.row_of(self.current_doc) if self.current_doc is not None else None
        where = f"article {row + 1} of {total}" if row is not None else f"{total} articles"
        self.statusBar().showMessage(f"{where}  ·  {done} done")


def format_duration(seconds: float) -> str:
    """'40 s', '3 min', '2 h 5 min': enough precision for a progress line."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds // 3600:.0f} h {seconds % 3600 / 60:.0f} min"
