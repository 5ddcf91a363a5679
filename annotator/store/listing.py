"""Windows of the document list: ids a page at a time, and where one document stands.

The documents table holds the texts, so a scan of it reads the whole corpus (gigabytes
at a million articles). These queries read only an index: ``documents_order`` (the ids
alone, schema 7) without a filter, ``documents_status`` with a status filter, the search
index's own rowid order for a search (a word in most of a million documents is a page of
the index, not 900,000 ids read and sorted). Rows of an import in flight are left out by
their ids alone (``pending_imports.visible``), so no query leaves its index for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from annotator.store.pending_imports import and_visible, visible

if TYPE_CHECKING:
    from annotator.store.database import Database


class ListingStore:
    """Paged reads for the document list (mixed into ``Store``)."""

    db: Database

    def _where(
        self, status: str | None, query: str | None, annotator: str | None = None
    ) -> tuple[str, list[Any]]:
        raise NotImplementedError  # Store's

    def _listing(
        self, status: str | None, annotator: str | None, query: str | None = None
    ) -> tuple[str, list[Any], str]:
        """FROM and WHERE for the filtered list, and the id column to order and compare by."""
        where, params = self._where(status, None, annotator)
        if query and query.strip():
            from annotator.store.store import fts_query

            match = [fts_query(query)]
            shown = visible("f.rowid")  # ids alone: the search index stays the outer loop
            if not where:  # the search index alone: its rowids are the documents' ids
                return f"documents_fts f WHERE documents_fts MATCH ? AND {shown}", match, "f.rowid"
            # CROSS JOIN keeps the search index the outer loop (in its rowid order, so a
            # page stops early); left to itself SQLite walked the status index and ran
            # the MATCH once per document
            source = f"documents_fts f CROSS JOIN documents d ON d.id = f.rowid{where}"
            return f"{source} AND documents_fts MATCH ? AND {shown}", [*params, *match], "f.rowid"
        source = "documents d" if where else "documents d INDEXED BY documents_order"
        return f"{source}{and_visible(where, 'd.id')}", params, "d.id"

    def id_window(
        self,
        offset: int,
        limit: int,
        status: str | None = None,
        annotator: str | None = None,
        query: str | None = None,
    ) -> list[int]:
        """The ids at positions ``offset`` .. ``offset + limit`` of the filtered list."""
        source, params, key = self._listing(status, annotator, query)
        sql = f"SELECT {key} FROM {source} ORDER BY {key} LIMIT ? OFFSET ?"
        return [row[0] for row in self.db.execute(sql, [*params, limit, offset])]

    def position(
        self,
        doc_id: int,
        status: str | None = None,
        annotator: str | None = None,
        query: str | None = None,
    ) -> int | None:
        """The row of ``doc_id`` in the filtered list, or None when the filter hides it."""
        source, params, key = self._listing(status, annotator, query)
        joiner = " AND " if " WHERE " in source else " WHERE "
        shown = self.db.execute(
            f"SELECT 1 FROM {source}{joiner}{key} = ?", [*params, doc_id]
        ).fetchone()
        if shown is None:
            return None
        before = self.db.execute(
            f"SELECT count(*) FROM {source}{joiner}{key} < ?", [*params, doc_id]
        ).fetchone()
        return int(before[0])

    def listed_count(
        self, status: str | None = None, annotator: str | None = None, query: str | None = None
    ) -> int:
        """How many documents the filtered list holds (from an index, not the table)."""
        source, params, _ = self._listing(status, annotator, query)
        return int(self.db.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0])
