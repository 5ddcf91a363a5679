"""The role tagger's pipeline and data: the English pipeline frozen, a tagger over its parse.

The installed English pipeline (tagger, parser, lemmatizer; not its entities) runs once
over every article before training starts; the tagger then learns on those
parsed docs without re-running it (``exclude``), which keeps an epoch to about a
minute on polnear-train. The saved model is that whole pipeline plus
``attribution_roles``, so it parses what it is given. See ``attribution_features``.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from annotator.nlp.attribution_features import ROLES, TAGS, reference_tags

NAME = "attribution_roles"
PARSE_BATCH = 16


def role_model(width: int, depth: int, window: int, table_width: int = 32) -> dict[str, Any]:
    return {
        "@architectures": "spacy.Tagger.v2",
        "nO": None,
        "normalize": False,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "annotator.RoleEmbed.v1",
                "width": width,
                "table_width": table_width,
            },
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": width,
                "depth": depth,
                "window_size": window,
                "maxout_pieces": 3,
            },
        },
    }


def build(settings: Any, error: type[Exception]) -> tuple[Any, list[str], str]:
    """The English pipeline (frozen) with an untrained role tagger; its names; its name."""
    import spacy

    from annotator.nlp.model import PARAGRAPHS, ModelUnavailable, resolve_model
    from annotator.nlp.model_suggester import register_components

    register_components()

    try:
        source = resolve_model(settings.base_model)
        nlp = spacy.load(source, exclude=["ner", "senter"])
    except (ModelUnavailable, OSError, ValueError) as exc:
        raise error(
            f"the English pipeline to parse with cannot be loaded ({exc}); "
            "install it (see README) or train with --architecture ner and a blank start"
        ) from None
    if "parser" not in nlp.pipe_names:
        raise error(f"spaCy pipeline {source!r} has no dependency parser to learn from")
    nlp.add_pipe(PARAGRAPHS, before="parser")
    frozen = list(nlp.pipe_names)
    base = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}"
    # reading the parser's doc.tensor beside these features was tried (2026-11-28): on
    # polnear-train's held-out fifth CUE token F1 0.647 against 0.661, so not kept
    model = role_model(settings.width, settings.depth, settings.window)
    nlp.add_pipe(NAME, config={"model": model})
    nlp.meta["name"] = "attribution"
    return nlp, frozen, base


def examples(
    nlp: Any, docs: list[Any], reference: Any
) -> Generator[tuple[int, int], None, list[Any]]:
    """Examples whose predicted docs are parsed (once), with role tags as reference.

    Yields ``(done, total)`` after each batch: parsing takes minutes, and a cancel
    (closing the generator) must not wait for all of it.
    """
    from spacy.training import Example

    out = []
    for start in range(0, len(docs), PARSE_BATCH):
        chunk = docs[start : start + PARSE_BATCH]
        parsed = nlp.pipe([d.text for d in chunk], batch_size=PARSE_BATCH, disable=[NAME])
        for doc, pdoc in zip(chunk, parsed, strict=True):
            ref = reference(nlp, doc)
            for token, tag in zip(ref, reference_tags(ref), strict=True):
                token.tag_ = tag
            out.append(Example(pdoc, ref))
        yield len(out), len(docs)
    return out


def initialize(nlp: Any, train_ex: list[Any]) -> None:
    nlp.get_pipe(NAME).initialize(lambda: train_ex[:20], nlp=nlp, labels=list(TAGS))


def _counts(dev: list[Any], guesses: list[Any], labels: tuple[str, ...]) -> dict[str, list[int]]:
    """True positives, false positives and false negatives per role, over words."""
    counts = {role: [0, 0, 0] for role in ROLES}
    for ex, ids in zip(dev, guesses, strict=True):
        ids = ids.get() if hasattr(ids, "get") else ids
        pred = {
            (i, labels[int(t)].partition("-")[2])
            for i, t in enumerate(ids)
            if labels[int(t)] != "O" and not ex.predicted[i].is_space
        }
        gold = {(t.i, t.ent_type_) for t in ex.reference if t.ent_type_}
        for _, role in gold & pred:
            counts[role][0] += 1
        for _, role in pred - gold:
            counts[role][1] += 1
        for _, role in gold - pred:
            counts[role][2] += 1
    return counts


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0


def token_scores(nlp: Any, dev: list[Any]) -> dict[str, tuple[float, float, float]]:
    """Token precision / recall / F1 per role on the parsed dev docs (no re-parse)."""
    component = nlp.get_pipe(NAME)
    guesses: list[Any] = []
    for start in range(0, len(dev), PARSE_BATCH):
        guesses.extend(component.predict([ex.predicted for ex in dev[start : start + PARSE_BATCH]]))
    counts = _counts(dev, guesses, component.labels)
    return {role: _prf(*counts[role]) for role in ROLES}


def decoded_scores(
    labels: tuple[str, ...], scores: list[Any], dev: list[Any], cfg: dict[str, Any]
) -> tuple[dict[str, tuple[float, float, float]], float]:
    """Token P/R/F per role of the dev docs' raw ``scores`` decoded under ``cfg``, and mean F1."""
    from annotator.nlp.role_decoding import decode

    counts = _counts(dev, [decode(s, labels, cfg) for s in scores], labels)
    prf = {role: _prf(*counts[role]) for role in ROLES}
    return prf, sum(f for _, _, f in prf.values()) / len(ROLES)


#: Boosts and span floors tried per role, and the token precision a choice must keep
#: (the goal's 0.75, and some). Floors: the mean probability a span's words need.
BOOSTS = (1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0)
FLOORS = (0.0, 0.5, 0.55, 0.6, 0.65)
MIN_PRECISION = 0.78
#: Decoding choices ``role_span_tuning`` may add to the cfg (whole paths, growing cues).
SPAN_KEYS = ("viterbi", "grow")


def tune_boosts(nlp: Any, dev: list[Any]) -> dict[str, float]:
    """Per role, the boost and span floor that keep its dev precision at MIN_PRECISION or above.

    Among those choices, the one with the best mean F1 over all roles (a boost for one role
    takes words from the others); a role already that precise without help may also keep
    none. Roles one at a time, CUE first (the softmax under-predicts it, and its precision
    is the one below the goal). A floor drops the spans the model hesitated over, which buys
    back the precision a boost costs (on polnear-dev: CUE precision 0.74 -> 0.79, F1 0.67 ->
    0.68). Then ``role_span_tuning`` tries whole-span decoding and growing cues on the same
    articles. Kept in the component's cfg (``decode``), so saved with the model.
    """

    component = nlp.get_pipe(NAME)
    component.cfg.update(boosts={}, floors={}, softmax=True)
    for key in SPAN_KEYS:
        component.cfg.pop(key, None)
    if not dev:
        return {}
    scores: list[Any] = []
    for start in range(0, len(dev), PARSE_BATCH):
        chunk = [ex.predicted for ex in dev[start : start + PARSE_BATCH]]
        scores.extend(component.model.ops.to_numpy(s) for s in component.model.predict(chunk))
    cfg: dict[str, Any] = {"softmax": True, "boosts": {}, "floors": {}}
    for role in ("CUE", "SOURCE", "CLAIM"):
        tried = []
        for boost in BOOSTS:
            for floor in FLOORS:
                trial = {
                    "softmax": True,
                    "boosts": {**cfg["boosts"], role: boost},
                    "floors": {**cfg["floors"], role: floor},
                }
                prf, mean_f1 = decoded_scores(component.labels, scores, dev, trial)
                tried.append((prf[role][0] >= MIN_PRECISION, mean_f1, boost == 1.0, floor, boost))
        precise = [t for t in tried if t[0]]
        if precise:
            _, _, _, floor, boost = max(precise)
            if boost != 1.0:
                cfg["boosts"][role] = boost
            if floor:
                cfg["floors"][role] = floor
    from annotator.nlp.role_span_tuning import tune_spans

    cfg = tune_spans(component.labels, scores, dev, cfg, MIN_PRECISION)
    component.cfg.update(boosts=cfg["boosts"], floors=cfg["floors"])
    component.cfg.update({key: cfg[key] for key in SPAN_KEYS if key in cfg})
    return dict(cfg["boosts"])
