"""The main window: assembles the document list, the article view, the panel and the actions.

Logic lives elsewhere: edits in ``Editor`` and the core commands, lists in
item models and the document list (``document_list``), background work in the
pre-annotator and the suggester (``window_background`` shows what they find),
their progress in the status bar (``status_bar``). This file wires them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QSplitter

from annotator import __version__
from annotator.core.article import ArticleModel
from annotator.core.changes import Changes
from annotator.core.commands import Command, SetStatus
from annotator.core.history import History
from annotator.core.model import Status
from annotator.core.proposals import Proposal
from annotator.core.schema import (
    LAST_GOOD_SETTING,
    SCHEMA_SETTING,
    Schema,
    load_project_schema,
)
from annotator.nlp.model import MODEL_SETTING
from annotator.store import Store
from annotator.ui.annotations_dock import AnnotationsDock
from annotator.ui.article_pane import ArticlePane
from annotator.ui.confirmations import describe
from annotator.ui.document_list import DocumentList
from annotator.ui.document_table import DocumentTableModel
from annotator.ui.editing import Editor
from annotator.ui.first_paint import after_first_paint
from annotator.ui.help_overlay import HelpOverlay
from annotator.ui.identity import system_user
from annotator.ui.idle_lock import install_idle_lock
from annotator.ui.language_editing import LanguageEditing
from annotator.ui.learning import ModelInTheLoop
from annotator.ui.menus import build_menus
from annotator.ui.plain import menu_text, title_text
from annotator.ui.span_menu import link_menu, span_menu
from annotator.ui.status_bar import WorkbenchStatusBar
from annotator.ui.window_background import BackgroundResults
from annotator.ui.window_dialogs import about_box, accept_all_box

if TYPE_CHECKING:  # the table loads when first shown, not before the first paint
    from annotator.ui.stance_table import WhoSaysWhat

LAST_DOC = "ui.last_document"
#: The panel's width at 1280 px and below; wider windows give it this share of their width.
PANEL_WIDTH = 380
PANEL_SHARE = 0.25
LAST_POS = "ui.last_position"


class MainWindow(QMainWindow):
    """Document list, article, annotation panel; every action in a menu with its key.

    Edits flow one way: the editor pushes a command to the history, the history
    hands its change set here, and the article model, the document list and
    "Who says what" each re-read only the rows it names. The window edits the
    analyst's own layer; the other analysts' are shown read-only (``O`` hides them).
    """

    def __init__(
        self,
        store: Store,
        pipeline: str | None = None,
        *,
        analyst: str | None = None,
        schema: Schema | None = None,
        preannotate: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        problem = None
        if schema is None:
            schema, problem = self._project_schema()
        self.schema = schema
        self.analyst = analyst or system_user()
        self.current_doc: int | None = None
        self._starting = True  # until the window is built: see open_document
        self._first_settings: dict[str, str] = {}
        self.stances_view: WhoSaysWhat | None = None
        self._closed = False
        self.history = History(store)
        self.article_model = ArticleModel(store, self.schema.roles())
        # entity highlighting first, the parser once the entity model is in
        self.background = BackgroundResults(self, pipeline or store.get_setting(MODEL_SETTING))
        self.model_label = ""  # the spaCy pipeline in use, once loaded
        self.setWindowTitle(self._title(store.path.name))
        self.resize(default_size(self.screen().availableGeometry().size()))
        self._build_document_list()
        self._build_article()
        self._build_panel()
        bar = self.status_bar = WorkbenchStatusBar(self, self.preannotator, self.suggester)
        self.position_label, self.progress_label, self.busy = bar.position, bar.progress, bar.busy
        model, view = self.article_model, self.article
        self.editor = Editor(store, self.history, self.schema, view, model, self.analyst, self.say)
        self.history.subscribe(self._on_command)
        self._connect_editor()
        self.accept_all_box: QMessageBox | None = None
        self.learning = ModelInTheLoop(self)  # before the menus: Tools > Train a model…
        self.language_editing = LanguageEditing(self)  # #17: Edit > Set article language…
        build_menus(self)
        self.idle_lock = install_idle_lock(self, store)  # #19: hides all after idle minutes
        self._restore_last()
        self._starting = False
        if problem:
            self.say(f"Schema not loaded, keeping the last good one: {problem}", 30_000)
        if preannotate:
            # after the first paint: start-up never waits for (or competes with) spaCy
            after_first_paint(self, self.preannotator.start)

    # -- assembly ----------------------------------------------------------------

    def _project_schema(self) -> tuple[Schema, str | None]:
        """The project's schema (or the last good one, with why)."""
        schema, text, problem = load_project_schema(
            self.store.get_setting(SCHEMA_SETTING), self.store.get_setting(LAST_GOOD_SETTING)
        )
        if problem is None and self.store.get_setting(SCHEMA_SETTING):
            self.store.set_setting(LAST_GOOD_SETTING, text)
        return schema, problem

    def _connect_editor(self) -> None:
        """The panel and the proposals list edit through the editor, as the keys do."""
        self.proposal_list.accept_requested.connect(self.editor.accept_proposal)
        self.proposal_list.reject_requested.connect(self.editor.reject_proposal)
        self.proposal_list.accept_all_requested.connect(self.confirm_accept_all)
        self.panel.attribute_changed.connect(self.editor.set_attribute)

    def _build_article(self) -> None:
        pane = ArticlePane(self.schema, self.article_model)
        self.article, self.legend, self.find_bar = pane.article, pane.legend, pane.find_bar
        splitter = QSplitter()
        splitter.addWidget(self.document_list)
        splitter.addWidget(pane)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 760])
        self.setCentralWidget(splitter)
        self.article.span_clicked.connect(self._on_span_clicked)
        self.article.selection_changed.connect(self._show_selected)
        self.article.span_menu_requested.connect(self._span_menu)
        self.article.link_dragged.connect(self._link_popup)

    def _build_panel(self) -> None:
        dock = self.panel_dock = AnnotationsDock(self.schema, self.article_model, self)
        self.panel, self.proposal_list, self.tabs = dock.panel, dock.proposal_list, dock.tabs
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)
        self.panel.span_activated.connect(self.jump_to_span)
        self.proposal_list.current_changed.connect(self._show_proposal)

    def _build_document_list(self) -> None:
        self.documents = DocumentTableModel(
            self.store, self, self.schema.roles(), analyst=self.analyst
        )
        listed = self.document_list = DocumentList(self.documents)
        self.table, self.search = listed.table, listed.search
        self.status_filter = listed.status_filter
        self.document_list.chosen.connect(self.open_document)
        self.document_list.filter_changed.connect(self._apply_filter)

    # -- documents ------------------------------------------------------------------

    def _apply_filter(self) -> None:
        self.document_list.apply_filter()
        if self.current_doc is not None:
            self.document_list.select(self.current_doc)
        self._update_status()

    def open_document(self, doc_id: int) -> None:
        """Show one article with its highlights, and remember it for the next start."""
        if doc_id == self.current_doc:
            return
        leaving = self._position_setting()
        self.current_doc = doc_id
        entities = self.background.entities_of(doc_id)
        # the analyst's layer to edit, the others' read-only; drawn once, with its entities
        self.article_model.open(doc_id, self.analyst, entities=entities)
        self.legend.set_spans(entities)
        self.setWindowTitle(self._title(self.article_model.title))
        self.panel.select(None)
        self.background.prioritize(doc_id)  # with the model for the article's language
        self.suggester.request(doc_id)
        remember = {**leaving, LAST_DOC: str(doc_id)}
        if self._starting:  # the first article: its write (and sqlite-utils) wait for the paint
            self._first_settings = remember
            after_first_paint(self, self._write_first_settings)
        else:
            self._first_settings = {}  # a later article replaces the first one
            self.store.set_settings(remember)
        if not self.document_list.is_selected(doc_id):
            self.document_list.select(doc_id)
        self._update_status()

    def go(self, step: int) -> bool:
        """Open the next (+1) or previous (-1) article of the list."""
        chosen = self.learning.next_document() if step > 0 else None
        if chosen is not None:  # active learning: the article the model is least sure about
            self.document_list.select(chosen)
            self.article.setFocus()
            return True
        row = self.documents.row_of(self.current_doc) if self.current_doc is not None else None
        target = 0 if row is None else row + step
        if not 0 <= target < self.documents.total():
            self.say("That was the last article." if step > 0 else "This is the first article.")
            return False
        self.documents.row_of(self.documents.doc_id(target))  # load rows up to it
        self.document_list.select(self.documents.doc_id(target))
        self.article.setFocus()
        return True

    def mark_and_next(self, status: Status) -> None:
        """Set the analyst's own status of the open article (undoable) and move on."""
        if self.current_doc is None:
            return
        self.history.push(SetStatus(self.current_doc, status, self.analyst))
        self.go(+1)

    def _position_setting(self) -> dict[str, str]:
        if self.current_doc is None:
            return {}
        return {LAST_POS: f"{self.current_doc}:{self.article.caret()}"}

    def _write_first_settings(self) -> None:
        """The first article's "last opened", once: after the first paint, or at closing."""
        values, self._first_settings = self._first_settings, {}
        if values and not self.store.closed:  # (closing empties it first)
            self.store.set_settings(values)

    def _remember_position(self) -> None:
        if self.current_doc is not None and not self.store.closed:
            self.store.set_settings(self._position_setting())

    def _restore_last(self) -> None:
        last = self.store.get_setting(LAST_DOC)
        if last and last.isdigit() and self.documents.row_of(int(last)) is not None:
            self.document_list.select(int(last))
            where = (self.store.get_setting(LAST_POS) or "").split(":")
            if len(where) == 2 and where[0] == last and where[1].isdigit():
                self.article.set_caret(int(where[1]))
        elif self.documents.rowCount() > 0:
            self.table.selectRow(0)
        self._update_status()

    # -- spans ------------------------------------------------------------------------

    def _show_proposal(self, proposal: Proposal) -> None:
        """The proposals list's current row: put the cursor on its cue (Enter there accepts it)."""
        self.article.set_caret(proposal.cue[0])

    def confirm_accept_all(self, proposals: list[Proposal] | None = None) -> None:
        """Ask before accepting many proposals at once (one undo step); the box does not block."""
        proposals = self.article_model.proposals() if proposals is None else proposals
        if not proposals:
            self.say("No proposed attributions in this article.")
            return
        box = accept_all_box(self, len(proposals))
        box.accepted.connect(lambda: self.editor.accept_all_suggestions(proposals))
        self.accept_all_box = box
        box.open()

    def _show_entities(self) -> None:
        self.background.show_entities()

    def _on_span_clicked(self, span_id: int | None) -> None:
        self.article.set_candidate(None)
        self._show_selected()
        other = self.article_model.other(span_id)
        if other is not None:  # another analyst's: shown, not edited
            who = other.annotator or "an unnamed analyst"
            words = " ".join(self.article.words_of(other).split())
            self.say(
                f"{other.label} “{words[:60]}” by {who} — read-only (you edit {self.analyst}'s)",
                10_000,
            )

    def toggle_others(self) -> None:
        """Show or hide the other analysts' spans (read-only either way)."""
        shown = not self.article.others_shown()
        self.article.set_others_shown(shown)
        names = ", ".join(n or "unnamed" for n in self.article_model.other_analysts())
        if not shown:
            self.say("Other analysts' spans hidden (O shows them).")
        elif names:
            self.say(f"Showing the spans of {names}, read-only (O hides them).")
        else:
            self.say("No other analyst has labelled this article.")

    def _show_selected(self, _span_id: int | None = None) -> None:
        """The panel shows the span selected in the article (and its attributes)."""
        self.panel.select(self.editor.selected())

    def _span_menu(self, span_id: int, where: QPoint) -> None:
        span = self.editor.selected()
        if span is not None:
            span_menu(self.editor, span, self).exec(where)

    def _link_popup(self, source_id: int, claim_id: int, where: QPoint) -> None:
        """After a Ctrl-drag between spans: pick the stance (non-blocking popup)."""
        self.link_menu = link_menu(self.editor, source_id, claim_id, self)
        self.link_menu.popup(where)

    def jump_to_span(self, span_id: int) -> None:
        """Select a span and scroll the article to it."""
        self.article.select_span(span_id)
        self.panel.select(self.editor.selected())
        self.article.setFocus()

    def _on_command(self, command: Command, what: str, changes: Changes) -> None:
        """The store changed: each view re-reads what the change set names.

        Undo that reaches another article opens it (read whole, with the change).
        """
        claims_only = changes.claims and not (changes.spans or changes.relations)
        if command.doc_id != self.current_doc and command.doc_id and not claims_only:
            self.document_list.select(command.doc_id)
            if command.doc_id != self.current_doc:
                self.open_document(command.doc_id)
        else:
            self.article_model.apply(changes)
        self.panel.select(self.editor.selected())
        self.documents.apply(changes)
        if self.stances_view is not None:
            self.stances_view.apply(changes)
        self._update_undo_actions()
        if changes.status:
            self._update_status()
        if what != "do":
            self.say(f"{what.capitalize()}: {command.text}")
        else:  # every edit says what it did; a stale hint goes
            self.say(describe(command, self.article_model))

    def undo(self) -> None:
        if self.history.undo() is None:
            self.say("Nothing to undo.")

    def redo(self) -> None:
        if self.history.redo() is None:
            self.say("Nothing to redo.")

    def _update_undo_actions(self) -> None:
        undo, redo = self.history.next_undo(), self.history.next_redo()
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setEnabled(redo is not None)
        self.undo_action.setText(f"&Undo {menu_text(undo.text)}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {menu_text(redo.text)}" if redo else "&Redo")

    # -- the rest ----------------------------------------------------------------------------

    def _title(self, what: str) -> str:
        """Window title: the article, the app's version and the spaCy pipeline in use."""
        model = f" · {self.model_label}" if self.model_label else ""
        return title_text(f"{what} — annotator {__version__}{model}")

    def say(self, message: str, ms: int = 5000) -> None:
        """A short message in the status bar."""
        self.status_bar.say(message, ms)

    def _update_status(self) -> None:
        # documents marked done last (the store has no count by one analyst's status yet)
        done = self.store.count_documents(status=Status.DONE)
        row = self.documents.row_of(self.current_doc) if self.current_doc is not None else None
        self.status_bar.show_position(row, self.documents.total(), done, self.analyst)

    def show_stances(self) -> None:
        """The corpus-wide table of who says what."""
        if self.stances_view is None:
            from annotator.ui.stance_table import WhoSaysWhat

            self.stances_view = WhoSaysWhat(self.store, self)
            self.stances_view.jump.connect(self.jump_to)
            self.stances_view.track.connect(self._track_from_stances)
        self.stances_view.show_current()

    def jump_to(self, doc_id: int, span_id: int) -> None:
        """Open an article and select one of its spans."""
        if self.documents.row_of(doc_id) is None:  # filtered out of the list: show everything
            self.document_list.show_all()
            self._apply_filter()
        self.open_document(doc_id)
        self.jump_to_span(span_id)
        self.activateWindow()

    def _track_from_stances(self, span_id: int) -> None:
        from annotator.ui.claims_view import track_from_stances  # loaded when first used

        track_from_stances(self, span_id)

    def show_export(self) -> None:
        """File > Export…"""
        from annotator.ui.export_dialog import ExportDialog  # loaded when first asked for

        ExportDialog(self.store, self).exec()

    def show_help(self) -> None:
        """The shortcut overlay."""
        HelpOverlay(self.menuBar(), self).exec()

    def about_box(self) -> QMessageBox:
        """Help > About: version, pipeline and project file (escaped: a path is data, not HTML)."""
        return about_box(self, self.model_label, str(self.store.path))

    def show_about(self) -> None:
        self.about_box().exec()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The panel grows with a wide window (the article keeps its measure, see ArticleView)."""
        super().resizeEvent(event)
        dock = getattr(self, "panel_dock", None)
        if dock is not None and event.oldSize().width() != event.size().width():
            width = max(PANEL_WIDTH, int(event.size().width() * PANEL_SHARE))
            self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:  # a window may be closed twice (by the user, then by Qt)
            self._write_first_settings()  # closed before its first paint
            self._closed = True
            self.document_list.search_timer.stop()
            self._remember_position()
            self.preannotator.shutdown()
            self.background.languages.shutdown()  # #17: the languages' own entity jobs
            self.suggester.shutdown()
            self.learning.shutdown()
        super().closeEvent(event)


def default_size(available: QSize) -> QSize:
    """1400×820 where the screen has room, else the screen's available area less a margin.

    A 1366×768 laptop has about 1366×728 available: 1400×820 hid the status bar.
    """
    return QSize(
        max(800, min(1400, available.width() - 16)), max(560, min(820, available.height() - 40))
    )
