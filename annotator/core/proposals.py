"""A proposed attribution as one typed value, from the store to the view and the editor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

Bounds = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Proposal:
    """Source, cue and claim a suggester proposes, with a stance; the analyst accepts or rejects.

    ``key`` names the proposal across suggester runs (a rejection is remembered
    by it); ``id`` is its row in the project file; ``model`` and
    ``model_version`` say which suggester proposed it.
    """

    cue: Bounds
    claim: Bounds
    source: Bounds | None
    stance: str
    source_type: str | None = None
    key: str = ""
    id: int | None = None
    state: str = "open"
    model: str = ""
    model_version: str = ""

    def roles(self) -> list[tuple[str, Bounds]]:
        """(role, bounds) for each part it has: ``source``, ``cue``, ``claim``."""
        parts = (("source", self.source), ("cue", self.cue), ("claim", self.claim))
        return [(role, bounds) for role, bounds in parts if bounds is not None]

    @property
    def start(self) -> int:
        """Where its first part begins."""
        return min(bounds[0] for _, bounds in self.roles())

    @property
    def end(self) -> int:
        """Where its last part ends."""
        return max(bounds[1] for _, bounds in self.roles())

    @classmethod
    def from_mapping(cls, row: Mapping[str, Any]) -> Proposal:
        """A proposal from a suggester's plain record (``key``, ``source``, ``cue``, …)."""
        source = row.get("source")
        return cls(
            cue=_bounds(row["cue"]),
            claim=_bounds(row["claim"]),
            source=_bounds(source) if source is not None else None,
            stance=str(row["stance"]),
            source_type=row.get("source_type") or None,
            key=str(row.get("key") or ""),
        )


def _bounds(value: Any) -> Bounds:
    start, end = value
    return int(start), int(end)


def proposal_at(proposals: list[Proposal], pos: int) -> Proposal | None:
    """The proposal under ``pos``: the one whose cue or source is there, else the claim."""

    def has(bounds: Bounds | None) -> bool:
        return bounds is not None and bounds[0] <= pos <= bounds[1]

    for p in proposals:
        if has(p.cue) or has(p.source):
            return p
    inside = [p for p in proposals if has(p.claim)]
    return min(inside, key=lambda p: p.claim[1] - p.claim[0]) if inside else None
