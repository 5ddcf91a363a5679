"""Ranking hits as proposals: where else a tracked claim appears, with a proposed stance.

``find_job`` runs on a worker thread with its own connection (it only reads, apart from
bringing the search index up to date as every search does): it ranks the corpus for the
claim's wording, leaves out the articles already carrying it, and proposes each hit's
stance with the project's stance model when one was trained (else no stance).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.jobs import JobContext
from annotator.store import Store

#: The project setting naming the analyst's trained claim–article stance model (a file path).
STANCE_MODEL_SETTING = "claims.stance_model"


@dataclass(frozen=True, slots=True)
class HitProposal:
    """An article that may carry the claim: its best sentence and the proposed stance."""

    claim_id: int
    doc_id: int
    title: str
    start: int
    end: int
    sentence: str
    score: float
    stance: str | None = None


@dataclass(frozen=True, slots=True)
class HitsFound:
    """What one search found (``note``: why there is no stance, or nothing, in a sentence)."""

    claim_id: int
    proposals: list[HitProposal]
    note: str = ""


def stance_model_path(store: Store) -> Path | None:
    """The project's stance model file, when one is set and there."""
    value = store.get_setting(STANCE_MODEL_SETTING)
    path = Path(value).expanduser() if value else None
    return path if path is not None and path.is_file() else None


def find_hits(
    store: Store, claim_id: int, wording: str, *, exclude: frozenset[int], top: int = 10
) -> HitsFound:
    """Rank the corpus for ``wording``; hits in ``exclude`` articles are left out."""
    from annotator.claims.rank import rank_articles  # sklearn: only when a search runs

    ranked = rank_articles(store, wording, top=top + len(exclude))
    hits = [h for h in ranked if h.doc_id not in exclude][:top]
    if not hits:
        return HitsFound(claim_id, [], "No other article shares a word with this claim.")
    stances: list[str | None] = [None] * len(hits)
    note = "No stance model is trained for this project: stances are not proposed."
    path = stance_model_path(store)
    if path is None and store.get_setting(STANCE_MODEL_SETTING) == "project":  # #19: inside
        import pickle

        from annotator.claims.stance_in_project import load_stance_model

        try:
            kept = load_stance_model(store)
        except (ValueError, EOFError, pickle.UnpicklingError) as exc:
            kept, note = None, f"The stance model kept in the project could not be read ({exc})."
        if kept is not None:
            texts = [store.document(h.doc_id).text for h in hits]
            stances = list(kept.predict([wording] * len(hits), texts))
            note = "Stances proposed by the stance model kept in the project."
    if path is not None:
        import pickle

        from annotator.claims.stance import StanceModel

        try:
            model = StanceModel.load(path)
        except (OSError, ValueError, EOFError, pickle.UnpicklingError) as exc:
            note = f"The stance model {path} could not be read ({exc}); train it again."
        else:
            texts = [store.document(h.doc_id).text for h in hits]
            stances = list(model.predict([wording] * len(hits), texts))
            note = f"Stances proposed by {path.name}."
    proposals = [
        HitProposal(claim_id, h.doc_id, h.title, h.start, h.end, h.sentence, h.score, s)
        for h, s in zip(hits, stances, strict=True)
    ]
    return HitsFound(claim_id, proposals, note)


def find_job(
    db_path: Path,
    claim_id: int,
    wording: str,
    exclude: frozenset[int],
    ctx: JobContext,
    passphrase: str | None = None,
) -> Iterator[HitsFound]:
    """``find_hits`` through the worker's own connection (an encrypted project's needs its
    passphrase, #19). Runs on the worker thread."""
    with Store(db_path, passphrase=passphrase) as store:
        if not ctx.cancelled():
            yield find_hits(store, claim_id, wording, exclude=exclude)
