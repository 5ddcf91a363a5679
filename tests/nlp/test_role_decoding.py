"""Decoding the role tagger's raw scores: probabilities first, boosts, and span floors."""

from __future__ import annotations

import math

import numpy

from annotator.nlp.attribution_features import TAGS
from annotator.nlp.role_decoding import decode, drop_weak_spans, softmax_rows


def _scores(rows: list[dict[str, float]]) -> numpy.ndarray:
    """Raw scores (log-probabilities) giving each word the listed tag probabilities."""
    out = numpy.full((len(rows), len(TAGS)), math.log(1e-6))
    for i, row in enumerate(rows):
        for tag, p in row.items():
            out[i, TAGS.index(tag)] = math.log(p)
    return out


def _tags(ids: numpy.ndarray) -> list[str]:
    return [TAGS[int(i)] for i in ids]


def test_a_boost_scales_probabilities_even_where_the_raw_scores_are_negative():
    # the tagger's scores are not probabilities: all negative here; a boost multiplying
    # them (as models tuned before did) pushes the boosted role further down
    scores = _scores([{"O": 0.55, "B-CUE": 0.45}])
    assert (scores < 0).all()
    assert _tags(decode(scores, TAGS, {"softmax": True, "boosts": {"CUE": 1.5}})) == ["B-CUE"]
    assert _tags(decode(scores, TAGS, {"boosts": {"CUE": 1.5}})) == ["O"], "old models as before"


def test_a_span_the_model_hesitated_over_is_dropped_and_a_sure_one_kept():
    scores = _scores(
        [
            {"B-CUE": 0.95, "O": 0.05},  # "said": sure
            {"O": 0.9, "B-CLAIM": 0.1},
            {"B-CUE": 0.5, "O": 0.45, "B-SOURCE": 0.05},  # "has": a near miss
            {"I-CUE": 0.4, "O": 0.35, "B-CLAIM": 0.25},  # "utilized"
        ]
    )
    plain = decode(scores, TAGS, {"softmax": True})
    assert _tags(plain) == ["B-CUE", "O", "B-CUE", "I-CUE"]
    floored = decode(scores, TAGS, {"softmax": True, "floors": {"CUE": 0.6}})
    assert _tags(floored) == ["B-CUE", "O", "O", "O"], "the whole weak span goes, not one word"
    assert _tags(decode(scores, TAGS, {"softmax": True, "floors": {"SOURCE": 0.9}})) == _tags(
        plain
    ), "a floor acts on its own role only"


def test_softmax_rows_are_shares_and_an_empty_document_decodes_to_nothing():
    probs = softmax_rows(_scores([{"O": 0.7, "B-CUE": 0.3}]))
    assert abs(probs.sum() - 1.0) < 1e-9 and abs(probs[0, TAGS.index("B-CUE")] - 0.3) < 1e-3
    empty = numpy.zeros((0, len(TAGS)))
    assert len(decode(empty, TAGS, {"softmax": True, "floors": {"CUE": 0.5}})) == 0
    ids = numpy.array([TAGS.index("B-CUE")])
    assert _tags(drop_weak_spans(ids, softmax_rows(_scores([{"B-CUE": 0.9}])), TAGS, {})) == [
        "B-CUE"
    ]
