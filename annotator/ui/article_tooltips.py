"""What the article view's tooltip says about one position: the spans there, with their
attributes and stances, the other analysts' spans, entities and a proposal.

Plain text: ``plain.tooltip`` escapes it for Qt.
"""

from __future__ import annotations

from annotator.core.display import visible
from annotator.core.model import Relation, Span
from annotator.core.proposals import Proposal


def contains(span: Span, pos: int) -> bool:
    return span.start <= pos < span.end


def describe_position(
    text: str,
    pos: int,
    *,
    under: list[Span],
    spans: list[Span],
    others: list[Span],
    entities: list[Span],
    proposal: Proposal | None,
    relations: list[Relation],
) -> str:
    """What the highlights under ``pos`` are: the analyst's spans ``under`` it with their
    attributes, then the ``others``' drawn ones, the drawn ``entities`` and the proposal
    there, then each stance of a span under it, naming the words at its other end."""
    lines = []
    for span in under:
        extra = ", ".join(f"{k}={v}" for k, v in span.attributes.items())
        lines.append(f"{span.label}" + (f" ({extra})" if extra else ""))
    lines += [
        f"{s.label} ({s.annotator or 'no analyst'}'s, read-only)"
        for s in others
        if contains(s, pos)
    ]
    lines += [f"{e.label} (suggested)" for e in entities if contains(e, pos)]
    if proposal is not None:
        lines.append(f"Proposed: {proposal.stance} — Enter accepts, Backspace rejects")
    by_id = {s.id: s for s in spans}
    for span in under:
        for rel in relations:
            if span.id in (rel.source, rel.claim):
                other = by_id.get(rel.claim if span.id == rel.source else rel.source)
                words = "?"
                if other is not None:
                    covered = text[other.start : min(other.end, other.start + 200)]
                    words = " ".join(visible(covered).split())
                arrow = "→" if span.id == rel.source else "←"
                lines.append(f"{rel.label} {arrow} {words[:60]}")
    return "\n".join(lines)
