"""Windows of the document list: ids a page at a time, and where one document stands.

The documents table holds the texts, so a scan of it reads the whole corpus (gigabytes
at a million articles). These queries read only an index: ``documents_order`` (the ids
alone, schema 7) without a filter, ``documents_status`` with a status filter.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils


class ListingStore:
    """Paged reads for the document list (mixed into ``Store``)."""

    db: sqlite_utils.Database

    def _where(
        self, status: str | None, query: str | None, annotator: str | None = None
    ) -> tuple[str, list[Any]]:
        raise NotImplementedError  # Store's

    def _listing(self, status: str | None, annotator: str | None) -> tuple[str, list[Any]]:
        """FROM and WHERE over ``documents d`` for a status filter (no search: a search's
        ids are few enough to read at once, see ``document_ids``)."""
        where, params = self._where(status, None, annotator)
        source = "documents d" if where else "documents d INDEXED BY documents_order"
        return f"{source}{where}", params

    def id_window(
        self, offset: int, limit: int, status: str | None = None, annotator: str | None = None
    ) -> list[int]:
        """The ids at positions ``offset`` .. ``offset + limit`` of the filtered list."""
        source, params = self._listing(status, annotator)
        sql = f"SELECT d.id FROM {source} ORDER BY d.id LIMIT ? OFFSET ?"
        return [row[0] for row in self.db.execute(sql, [*params, limit, offset])]

    def position(
        self, doc_id: int, status: str | None = None, annotator: str | None = None
    ) -> int | None:
        """The row of ``doc_id`` in the filtered list, or None when the filter hides it."""
        source, params = self._listing(status, annotator)
        joiner = " AND " if " WHERE " in source else " WHERE "
        shown = self.db.execute(
            f"SELECT 1 FROM {source}{joiner}d.id = ?", [*params, doc_id]
        ).fetchone()
        if shown is None:
            return None
        before = self.db.execute(
            f"SELECT count(*) FROM {source}{joiner}d.id < ?", [*params, doc_id]
        ).fetchone()
        return int(before[0])

    def listed_count(self, status: str | None = None, annotator: str | None = None) -> int:
        """How many documents the filtered list holds (from an index, not the table)."""
        source, params = self._listing(status, annotator)
        return int(self.db.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0])
