"""Spans and relations in the project file: the analyst's own annotations."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from annotator.core.model import Relation, Span
from annotator.store.rows import now

SPAN_COLUMNS = 'id, label, start, "end", fragments, attributes, annotator'
RELATION_COLUMNS = "id, label, source_span_id, claim_span_id, cue_span_id, attributes, annotator"


def span_from_row(r: tuple[Any, ...]) -> Span:
    """A Span from a row selected with ``SPAN_COLUMNS``."""
    return Span(
        id=r[0],
        label=r[1],
        start=r[2],
        end=r[3],
        fragments=[tuple(f) for f in json.loads(r[4])] if r[4] else None,
        attributes=json.loads(r[5]),
        annotator=r[6],
    )


def relation_from_row(r: tuple[Any, ...]) -> Relation:
    """A Relation from a row selected with ``RELATION_COLUMNS``."""
    return Relation(
        id=r[0],
        label=r[1],
        source=r[2],
        claim=r[3],
        cue=r[4],
        attributes=json.loads(r[5]),
        annotator=r[6],
    )


class AnnotationStore:
    """Reads and writes spans and STANCE relations; mixed into ``Store``."""

    db: sqlite_utils.Database

    def _insert_annotations(
        self, doc_id: int, spans: list[Span], relations: list[Relation], stamp: str
    ) -> None:
        conn = self.db.conn
        span_ids = [self._insert_span(doc_id, span, stamp) for span in spans]
        for rel in relations:

            def sid(index: int | None) -> int | None:
                return None if index is None else span_ids[index]

            conn.execute(
                "INSERT INTO relations (doc_id, label, source_span_id, claim_span_id,"
                " cue_span_id, attributes, annotator, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id,
                    rel.label,
                    sid(rel.source),
                    sid(rel.claim),
                    sid(rel.cue),
                    json.dumps(rel.attributes, ensure_ascii=False),
                    rel.annotator,
                    stamp,
                    stamp,
                ),
            )

    def _insert_span(self, doc_id: int, span: Span, stamp: str) -> int:
        fragments = json.dumps(span.fragments) if span.fragments else None
        cur = self.db.conn.execute(
            'INSERT INTO spans (id, doc_id, label, start, "end", fragments, attributes, annotator,'
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                span.id,
                doc_id,
                span.label,
                span.start,
                span.end,
                fragments,
                json.dumps(span.attributes, ensure_ascii=False),
                span.annotator,
                stamp,
                stamp,
            ),
        )
        return int(cur.lastrowid or 0)

    def spans(self, doc_id: int) -> list[Span]:
        """The analyst's spans on a document, in text order."""
        rows = self.db.execute(
            f'SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ? ORDER BY start, "end" DESC, id',
            [doc_id],
        )
        return [span_from_row(r) for r in rows]

    def relations(self, doc_id: int) -> list[Relation]:
        """The STANCE relations on a document; span fields hold store ids."""
        rows = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ? ORDER BY id", [doc_id]
        )
        return [relation_from_row(r) for r in rows]

    def add_span(self, doc_id: int, span: Span) -> int:
        """Store one span in its own transaction and return its id.

        A span that carries an id (an undone deletion being redone) keeps it.
        """
        with self.db.atomic():
            return self._insert_span(doc_id, span, now())

    def span(self, span_id: int) -> tuple[int, Span]:
        """(document id, span) for one stored span; ``KeyError`` when there is none."""
        row = self.db.execute(
            f"SELECT doc_id, {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        if row is None:
            raise KeyError(span_id)
        return row[0], span_from_row(row[1:])

    def relations_touching(self, span_id: int) -> list[Relation]:
        """Relations in which this span is the source, the claim or the cue."""
        rows = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations"
            " WHERE ? IN (source_span_id, claim_span_id, cue_span_id) ORDER BY id",
            [span_id],
        )
        return [relation_from_row(r) for r in rows]

    def delete_span(self, span_id: int) -> None:
        """Delete a span: relations it is source or claim of go too; as a cue it is unlinked."""
        with self.db.atomic():
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])

    def restore_span(self, doc_id: int, span: Span, relations: list[Relation]) -> None:
        """Put back a deleted span with its id and the relations it had, in one transaction."""
        stamp = now()
        with self.db.atomic():
            self._insert_span(doc_id, span, stamp)
            for rel in relations:
                self.db.conn.execute(
                    "INSERT OR REPLACE INTO relations (id, doc_id, label, source_span_id,"
                    " claim_span_id, cue_span_id, attributes, annotator, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        rel.id,
                        doc_id,
                        rel.label,
                        rel.source,
                        rel.claim,
                        rel.cue,
                        json.dumps(rel.attributes, ensure_ascii=False),
                        rel.annotator,
                        stamp,
                        stamp,
                    ),
                )

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        start: int | None = None,
        end: int | None = None,
        attributes: dict[str, Any] | None = None,
    ) -> None:
        """Change a span's label, bounds or attributes, in one transaction."""
        fields: list[str] = []
        params: list[Any] = []
        for column, value in (("label", label), ("start", start), ('"end"', end)):
            if value is not None:
                fields.append(f"{column} = ?")
                params.append(value)
        if attributes is not None:
            fields.append("attributes = ?")
            params.append(json.dumps(attributes, ensure_ascii=False))
        if not fields:
            return
        with self.db.atomic():
            self.db.execute(
                f"UPDATE spans SET {', '.join(fields)}, updated_at = ? WHERE id = ?",
                [*params, now(), span_id],
            )

    def add_relation(self, doc_id: int, relation: Relation) -> int:
        """Store one relation in its own transaction; a relation with an id keeps it (redo)."""
        stamp = now()
        with self.db.atomic():
            cur = self.db.conn.execute(
                "INSERT INTO relations (id, doc_id, label, source_span_id, claim_span_id,"
                " cue_span_id, attributes, annotator, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    relation.id,
                    doc_id,
                    relation.label,
                    relation.source,
                    relation.claim,
                    relation.cue,
                    json.dumps(relation.attributes, ensure_ascii=False),
                    relation.annotator,
                    stamp,
                    stamp,
                ),
            )
            return int(cur.lastrowid or 0)

    def relation(self, relation_id: int) -> Relation:
        """One stored relation; ``KeyError`` when there is none."""
        row = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]
        ).fetchone()
        if row is None:
            raise KeyError(relation_id)
        return relation_from_row(row)

    def delete_relation(self, relation_id: int) -> None:
        """Delete one relation (its spans stay)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM relations WHERE id = ?", [relation_id])

    def update_relation(
        self, relation_id: int, *, label: str | None = None, cue: int | bool | None = False
    ) -> None:
        """Change a relation's label, or its cue (``cue=None`` unlinks; False leaves it)."""
        fields, params = [], []
        if label is not None:
            fields.append("label = ?")
            params.append(label)
        if cue is not False:
            fields.append("cue_span_id = ?")
            params.append(cue)
        if not fields:
            return
        with self.db.atomic():
            self.db.execute(
                f"UPDATE relations SET {', '.join(fields)}, updated_at = ? WHERE id = ?",
                [*params, now(), relation_id],
            )

    def stance_rows(self, doc_id: int | None = None) -> list[dict[str, Any]]:
        """Every stance in the corpus (or one document) with the texts of its parts."""
        sql = """
            SELECT r.id, r.label, r.annotator, d.id, d.title,
                   c.id, substr(d.text, c.start + 1, c."end" - c.start),
                   s.id, substr(d.text, s.start + 1, s."end" - s.start), s.attributes,
                   substr(d.text, u.start + 1, u."end" - u.start), c.attributes
            FROM relations r
            JOIN documents d ON d.id = r.doc_id
            JOIN spans c ON c.id = r.claim_span_id
            LEFT JOIN spans s ON s.id = r.source_span_id
            LEFT JOIN spans u ON u.id = r.cue_span_id
            WHERE ? IS NULL OR r.doc_id = ?
            ORDER BY d.id, c.start, s.start"""
        rows = []
        for r in self.db.execute(sql, [doc_id, doc_id]):
            source_attributes = json.loads(r[9]) if r[9] else {}
            rows.append(
                {
                    "relation_id": r[0],
                    "stance": r[1],
                    "annotator": r[2],
                    "doc_id": r[3],
                    "article": r[4],
                    "claim_id": r[5],
                    "claim": r[6],
                    "source_id": r[7],
                    "source": r[8] or "",
                    "source_type": source_attributes.get("source_type", ""),
                    "cue": r[10] or "",
                    "claim_attributes": json.loads(r[11]) if r[11] else {},
                }
            )
        return rows
