"""The sample articles the project ships: what the README pictures and `scripts/run-app` rely on."""

from __future__ import annotations

from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from tests.conftest import SAMPLES

HEADLINE = "Cranes, Ferries and a Missing Memorandum"


def test_the_samples_folder_imports_as_four_articles_with_the_long_feature_whole(store):
    # the wire dump's three, the long feature and the Arabic harbour item
    assert import_paths(store, sorted(SAMPLES.glob("*.txt"))).imported == 5
    titles = {i: store.document(i).title for i in store.document_ids()}
    long = [i for i, title in titles.items() if title.startswith(HEADLINE)]
    assert len(long) == 1, titles
    text = store.document(long[0]).text
    assert 1_200 <= len(text.split()) <= 1_600
    assert text.startswith(HEADLINE) and text.rstrip().endswith("left at 7:04.")


def test_the_long_feature_has_at_least_15_entity_types_for_the_legend_picture(store):
    import_paths(store, [SAMPLES / "long-feature.txt"])
    (doc_id,) = store.document_ids()
    preannotate(store, *load_entity_pipeline())
    types = {s.label for s in store.suggestions(doc_id)}
    assert len(types) >= 15, sorted(types)
