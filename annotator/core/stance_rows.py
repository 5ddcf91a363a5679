"""One row of "who says what": a stance with the words of its claim, source and cue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class StanceRow:
    """A stance in the corpus, with the texts the table shows and the ids a jump needs."""

    relation_id: int
    stance: str
    doc_id: int
    article: str
    claim_id: int
    claim: str
    source_id: int | None = None
    source: str = ""
    source_type: str = ""
    cue: str = ""
    annotator: str = ""
    claim_attributes: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> StanceRow:
        """From the store's record (the same names)."""
        return cls(
            relation_id=int(row["relation_id"]),
            stance=str(row["stance"]),
            doc_id=int(row["doc_id"]),
            article=str(row["article"] or ""),
            claim_id=int(row["claim_id"]),
            claim=str(row["claim"] or ""),
            source_id=row.get("source_id"),
            source=str(row.get("source") or ""),
            source_type=str(row.get("source_type") or ""),
            cue=str(row.get("cue") or ""),
            annotator=str(row.get("annotator") or ""),
            claim_attributes=dict(row.get("claim_attributes") or {}),
        )

    def column(self, name: str) -> str:
        """The text of one column, by its field name."""
        return str(getattr(self, name))
