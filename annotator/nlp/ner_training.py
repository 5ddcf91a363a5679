"""The recognizer (``architecture="ner"``): its pipeline, its examples and its token scores.

A spaCy entity recognizer over a CNN ``tok2vec``, started from the English pipeline's
weights or, blank, from random ones. ``reference`` (an article's labelled pieces as
entities) also gives the role tagger its gold (``role_training.examples``).
"""

from __future__ import annotations

from typing import Any

from annotator.nlp.training_data import PRF, ROLES, LabelledDoc


def reference(nlp: Any, doc: LabelledDoc) -> Any:
    """The article as spaCy tokens with its pieces as entities (overlaps: the longer wins)."""
    from spacy.util import filter_spans

    ref = nlp.make_doc(doc.text)
    spans = []
    for start, end, label in doc.spans:
        span = ref.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:
            continue
        first, last = span.start, span.end
        while first < last and ref[first].is_space:
            first += 1
        while last > first and ref[last - 1].is_space:
            last -= 1
        if first < last:
            spans.append(ref[first:last])
            spans[-1].label_ = label
    ref.ents = filter_spans(spans)
    return ref


def examples(nlp: Any, docs: list[LabelledDoc]) -> list[Any]:
    from spacy.training import Example

    out = []
    for doc in docs:
        ref = reference(nlp, doc)
        out.append(Example(nlp.make_doc(doc.text), ref))
    return out


def token_scores(nlp: Any, dev: list[Any]) -> dict[str, PRF]:
    """Token precision / recall / F1 per role: the measure PolNeAR reports."""
    counts = {role: [0, 0, 0] for role in ROLES}  # tp, fp, fn
    predicted = nlp.pipe([ex.predicted.text for ex in dev], batch_size=8)
    for ex, doc in zip(dev, predicted, strict=True):
        gold = {(t.i, t.ent_type_) for t in ex.reference if t.ent_type_}
        pred = {(t.i, t.ent_type_) for t in doc if t.ent_type_}
        for _, role in gold & pred:
            counts[role][0] += 1
        for _, role in pred - gold:
            if role in counts:
                counts[role][1] += 1
        for _, role in gold - pred:
            counts[role][2] += 1
    scores = {}
    for role, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        scores[role] = (round(p, 4), round(r, 4), round(2 * p * r / (p + r), 4) if p + r else 0.0)
    return scores


NER_MODEL = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"},
}
BLANK_TOK2VEC = {
    "@architectures": "spacy.Tok2Vec.v2",
    "embed": {
        "@architectures": "spacy.MultiHashEmbed.v2",
        "width": 96,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"],
        "rows": [5000, 1000, 2500, 2500, 50, 50],
        "include_static_vectors": False,
    },
    "encode": {
        "@architectures": "spacy.MaxoutWindowEncoder.v2",
        "width": 96,
        "depth": 4,
        "window_size": 1,
        "maxout_pieces": 3,
    },
}


def build_pipeline(settings: Any, error: type[Exception]) -> tuple[Any, bytes | None, str]:
    """A pipeline with a tok2vec and an untrained recognizer; the tok2vec's weights to restore."""
    import spacy

    from annotator.nlp.model import ModelUnavailable, resolve_model

    if settings.base == "blank":
        nlp = spacy.blank("en")
        nlp.add_pipe("tok2vec", config={"model": BLANK_TOK2VEC})
        base = "blank"
        weights = None
    else:
        try:
            source = resolve_model(settings.base_model)
            base_nlp = spacy.load(source)
        except (ModelUnavailable, OSError, ValueError) as exc:
            raise error(
                f"the English pipeline to start from cannot be loaded ({exc}); "
                "train with a blank start instead"
            ) from None
        if "tok2vec" not in base_nlp.pipe_names:
            raise error(f"spaCy pipeline {source!r} has no shared tok2vec to start from")
        excluded = [name for name in base_nlp.pipe_names if name != "tok2vec"]
        nlp = spacy.load(source, exclude=excluded)
        base = f"{base_nlp.meta.get('lang')}_{base_nlp.meta.get('name')} "
        base += str(base_nlp.meta.get("version"))
        weights = nlp.get_pipe("tok2vec").to_bytes()
        nlp.config["initialize"]["lookups"] = None  # the vocab has them; nothing is fetched
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for role in ROLES:
        ner.add_label(role)
    nlp.meta["name"] = "attribution"
    return nlp, weights, base
