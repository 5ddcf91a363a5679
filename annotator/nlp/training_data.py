"""The project's labels as training data: one analyst's layer per finished article.

Training must never see two conflicting copies of one article, so where several
analysts labelled it (and no one was asked for) one layer is taken: the
``gold`` layer where there is one, else the analyst with the most spans (ties
by name), the same choice on every run. Everything here is plain values; spaCy
objects are made in ``training``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from annotator.store import Store

ROLES = ("SOURCE", "CUE", "CLAIM")
#: Token precision, recall and F1 of one role.
PRF = tuple[float, float, float]
#: An adjudicated layer wins over any analyst's.
GOLD_NAMES = ("gold", "adjudicated")


@dataclass(slots=True, frozen=True)
class LabelledDoc:
    """One article with one analyst's SOURCE / CUE / CLAIM pieces and their groupings."""

    doc_id: int
    content_hash: str
    text: str
    annotator: str
    #: (start, end, label) character pieces; a discontinuous span gives several.
    spans: tuple[tuple[int, int, str], ...]
    #: (source, cue, claim) outer bounds of each stance; source or cue may be None.
    groups: tuple[tuple[tuple[int, int] | None, tuple[int, int] | None, tuple[int, int]], ...] = (
        field(default=())
    )


def pick_layer(counts: Counter[str]) -> str | None:
    """The analyst whose layer stands for an article: gold, else the most spans, ties by name."""
    if not counts:
        return None
    for name in GOLD_NAMES:
        if counts.get(name):
            return name
    return min(counts, key=lambda name: (-counts[name], name))


def collect(
    store: Store, *, status: str | None = "done", annotator: str | None = None
) -> list[LabelledDoc]:
    """Articles with the given status (``None``: all) that carry SOURCE, CUE or CLAIM labels."""
    out = []
    for doc_id in store.document_ids(status=status):
        spans = [s for s in store.spans(doc_id) if s.label in ROLES]
        if annotator is not None:
            spans = [s for s in spans if s.annotator == annotator]
        layer = annotator or pick_layer(Counter(s.annotator for s in spans))
        spans = [s for s in spans if s.annotator == layer]
        if not spans:
            continue
        by_id = {s.id: s for s in spans}
        groups = []
        for rel in store.relations(doc_id):
            claim = by_id.get(rel.claim)
            if claim is None:
                continue
            source = by_id.get(rel.source) if rel.source is not None else None
            cue = by_id.get(rel.cue) if rel.cue is not None else None
            groups.append(
                (
                    (source.start, source.end) if source else None,
                    (cue.start, cue.end) if cue else None,
                    (claim.start, claim.end),
                )
            )
        row = store.document(doc_id)
        pieces = sorted({(s0, e0, s.label) for s in spans for s0, e0 in s.pieces()})
        out.append(
            LabelledDoc(
                doc_id, row.content_hash, row.text, layer or "", tuple(pieces), tuple(groups)
            )
        )
    return out


def data_hash(docs: list[LabelledDoc]) -> str:
    """Identifies the training data: the same texts with the same labels give the same hash."""
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.content_hash):
        digest.update(json.dumps([doc.content_hash, doc.spans, doc.groups]).encode("utf-8"))
    return digest.hexdigest()
