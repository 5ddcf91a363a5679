"""How the role tagger's raw scores become role tags: boosts and span floors.

Kept apart from ``attribution_features`` (what the tagger sees): numpy only, so the
decoding can be tuned after training (``role_training.tune_boosts``) and tested alone.
"""

from __future__ import annotations

from typing import Any

import numpy


def decode(scores: Any, labels: tuple[str, ...], cfg: dict[str, Any]) -> Any:
    """Tag ids per word from the tagger's raw scores, as the component's ``cfg`` says.

    The tagger's scores are not probabilities (spaCy's ``normalize=False``: a softmax
    only in training), so models whose cfg has ``softmax`` get one first; boosts then
    scale probabilities, and a span whose words' mean probability for its role is under
    that role's floor is dropped (a boost buys a role's recall word by word; a floor
    buys precision back span by span, where the model hesitated over the whole span).
    Models tuned before (no ``softmax``) keep their boosts on the raw scores.
    """
    boosts = cfg.get("boosts") or {}
    if not cfg.get("softmax"):
        return boosted_argmax(scores, labels, boosts)
    probs = softmax_rows(scores)
    ids = boosted_argmax(probs, labels, boosts)
    return drop_weak_spans(ids, probs, labels, cfg.get("floors") or {})


def softmax_rows(scores: Any) -> Any:
    arr = numpy.asarray(scores, dtype="float64")
    if not len(arr):
        return arr
    arr = numpy.exp(arr - arr.max(axis=1, keepdims=True))
    return arr / arr.sum(axis=1, keepdims=True)


def drop_weak_spans(
    ids: Any, probs: Any, labels: tuple[str, ...], floors: dict[str, float]
) -> Any:
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


def boosted_argmax(scores: Any, labels: tuple[str, ...], boosts: dict[str, float]) -> Any:
    """Tag ids per word after scaling each boosted role's B- and I- columns."""
    arr = numpy.asarray(scores, dtype="float32").copy()
    if not len(arr):
        return numpy.zeros((0,), dtype="int32")
    for i, label in enumerate(labels):
        arr[:, i] *= boosts.get(label.partition("-")[2], 1.0)
    return arr.argmax(axis=1).astype("int32")
