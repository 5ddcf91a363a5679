"""The claim–article stance model trained on the project's own tracked claims.

Labelled pairs are the members whose article stance an analyst set (agree, disagree,
discuss, unrelated: keys 1–4 in the claims view), the claim's wording as headline and
the member's whole article as body, as in FNC-1. Unrelated pairs are added the way
FNC-1 made most of its own: the claim beside articles that do not carry it, sampled
(seeded) from the project's other articles. Before the model that is kept is trained on
every pair, a share of the articles is held out (by article, as FNC-1 held out bodies)
and scored, so the analyst sees how far to trust its proposals.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.claims import STANCES
from annotator.store import Store

#: Fewer pairs with a stance set than this, and training is refused.
MIN_PAIRS = 20
#: Unrelated pairs sampled per labelled pair (FNC-1 had about 2.7).
UNRELATED_PER_PAIR = 2
#: Pairs per step for the project's few hundred pairs (FNC-1 trains with 500).
BATCH = 16
#: Optimiser steps to aim for when ``--epochs`` is not given: enough for a small project's
#: pairs to be learnt (32 labelled pairs: 100 passes, a few seconds), bounded both ways.
STEPS = 600
MIN_EPOCHS, MAX_EPOCHS = 30, 200
RELATED = frozenset(STANCES) - {"unrelated"}


class StanceTrainingError(Exception):
    """Training cannot start or finish; the message is a sentence for the analyst."""


@dataclass
class StancePairs:
    """Claim–article pairs with their stance; ``doc_ids`` name each pair's article."""

    claims: list[str] = field(default_factory=list)
    doc_ids: list[int] = field(default_factory=list)
    stances: list[str] = field(default_factory=list)
    labelled: int = 0  # pairs whose stance an analyst set
    unset: int = 0  # members with no stance set (left out)
    tracked: int = 0  # claims with at least one labelled pair

    def counts(self, labelled_only: bool = False) -> dict[str, int]:
        """Pairs per stance (in ``STANCES`` order), of all pairs or the labelled ones."""
        found = Counter(self.stances[: self.labelled] if labelled_only else self.stances)
        return {s: found[s] for s in STANCES if found[s]}

    @property
    def sampled(self) -> int:
        """Unrelated pairs added by sampling other articles."""
        return len(self.stances) - self.labelled

    def add(self, claim: str, doc_id: int, stance: str) -> None:
        self.claims.append(claim)
        self.doc_ids.append(doc_id)
        self.stances.append(stance)


def collect_pairs(
    store: Store, *, unrelated_per_pair: int = UNRELATED_PER_PAIR, seed: int = 0
) -> StancePairs:
    """Every member with a stance set, then per claim the sampled unrelated articles."""
    rng = random.Random(seed)
    every_doc = store.document_ids()
    pairs = StancePairs()
    sampled: list[tuple[str, list[int]]] = []
    for claim in store.claims():
        members = store.claim_members(claim.id)
        carrying = {m.doc_id for m in members}
        labelled = [m for m in members if m.stance]
        pairs.unset += len(members) - len(labelled)
        if not labelled:
            continue
        pairs.tracked += 1
        for member in labelled:
            pairs.add(claim.wording, member.doc_id, member.stance or "")
        others = [d for d in every_doc if d not in carrying]
        want = min(len(others), unrelated_per_pair * len(labelled))
        sampled.append((claim.wording, rng.sample(others, want)))
    pairs.labelled = len(pairs.stances)
    for wording, docs in sampled:
        for doc in docs:
            pairs.add(wording, doc, "unrelated")
    return pairs


def check_enough(pairs: StancePairs, needed: int = MIN_PAIRS) -> None:
    """Refuse, in a sentence with the counts, when the labels cannot train a model."""
    have = pairs.labelled
    if have < needed:
        what = "pair has" if have == 1 else "pairs have"
        unset = f" ({pairs.unset} member(s) have none)" if pairs.unset else ""
        raise StanceTrainingError(
            f"{have} claim–article {what} a stance set; training needs at least {needed}"
            f"{unset}. Set articles' stances in the claims view (Ctrl+Shift+K, keys 1–4: "
            "agree, disagree, discuss, unrelated) and train again."
        )
    if len(pairs.counts()) < 2:
        raise StanceTrainingError(
            f"every pair has the stance {pairs.stances[0]} and there is no other article to "
            "sample unrelated pairs from; label other stances or import more articles first."
        )


def epochs_for(pairs: int, batch: int = BATCH) -> int:
    """Passes giving about ``STEPS`` optimiser steps (within ``MIN_EPOCHS``–``MAX_EPOCHS``)."""
    steps_per_epoch = max(1, -(-pairs // batch))
    return max(MIN_EPOCHS, min(MAX_EPOCHS, -(-STEPS // steps_per_epoch)))


def fnc_relative(gold: list[str], predicted: list[str]) -> float:
    """FNC-1's score over its maximum: 0.25 for related/unrelated right, a further 0.75
    for the right stance of a related pair."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 1.0 if g in RELATED else 0.25
        score += 0.25 if (g in RELATED) == (p in RELATED) else 0.0
        score += 0.75 if g in RELATED and g == p else 0.0
    return score / best if best else 0.0


@dataclass
class DevScore:
    """How the model trained without the held-out articles did on them."""

    pairs: int
    articles: int
    accuracy: float
    fnc_relative: float

    def line(self) -> str:
        return (
            f"dev: {self.pairs} pair(s) over {self.articles} held-out article(s): "
            f"accuracy={self.accuracy:.3f} fnc_relative={self.fnc_relative:.3f}"
        )


def dev_split(pairs: StancePairs, share: float, seed: int) -> tuple[list[int], list[int]]:
    """Pair positions for training and for scoring, held out by article (seeded)."""
    docs = sorted(set(pairs.doc_ids))
    random.Random(seed).shuffle(docs)
    held = set(docs[: round(len(docs) * share)])
    train = [i for i, d in enumerate(pairs.doc_ids) if d not in held]
    dev = [i for i, d in enumerate(pairs.doc_ids) if d in held]
    return train, dev


def data_hash(pairs: StancePairs, texts: dict[int, str]) -> str:
    """Names the training data: the same pairs over the same texts give the same hash."""
    digest = hashlib.sha256()
    for claim, doc, stance in zip(pairs.claims, pairs.doc_ids, pairs.stances, strict=True):
        digest.update(f"{claim}\x1f{stance}\x1f".encode())
        digest.update(texts[doc].encode())
    return digest.hexdigest()


def save_model(model: Any, out: Path, provenance: dict[str, Any]) -> None:
    """Write the model and ``out.json`` beside it; a file already there is replaced only
    once the new one is whole."""
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        model.save(part)
        os.replace(part, out)
        out.with_suffix(".json").write_text(
            json.dumps(provenance, indent=1, ensure_ascii=False), encoding="utf-8"
        )
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise StanceTrainingError(
            f"cannot write the stance model to {out} ({exc.strerror or exc}); choose a file "
            "you can write to with --out"
        ) from None


def provenance(
    pairs: StancePairs, texts: dict[int, str], settings: Any, dev: DevScore | None
) -> dict[str, Any]:
    """What the model was trained on and how, kept beside it (as ``annotator train`` does)."""
    stamp = datetime.now(UTC)
    digest = data_hash(pairs, texts)
    return {
        "task": "claim-stance",
        "version": f"{stamp:%Y%m%d.%H%M%S}.{digest[:8]}",
        "date": stamp.isoformat(timespec="seconds"),
        "data_hash": digest,
        "pairs": pairs.counts(),
        "labelled": pairs.labelled,
        "claims": pairs.tracked,
        "articles": len(set(pairs.doc_ids)),
        "dev": asdict(dev) if dev else None,
        "settings": asdict(settings),
    }


def train_on_pairs(
    pairs: StancePairs,
    texts: dict[int, str],
    settings: Any,
    on_epoch: Callable[[int, float], None],
    rows: list[int] | None = None,
) -> Any:
    """The model trained on ``rows`` of the pairs (all when None).

    One BLAS thread: with batches of 32 pairs the threads only wait on each other (on a
    busy 2-core machine a pass took 20 times as long with two).
    """
    from threadpoolctl import threadpool_limits

    from annotator.claims.stance import train_stance_model

    rows = list(range(len(pairs.stances))) if rows is None else rows
    with threadpool_limits(limits=1):
        return train_stance_model(
            [pairs.claims[i] for i in rows],
            [texts[pairs.doc_ids[i]] for i in rows],
            [pairs.stances[i] for i in rows],
            settings,
            on_epoch=on_epoch,
        )


def score_dev(model: Any, pairs: StancePairs, texts: dict[int, str], dev: list[int]) -> DevScore:
    gold = [pairs.stances[i] for i in dev]
    predicted = model.predict(
        [pairs.claims[i] for i in dev], [texts[pairs.doc_ids[i]] for i in dev]
    )
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return DevScore(
        len(dev),
        len({pairs.doc_ids[i] for i in dev}),
        right / len(dev),
        fnc_relative(gold, predicted),
    )
