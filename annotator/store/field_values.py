"""A field file's documents as plain values, and what merging them did.

``annotator.teams.fieldfile`` reads field files into these; ``MergeStore`` applies them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

#: What an annotation holds, as compared: (label, start, end, fragments, attributes) for a
#: span, (label, source uid, claim uid, cue uid, attributes) for a stance; JSON as stored.
Content = tuple[Any, ...]
#: The content of a deleted annotation: sorts before any other (a tie goes to the edit).
DELETED: Content = ("",)


@dataclass(slots=True)
class FieldSpan:
    """A span as a field file holds it, with its times."""

    label: str
    start: int
    end: int
    annotator: str = ""
    #: JSON of the pieces of a discontinuous span, as stored; "" for one piece
    fragments: str = ""
    #: JSON of the attributes, as stored
    attributes: str = "{}"
    uid: str | None = None
    created_at: str = ""
    updated_at: str = ""

    def content(self) -> Content:
        return (self.label, self.start, self.end, self.fragments, self.attributes)


@dataclass(slots=True)
class FieldRelation:
    """A stance as a field file holds it; ``source``, ``claim`` and ``cue`` index the
    document's spans."""

    label: str
    source: int | None
    claim: int
    cue: int | None = None
    annotator: str = ""
    attributes: str = "{}"  # JSON, as stored
    uid: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass(slots=True, frozen=True)
class FieldDeletion:
    """A span or stance its analyst deleted in the field."""

    uid: str
    kind: str  # "span" or "relation"
    annotator: str
    deleted_at: str


@dataclass(slots=True)
class FieldDocument:
    """One document of a field file with every analyst layer it carries."""

    content_hash: str
    text: str
    title: str = ""
    origin: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[FieldSpan] = field(default_factory=list)
    relations: list[FieldRelation] = field(default_factory=list)
    #: analyst -> (status, updated_at)
    statuses: dict[str, tuple[str, str]] = field(default_factory=dict)
    deletions: list[FieldDeletion] = field(default_factory=list)


@dataclass(slots=True)
class MergeCounts:
    """What merging did: new documents, documents changed, annotations added or updated."""

    new_ids: set[int] = field(default_factory=set)
    updated_documents: set[int] = field(default_factory=set)
    spans: int = 0
    relations: int = 0
    deleted: int = 0
    conflicts: int = 0
    statuses: int = 0

    @property
    def new_documents(self) -> int:
        return len(self.new_ids)

    def add(self, other: MergeCounts) -> None:
        self.new_ids |= other.new_ids
        self.updated_documents |= other.updated_documents
        self.spans += other.spans
        self.relations += other.relations
        self.deleted += other.deleted
        self.conflicts += other.conflicts
        self.statuses += other.statuses


@dataclass(slots=True, frozen=True)
class MergeConflict:
    """An edit that lost a merge, with the one that won."""

    id: int
    uid: str
    kind: str
    doc_id: int
    annotator: str
    kept: str
    kept_at: str
    lost: str
    lost_at: str
    found_in: str
    found_at: str


def same_content(a: Content, b: Content) -> bool:
    """Equal contents; attributes compare as values (their keys may be in another order)."""
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 2 or a[:-1] != b[:-1]:
        return False
    return bool(json.loads(a[-1]) == json.loads(b[-1]))


def content_json(kind: str, content: Content) -> str:
    """A content as JSON, for the conflicts table (``"deleted"`` for a deletion)."""
    if content == DELETED:
        return '"deleted"'
    if kind == "span":
        label, start, end, fragments, attributes = content
        value: dict[str, Any] = {"label": label, "start": start, "end": end}
        value["fragments"] = json.loads(fragments) if fragments else None
    else:
        label, source, claim, cue, attributes = content
        value = {"label": label, "source": source or None, "claim": claim, "cue": cue or None}
    value["attributes"] = json.loads(attributes)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
