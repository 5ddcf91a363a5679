"""Figures over pairs of analysts: span F1, attribution-wise agreement, linked stances."""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Any

import numpy as np

from annotator.core.model import Relation, Span
from annotator.teams.layers import Layer


def _overlaps(a: Span | None, b: Span | None) -> bool:
    """Whether two spans share a character (outer bounds first: most pairs end there)."""
    if a is None or b is None or a.start >= b.end or b.start >= a.end:
        return False
    if not a.fragments and not b.fragments:
        return True
    return any(s1 < e2 and s2 < e1 for s1, e1 in a.pieces() for s2, e2 in b.pieces())


def _f1_exact(a: list[Span], b: list[Span]) -> tuple[int, int, int]:
    wanted: dict[tuple[Any, ...], int] = {}
    for s in b:
        key = (s.label, tuple(s.pieces()))
        wanted[key] = wanted.get(key, 0) + 1
    matched = 0
    for s in a:
        key = (s.label, tuple(s.pieces()))
        if wanted.get(key):
            wanted[key] -= 1
            matched += 1
    return matched, len(a), len(b)


def _covered(a: list[Span], b: list[Span]) -> int:
    """How many of ``a`` share a character with one of ``b``."""
    if not a or not b:
        return 0
    if any(s.fragments for s in a) or any(t.fragments for t in b):
        return sum(any(_overlaps(s, t) for t in b) for s in a)
    order = sorted(b, key=lambda t: t.start)
    starts = [t.start for t in order]
    reach = list(accumulate((t.end for t in order), max))  # furthest end so far
    count = 0
    for s in a:
        i = bisect_left(starts, s.end)  # the spans of b that start before s ends
        if i and reach[i - 1] > s.start:
            count += 1
    return count


class PairTally:
    """Counts for one pair of analysts, pooled over the documents both labelled."""

    def __init__(self, labels: list[str]) -> None:
        self.exact = {lab: [0, 0, 0] for lab in labels}
        self.overlap = {lab: [0, 0, 0, 0] for lab in labels}  # a covered, a, b covered, b
        self.attributions = [0, 0, 0, 0]
        self.stances: list[tuple[str, str]] = []

    def add(self, a: Layer, b: Layer, labels: list[str]) -> None:
        for lab in labels:
            sa, sb = a.of(lab), b.of(lab)
            for i, v in enumerate(_f1_exact(sa, sb)):
                self.exact[lab][i] += v
            for i, v in enumerate((_covered(sa, sb), len(sa), _covered(sb, sa), len(sb))):
                self.overlap[lab][i] += v
        ka, kb = _anchors(a), _anchors(b)
        for i, v in enumerate((_covered(ka, kb), len(ka), _covered(kb, ka), len(kb))):
            self.attributions[i] += v
        self.stances.extend(_linked_pairs(a, b))


def _anchors(layer: Layer) -> list[Span]:
    """Each attribution's cue, or its claim where it has no cue."""
    out = []
    for rel in layer.relations:
        anchor = layer.by_id.get(rel.cue) if rel.cue is not None else None
        anchor = anchor or layer.by_id.get(rel.claim)
        if anchor is not None:
            out.append(anchor)
    return out


def _source_claim(layer: Layer, rel: Relation) -> tuple[Span | None, Span | None]:
    source = layer.by_id.get(rel.source) if rel.source is not None else None
    return source, layer.by_id.get(rel.claim)


def _linked_pairs(a: Layer, b: Layer) -> list[tuple[str, str]]:
    """Stance labels of the source–claim pairs both linked, matched one to one."""
    used: set[int] = set()
    out = []
    for rel in a.relations:
        source, claim = _source_claim(a, rel)
        if source is None or claim is None:
            continue
        for j, other in enumerate(b.relations):
            if j in used:
                continue
            s2, c2 = _source_claim(b, other)
            if _overlaps(source, s2) and _overlaps(claim, c2):
                used.add(j)
                out.append((rel.label, other.label))
                break
    return out


def stance_units(docs: list[dict[str, Layer]], analysts: list[str]) -> np.ndarray:
    """units × stance-labels counts for more than two analysts: a unit is a source–claim
    pair, grouped by overlap with the first relation that made it."""
    groups: list[tuple[Span, Span, dict[str, str]]] = []
    for layers in docs:
        start = len(groups)
        for name in analysts:
            layer = layers.get(name)
            if layer is None:
                continue
            for rel in layer.relations:
                source, claim = _source_claim(layer, rel)
                if source is None or claim is None:
                    continue
                for g_source, g_claim, values in groups[start:]:
                    if name in values or not _overlaps(claim, g_claim):
                        continue
                    if _overlaps(source, g_source):
                        values[name] = rel.label
                        break
                else:
                    groups.append((source, claim, {name: rel.label}))
    found = sorted({v for _, _, values in groups for v in values.values()})
    index = {v: i for i, v in enumerate(found)}
    counts = np.zeros((len(groups), max(1, len(found))), dtype=np.int64)
    for u, (_, _, values) in enumerate(groups):
        for v in values.values():
            counts[u, index[v]] += 1
    return counts
