"""How the role tagger's raw scores become role tags: boosts and span floors.

Kept apart from ``attribution_features`` (what the tagger sees): numpy only, so the
decoding can be tuned after training (``role_training.tune_boosts``) and tested alone.
"""

from __future__ import annotations

from typing import Any

import numpy

from annotator.nlp.role_bio import best_path, grow_spans


def decode(scores: Any, labels: tuple[str, ...], cfg: dict[str, Any]) -> Any:
    """Tag ids per word from the tagger's raw scores, as the component's ``cfg`` says.

    The tagger's scores are not probabilities (spaCy's ``normalize=False``: a softmax
    only in training), so models whose cfg has ``softmax`` get one first; boosts then
    scale probabilities, and a span whose words' mean probability for its role is under
    that role's floor is dropped (a boost buys a role's recall word by word; a floor
    buys precision back span by span, where the model hesitated over the whole span).
    Models tuned before (no ``softmax``) keep their boosts on the raw scores. With
    ``viterbi`` the tags are the best path with no I- tag out of place (``role_bio``) over
    the boosted probabilities instead of each word's argmax, and ``grow`` then widens the
    spans that passed their floor; models tuned without those keys decode as before.
    """
    boosts = cfg.get("boosts") or {}
    if not cfg.get("softmax"):
        return boosted_argmax(scores, labels, boosts)
    probs = softmax_rows(scores)
    if not len(probs):
        return numpy.zeros((0,), dtype="int32")
    if cfg.get("viterbi"):
        ids = best_path(boosted(probs, labels, boosts), labels)
    else:
        ids = boosted_argmax(probs, labels, boosts)
    ids = drop_weak_spans(ids, probs, labels, cfg.get("floors") or {})
    return grow_spans(ids, probs, labels, cfg.get("grow") or {})


def softmax_rows(scores: Any) -> Any:
    arr = numpy.asarray(scores, dtype="float64")
    if not len(arr):
        return arr
    arr = numpy.exp(arr - arr.max(axis=1, keepdims=True))
    return arr / arr.sum(axis=1, keepdims=True)


def drop_weak_spans(ids: Any, probs: Any, labels: tuple[str, ...], floors: dict[str, float]) -> Any:
    """``ids`` with each span under its role's floor (mean B-+I- probability) set to O."""
    if not floors or not len(ids):
        return ids
    tags = [label.partition("-") for label in labels]
    outside = labels.index("O")
    ids = ids.copy()
    i = 0
    while i < len(ids):
        role = tags[int(ids[i])][2]
        if not role:
            i += 1
            continue
        j = i + 1
        while j < len(ids) and tags[int(ids[j])][0] == "I" and tags[int(ids[j])][2] == role:
            j += 1
        floor = floors.get(role)
        if floor:
            columns = [k for k, (_, _, r) in enumerate(tags) if r == role]
            if probs[i:j][:, columns].sum(axis=1).mean() < floor:
                ids[i:j] = outside
        i = j
    return ids


def boosted(scores: Any, labels: tuple[str, ...], boosts: dict[str, float]) -> Any:
    """A copy of ``scores`` with each boosted role's B- and I- columns scaled."""
    arr = numpy.asarray(scores, dtype="float32").copy()
    for i, label in enumerate(labels):
        arr[:, i] *= boosts.get(label.partition("-")[2], 1.0)
    return arr


def boosted_argmax(scores: Any, labels: tuple[str, ...], boosts: dict[str, float]) -> Any:
    """Tag ids per word after scaling each boosted role's B- and I- columns."""
    if not len(scores):
        return numpy.zeros((0,), dtype="int32")
    return boosted(scores, labels, boosts).argmax(axis=1).astype("int32")
