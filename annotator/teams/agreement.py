"""How far the analysts' labels agree: ``annotator agreement``.

Which documents count: those on which two or more of the chosen analysts have a layer,
that is at least one span of a schema label or a status other than "new". Analysts
are the coders; an analyst with no layer on a document gives no value there.

- **Token alpha.** Each token of the spaCy tokenizer (whitespace tokens left out) is
  labelled "none" or with a span label; Krippendorff's alpha (nominal) is pooled over
  the tokens of all counted documents. A token inside several spans of one analyst
  takes the label of the shortest (innermost) one: PolNeAR nests attributions (a
  claim that holds another source, cue and claim), and the inner labels are the ones
  a reader would give that word. A token counts as inside a span when they share a
  character. Per label: alpha of "this label or not".
- **Span F1** per pair of analysts and label, on the documents both labelled: exact
  (same label and same characters, matched one to one) and overlapping (the share of
  each analyst's spans that overlap one of the other's, combined as F1).
- **Attribution-wise agreement (PolNeAR's "agr").** Our reading of PolNeAR
  (Newell et al., LREC 2018): an attribution of one analyst is matched when the other
  has an attribution whose cue overlaps its cue (the claim stands in where there is
  no cue); agr of a pair is the share of the first analyst's attributions matched by
  the second, averaged both ways; the figure is the mean over pairs.
- **Stance agreement** on the source–claim pairs both analysts linked (source and
  claim overlapping): Cohen's kappa for two analysts, alpha for more.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from annotator.core.language import of_document
from annotator.store import Store
from annotator.teams.coefficients import (
    alpha_by_group,
    alpha_from_counts,
    cohen_kappa,
    counts_from_codes,
)
from annotator.teams.layers import Layer, read_layers, schema_labels
from annotator.teams.pairs import PairTally, stance_units
from annotator.teams.tokens import code_matrix, token_bounds


@dataclass(slots=True)
class DocumentAgreement:
    """One counted document: its analysts and how far they agree on it."""

    doc_id: int
    title: str
    analysts: list[str]
    tokens: int
    alpha: float | None
    labels: dict[str, float | None]


@dataclass(slots=True)
class AgreementReport:
    """Every figure ``annotator agreement`` prints."""

    token_alpha: float | None
    units: int
    analysts: list[str]
    documents: list[DocumentAgreement]
    labels: list[str]
    label_alpha: dict[str, float | None]
    span_f1: dict[str, dict[str, dict[str, dict[str, float | None]]]]
    attribution_agr: float | None
    attribution_pairs: dict[str, float | None]
    stance_measure: str
    stance_agreement: float | None
    stance_items: int

    def worst_first(self) -> list[DocumentAgreement]:
        """Documents sorted worst first (those with no alpha last)."""
        return sorted(self.documents, key=lambda d: (d.alpha is None, d.alpha or 0.0, d.doc_id))

    def as_json(self) -> dict[str, Any]:
        return {
            "token_alpha": self.token_alpha,
            "units": self.units,
            "analysts": self.analysts,
            "documents": len(self.documents),
            "labels": {lab: {"token_alpha": self.label_alpha[lab]} for lab in self.labels},
            "span_f1": self.span_f1,
            "attribution_agreement": {
                "agr": self.attribution_agr,
                "pairs": self.attribution_pairs,
            },
            "stance_agreement": {
                "measure": self.stance_measure,
                "value": self.stance_agreement,
                "items": self.stance_items,
            },
            "per_document": [
                {
                    "doc_id": d.doc_id,
                    "title": d.title,
                    "analysts": d.analysts,
                    "tokens": d.tokens,
                    "token_alpha": d.alpha,
                    "labels": d.labels,
                }
                for d in self.worst_first()
            ],
        }


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def agreement(
    store: Store,
    *,
    analysts: list[str] | None = None,
    documents: list[int] | None = None,
    labels: list[str] | None = None,
) -> AgreementReport:
    """Every agreement figure over the counted documents (see the module docstring)."""
    labels = labels or schema_labels(store)
    codes = {lab: i + 1 for i, lab in enumerate(labels)}
    chosen = set(analysts) if analysts else None
    counted = read_layers(store, documents or store.document_ids(), labels, chosen)
    coders = sorted({name for _, layers in counted for name in layers})
    matrices: list[np.ndarray] = []
    titles: list[str] = []
    texts = store.titles_and_texts([doc_id for doc_id, _ in counted])
    stored = store.stored_languages([doc_id for doc_id, _ in counted])
    for doc_id, layers in counted:
        title, text = texts[doc_id]
        titles.append(title)
        # each document in its own language's tokens (an Arabic article is not split by
        # the English rules); stored, else guessed from its script
        starts, ends = token_bounds(text, of_document({"language": stored.get(doc_id)}, text))
        by_row = [layers[name].spans if name in layers else None for name in coders]
        matrices.append(code_matrix(starts, ends, by_row, codes, len(coders)))
    sizes = [m.shape[1] for m in matrices]
    pooled = counts_from_codes(
        np.concatenate(matrices, axis=1) if matrices else np.zeros((len(coders), 0), np.int64),
        len(labels) + 1,
    )
    by_label = {lab: alpha_by_group(_binary(pooled, codes[lab]), sizes) for lab in labels}
    per_doc = [
        DocumentAgreement(
            doc_id,
            title,
            sorted(layers),
            size,
            alpha,
            {lab: by_label[lab][i] for lab in labels},
        )
        for i, ((doc_id, layers), title, size, alpha) in enumerate(
            zip(counted, titles, sizes, alpha_by_group(pooled, sizes), strict=True)
        )
    ]
    tallies = {pair: PairTally(labels) for pair in combinations(coders, 2)}
    for _, layers in counted:
        for (a, b), tally in tallies.items():
            if a in layers and b in layers:
                tally.add(layers[a], layers[b], labels)
    return _report(pooled, coders, per_doc, labels, codes, tallies, [lay for _, lay in counted])


def _binary(counts: np.ndarray, code: int) -> np.ndarray:
    """The counts of "this label" against "anything else"."""
    present = counts.sum(axis=1)
    mine = counts[:, code]
    return np.stack([present - mine, mine], axis=1)


def _report(
    pooled: np.ndarray,
    coders: list[str],
    per_doc: list[DocumentAgreement],
    labels: list[str],
    codes: dict[str, int],
    tallies: dict[tuple[str, str], PairTally],
    counted: list[dict[str, Layer]],
) -> AgreementReport:
    span_f1: dict[str, dict[str, dict[str, dict[str, float | None]]]] = {}
    for lab in labels:
        exact: dict[str, dict[str, float | None]] = {a: {} for a in coders}
        overlap: dict[str, dict[str, float | None]] = {a: {} for a in coders}
        for (a, b), t in tallies.items():
            m, na, nb = t.exact[lab]
            exact[a][b] = exact[b][a] = _ratio(2 * m, na + nb)
            ca, na, cb, nb = t.overlap[lab]
            overlap[a][b] = overlap[b][a] = _f1(_ratio(ca, na), _ratio(cb, nb))
        span_f1[lab] = {"exact": exact, "overlapping": overlap}
    agr_pairs: dict[str, float | None] = {}
    for (a, b), t in tallies.items():
        ma, na, mb, nb = t.attributions
        shares = [x for x in (_ratio(ma, na), _ratio(mb, nb)) if x is not None]
        agr_pairs[f"{a}|{b}"] = sum(shares) / len(shares) if shares else None
    known = [v for v in agr_pairs.values() if v is not None]
    if len(coders) == 2:
        items = tallies[(coders[0], coders[1])].stances
        measure, stance, n_items = "cohen_kappa", cohen_kappa(items), len(items)
    else:
        units = stance_units(counted, coders)
        measure, stance = "krippendorff_alpha", alpha_from_counts(units)
        n_items = int((units.sum(axis=1) >= 2).sum())
    return AgreementReport(
        token_alpha=alpha_from_counts(pooled),
        units=int((pooled.sum(axis=1) >= 2).sum()) if len(pooled) else 0,
        analysts=coders,
        documents=per_doc,
        labels=labels,
        label_alpha={lab: alpha_from_counts(_binary(pooled, codes[lab])) for lab in labels},
        span_f1=span_f1,
        attribution_agr=sum(known) / len(known) if known else None,
        attribution_pairs=agr_pairs,
        stance_measure=measure,
        stance_agreement=stance,
        stance_items=n_items,
    )
