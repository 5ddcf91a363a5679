"""One field document merged into its base copy: the decisions, gathered as writes.

Identities are lasting: a span or stance is the same one when its ``uid`` is, and then
the newer edit (``updated_at``; on a tie the larger content, so that the outcome never
depends on the order of the files) wins. When both versions are edits (``updated_at``
after ``created_at``), the one that lost is kept as a conflict. A deletion carried from
the field removes the annotation and is recorded, so an older copy merged later cannot
bring it back; an edit newer than the deletion does, and the deletion is the conflict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import MAX_UID_CHARS, new_uid
from annotator.store.field_values import (
    DELETED,
    Content,
    FieldDocument,
    FieldRelation,
    FieldSpan,
    MergeCounts,
    content_json,
    same_content,
)


@dataclass(slots=True)
class Row:
    """A stored span or relation as the merge compares it."""

    id: int
    uid: str
    annotator: str
    content: Content
    created_at: str
    updated_at: str
    key: tuple[Any, ...] = ()


@dataclass(slots=True)
class BaseLayers:
    """What the base holds of one document."""

    spans: dict[str, Row] = field(default_factory=dict)  # by uid
    relations: dict[str, Row] = field(default_factory=dict)
    deletions: dict[str, str] = field(default_factory=dict)  # uid -> deleted_at
    statuses: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: uids the base uses in documents other than the one being merged (shared)
    elsewhere: set[str] = field(default_factory=set)


class Writes:
    """The statements one file's merge will run, gathered so that each runs once."""

    def __init__(self) -> None:
        self.deletions: list[tuple[Any, ...]] = []
        self.undelete: list[tuple[str]] = []
        self.delete_spans: list[tuple[int]] = []
        #: (deleted_at, span id): the stances a deleted span takes with it are recorded too
        self.span_deletions: list[tuple[str, int]] = []
        self.delete_relations: list[tuple[int]] = []
        self.span_updates: list[tuple[Any, ...]] = []
        self.span_inserts: list[tuple[Any, ...]] = []
        self.relation_updates: list[tuple[Any, ...]] = []
        self.relation_inserts: list[tuple[Any, ...]] = []
        self.statuses: list[tuple[Any, ...]] = []
        self.conflicts: list[tuple[Any, ...]] = []


def _edited(created_at: str, updated_at: str) -> bool:
    return bool(created_at) and updated_at != created_at


class DocumentMerge:
    """One field document merged into its base copy; gathers writes in ``_Writes``."""

    def __init__(
        self,
        doc_id: int,
        doc: FieldDocument,
        base: BaseLayers,
        writes: Writes,
        found_in: str,
        stamp: str,
    ) -> None:
        self.doc_id = doc_id
        self.doc = doc
        self.base = base
        self.w = writes
        self.found_in = found_in
        self.stamp = stamp
        self.span_ids: list[int | None] = [None] * len(doc.spans)
        self.span_uids: list[str | None] = [None] * len(doc.spans)
        self.deleted = 0
        self._deletions()

    def _conflict(
        self,
        kind: str,
        uid: str,
        annotator: str,
        kept: tuple[Content, str],
        lost: tuple[Content, str],
    ) -> None:
        self.w.conflicts.append(
            (uid, kind, self.doc_id, annotator, content_json(kind, kept[0]), kept[1],
             content_json(kind, lost[0]), lost[1], self.found_in, self.stamp)
        )  # fmt: skip

    def _deletions(self) -> None:
        """Deletions carried from the field: newer than the stored version, they remove it.

        A deletion and an edit of the same annotation are a conflict whichever wins.
        """
        base = self.base
        for d in self.doc.deletions:
            rows = base.spans if d.kind == "span" else base.relations
            row = rows.get(d.uid)
            if row is not None:
                kept, lost = (row.content, row.updated_at), (DELETED, d.deleted_at)
                if (row.updated_at, row.content) > (d.deleted_at, DELETED):
                    if _edited(row.created_at, row.updated_at):
                        self._conflict(d.kind, d.uid, d.annotator, kept, lost)
                    continue
                if _edited(row.created_at, row.updated_at):
                    self._conflict(d.kind, d.uid, d.annotator, lost, kept)
            elif base.deletions.get(d.uid, "") >= d.deleted_at:
                continue  # already recorded
            base.deletions[d.uid] = d.deleted_at
            self.w.deletions.append((d.uid, d.kind, self.doc_id, d.annotator, d.deleted_at))
            if row is None:
                continue
            self.deleted += 1
            del rows[d.uid]
            if d.kind == "relation":
                self.w.delete_relations.append((row.id,))
                continue
            self.w.span_deletions.append((d.deleted_at, row.id))
            self.w.delete_spans.append((row.id,))
            for uid, rel in list(base.relations.items()):
                if d.uid in rel.key[1:3]:
                    del base.relations[uid]

    def _undeleted(self, kind: str, item: FieldSpan | FieldRelation, content: Content) -> bool:
        """Whether a field item the base has deleted comes back: only an edit newer than
        the deletion does. A deletion and an edit are a conflict whichever wins."""
        assert item.uid is not None
        deleted_at = self.base.deletions[item.uid]
        ours, theirs = (content, item.updated_at), (DELETED, deleted_at)
        back = (item.updated_at, content) > (deleted_at, DELETED)
        if _edited(item.created_at, item.updated_at):
            kept, lost = (ours, theirs) if back else (theirs, ours)
            self._conflict(kind, item.uid, item.annotator, kept, lost)
        if back:
            del self.base.deletions[item.uid]
            self.w.undelete.append((item.uid,))
        return back

    def _compare(
        self, kind: str, row: Row, item: FieldSpan | FieldRelation, content: Content
    ) -> bool:
        """True when the field's version replaces the stored one; records a conflict when
        both versions are edits."""
        if same_content(content, row.content):
            return False
        assert item.uid is not None
        newer = (item.updated_at, content) > (row.updated_at, row.content)
        if _edited(row.created_at, row.updated_at) and _edited(item.created_at, item.updated_at):
            ours, theirs = (content, item.updated_at), (row.content, row.updated_at)
            kept, lost = (ours, theirs) if newer else (theirs, ours)
            self._conflict(kind, item.uid, item.annotator, kept, lost)
        return newer

    def spans(self, next_id: int, counts: MergeCounts) -> int:
        """Add, update or map each field span; returns the next free span id."""
        base = self.base
        free: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
        for row in base.spans.values():
            free[row.key].append(row)
        for i, span in enumerate(self.doc.spans):
            content = span.content()
            fragments = span.fragments or None
            uid = span.uid if span.uid and len(span.uid) <= MAX_UID_CHARS else None
            row = base.spans.get(uid) if uid else None
            if row is None and uid in base.elsewhere:
                continue  # its uid belongs to another document here: not taken over
            if row is None and not uid:
                key = (span.label, span.start, span.end, span.fragments, span.annotator)
                if free[key]:  # no lasting id: the same label and place is the same span
                    row = free[key].pop(0)
                    self.span_ids[i], self.span_uids[i] = row.id, row.uid
                    continue
            if row is not None:
                self.span_ids[i], self.span_uids[i] = row.id, row.uid
                if self._compare("span", row, span, content):
                    self.w.span_updates.append(
                        (span.label, span.start, span.end, fragments, span.attributes,
                         span.updated_at, row.id)
                    )  # fmt: skip
                    row.content, row.updated_at = content, span.updated_at
                    counts.spans += 1
                    counts.updated_documents.add(self.doc_id)
                continue
            if uid and uid in base.deletions and not self._undeleted("span", span, content):
                continue
            uid = uid or new_uid()
            self.w.span_inserts.append(
                (next_id, self.doc_id, span.label, span.start, span.end, fragments,
                 span.attributes, span.annotator,
                 span.created_at or self.stamp, span.updated_at or self.stamp, uid)
            )  # fmt: skip
            base.spans[uid] = Row(next_id, uid, span.annotator, content, span.created_at,
                                   span.updated_at)  # fmt: skip
            self.span_ids[i], self.span_uids[i] = next_id, uid
            next_id += 1
            counts.spans += 1
            counts.updated_documents.add(self.doc_id)
        return next_id

    def relations(self, next_id: int, counts: MergeCounts) -> int:
        """Add, update or map each field stance; returns the next free relation id."""
        base = self.base
        by_key: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
        for row in base.relations.values():
            by_key[row.key].append(row)
        for rel in self.doc.relations:
            parts = [None if i is None else self.span_uids[i] for i in (rel.source, rel.claim)]
            ids = [None if i is None else self.span_ids[i] for i in (rel.source, rel.claim)]
            if parts[1] is None or (rel.source is not None and parts[0] is None):
                continue  # a span it needs was deleted here
            cue_uid = None if rel.cue is None else self.span_uids[rel.cue]
            cue_id = None if rel.cue is None else self.span_ids[rel.cue]
            content = (rel.label, parts[0] or "", parts[1], cue_uid or "", rel.attributes)
            uid = rel.uid if rel.uid and len(rel.uid) <= MAX_UID_CHARS else None
            row = base.relations.get(uid) if uid else None
            if row is None and uid in base.elsewhere:
                continue
            if row is None and not uid:
                key = (rel.label, parts[0], parts[1], cue_uid, rel.annotator)
                if by_key[key]:
                    by_key[key].pop(0)
                    continue
            attributes = rel.attributes
            if row is not None:
                if self._compare("relation", row, rel, content):
                    self.w.relation_updates.append(
                        (rel.label, ids[0], ids[1], cue_id, attributes, rel.updated_at, row.id)
                    )
                    row.content, row.updated_at = content, rel.updated_at
                    counts.relations += 1
                    counts.updated_documents.add(self.doc_id)
                continue
            if uid and uid in base.deletions and not self._undeleted("relation", rel, content):
                continue
            uid = uid or new_uid()
            self.w.relation_inserts.append(
                (next_id, self.doc_id, rel.label, ids[0], ids[1], cue_id, attributes,
                 rel.annotator, rel.created_at or self.stamp, rel.updated_at or self.stamp, uid)
            )  # fmt: skip
            key = (rel.label, parts[0], parts[1], cue_uid, rel.annotator)
            base.relations[uid] = Row(next_id, uid, rel.annotator, content, rel.created_at,
                                       rel.updated_at, key)  # fmt: skip
            next_id += 1
            counts.relations += 1
            counts.updated_documents.add(self.doc_id)
        return next_id

    def statuses(self, counts: MergeCounts) -> None:
        """Each analyst's status: the one set last wins."""
        for name, (value, stamp) in sorted(self.doc.statuses.items()):
            have = self.base.statuses.get(name)
            if have is not None and (have[1], have[0]) >= (stamp, value):
                continue
            self.base.statuses[name] = (value, stamp)
            self.w.statuses.append((self.doc_id, name, value, stamp))
            counts.statuses += 1
            counts.updated_documents.add(self.doc_id)
