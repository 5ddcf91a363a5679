"""After boosts and floors: whether whole-span decoding and growing cues help, on held-out articles.

``role_training.tune_boosts`` picks each role's boost and span floor over per-word argmax.
This then tries the constrained path (``viterbi``) and CUE spans that grow into the words
the model half believes (``grow``, a lower threshold), each with the CUE floor re-chosen,
and keeps a choice only where it raises the mean token F1 on the same held-out articles
with every role's precision still at the minimum (or where it already was). Ties keep
plain argmax. A model whose cfg has neither key decodes as before.
"""

from __future__ import annotations

from typing import Any

#: CUE thresholds tried for growing spans (0: none) and CUE floors re-tried with them.
GROW = (0.0, 0.3, 0.4, 0.5)
CUE_FLOORS = (0.0, 0.5, 0.55, 0.6, 0.65)


def tune_spans(
    labels: tuple[str, ...],
    scores: list[Any],
    dev: list[Any],
    cfg: dict[str, Any],
    min_precision: float,
) -> dict[str, Any]:
    """``cfg`` (softmax, boosts, floors) with the best ``viterbi`` / ``grow`` / CUE floor."""
    from annotator.nlp.role_training import ROLES, decoded_scores

    start, start_f1 = decoded_scores(labels, scores, dev, cfg)
    needed = {r: min(min_precision, start[r][0]) for r in ROLES}
    best_f1, best = start_f1, cfg
    for viterbi in (False, True):
        for grow in GROW:
            for floor in CUE_FLOORS:
                if not viterbi and not grow:
                    continue  # plain argmax: tune_boosts chose its floor already
                trial = {**cfg, "floors": {**cfg.get("floors", {}), "CUE": floor}}
                if not floor:
                    trial["floors"].pop("CUE")
                if viterbi:
                    trial["viterbi"] = True
                if grow:
                    trial["grow"] = {"CUE": grow}
                prf, mean_f1 = decoded_scores(labels, scores, dev, trial)
                if all(prf[r][0] >= needed[r] for r in ROLES) and mean_f1 > best_f1:
                    best_f1, best = mean_f1, trial
    return best
