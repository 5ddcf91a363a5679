"""Each analyst's layer on a document, as the agreement figures read it.

An analyst has a layer on a document when they have at least one span of a counted
label there, or a status other than "new" (they looked and found nothing).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.model import Relation, Span, Status
from annotator.core.schema import LAST_GOOD_SETTING, SCHEMA_SETTING, load_project_schema
from annotator.store import Store


@dataclass(slots=True)
class Layer:
    """One analyst's spans and stances on one document (spans of counted labels only)."""

    spans: list[Span]
    relations: list[Relation]
    by_id: dict[int, Span] = field(default_factory=dict)
    by_label: dict[str, list[Span]] = field(default_factory=dict)

    def of(self, label: str) -> list[Span]:
        """This layer's spans of one label."""
        return self.by_label.get(label, [])


def schema_labels(store: Store) -> list[str]:
    """The span labels of the project's schema, in schema order."""
    schema, _text, _problem = load_project_schema(
        store.get_setting(SCHEMA_SETTING), store.get_setting(LAST_GOOD_SETTING)
    )
    return [lab.name for lab in schema.labels]


def layers_of(
    store: Store, doc_id: int, labels: set[str], analysts: set[str] | None
) -> dict[str, Layer]:
    """The layers the chosen analysts have on a document (see the module docstring)."""
    return layers_from(
        store.spans(doc_id), store.statuses(doc_id), store.relations(doc_id), labels, analysts
    )


def layers_from(
    spans: Iterable[Span],
    statuses: dict[str, str],
    relations: Iterable[Relation],
    labels: set[str],
    analysts: set[str] | None,
) -> dict[str, Layer]:
    layers: dict[str, Layer] = {}
    for span in spans:
        if span.label in labels and (analysts is None or span.annotator in analysts):
            layers.setdefault(span.annotator, Layer([], [])).spans.append(span)
    for name, value in statuses.items():
        if value != Status.NEW and (analysts is None or name in analysts):
            layers.setdefault(name, Layer([], []))
    if len(layers) >= 2:
        for rel in relations:
            if rel.annotator in layers:
                layers[rel.annotator].relations.append(rel)
        for layer in layers.values():
            layer.by_id = {s.id: s for s in layer.spans if s.id is not None}
            for span in layer.spans:
                layer.by_label.setdefault(span.label, []).append(span)
    return layers


def read_layers(
    store: Store, ids: list[int], labels: list[str], analysts: set[str] | None
) -> list[tuple[int, dict[str, Layer]]]:
    """The documents on which two or more of the chosen analysts have a layer, with the
    layers: read in a few queries, without the attributes the figures do not need."""
    places = store.span_places(ids, labels)
    links = store.stance_links(ids)
    statuses = store.analyst_statuses(ids)
    counted: list[tuple[int, dict[str, Layer]]] = []
    for doc_id in ids:
        rows = places[doc_id]
        names = {r[1] for r in rows}
        names.update(n for n, v in statuses[doc_id].items() if v != Status.NEW)
        if analysts is not None:
            names &= analysts
        if len(names) < 2:
            continue  # decided before any span is built: most documents of a corpus
        layers = {name: Layer([], []) for name in names}
        for span_id, name, label, start, end, fragments in rows:
            layer = layers.get(name)
            if layer is None:
                continue
            pieces = [tuple(f) for f in json.loads(fragments)] if fragments else None
            span = Span(label, start, end, annotator=name, id=span_id, fragments=pieces)
            layer.spans.append(span)
            layer.by_id[span_id] = span
            layer.by_label.setdefault(label, []).append(span)
        for rel_id, name, label, source, claim, cue in links[doc_id]:
            if name in layers:
                relation = Relation(label, source, claim, cue, annotator=name, id=rel_id)
                layers[name].relations.append(relation)
        counted.append((doc_id, layers))
    return counted
