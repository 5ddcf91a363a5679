"""The data an analyst works on: documents, spans and relations.

These are plain values. Importers produce them, the store persists them and
the UI draws them; none of those layers needs to know about the others.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

#: The longest article import accepts, in characters (about 150,000 words: far above any news
#: article). The workbench draws a whole article at once; this keeps opening one quick.
MAX_TEXT_CHARS = 1_000_000


class Status(StrEnum):
    """Where an analyst is with a document."""

    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"
    SKIPPED = "skipped"


#: The longest ``uid`` kept from an imported file; a longer one is replaced by a fresh UUID.
MAX_UID_CHARS = 100


def new_uid() -> str:
    """A lasting identity for a span or relation: the same on every laptop it travels to."""
    return str(uuid.uuid4())


def status_or_all(value: str) -> Status | None:
    """``--status``: a status, or 'all' (None); ValueError names the choices."""
    if value == "all":
        return None
    try:
        return Status(value)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ValueError(f"unknown status {value!r} (one of {choices}, or all)") from None


def content_hash(text: str) -> str:
    """Identify a document by its text, so re-importing the same article adds nothing.

    Line endings and surrounding whitespace do not make two copies different.
    """
    normal = text.strip()
    if "\r" in normal:
        normal = normal.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Span:
    """A labelled stretch of a document's text, ``text[start:end]``.

    ``fragments`` holds the pieces of a discontinuous span (brat allows them,
    PolNeAR uses them for interrupted quotes); ``start``/``end`` are then the
    outer bounds. ``annotator`` names the analyst's layer ("" for annotations
    imported without an analyst). ``id`` is the store's row id; ``uid`` the lasting
    identity (a UUID made when the span is first stored, kept through export,
    import and merging).
    """

    label: str
    start: int
    end: int
    attributes: dict[str, Any] = field(default_factory=dict)
    annotator: str = ""
    fragments: list[tuple[int, int]] | None = None
    id: int | None = None
    uid: str | None = None

    def pieces(self) -> list[tuple[int, int]]:
        """The character ranges this span covers."""
        return list(self.fragments) if self.fragments else [(self.start, self.end)]

    def text_in(self, text: str) -> str:
        """The covered text; discontinuous pieces are joined by a space."""
        return " ".join(text[s:e] for s, e in self.pieces())


@dataclass(slots=True)
class Relation:
    """A STANCE: a source's position toward a claim, optionally through a cue.

    The spans are referred to by their index in the owning ``ParsedDocument``'s
    span list before storage, and by store id after. ``uid`` is its lasting
    identity, as for spans.
    """

    label: str
    source: int | None
    claim: int
    cue: int | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    annotator: str = ""
    id: int | None = None
    uid: str | None = None


@dataclass(slots=True)
class ParsedDocument:
    """What an importer hands to the store: a document and the annotations it came with."""

    text: str
    title: str = ""
    origin: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    line: int | None = None  # where in the source file it began, for error messages
    status: str = "new"
    #: Each analyst's status, when the file says (our JSONL export does); else ``status``
    #: is given to every analyst whose annotations the document carries.
    statuses: dict[str, str] = field(default_factory=dict)
    #: Tracked claims the spans carry (our JSONL): ``{"claim": uid, "wording", "span": span
    #: uid, "stance"}`` each; the store makes the claims and memberships after the spans.
    claims: list[dict[str, Any]] = field(default_factory=list)

    def analyst_statuses(self) -> dict[str, str]:
        """The status of each analyst this document brings (none when it is simply new)."""
        if self.statuses:
            return dict(self.statuses)
        if self.status == "new":
            return {}
        names = {s.annotator for s in self.spans} | {r.annotator for r in self.relations}
        return {name: self.status for name in sorted(names or {""})}

    def validate(self) -> str | None:
        """Return why this document cannot be stored, or None when it can."""
        n = len(self.text)
        if n > MAX_TEXT_CHARS:
            return (
                f"article is {n:,} characters long; the limit is {MAX_TEXT_CHARS:,}"
                " — split the file"
            )
        if not self.text.strip():
            return "empty text"
        for span in self.spans:
            for s, e in span.pieces():
                if type(s) is not int or type(e) is not int:
                    return f"span {span.label} has offsets that are not whole numbers"
                if not (0 <= s < e <= n):
                    return f"span {span.label} [{s}, {e}) lies outside the text (length {n})"
            if not span.label:
                return f"span [{span.start}, {span.end}) has no label"
        count = len(self.spans)
        for rel in self.relations:
            for role, idx in (("source", rel.source), ("claim", rel.claim), ("cue", rel.cue)):
                if idx is not None and not (0 <= idx < count):
                    return f"relation {rel.label} refers to a missing {role} span"
        return None


def title_from_text(text: str, limit: int = 80) -> str:
    """A readable title for a document that came without one: its first line, shortened."""
    pos = 0
    first = ""
    while pos < len(text) and not first:  # scan line by line: texts can be long
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        first = text[pos:end].strip()
        pos = end + 1
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + "…"
