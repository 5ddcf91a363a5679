"""The store's side of merging another project's annotations (``annotator merge``).

A field file's documents arrive as ``FieldDocument`` values (read by
``annotator.teams.fieldfile``); ``MergeStore.merge_documents`` applies one file's
documents inside the caller's transaction. Identities are lasting: a span or stance is
the same one when its ``uid`` is, and then the newer edit (``updated_at``; on a tie the
larger content, so that the outcome never depends on the order of the files) wins. When
both versions are edits (``updated_at`` after ``created_at``), the one that lost is kept
in ``merge_conflicts``. A deletion carried from the field removes the annotation here and
is recorded, so an older copy merged later cannot bring it back (an edit newer than the
deletion does, and the deletion is then the conflict).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from annotator.store.document_merge import BaseLayers, DocumentMerge, Row, Writes
from annotator.store.field_values import (
    DELETED,
    Content,
    FieldDeletion,
    FieldDocument,
    FieldRelation,
    FieldSpan,
    MergeConflict,
    MergeCounts,
    content_json,
)
from annotator.store.pending_imports import visible
from annotator.store.rows import now

if TYPE_CHECKING:
    from annotator.store.database import Database

__all__ = [
    "DELETED",
    "Content",
    "FieldDeletion",
    "FieldDocument",
    "FieldRelation",
    "FieldSpan",
    "MergeConflict",
    "MergeCounts",
    "MergeStore",
    "content_json",
]


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class MergeStore:
    """Applies field files' documents; mixed into ``Store``."""

    db: Database

    def merge_conflicts(self, doc_id: int | None = None) -> list[MergeConflict]:
        """The edits that lost a merge (one document's, or all), oldest first."""
        rows = self.db.execute(
            "SELECT id, uid, kind, doc_id, annotator, kept, kept_at, lost, lost_at, found_in,"
            " found_at FROM merge_conflicts WHERE ?1 IS NULL OR doc_id = ?1 ORDER BY id",
            [doc_id],
        )
        return [MergeConflict(*r) for r in rows]

    def span_places(
        self, doc_ids: list[int], labels: list[str]
    ) -> dict[int, list[tuple[int, str, str, int, int, str | None]]]:
        """(id, analyst, label, start, end, fragments JSON) of the spans with these labels on
        these documents, by document: what agreement figures need, in one query per 500
        documents and without reading attributes."""
        out: dict[int, list[tuple[int, str, str, int, int, str | None]]] = {d: [] for d in doc_ids}
        label_marks = ",".join("?" * len(labels))
        for chunk in _chunks(doc_ids):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                'SELECT doc_id, id, annotator, label, start, "end", fragments FROM spans'
                f" WHERE doc_id IN ({marks}) AND label IN ({label_marks})",
                [*chunk, *labels],
            ):
                out[r[0]].append(r[1:])
        return out

    def stance_links(
        self, doc_ids: list[int]
    ) -> dict[int, list[tuple[int, str, str, int | None, int, int | None]]]:
        """(id, analyst, label, source, claim, cue span ids) of the stances on these
        documents, by document, without reading attributes."""
        out: dict[int, list[tuple[int, str, str, int | None, int, int | None]]] = {
            d: [] for d in doc_ids
        }
        for chunk in _chunks(doc_ids):
            marks = ",".join("?" * len(chunk))
            for r in self.db.execute(
                "SELECT doc_id, id, annotator, label, source_span_id, claim_span_id, cue_span_id"
                f" FROM relations WHERE doc_id IN ({marks}) ORDER BY id",
                chunk,
            ):
                out[r[0]].append(r[1:])
        return out

    def titles_and_texts(self, doc_ids: list[int]) -> dict[int, tuple[str, str]]:
        """(title, text) of these documents, in one query per 500."""
        out: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(doc_ids):
            marks = ",".join("?" * len(chunk))
            for doc_id, title, text in self.db.execute(
                f"SELECT id, title, text FROM documents WHERE id IN ({marks})", chunk
            ):
                out[doc_id] = (title, text)
        return out

    def analyst_statuses(self, doc_ids: list[int]) -> dict[int, dict[str, str]]:
        """Each analyst's status on these documents, by document."""
        out: dict[int, dict[str, str]] = {d: {} for d in doc_ids}
        for chunk in _chunks(doc_ids):
            marks = ",".join("?" * len(chunk))
            for doc_id, name, value in self.db.execute(
                f"SELECT doc_id, annotator, status FROM document_status WHERE doc_id IN ({marks})",
                chunk,
            ):
                out[doc_id][name] = value
        return out

    def merge_documents(
        self, docs: list[FieldDocument], found_in: str, stamp: str | None = None
    ) -> MergeCounts:
        """Apply one field file's documents (all of them, or one batch); call inside
        ``transaction()``. ``stamp``: the time the file was found (one for all its batches).

        Documents are matched by content hash (the stored copy with the same metadata,
        else the oldest); a text the base lacks becomes a new document.
        """
        counts = MergeCounts()
        ids = self._merge_targets(docs, counts)
        base = self._base_layers(ids, docs)
        writes = Writes()
        next_span = self._next_row_id("spans")
        next_relation = self._next_row_id("relations")
        stamp = stamp or now()
        for doc_id, doc in zip(ids, docs, strict=True):
            merge = DocumentMerge(doc_id, doc, base[doc_id], writes, found_in, stamp)
            if merge.deleted:
                counts.deleted += merge.deleted
                counts.updated_documents.add(doc_id)
            next_span = merge.spans(next_span, counts)
            next_relation = merge.relations(next_relation, counts)
            merge.statuses(counts)
        self._run(writes, counts)
        return counts

    # -- reading the base ---------------------------------------------------------

    def _merge_targets(self, docs: list[FieldDocument], counts: MergeCounts) -> list[int]:
        """The base document of each field document; missing texts are stored now."""
        meta_json = [json.dumps(d.meta, ensure_ascii=False, sort_keys=True) for d in docs]
        stored: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for chunk in _chunks(sorted({d.content_hash for d in docs})):
            marks = ",".join("?" * len(chunk))
            for digest, doc_id, meta in self.db.execute(
                f"SELECT content_hash, id, meta FROM documents WHERE content_hash IN ({marks})"
                f" AND {visible('id')} ORDER BY id",  # not another import's hidden rows
                chunk,
            ):
                stored[digest].append((doc_id, meta))
        ids: list[int] = []
        for doc, meta in zip(docs, meta_json, strict=True):
            copies = stored[doc.content_hash]
            if not copies:
                stamp = now()
                cur = self.db.execute(
                    "INSERT INTO documents (content_hash, title, text, origin, meta, status,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'new', ?, ?)",
                    [doc.content_hash, doc.title, doc.text, doc.origin, meta, stamp, stamp],
                )
                copies.append((int(cur.lastrowid or 0), meta))
                counts.new_ids.add(copies[-1][0])
            ids.append(next((i for i, m in copies if m == meta), copies[0][0]))
        return ids

    def _base_layers(self, ids: list[int], docs: list[FieldDocument]) -> dict[int, BaseLayers]:
        """What the base holds that these field documents may touch.

        Annotations are looked up by uid (one indexed query per 500); a document that
        brings annotations without uids (another tool's export) needs its whole layer, to
        match them by label and place. A uid the base uses in another document is noted
        in ``elsewhere``, and such an annotation is left out rather than taken over.
        """
        base: dict[int, BaseLayers] = {doc_id: BaseLayers() for doc_id in ids}
        elsewhere: set[str] = set()
        for item in base.values():
            item.elsewhere = elsewhere
        uids: set[str] = set()
        whole: set[int] = set()
        for doc_id, doc in zip(ids, docs, strict=True):
            items = [*doc.spans, *doc.relations]
            uids.update(x.uid for x in items if x.uid)
            uids.update(d.uid for d in doc.deletions)
            if any(not x.uid for x in items):
                whole.add(doc_id)
        by_uid = sorted(uids)
        by_doc = sorted(whole)
        for where, params in [("s.uid", c) for c in _chunks(by_uid)] + [
            ("s.doc_id", c) for c in _chunks(by_doc)
        ]:
            self._load_spans(base, elsewhere, where, params)
        for where, params in [("r.uid", c) for c in _chunks(by_uid)] + [
            ("r.doc_id", c) for c in _chunks(by_doc)
        ]:
            self._load_relations(base, elsewhere, where, params)
        for where, params in [("uid", c) for c in _chunks(by_uid)] + [
            ("doc_id", c) for c in _chunks(by_doc)
        ]:
            marks = ",".join("?" * len(params))
            for doc_id, uid, deleted_at in self.db.execute(
                f"SELECT doc_id, uid, deleted_at FROM deletions WHERE {where} IN ({marks})", params
            ):
                if doc_id in base:
                    base[doc_id].deletions[uid] = deleted_at
        for chunk in _chunks(sorted(base)):
            marks = ",".join("?" * len(chunk))
            for doc_id, name, value, stamp in self.db.execute(
                "SELECT doc_id, annotator, status, updated_at FROM document_status"
                f" WHERE doc_id IN ({marks})",
                chunk,
            ):
                base[doc_id].statuses[name] = (value, stamp)
        return base

    def _load_spans(
        self, base: dict[int, BaseLayers], elsewhere: set[str], where: str, params: list[Any]
    ) -> None:
        marks = ",".join("?" * len(params))
        for r in self.db.execute(
            'SELECT s.doc_id, s.id, s.uid, s.label, s.start, s."end", s.fragments, s.attributes,'
            f" s.annotator, s.created_at, s.updated_at FROM spans s WHERE {where} IN ({marks})",
            params,
        ):
            if r[0] not in base:
                elsewhere.add(r[2])
                continue
            content = (r[3], r[4], r[5], r[6] or "", r[7])
            key = (r[3], r[4], r[5], r[6] or "", r[8])
            base[r[0]].spans[r[2]] = Row(r[1], r[2], r[8], content, r[9], r[10], key)

    def _load_relations(
        self, base: dict[int, BaseLayers], elsewhere: set[str], where: str, params: list[Any]
    ) -> None:
        marks = ",".join("?" * len(params))
        for r in self.db.execute(
            "SELECT r.doc_id, r.id, r.uid, r.label, s.uid, c.uid, u.uid, r.attributes,"
            " r.annotator, r.created_at, r.updated_at FROM relations r"
            " LEFT JOIN spans s ON s.id = r.source_span_id"
            " LEFT JOIN spans c ON c.id = r.claim_span_id"
            f" LEFT JOIN spans u ON u.id = r.cue_span_id WHERE {where} IN ({marks})",
            params,
        ):
            if r[0] not in base:
                elsewhere.add(r[2])
                continue
            content = (r[3], r[4] or "", r[5] or "", r[6] or "", r[7])
            key = (r[3], r[4], r[5], r[6], r[8])
            base[r[0]].relations[r[2]] = Row(r[1], r[2], r[8], content, r[9], r[10], key)

    def _next_row_id(self, table: str) -> int:
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", [table]).fetchone()
        return (row[0] if row else 0) + 1

    # -- writing -----------------------------------------------------------------

    def _run(self, w: Writes, counts: MergeCounts) -> None:
        run = self.db.conn.executemany
        run(
            "INSERT INTO deletions (uid, kind, doc_id, annotator, deleted_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET deleted_at ="
            " max(deleted_at, excluded.deleted_at)",
            w.deletions,
        )
        run(  # the stances a deleted span took with it are deleted too, and recorded
            "INSERT OR IGNORE INTO deletions (uid, kind, doc_id, annotator, deleted_at)"
            " SELECT uid, 'relation', doc_id, annotator, ? FROM relations"
            " WHERE ? IN (source_span_id, claim_span_id)",
            w.span_deletions,
        )
        run("DELETE FROM relations WHERE id = ?", w.delete_relations)
        run("DELETE FROM spans WHERE id = ?", w.delete_spans)
        run("DELETE FROM deletions WHERE uid = ?", w.undelete)
        run(
            'UPDATE spans SET label = ?, start = ?, "end" = ?, fragments = ?, attributes = ?,'
            " updated_at = ? WHERE id = ?",
            w.span_updates,
        )
        run(
            'INSERT INTO spans (id, doc_id, label, start, "end", fragments, attributes,'
            " annotator, created_at, updated_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            w.span_inserts,
        )
        run(
            "UPDATE relations SET label = ?, source_span_id = ?, claim_span_id = ?,"
            " cue_span_id = ?, attributes = ?, updated_at = ? WHERE id = ?",
            w.relation_updates,
        )
        run(
            "INSERT INTO relations (id, doc_id, label, source_span_id, claim_span_id,"
            " cue_span_id, attributes, annotator, created_at, updated_at, uid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            w.relation_inserts,
        )
        run(
            "INSERT INTO document_status (doc_id, annotator, status, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(doc_id, annotator) DO UPDATE"
            " SET status = excluded.status, updated_at = excluded.updated_at",
            w.statuses,
        )
        # documents.status is the status set last by anyone (ties: the larger name's)
        run(
            "UPDATE documents SET status = (SELECT status FROM document_status"
            " WHERE doc_id = documents.id ORDER BY updated_at DESC, annotator DESC LIMIT 1)"
            " WHERE id = ?",
            sorted({(s[0],) for s in w.statuses}),
        )
        for row in w.conflicts:
            cur = self.db.execute(
                "INSERT OR IGNORE INTO merge_conflicts (uid, kind, doc_id, annotator, kept,"
                " kept_at, lost, lost_at, found_in, found_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            counts.conflicts += cur.rowcount
