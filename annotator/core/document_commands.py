"""Edits to a document itself rather than to its spans: its language.

Like every edit these are commands (``do``/``undo`` return a ``Changes``), so the
analyst who corrects a guessed language can take it back with Ctrl+Z; the change
set names the document under ``meta`` and the views re-read what hangs on it.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.changes import Changes
from annotator.core.language import name


class LanguageStore(Protocol):
    """What ``SetLanguage`` needs from the store."""

    def meta_language(self, doc_id: int) -> str | None: ...
    def set_meta_language(self, doc_id: int, code: str | None) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...


def _changed(doc_id: int) -> Changes:
    return Changes(documents=frozenset({doc_id}), meta=frozenset({doc_id}))


@dataclass
class SetLanguage:
    """Set a document's language (an ISO 639-1 code) in its metadata; undo puts back what
    the metadata held before (nothing, when the language was guessed from the script)."""

    doc_id: int
    code: str
    text: str = ""
    _before: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.text = self.text or f"set the language to {name(self.code)}"

    def do(self, store: LanguageStore) -> Changes:
        self._before = store.meta_language(self.doc_id)
        store.set_meta_language(self.doc_id, self.code)
        return _changed(self.doc_id)

    def undo(self, store: LanguageStore) -> Changes:
        store.set_meta_language(self.doc_id, self._before)
        return _changed(self.doc_id)
