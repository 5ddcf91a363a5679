"""What the role tagger sees of each word: its form, its parse, and what the rules make of it.

Attribution is carried by the dependency tree: cues are a closed-ish set of verbs
of saying and believing, sources are their subjects, claims their complements.
So besides the word's own form (NORM, PREFIX, SUFFIX, SHAPE) the tagger embeds
what the installed English pipeline (run frozen, before it) says about it —
LEMMA, TAG, DEP — and features read off the tree: the head's
lemma, how the word hangs below the nearest verb of saying (``ccomp`` under
"said", ``nsubj`` of "said", the verb itself), whether it sits in quotation marks,
and the role the rules (``attribution.py``, precise but narrow) give it, so the
model learns when to trust them.

The ``attribution_roles`` component is spaCy's tagger over those features whose
tags (B-/I-/O over SOURCE, CUE, CLAIM: PolNeAR gives each word one role) are
written as ``doc.ents``. Importing this module registers everything a trained
model needs to load.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy
from spacy.language import Language
from spacy.pipeline.tagger import Tagger
from spacy.strings import hash_string
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)

from annotator.nlp.attribution import SAYING, STANCE_VERBS, suggest_attributions
from annotator.nlp.role_decoding import decode, softmax_rows

ROLES = ("SOURCE", "CUE", "CLAIM")
TAGS = ("O", *(f"{p}-{r}" for r in ROLES for p in ("B", "I")))
#: Columns taken from ``doc.to_array``, then the ones computed here.
ARRAY_ATTRS = ("NORM", "PREFIX", "SUFFIX", "SHAPE", "LEMMA", "TAG", "DEP")
TREE_FEATURES = ("head", "below_cue", "quote", "rules")
ROWS = (5000, 1000, 2500, 2500, 5000, 200, 200, 2500, 600, 20, 20)
_CACHE = "annotator_role_features"
_CUE_LEMMAS = SAYING | STANCE_VERBS
_OPEN = {'"', "“", "«"}
_CLOSE = {'"', "”", "»"}


def _h(text: str) -> int:
    return int(hash_string(text))


def _below_cue(token: Any) -> str:
    """How the word hangs below the nearest verb of saying above it (or is one)."""
    if token.lemma_.lower() in _CUE_LEMMAS:
        return f"cue:{token.pos_}"
    child, node = token, token.head
    steps = 0
    while node is not child and steps < 12:
        if node.lemma_.lower() in _CUE_LEMMAS and node.pos_ in {"VERB", "AUX", "NOUN"}:
            return f"{child.dep_}:{min(steps, 3)}"
        child, node = node, node.head
        steps += 1
    return "none"


def _quotes(doc: Any) -> list[str]:
    """Inside or outside quotation marks, reset at each paragraph."""
    inside = False
    out = []
    for token in doc:
        text = token.text
        if "\n" in text:
            inside = False
        if text in _OPEN and not inside:
            out.append("open")
            inside = True
            continue
        if text in _CLOSE and inside:
            out.append("close")
            inside = False
            continue
        out.append("in" if inside else "out")
    return out


def _rule_roles(doc: Any) -> list[str]:
    """Each word's role in the rules' proposals (the rules need the parse)."""
    roles = ["O"] * len(doc)
    starts = {t.idx: t.i for t in doc}
    ends = {t.idx + len(t.text): t.i for t in doc}
    try:
        found = suggest_attributions(doc)
    except Exception:  # a parse the rules trip over: the model does without them
        return roles
    for s in found:
        for role, span in (("CLAIM", s.claim), ("SOURCE", s.source), ("CUE", s.cue)):
            if span is None:
                continue
            first = starts.get(span[0])
            last = ends.get(span[1])
            if first is None or last is None:
                continue
            for i in range(first, last + 1):
                roles[i] = role
    return roles


def features(doc: Any) -> numpy.ndarray:
    """One row of hashed features per word; cached on the doc (training reuses its docs)."""
    cached = doc.user_data.get(_CACHE)
    if cached is not None and len(cached) == len(doc):
        return cached
    base = doc.to_array(list(ARRAY_ATTRS)).astype("uint64")
    if base.ndim == 1:
        base = base.reshape((len(doc), len(ARRAY_ATTRS)))
    quotes = _quotes(doc)
    rules = _rule_roles(doc)
    extra = numpy.zeros((len(doc), len(TREE_FEATURES)), dtype="uint64")
    for token in doc:
        i = token.i
        extra[i, 0] = _h("h:" + token.head.lemma_.lower())
        extra[i, 1] = _h("b:" + _below_cue(token))
        extra[i, 2] = _h("q:" + quotes[i])
        extra[i, 3] = _h("r:" + rules[i])
    out = numpy.hstack([base, extra]) if len(doc) else numpy.zeros((0, len(ROWS)), "uint64")
    doc.user_data[_CACHE] = out
    return out


def forget(docs: Iterable[Any]) -> None:
    """Drop the cached features (the doc goes to the user without them)."""
    for doc in docs:
        doc.user_data.pop(_CACHE, None)


@registry.layers("annotator.RoleFeatures.v1")
def role_feature_extractor() -> Model[list[Any], list[Any]]:
    def forward(model: Model, docs: list[Any], is_train: bool) -> tuple[list[Any], Any]:
        return [model.ops.asarray2i(features(doc), dtype="uint64") for doc in docs], lambda d: []

    return Model("annotator_role_features", forward)


@registry.architectures("annotator.RoleEmbed.v1")
def role_embed(width: int, table_width: int = 32) -> Model[list[Any], list[Any]]:
    """One narrow hash table per column of ``features``, then a Maxout to ``width``.

    Narrow tables keep the Maxout (the costliest layer per word) small: an epoch
    over polnear-train stays near two minutes on two cores.
    """
    tables = [
        HashEmbed(table_width, rows, column=i, seed=8 + i, dropout=0.0)
        for i, rows in enumerate(ROWS)
    ]
    return chain(
        role_feature_extractor(),
        list2ragged(),
        with_array(concatenate(*tables)),
        with_array(Maxout(width, table_width * len(tables), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


class RoleTagger(Tagger):
    """spaCy's tagger whose B-/I-/O role tags become ``doc.ents`` (the word's TAG is kept).

    ``cfg["boosts"]`` scales a role's probabilities before the argmax, and
    ``cfg["floors"]`` drops a role's span whose words' mean probability is under the
    floor: both set after training on the held-out articles (``role_decoding.decode``).
    """

    def predict(self, docs: Any) -> Any:
        if not (self.cfg.get("boosts") or self.cfg.get("softmax")):
            return super().predict(docs)
        scores = self.model.predict(docs)
        ops = self.model.ops
        return [ops.asarray(decode(ops.to_numpy(s), self.labels, self.cfg)) for s in scores]

    def set_annotations(self, docs: Iterable[Any], batch_tag_ids: Any) -> None:
        from spacy.tokens import Span

        docs = list(docs)
        labels = self.labels
        for doc, tag_ids in zip(docs, batch_tag_ids, strict=True):
            if hasattr(tag_ids, "get"):
                tag_ids = tag_ids.get()
            spans = []
            start, role = None, None
            for i, tag_id in enumerate([*list(tag_ids), 0]):
                tag = labels[int(tag_id)] if i < len(doc) else "O"
                prefix, _, name = tag.partition("-")
                space = i < len(doc) and doc[i].is_space
                if role is not None and (prefix != "I" or name != role or space):
                    end = i
                    while end > start and doc[end - 1].is_space:
                        end -= 1
                    if end > start:
                        spans.append(Span(doc, start, end, label=role))
                    start, role = None, None
                if prefix in ("B", "I") and role is None and not space:
                    start, role = i, name
            doc.set_ents(spans, default="outside")
        forget(docs)


@Language.factory(
    "attribution_roles",
    assigns=["doc.ents"],
    default_config={
        "model": None,
        "overwrite": True,
        "scorer": {"@scorers": "spacy.tagger_scorer.v1"},
        "neg_prefix": "!",
        "label_smoothing": 0.0,
    },
)
def make_role_tagger(
    nlp: Language,
    name: str,
    model: Model,
    overwrite: bool,
    scorer: Any,
    neg_prefix: str,
    label_smoothing: float,
) -> RoleTagger:
    return RoleTagger(
        nlp.vocab,
        model,
        name,
        overwrite=overwrite,
        scorer=scorer,
        neg_prefix=neg_prefix,
        label_smoothing=label_smoothing,
    )


def reference_tags(doc: Any) -> list[str]:
    """B-/I-/O tags of a reference doc's entities, to train the tagger on."""
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    return tags


def role_probabilities(component: Any, docs: list[Any]) -> list[Any]:
    """Per word, the probability that it has some role (1 - P(O)): for uncertainty."""
    scores = component.model.predict(docs)
    forget(docs)
    out = []
    for doc_scores in scores:
        arr = softmax_rows(component.model.ops.to_numpy(doc_scores))  # raw scores: not shares
        out.append(1.0 - arr[:, component.labels.index("O")] if len(arr) else arr[:, :0])
    return out


def role_uncertainties(nlp: Any, texts: list[str], name: str = "attribution_roles") -> list[Any]:
    """For each text, each word's probability of having some role under a trained pipeline."""
    docs = list(nlp.pipe(texts, disable=[name]))
    return [list(map(float, p)) for p in role_probabilities(nlp.get_pipe(name), docs)]
