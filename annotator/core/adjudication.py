"""Where the analysts of one article disagree, and what the gold layer has settled.

Plain values over the spans and stances of one article: no Qt, no store. A
*span unit* is a cluster of analysts' spans that overlap (with the same label,
or covering mostly the same words with another label); a *stance unit* is a
source–claim pair, named by the span units of its source and claim. In a unit
each analyst has a *version* (their spans there, or their stance labels there);
it is unanimous when every analyst who worked the article has the same, non-empty
version. A unit is settled when the gold layer has a version there, or when the
adjudicator decided that nothing goes there ("none", kept by the unit's key).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from annotator.core.model import Relation, Span, Status

#: The project setting naming the gold layer's analyst.
GOLD_SETTING = "teams.gold_analyst"
DEFAULT_GOLD = "gold"
#: Overlap (shared characters over covered characters) above which spans with
#: different labels are one unit: a label disagreement, not a nested span.
SAME_WORDS = 0.5

SpanVersion = tuple[tuple[str, tuple[tuple[int, int], ...]], ...]


class Settings(Protocol):
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...


def gold_name(settings: Settings) -> str:
    """The gold layer's analyst: the project's setting, else ``gold``."""
    return (settings.get_setting(GOLD_SETTING) or "").strip() or DEFAULT_GOLD


def _shape(span: Span) -> tuple[str, tuple[tuple[int, int], ...]]:
    return span.label, tuple(span.pieces())


def _joins(a: Span, b: Span) -> bool:
    """Same unit: overlapping with one label, or mostly the same words with two."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return False
    if a.label == b.label:
        return True
    return shared / (max(a.end, b.end) - min(a.start, b.start)) >= SAME_WORDS


@dataclass(slots=True)
class Unit:
    """One place of (dis)agreement: its analysts' versions and the gold layer's."""

    kind: str  # "span" or "stance"
    key: str
    start: int
    end: int
    versions: dict[str, tuple[object, ...]]
    spans: dict[str, list[Span]] = field(default_factory=dict)
    relations: dict[str, list[Relation]] = field(default_factory=dict)
    gold_spans: list[Span] = field(default_factory=list)
    gold_relations: list[Relation] = field(default_factory=list)
    gold: tuple[object, ...] = ()
    decided_none: bool = False
    #: stance units: the keys of the source's and the claim's span units
    parts: tuple[str | None, str] | None = None

    @property
    def unanimous(self) -> bool:
        values = list(self.versions.values())
        return bool(values) and bool(values[0]) and all(v == values[0] for v in values)

    @property
    def settled(self) -> bool:
        """The gold layer has a version here, or "none" was decided."""
        return bool(self.gold) or self.decided_none

    @property
    def in_gold(self) -> bool:
        """Unanimous and the gold layer has exactly that version."""
        return self.unanimous and self.gold == next(iter(self.versions.values()))

    def matches(self) -> list[str]:
        """The analysts whose version the gold layer has (none when nothing is settled)."""
        if not self.gold:
            return []
        return [name for name, v in self.versions.items() if v == self.gold]


@dataclass(slots=True)
class Adjudication:
    """The units of one article in document order, and the counts the status bar shows."""

    analysts: list[str]
    gold: str
    units: list[Unit]

    @property
    def disagreements(self) -> list[Unit]:
        return [u for u in self.units if not u.unanimous]

    @property
    def settled(self) -> int:
        return sum(u.settled for u in self.disagreements)

    @property
    def unanimous_open(self) -> list[Unit]:
        """Unanimous units the gold layer has nothing for yet (what "take all" takes)."""
        return [u for u in self.units if u.unanimous and not u.settled]

    def summary(self) -> str:
        return f"{self.settled} of {len(self.disagreements)} disagreements settled"

    def unit(self, key: str) -> Unit | None:
        return next((u for u in self.units if u.key == key), None)


def worked(
    spans: Iterable[Span], relations: Iterable[Relation], statuses: dict[str, str], gold: str
) -> list[str]:
    """The analysts who worked the article (a span, a stance or a status past new), by name."""
    names = {s.annotator for s in spans} | {r.annotator for r in relations}
    names |= {name for name, value in statuses.items() if value != Status.NEW}
    return sorted(names - {gold})


def _clusters(spans: list[Span]) -> list[list[Span]]:
    """Spans joined into units (union-find over the pairs that join), in text order."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.annotator, s.id or 0))
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if b.start >= a.end:
                break
            if _joins(a, b):
                parent[root(j)] = root(i)
    groups: dict[int, list[Span]] = {}
    for i, span in enumerate(ordered):
        groups.setdefault(root(i), []).append(span)
    return list(groups.values())


def _home(span: Span, units: list[Unit]) -> Unit | None:
    """The span unit a gold span belongs to: the one it shares most words with."""
    best, most = None, 0
    for unit in units:
        for theirs in (s for spans in unit.spans.values() for s in spans):
            if _joins(span, theirs):
                shared = min(span.end, theirs.end) - max(span.start, theirs.start)
                bonus = 1_000_000 if theirs.label == span.label else 0
                if shared + bonus > most:
                    best, most = unit, shared + bonus
    return best


def adjudicate(
    spans: list[Span],
    relations: list[Relation],
    analysts: list[str],
    gold: str,
    none_keys: Iterable[str] = (),
) -> Adjudication:
    """The units of one article: ``spans`` and ``relations`` of every layer (gold included)."""
    chosen = set(analysts)
    decided = set(none_keys)
    units: list[Unit] = []
    unit_of: dict[int, Unit] = {}
    for group in _clusters([s for s in spans if s.annotator in chosen]):
        start, end = min(s.start for s in group), max(s.end for s in group)
        unit = Unit("span", f"span:{start}-{end}", start, end, versions={})
        for name in analysts:
            mine = [s for s in group if s.annotator == name]
            unit.spans[name] = mine
            unit.versions[name] = tuple(sorted(_shape(s) for s in mine))
        units.append(unit)
        unit_of.update({s.id: unit for s in group if s.id is not None})
    for span in (s for s in spans if s.annotator == gold):
        home = _home(span, units)
        if home is not None:
            home.gold_spans.append(span)
            if span.id is not None:
                unit_of[span.id] = home
    for unit in units:
        unit.gold = tuple(sorted(_shape(s) for s in unit.gold_spans))
    stances = _stance_units(relations, analysts, gold, unit_of)
    for unit in (*units, *stances):
        unit.decided_none = unit.key in decided
    ordered = sorted((*units, *stances), key=lambda u: (u.start, u.kind != "span", -u.end, u.key))
    return Adjudication(list(analysts), gold, ordered)


def _stance_units(
    relations: list[Relation], analysts: list[str], gold: str, unit_of: dict[int, Unit]
) -> list[Unit]:
    pairs: dict[tuple[str | None, str], Unit] = {}

    def pair_of(rel: Relation) -> tuple[str | None, str] | None:
        claim = unit_of.get(rel.claim)
        source = unit_of.get(rel.source) if rel.source is not None else None
        if claim is None or (rel.source is not None and source is None):
            return None
        return (source.key if source else None, claim.key)

    chosen = set(analysts)
    for rel in relations:
        if rel.annotator not in chosen:
            continue
        key = pair_of(rel)
        if key is None:
            continue
        if key not in pairs:
            claim = unit_of[rel.claim]
            source = unit_of.get(rel.source) if rel.source is not None else None
            start = min(claim.start, source.start) if source else claim.start
            end = max(claim.end, source.end) if source else claim.end
            pairs[key] = Unit(
                "stance",
                f"stance:{key[0]}>{key[1]}",
                start,
                end,
                versions={name: () for name in analysts},
                parts=key,
            )
            pairs[key].relations = {name: [] for name in analysts}
        pairs[key].relations[rel.annotator].append(rel)
    for unit in pairs.values():
        for name in analysts:
            unit.versions[name] = tuple(sorted(r.label for r in unit.relations[name]))
    for rel in relations:
        if rel.annotator == gold:
            key = pair_of(rel)
            if key is not None and key in pairs:
                pairs[key].gold_relations.append(rel)
    for unit in pairs.values():
        unit.gold = tuple(sorted(r.label for r in unit.gold_relations))
    return list(pairs.values())
