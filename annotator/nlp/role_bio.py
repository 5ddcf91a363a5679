"""Whole role spans from per-word probabilities: constrained B-/I-/O paths and growing spans.

A per-word argmax leaves a span in pieces where the model hesitated over one word inside it
("said | in | a phone interview": O wins "in" by a little, and the inside words after it
become a second span). ``best_path`` picks the likeliest tag sequence in which an I- tag only
follows a B- or I- tag of its own role (Viterbi; the boosts stay as priors on the
probabilities), so such a span is either whole or, where the model doubts it, not there.
``grow_spans`` lets a span the model is sure of take in the next words whose probability
for its role passes a lower threshold (hysteresis): cues like "has faced questions about"
are mostly found by their verb and lose the words after it. numpy for the arrays; the path
itself is a plain loop over words (7 tags: a few microseconds a word).
"""

from __future__ import annotations

from typing import Any

import numpy

_TINY = 1e-12


def best_path(probs: Any, labels: tuple[str, ...]) -> Any:
    """Tag ids per word: the most probable sequence with no I- tag after O or another role."""
    n = len(probs)
    if not n:
        return numpy.zeros((0,), dtype="int32")
    tags = [label.partition("-") for label in labels]
    begins = {role: k for k, (p, _, role) in enumerate(tags) if p == "B"}
    pairs = [(begins[role], k) for k, (p, _, role) in enumerate(tags) if p == "I"]
    free = [k for k, (p, _, _) in enumerate(tags) if p != "I"]  # O and B-: after anything
    logp = numpy.log(numpy.maximum(numpy.asarray(probs, dtype="float64"), _TINY)).tolist()
    width = len(labels)
    back = [[0] * width for _ in range(n)]
    score = list(logp[0])
    for _, k in pairs:
        score[k] = float("-inf")
    for t in range(1, n):
        row = logp[t]
        top = max(score)
        best = score.index(top)
        new = [0.0] * width
        links = back[t]
        for k in free:
            new[k] = top + row[k]
            links[k] = best
        for b, k in pairs:
            came = b if score[b] >= score[k] else k
            new[k] = score[came] + row[k]
            links[k] = came
        score = new
    path = [0] * n
    last = score.index(max(score))
    for t in range(n - 1, -1, -1):
        path[t] = last
        last = back[t][last]
    return numpy.asarray(path, dtype="int32")


def grow_spans(ids: Any, probs: Any, labels: tuple[str, ...], thresholds: dict[str, float]) -> Any:
    """``ids`` with each span of a thresholded role widened over the O words either side
    whose probability for that role (B- plus I-) is at least the role's threshold."""
    if not thresholds or not len(ids):
        return ids
    outside = labels.index("O")
    ids = numpy.asarray(ids).copy()
    for role, threshold in thresholds.items():
        if not threshold:
            continue
        begin = labels.index(f"B-{role}")
        inside = labels.index(f"I-{role}")
        share = probs[:, begin] + probs[:, inside]
        starts = numpy.flatnonzero(ids == begin).tolist()
        for start in starts:
            end = start + 1
            while end < len(ids) and ids[end] == inside:
                end += 1
            while end < len(ids) and ids[end] == outside and share[end] >= threshold:
                ids[end] = inside
                end += 1
            first = start
            while first > 0 and ids[first - 1] == outside and share[first - 1] >= threshold:
                first -= 1
            if first < start:
                ids[first] = begin
                ids[first + 1 : start + 1] = inside
    return ids
