"""Spans and relations in the project file: each analyst's layer of annotations.

Every span and relation belongs to an analyst (``annotator``; "" for annotations
imported without one) and has a lasting ``uid`` made when it is first stored.
Deleting one leaves a row in ``deletions`` (so a span deleted in the field can be
told from one never made); putting it back (undo, redo) removes that row again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotator.core.model import MAX_UID_CHARS, Relation, Span, new_uid
from annotator.store.rows import Deletion, now

if TYPE_CHECKING:
    from annotator.store.database import Database

SPAN_COLUMNS = 'id, label, start, "end", fragments, attributes, annotator, uid'
RELATION_COLUMNS = (
    "id, label, source_span_id, claim_span_id, cue_span_id, attributes, annotator, uid"
)


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
        uid=r[7],
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
        uid=r[7],
    )


def span_key(span: Span) -> tuple[Any, ...]:
    """What makes two spans the same annotation when neither has a uid."""
    return (span.label, span.start, span.end, tuple(span.pieces()), span.annotator)


def _layer(annotator: str | None) -> tuple[str, list[Any]]:
    """An SQL condition (and its parameters) for one analyst's layer, or for all with None."""
    return ("", []) if annotator is None else (" AND annotator = ?", [annotator])


class AnnotationStore:
    """Reads and writes spans and STANCE relations; mixed into ``Store``."""

    db: Database

    def _insert_annotations(
        self, doc_id: int, spans: list[Span], relations: list[Relation], stamp: str
    ) -> tuple[int, int]:
        """Store a document's imported annotations; relations refer to spans by list index.

        Spans and relations whose uid another document already uses get a fresh one.
        Returns how many spans and relations were stored.
        """
        taken = self._taken_uids([*spans, *relations])
        span_ids = [self._insert_span(doc_id, span, stamp, taken) for span in spans]
        for rel in relations:

            def sid(index: int | None) -> int | None:
                return None if index is None else span_ids[index]

            stored = Relation(
                rel.label,
                sid(rel.source),
                sid(rel.claim),
                sid(rel.cue),
                attributes=rel.attributes,
                annotator=rel.annotator,
                uid=rel.uid,
            )
            self._insert_relation(doc_id, stored, stamp, taken)
            rel.uid = stored.uid
        return len(spans), len(relations)

    def _merge_annotations(
        self, doc_id: int, spans: list[Span], relations: list[Relation], stamp: str
    ) -> tuple[int, int, int]:
        """Add to a stored document the annotations it lacks; the same ones are not added twice.

        A span is already there when one with its uid is (anywhere in the document),
        else when one of the same layer has the same label and place (matched one to
        one, so two equal spans stay two). Relations likewise, by uid or by their label,
        analyst and spans. What its analyst deleted here (by uid) is not brought back.
        Returns (new analyst layers, spans added, relations added).
        """
        have_spans = self.spans(doc_id)
        have_relations = self.relations(doc_id)
        layers = {s.annotator for s in have_spans} | {r.annotator for r in have_relations}
        known = {s.uid for s in have_spans} | {r.uid for r in have_relations}
        known |= self._deleted_uids(doc_id)
        by_uid = {s.uid: s.id for s in have_spans}
        free: dict[tuple[Any, ...], list[int | None]] = defaultdict(list)
        for s in have_spans:
            free[span_key(s)].append(s.id)
        taken = self._taken_uids([*spans, *relations]) - known
        added: set[str] = set()
        added_spans = 0
        span_ids: list[int | None] = [None] * len(spans)
        for i, span in enumerate(spans):  # first by uid, so a key match cannot take them
            if span.uid and span.uid in known:
                found = span_ids[i] = by_uid.get(span.uid)  # None: its analyst deleted it
                if found in free[span_key(span)]:
                    free[span_key(span)].remove(found)
        for i, span in enumerate(spans):
            if span.uid and span.uid in known:
                continue
            if free[span_key(span)]:
                span_ids[i] = free[span_key(span)].pop(0)
            else:
                span_ids[i] = self._insert_span(doc_id, span, stamp, taken)
                added.add(span.annotator)
                added_spans += 1
        have_keys: dict[tuple[Any, ...], int] = defaultdict(int)
        for r in have_relations:
            have_keys[(r.label, r.source, r.claim, r.cue, r.annotator)] += 1
        added_relations = 0
        for rel in relations:
            if rel.uid and rel.uid in known:
                continue
            ids = [None if i is None else span_ids[i] for i in (rel.source, rel.claim, rel.cue)]
            if ids[1] is None or (rel.source is not None and ids[0] is None):
                continue  # a span it needs was deleted here
            key = (rel.label, ids[0], ids[1], ids[2], rel.annotator)
            if have_keys[key]:
                have_keys[key] -= 1
                continue
            stored = Relation(
                rel.label, ids[0], ids[1], ids[2], rel.attributes, rel.annotator, uid=rel.uid
            )
            self._insert_relation(doc_id, stored, stamp, taken)
            added.add(rel.annotator)
            added_relations += 1
        return len(added - layers), added_spans, added_relations

    def _taken_uids(self, items: Iterable[Span | Relation]) -> set[str]:
        """Which of these uids the store already uses (in any document)."""
        wanted = [x.uid for x in items if x.uid]
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for table in ("spans", "relations"):
                rows = self.db.execute(f"SELECT uid FROM {table} WHERE uid IN ({marks})", chunk)
                found.update(r[0] for r in rows)
        return found

    def _fresh_uid(self, item: Span | Relation, taken: set[str] | None) -> str:
        """The item's uid, or a new one when it has none, or one already used elsewhere."""
        uid = item.uid
        if not uid or len(uid) > MAX_UID_CHARS or (taken is not None and uid in taken):
            uid = new_uid()
        if taken is not None:
            taken.add(uid)
        item.uid = uid
        return uid

    def _insert_span(
        self, doc_id: int, span: Span, stamp: str, taken: set[str] | None = None
    ) -> int:
        """Insert one span (under its id, when it has one); a span with no uid gets one."""
        fragments = json.dumps(span.fragments) if span.fragments else None
        given = span.uid
        uid = self._fresh_uid(span, taken)
        cur = self.db.conn.execute(
            'INSERT INTO spans (id, doc_id, label, start, "end", fragments, attributes, annotator,'
            " created_at, updated_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                uid,
            ),
        )
        if given == uid:  # put back (undo, redo): no longer deleted; a new uid never was
            self.db.conn.execute("DELETE FROM deletions WHERE uid = ?", [uid])
        return int(cur.lastrowid or 0)

    def _insert_relation(
        self,
        doc_id: int,
        rel: Relation,
        stamp: str,
        taken: set[str] | None = None,
        *,
        replace: bool = False,
    ) -> int:
        """Insert one relation whose span fields hold store ids; one with no uid gets one."""
        given = rel.uid
        uid = self._fresh_uid(rel, taken)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        cur = self.db.conn.execute(
            f"{verb} INTO relations (id, doc_id, label, source_span_id, claim_span_id,"
            " cue_span_id, attributes, annotator, created_at, updated_at, uid)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                uid,
            ),
        )
        if given == uid:  # put back (undo, redo): no longer deleted; a new uid never was
            self.db.conn.execute("DELETE FROM deletions WHERE uid = ?", [uid])
        return int(cur.lastrowid or 0)

    def spans(self, doc_id: int, annotator: str | None = None) -> list[Span]:
        """The spans on a document in text order: one analyst's layer, or all (None).

        Equal places are ordered by analyst before row id, and stances by analyst, so
        that merged project files read the same whichever was merged first."""
        layer, params = _layer(annotator)
        rows = self.db.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id = ?{layer}"
            ' ORDER BY start, "end" DESC, annotator, id',
            [doc_id, *params],
        )
        return [span_from_row(r) for r in rows]

    def relations(self, doc_id: int, annotator: str | None = None) -> list[Relation]:
        """The STANCE relations on a document (one analyst's, or all); span fields hold ids."""
        layer, params = _layer(annotator)
        rows = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE doc_id = ?{layer}"
            " ORDER BY annotator, id",
            [doc_id, *params],
        )
        return [relation_from_row(r) for r in rows]

    def analysts(self, doc_id: int | None = None) -> list[str]:
        """The analysts with a layer (annotations or a status) on a document, or anywhere.

        "" is the layer of annotations imported without an analyst's name.
        """
        sql = """
            SELECT annotator FROM spans WHERE ?1 IS NULL OR doc_id = ?1
            UNION SELECT annotator FROM relations WHERE ?1 IS NULL OR doc_id = ?1
            UNION SELECT annotator FROM document_status WHERE ?1 IS NULL OR doc_id = ?1
            ORDER BY 1"""
        return [r[0] for r in self.db.execute(sql, [doc_id])]

    def add_span(self, doc_id: int, span: Span) -> int:
        """Store one span in its own transaction and return its id.

        A span that carries an id and uid (an undone deletion being redone) keeps
        them; one without a uid is given one (set on ``span``, so a redo keeps it).
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
        """Delete a span: relations it is source or claim of go too; as a cue it is unlinked.

        Each deleted span and relation is recorded in ``deletions``; a relation that
        loses its cue counts as updated.
        """
        stamp = now()
        with self.db.atomic():
            self.db.execute(
                "INSERT OR REPLACE INTO deletions (uid, kind, doc_id, annotator, deleted_at)"
                " SELECT uid, 'relation', doc_id, annotator, ? FROM relations"
                " WHERE ? IN (source_span_id, claim_span_id)",
                [stamp, span_id],
            )
            self.db.execute(
                "UPDATE relations SET updated_at = ? WHERE cue_span_id = ?"
                " AND ? NOT IN (coalesce(source_span_id, -1), claim_span_id)",
                [stamp, span_id, span_id],
            )
            self._record_deletion("spans", span_id, stamp)
            self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])

    def _record_deletion(self, table: str, row_id: int, stamp: str) -> None:
        kind = "span" if table == "spans" else "relation"
        self.db.execute(
            "INSERT OR REPLACE INTO deletions (uid, kind, doc_id, annotator, deleted_at)"
            f" SELECT uid, ?, doc_id, annotator, ? FROM {table} WHERE id = ?",
            [kind, stamp, row_id],
        )

    def restore_span(self, doc_id: int, span: Span, relations: list[Relation]) -> None:
        """Put back a deleted span with its id, uid and the relations it had, in one transaction."""
        stamp = now()
        with self.db.atomic():
            self._insert_span(doc_id, span, stamp)
            for rel in relations:
                self._insert_relation(doc_id, rel, stamp, replace=True)

    def deletions(self, doc_id: int | None = None, annotator: str | None = None) -> list[Deletion]:
        """What analysts deleted (one document's, one analyst's, or all), oldest first."""
        rows = self.db.execute(
            "SELECT uid, kind, doc_id, annotator, deleted_at FROM deletions"
            " WHERE (?1 IS NULL OR doc_id = ?1) AND (?2 IS NULL OR annotator = ?2)"
            " ORDER BY deleted_at, uid",
            [doc_id, annotator],
        )
        return [Deletion(*r) for r in rows]

    def _deleted_uids(self, doc_id: int) -> set[str]:
        rows = self.db.execute("SELECT uid FROM deletions WHERE doc_id = ?", [doc_id])
        return {r[0] for r in rows}

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
        """Store one relation in its own transaction; a relation with an id and uid keeps
        them (redo), one without a uid is given one (set on ``relation``)."""
        with self.db.atomic():
            return self._insert_relation(doc_id, relation, now())

    def relation(self, relation_id: int) -> Relation:
        """One stored relation; ``KeyError`` when there is none."""
        row = self.db.execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]
        ).fetchone()
        if row is None:
            raise KeyError(relation_id)
        return relation_from_row(row)

    def delete_relation(self, relation_id: int) -> None:
        """Delete one relation (its spans stay); the deletion is recorded."""
        with self.db.atomic():
            self._record_deletion("relations", relation_id, now())
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
