"""Plain rows the store hands out, and the timestamp format it writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: The language a document's metadata gives (``language``, else ``lang``; "" for none), as
#: SQL over ``documents d``: read without loading the text.
STORED_LANGUAGE_SQL = (
    "CAST(coalesce(json_extract(d.meta, '$.language'), json_extract(d.meta, '$.lang'), '') AS TEXT)"
)


def now() -> str:
    """A UTC timestamp as stored in the file."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(slots=True, frozen=True)
class DocumentRow:
    """One stored document, with its text."""

    id: int
    title: str
    text: str
    origin: str
    meta: dict[str, Any]
    status: str
    content_hash: str
    created_at: str
    updated_at: str


@dataclass(slots=True, frozen=True)
class DocumentSummary:
    """What the document list shows for one document: no text, so a page is cheap."""

    id: int
    title: str
    status: str
    claims: int
    sources: int
    language: str = ""  # ISO 639-1 as stored at import; "" when none was


@dataclass(slots=True)
class AddResult:
    """What adding a batch of documents did.

    ``ids`` are the new documents. A document whose text was already stored is a
    duplicate; the annotations it brought that the stored copy lacked are added to
    it: ``updated`` names those documents, ``layers`` counts (document, analyst)
    layers that were new there, ``spans`` and ``relations`` what was added.
    """

    ids: list[int]
    duplicates: int
    updated: list[int] = field(default_factory=list)
    layers: int = 0
    spans: int = 0
    relations: int = 0


@dataclass(slots=True, frozen=True)
class Deletion:
    """A span or relation an analyst deleted: its lasting id and where it was."""

    uid: str
    kind: str  # "span" or "relation"
    doc_id: int
    annotator: str
    deleted_at: str


def readable_size(size: int) -> str:
    """A byte count as people read it: 812 KB, 2.3 GB."""
    if size < 1024:
        return f"{size} bytes"
    if size < 2**20:
        return f"{size / 1024:.0f} KB"
    if size < 2**30:
        return f"{size / 2**20:.1f} MB"
    return f"{size / 2**30:.1f} GB"
