"""Editing an article's language in the workbench, and what follows from it.

Edit > Set article language… pushes a ``SetLanguage`` command (undoable); when
that command (or its undo) changes a document's metadata, the list's Lang column,
the open article's token snapping, its entity highlights (the language's own
model) and its attribution proposals (the language's suggester) follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.core import language
from annotator.core.changes import Changes
from annotator.core.document_commands import SetLanguage

if TYPE_CHECKING:
    from annotator.core.commands import Command
    from annotator.ui.language_dialog import LanguageDialog  # loads when first asked
    from annotator.ui.main_window import MainWindow


class LanguageEditing(QObject):
    """Owns the language dialog of one window and follows language edits."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: LanguageDialog | None = None
        window.history.subscribe(self._on_command)

    def ask(self) -> LanguageDialog | None:
        """Open the dialog for the open article (non-blocking); None when none is open."""
        window = self._window
        doc_id = window.current_doc
        if doc_id is None:
            window.say("Open an article first to set its language.")
            return None
        model = window.article_model
        from annotator.ui.language_dialog import LanguageDialog

        self.dialog = LanguageDialog(model.language, model.title, window)
        self.dialog.chosen.connect(lambda code: self.set_language(doc_id, code))
        self.dialog.open()
        return self.dialog

    def set_language(self, doc_id: int, code: str) -> None:
        """Make ``code`` the document's language, as one undoable edit."""
        if doc_id == self._window.current_doc and code == self._window.article_model.language:
            self._window.say(f"This article is already in {language.name(code)}.")
            return
        self._window.history.push(SetLanguage(doc_id, code))  # type: ignore[arg-type]

    def _on_command(self, command: Command, what: str, changes: Changes) -> None:
        """After the window's own listener (which opened the article an undo reached)."""
        if not changes.meta:
            return
        window = self._window
        for doc_id in sorted(changes.meta):
            # the list keeps each row's language once read: read this one again
            getattr(window.documents, "_languages", {}).pop(doc_id, None)
            window.documents.refresh_row(doc_id)
        doc_id = window.current_doc
        if doc_id is None or doc_id not in changes.meta:
            return
        model = window.article_model
        doc = window.store.document(doc_id)
        model.language = language.of_document(doc.meta, doc.text)
        window.article.set_language(model.language)
        window.background.language_changed(doc_id)
        if what == "do":
            window.say(f"This article is now in {language.name(model.language)} — Ctrl+Z undoes")
