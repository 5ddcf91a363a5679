"""How an article stands toward a claim: agree, disagree, discuss or unrelated (FNC-1).

The recipe of UCLMR's FNC-1 entry (Riedel et al. 2017): term-frequency vectors of the
claim and of the article over the most frequent words, the TF-IDF cosine of the two, and
one hidden layer. A few overlap features are added (how many of the claim's words and word
pairs the article holds, and whether it uses words of denial), which lift the
related/unrelated split. Body vectors are made once per distinct text: FNC-1 pairs
reuse 1,683 bodies across ~50,000 pairs.
"""

from __future__ import annotations

import itertools
import pickle
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import normalize

from annotator.core.claims import STANCES

_WORD = re.compile(r"\w+")
#: Words of refusal and doubt (the FNC-1 baseline's list, shortened).
DENIAL = frozenset(
    "fake fraud hoax false deny denies denied refute refutes not despite nope doubt doubts "
    "bogus debunk debunks debunked pranks retract retracts retracted never untrue no".split()
)


#: Passes over the training pairs (UCLMR trained 90 with dropout; 30 suffice here).
DEFAULT_EPOCHS = 30


@dataclass(slots=True)
class StanceSettings:
    """The model's size and training; the defaults train on FNC-1 in about a minute."""

    vocabulary: int = 5000
    hidden: int = 100
    epochs: int = DEFAULT_EPOCHS
    alpha: float = 1e-4
    seed: int = 0
    batch: int = 500  # pairs per step (FNC-1's 40,000 pairs: 80 steps an epoch)


@dataclass(slots=True)
class StanceModel:
    """A trained claim–article stance classifier."""

    tf: CountVectorizer
    tfidf: TfidfVectorizer
    classifier: MLPClassifier
    settings: StanceSettings = field(default_factory=StanceSettings)

    def features(self, claims: Sequence[str], articles: Sequence[str]) -> sparse.csr_matrix:
        """One row per pair: claim TF, article TF, cosine and overlap features."""
        return _features(self.tf, self.tfidf, claims, articles)

    def probabilities(self, claims: Sequence[str], articles: Sequence[str]) -> np.ndarray:
        """Per pair, the probability of each stance in ``STANCES`` order."""
        proba = self.classifier.predict_proba(self.features(claims, articles))
        order = [list(self.classifier.classes_).index(s) for s in STANCES]
        return proba[:, order]

    def predict(self, claims: Sequence[str], articles: Sequence[str]) -> list[str]:
        """The likeliest stance of each article toward its claim."""
        proba = self.probabilities(claims, articles)
        return [STANCES[i] for i in proba.argmax(axis=1)]

    def save(self, path: Path) -> None:
        """Keep the model in a file of the analyst's (never shipped in the repository)."""
        path.write_bytes(pickle.dumps(self))

    @staticmethod
    def load(path: Path) -> StanceModel:
        """A model saved by ``save`` (only load files this program wrote: it is a pickle)."""
        model = pickle.loads(path.read_bytes())
        if not isinstance(model, StanceModel):
            raise ValueError(f"{path} holds no stance model")
        return model


def _unique(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts and, per input, the index of its text among them."""
    index: dict[str, int] = {}
    rows = np.array([index.setdefault(t, len(index)) for t in texts], dtype=np.int64)
    return list(index), rows


def _vectors(vectorizer: Any, texts: Sequence[str]) -> sparse.csr_matrix:
    distinct, rows = _unique(texts)
    return sparse.csr_matrix(vectorizer.transform(distinct))[rows]


def _overlap(claims: Sequence[str], articles: Sequence[str]) -> np.ndarray:
    """Per pair: share of claim words in the article, of claim word pairs, denial words."""
    cache: dict[str, tuple[set[str], set[tuple[str, str]], float]] = {}

    def parts(text: str) -> tuple[set[str], set[tuple[str, str]], float]:
        if text not in cache:
            words = _WORD.findall(text.lower())
            cache[text] = (
                set(words),
                set(itertools.pairwise(words)),
                float(any(w in DENIAL for w in words)),
            )
        return cache[text]

    out = np.zeros((len(claims), 5))
    for i, (claim, article) in enumerate(zip(claims, articles, strict=True)):
        cw, cb, cd = parts(claim)
        aw, ab, ad = parts(article)
        out[i] = (
            len(cw & aw) / max(1, len(cw)),
            len(cb & ab) / max(1, len(cb)),
            cd,
            ad,
            len(cw & aw & DENIAL) > 0,
        )
    return out


def _features(
    tf: CountVectorizer,
    tfidf: TfidfVectorizer,
    claims: Sequence[str],
    articles: Sequence[str],
) -> sparse.csr_matrix:
    claim_tf = normalize(_vectors(tf, claims).astype(np.float64))
    article_tf = normalize(_vectors(tf, articles).astype(np.float64))
    cosine = np.asarray(
        _vectors(tfidf, claims).multiply(_vectors(tfidf, articles)).sum(axis=1)
    ).reshape(-1, 1)
    dense = np.hstack([cosine, _overlap(claims, articles)])
    return sparse.hstack([claim_tf, article_tf, sparse.csr_matrix(dense)], format="csr")


def train_stance_model(
    claims: Sequence[str],
    articles: Sequence[str],
    stances: Sequence[str],
    settings: StanceSettings | None = None,
    on_epoch: Callable[[int, float], None] | None = None,
) -> StanceModel:
    """Fit the model on claim–article pairs labelled with ``STANCES``.

    ``on_epoch(epoch, loss)`` is called after each pass when given (the passes are then
    run one by one, the optimiser's state kept between them); it may raise to stop.
    """
    settings = settings or StanceSettings()
    unknown = sorted(set(stances) - set(STANCES))
    if unknown:
        raise ValueError(f"unknown stance(s) {', '.join(unknown)} (one of {', '.join(STANCES)})")
    texts = list(dict.fromkeys([*claims, *articles]))
    tf = CountVectorizer(max_features=settings.vocabulary, stop_words="english")
    tf.fit(texts)
    tfidf = TfidfVectorizer(max_features=settings.vocabulary, stop_words="english")
    tfidf.fit(texts)
    classifier = MLPClassifier(
        hidden_layer_sizes=(settings.hidden,),
        alpha=settings.alpha,
        batch_size=min(settings.batch, len(stances)),
        max_iter=settings.epochs,
        # one generator for every pass, so each shuffles the pairs anew
        random_state=settings.seed if on_epoch is None else np.random.RandomState(settings.seed),
        early_stopping=False,
    )
    x = _features(tf, tfidf, claims, articles)
    if on_epoch is None:
        with warnings.catch_warnings():  # a fixed number of epochs is the plan, not a failure
            warnings.simplefilter("ignore", ConvergenceWarning)
            classifier.fit(x, list(stances))
    else:
        for epoch in range(1, settings.epochs + 1):
            classifier.partial_fit(x, list(stances), classes=list(STANCES))
            on_epoch(epoch, float(classifier.loss_))
        classifier.random_state = settings.seed  # the generator is not worth pickling
    return StanceModel(tf, tfidf, classifier, settings)
