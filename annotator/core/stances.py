"""Who could be the source of a claim, and which cue links them: the rules behind the keys.

Plain functions over spans, so the workbench, a test or a script ask the same
question the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Relation, Span


@dataclass(slots=True, frozen=True)
class Candidate:
    """A possible source: an existing SOURCE span, or an entity not yet promoted."""

    span: Span
    is_entity: bool
    distance: int


_ANONYMOUS = ("source", "sources", "familiar with", "insider", "anonymous", "anonymity", "close to")
_OFFICIAL = (
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "aide",
    "aides",
    "diplomat",
    "diplomats",
    "ministry",
    "government",
)
_DOCUMENT = (
    "report",
    "statement",
    "document",
    "memo",
    "memorandum",
    "letter",
    "study",
    "poll",
    "survey",
    "filing",
)


def guess_source_type(
    words: str, entity_label: str | None, by_entity: dict[str, str]
) -> str | None:
    """A first guess at a source's type from its words and the entity it is, for the analyst to fix.

    "an informed source", "people familiar with" -> anonymous; "a senior official" ->
    official_unnamed; "the report" -> document; a PERSON or ORG entity -> its named type.
    """
    lowered = f" {' '.join(words.lower().split())} "
    if any(f" {w} " in lowered for w in _ANONYMOUS):
        return "anonymous"
    if entity_label in by_entity:
        return by_entity[entity_label]
    if any(f" {w} " in lowered for w in _OFFICIAL):
        return "official_unnamed"
    if any(f" {w} " in lowered for w in _DOCUMENT):
        return "document"
    return None


def gap(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def candidate_sources(
    claim: Span,
    spans: list[Span],
    entities: list[Span],
    *,
    source_label: str,
    entity_labels: set[str] | None = None,
) -> list[Candidate]:
    """Possible sources of ``claim``, nearest first.

    SOURCE spans and entities of the given types (people, organisations…)
    count; an entity already covered by a SOURCE span is not offered twice.
    Spans the analyst labelled SOURCE come before entities, and candidates
    inside the claim come last: a source is rarely part of its own claim.
    """
    sources = [s for s in spans if s.label == source_label]
    found = [Candidate(s, False, gap(s, claim)) for s in sources]
    for entity in entities:
        if entity_labels is not None and entity.label not in entity_labels:
            continue
        if any(s.start <= entity.start and entity.end <= s.end for s in sources):
            continue
        found.append(Candidate(entity, True, gap(entity, claim)))

    def inside(c: Candidate) -> bool:
        return claim.start <= c.span.start and c.span.end <= claim.end

    return sorted(found, key=lambda c: (inside(c), c.is_entity, c.distance, c.span.start))


def cue_between(source: Span, claim: Span, spans: list[Span], cue_label: str) -> Span | None:
    """The labelled cue in the words between a source and its claim, nearest the claim."""
    if source.start <= claim.start:
        lo, hi = source.end, claim.start
    else:
        lo, hi = claim.end, source.start
    cues = [s for s in spans if s.label == cue_label and lo <= s.start and s.end <= hi]
    if not cues:  # "…, Bloomberg reported": the cue may follow the source after the claim
        cues = [
            s
            for s in spans
            if s.label == cue_label
            and gap(s, source) <= 3
            and not (claim.start <= s.start < claim.end)
        ]
    if not cues:
        return None
    return min(cues, key=lambda s: gap(s, claim))


def relation_between(relations: list[Relation], source_id: int, claim_id: int) -> Relation | None:
    """The stance already linking this source to this claim, if any."""
    return next((r for r in relations if r.source == source_id and r.claim == claim_id), None)


def linked(relations: list[Relation], span_id: int | None) -> list[tuple[int, str]]:
    """(span id, stance) of the spans a stance links to ``span_id`` (as source, claim or cue)."""
    if span_id is None:
        return []
    out = []
    for rel in relations:
        parts = [rel.source, rel.claim, rel.cue]
        if span_id in parts:
            out.extend((p, rel.label) for p in parts if p is not None and p != span_id)
    return out
