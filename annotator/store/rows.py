"""Plain rows the store hands out, and the timestamp format it writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


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


@dataclass(slots=True)
class AddResult:
    """What adding a batch of documents did."""

    ids: list[int]
    duplicates: int
