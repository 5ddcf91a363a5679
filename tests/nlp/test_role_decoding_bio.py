"""Constrained B-/I-/O decoding and growing cue spans: whole spans where argmax left pieces."""

from __future__ import annotations

from annotator.nlp.attribution_features import TAGS
from annotator.nlp.role_decoding import decode
from tests.nlp.test_role_decoding import _scores, _tags

# "said in a phone interview": the model is sure of "said" and of the interview, and hesitates
# over "in", where O wins by a little: argmax leaves "said" and "a phone interview" apart
SAID_IN_AN_INTERVIEW = [
    {"B-CUE": 0.9, "O": 0.1},  # said
    {"O": 0.55, "I-CUE": 0.4, "B-CLAIM": 0.05},  # in
    {"I-CUE": 0.6, "O": 0.3, "B-CUE": 0.1},  # a
    {"I-CUE": 0.7, "O": 0.3},  # phone
    {"I-CUE": 0.7, "O": 0.3},  # interview
    {"O": 0.9, "B-CLAIM": 0.1},
]


def test_a_cfg_without_the_new_keys_decodes_as_before():
    scores = _scores(SAID_IN_AN_INTERVIEW)
    cfg = {"softmax": True, "boosts": {"CUE": 1.0}, "floors": {"CUE": 0.6}}
    assert _tags(decode(scores, TAGS, cfg)) == ["B-CUE", "O", "I-CUE", "I-CUE", "I-CUE", "O"]


def test_constrained_decoding_joins_a_fragmented_cue_into_one_span():
    scores = _scores(SAID_IN_AN_INTERVIEW)
    cfg = {"softmax": True, "floors": {"CUE": 0.6}, "viterbi": True}
    assert _tags(decode(scores, TAGS, cfg)) == ["B-CUE", "I-CUE", "I-CUE", "I-CUE", "I-CUE", "O"]


def test_no_span_starts_with_an_inside_tag_under_constrained_decoding():
    scores = _scores([{"O": 0.6, "I-CUE": 0.4}, {"I-CUE": 0.5, "O": 0.4, "B-CUE": 0.1}])
    tags = _tags(decode(scores, TAGS, {"softmax": True, "viterbi": True}))
    assert tags[0] != "I-CUE" and not (tags[0] == "O" and tags[1].startswith("I-"))


def test_a_sure_cue_grows_into_the_next_word_the_model_half_believes():
    rows = [
        {"B-CUE": 0.9, "O": 0.1},  # faced
        {"O": 0.7, "I-CUE": 0.3},  # questions
        {"O": 0.8, "I-CUE": 0.2},  # about
        {"B-CLAIM": 0.8, "O": 0.2},
    ]
    scores = _scores(rows)
    plain = {"softmax": True, "viterbi": True}
    assert _tags(decode(scores, TAGS, plain)) == ["B-CUE", "O", "O", "B-CLAIM"]
    grown = _tags(decode(scores, TAGS, {**plain, "grow": {"CUE": 0.25}}))
    assert grown == ["B-CUE", "I-CUE", "O", "B-CLAIM"], "up to the word under the threshold"
    assert _tags(decode(scores, TAGS, {**plain, "grow": {"CUE": 0.15}}))[:3] == [
        "B-CUE",
        "I-CUE",
        "I-CUE",
    ]
    assert _tags(decode(scores, TAGS, {**plain, "grow": {"SOURCE": 0.1}}))[1] == "O"


def test_tuning_on_held_out_articles_keeps_whole_span_decoding_only_where_it_helps():
    import spacy
    from spacy.tokens import Span
    from spacy.training import Example

    from annotator.nlp.role_span_tuning import tune_spans

    nlp = spacy.blank("en")
    words = ["said", "in", "a", "phone", "interview", "today"]
    predicted = spacy.tokens.Doc(nlp.vocab, words=words)
    reference = spacy.tokens.Doc(nlp.vocab, words=words)
    reference.set_ents([Span(reference, 0, 5, label="CUE")])
    dev = [Example(predicted, reference)]
    cfg = {"softmax": True, "boosts": {}, "floors": {"CUE": 0.6}}
    tuned = tune_spans(TAGS, [_scores(SAID_IN_AN_INTERVIEW)], dev, cfg, 0.78)
    assert tuned.get("viterbi") or tuned.get("grow"), "argmax alone leaves the cue in pieces"
    assert (
        _tags(decode(_scores(SAID_IN_AN_INTERVIEW), TAGS, tuned))[:5] == ["B-CUE"] + ["I-CUE"] * 4
    )
    whole = [{"B-CUE": 0.9, "O": 0.1}] + [{"I-CUE": 0.9, "O": 0.1}] * 4 + [{"O": 0.9}]
    assert tune_spans(TAGS, [_scores(whole)], dev, cfg, 0.78) == cfg, "argmax was right: kept"
