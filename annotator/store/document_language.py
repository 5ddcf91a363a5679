"""A document's language as the analyst sets it, and the settings kept per language.

The language lives in the document's metadata (``meta["language"]``, as the
importers store it), so every reader of the metadata (the list's Lang column, the
exporters, the entity job) sees the analyst's choice without knowing about it.
Settings per language (``nlp.model.ar``, ``nlp.suggester.ar``) are found by prefix.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from annotator.store.rows import now

if TYPE_CHECKING:
    from annotator.store.database import Database


class DocumentLanguageStore:
    """Reads and writes a document's language and the per-language settings; mixed into
    ``Store``."""

    db: Database

    def meta_language(self, doc_id: int) -> str | None:
        """The ``language`` the document's metadata holds as stored (None: none is set);
        ``KeyError`` when there is no such document."""
        row = self.db.execute("SELECT meta FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise KeyError(doc_id)
        value = json.loads(row[0] or "{}").get("language")
        return value if isinstance(value, str) else None

    def set_meta_language(self, doc_id: int, code: str | None) -> None:
        """Keep ``code`` as the document's language (None: remove the key, so the language
        is guessed again from the script or a ``lang`` key), in one transaction."""
        with self.db.atomic():
            row = self.db.execute("SELECT meta FROM documents WHERE id = ?", [doc_id]).fetchone()
            if row is None:
                raise KeyError(doc_id)
            meta = json.loads(row[0] or "{}")
            if code is None:
                meta.pop("language", None)
            else:
                meta["language"] = code
            self.db.execute(
                "UPDATE documents SET meta = ?, updated_at = ? WHERE id = ?",
                [json.dumps(meta, ensure_ascii=False, sort_keys=True), now(), doc_id],
            )

    def settings_with_prefix(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with ``prefix`` (``nlp.model.``: the languages'
        models), by key."""
        rows = self.db.execute(
            "SELECT key, value FROM settings WHERE substr(key, 1, ?) = ? ORDER BY key",
            [len(prefix), prefix],
        )
        return {key: value for key, value in rows if value}
