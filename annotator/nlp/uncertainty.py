"""Active learning: how unsure the trained model is about each article not yet done.

The trained recognizer is re-run with a beam (spaCy's ``beam_parse``), which
gives each candidate SOURCE / CUE / CLAIM span the probability mass of the parses
containing it. A span at 0.5 is a coin toss; at 0 or 1 the model is sure. An
article's uncertainty is one minus the mean margin ``|2p - 1|`` over its
plausible candidates (p ≥ 0.05): the articles whose spans the model hesitates
over most come first, where an analyst's labels teach it most. An article
with no plausible candidate scores 0 (the model sees nothing to hesitate over).
Runs on a worker thread; plain numbers come out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.jobs import JobContext
from annotator.core.model import Status
from annotator.store import Store

BEAM_WIDTH = 8
PLAUSIBLE = 0.05
BATCH = 8


def article_uncertainty(scores: Mapping[Any, float]) -> float:
    """One minus the mean margin of the plausible candidate spans (0: sure, 1: coin tosses)."""
    plausible = [min(1.0, p) for p in scores.values() if p >= PLAUSIBLE]
    if not plausible:
        return 0.0
    return 1.0 - sum(abs(2 * p - 1) for p in plausible) / len(plausible)


def uncertainties(nlp: Any, texts: list[str], beam_width: int = BEAM_WIDTH) -> list[float]:
    """Each text's uncertainty under a trained attribution pipeline."""
    if "ner" not in nlp.pipe_names:  # the role tagger: each word's chance of having a role
        from annotator.nlp.attribution_features import role_uncertainties

        return [article_uncertainty(dict(enumerate(p))) for p in role_uncertainties(nlp, texts)]
    ner = nlp.get_pipe("ner")
    docs = [nlp.make_doc(text) for text in texts]
    for name, proc in nlp.pipeline:
        if name != "ner":
            docs = list(proc.pipe(docs))
    beams = ner.beam_parse(docs, beam_width=beam_width)
    return [article_uncertainty(s) for s in ner.scored_ents(beams)]


@dataclass(slots=True, frozen=True)
class UncertaintyBatch:
    """Uncertainties of some articles (id -> score), and how far the ranking has come."""

    scores: dict[int, float]
    done: int
    total: int


def not_done(store: Store, analyst: str | None) -> list[int]:
    """Articles the analyst has not marked done, in list order."""
    done = set(store.document_ids(status=Status.DONE, annotator=analyst))
    return [i for i in store.document_ids() if i not in done]


def uncertainty_job(
    db_path: Path,
    folder: Path,
    analyst: str | None,
    ctx: JobContext,
    passphrase: str | None = None,
) -> Iterator[UncertaintyBatch]:
    """Score every article not yet done, a batch at a time; cancellable between batches."""
    from annotator.nlp.project_model import load_folder_or_stored

    with Store(db_path, passphrase=passphrase) as reader:
        nlp, _ = load_folder_or_stored(folder, reader)  # #19: ``project``: kept inside
        ids = not_done(reader, analyst)
        done = 0
        for start in range(0, len(ids), BATCH):
            if ctx.cancelled():
                return
            chunk = reader.texts(ids[start : start + BATCH])
            scores = uncertainties(nlp, [text for _, text in chunk])
            done += len(chunk)
            yield UncertaintyBatch(
                {doc_id: s for (doc_id, _), s in zip(chunk, scores, strict=True)}, done, len(ids)
            )


def most_uncertain(
    scores: Mapping[int, float], skip: Callable[[int], bool], current: int | None = None
) -> int | None:
    """The scored article with the highest uncertainty that ``skip`` lets through (ties: first)."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return next((doc for doc, _ in ranked if doc != current and not skip(doc)), None)
