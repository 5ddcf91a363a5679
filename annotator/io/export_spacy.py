"""spaCy DocBin (``.spacy``) for ``spacy train``.

``doc.ents`` holds the entities (when exported), ``doc.spans["SOURCE"]``,
``["CUE"]`` and ``["CLAIM"]`` the analyst's spans (overlaps allowed), with all
of them also under ``"sc"``, the key spaCy's ``spancat`` reads by default, and
``doc.user_data["annotator"]`` the exact character offsets, attributes and
relations, so nothing is lost where a span does not fall on token edges.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.io.exporting import ExportDoc
from annotator.io.safe_paths import atomic_file
from annotator.io.tokenize import tokenizer


def to_doc(item: ExportDoc, nlp: Any) -> Any:
    """One spaCy Doc with entities, span groups and the exact annotations in user_data."""
    from spacy.tokens import Span as SpacySpan
    from spacy.util import filter_spans

    doc = nlp.make_doc(item.doc.text)
    ents = []
    for ent in item.entities:
        span = doc.char_span(ent.start, ent.end, label=ent.label, alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.ents = filter_spans(ents)
    groups: dict[str, list[SpacySpan]] = {}
    for span in item.spans:
        found = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
        if found is not None:
            groups.setdefault(span.label, []).append(found)
    for label, spans in groups.items():
        doc.spans[label] = spans
    doc.spans["sc"] = [span for spans in groups.values() for span in spans]
    doc.user_data["annotator"] = {
        "title": item.doc.title,
        "meta": item.doc.meta,
        "status": item.doc.status,
        "spans": [
            {
                "id": s.id,
                "label": s.label,
                "start": s.start,
                "end": s.end,
                "fragments": [list(f) for f in s.fragments] if s.fragments else None,
                "attributes": s.attributes,
                "annotator": s.annotator,
            }
            for s in item.spans
        ],
        "relations": [
            {
                "label": r.label,
                "source": r.source,
                "claim": r.claim,
                "cue": r.cue,
                "attributes": r.attributes,
                "annotator": r.annotator,
            }
            for r in item.relations
        ],
    }
    return doc


def build_docbin(docs: list[ExportDoc], nlp: Any | None = None) -> Any:
    """A DocBin of all documents, user data included."""
    from spacy.tokens import DocBin

    nlp = nlp or tokenizer()
    docbin = DocBin(store_user_data=True)
    for item in docs:
        docbin.add(to_doc(item, nlp))
    return docbin


def write_docbin(docs: list[ExportDoc], out: Path) -> list[Path]:
    """Write ``.spacy`` training data (built first, so a failure leaves no file)."""
    data = build_docbin(docs).to_bytes()
    with atomic_file(out) as fh:
        fh.write(data)
    return [out]
