"""Attribution suggestions over the corpus (CLI) and for the open article (background job)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.jobs import JobContext
from annotator.nlp.attribution import AttributionSuggestion, suggest_attributions
from annotator.nlp.model import ModelInfo, ModelUnavailable, load_parse_pipeline
from annotator.store import Store

IDLE_WAIT_S = 0.25


def as_row(s: AttributionSuggestion) -> dict[str, Any]:
    """The plain record the store keeps."""
    return {
        "key": s.key,
        "source": s.source,
        "cue": s.cue,
        "claim": s.claim,
        "stance": s.stance,
        "source_type": s.source_type,
    }


def suggest_corpus(
    store: Store,
    nlp: Any,
    info: ModelInfo,
    *,
    batch_size: int = 16,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Propose attributions for every document this parser version has not seen; resumable."""
    ids = store.pending_suggestions(info.name, info.version)
    done = 0
    for start in range(0, len(ids), batch_size):
        chunk = store.texts(ids[start : start + batch_size])
        for (doc_id, _), doc in zip(chunk, nlp.pipe([t for _, t in chunk]), strict=True):
            rows = [as_row(s) for s in suggest_attributions(doc)]
            store.save_attribution_suggestions(doc_id, rows, info.name, info.version)
            done += 1
        if on_progress is not None:
            on_progress(done, len(ids))
    return done


@dataclass(slots=True, frozen=True)
class SuggestionsReady:
    """Proposals for one document, computed on the worker thread."""

    doc_id: int
    rows: list[dict[str, Any]]
    info: ModelInfo
    seconds: float


@dataclass(slots=True, frozen=True)
class ParserMissing:
    message: str


def suggestion_job(
    db_path: Path, setting: str | None, ctx: JobContext, passphrase: str | None = None
) -> Iterator[SuggestionsReady | ParserMissing]:
    """Wait for document ids (``ctx.request``) and propose attributions for each."""
    try:
        nlp, info = load_parse_pipeline(setting)
    except ModelUnavailable as exc:
        yield ParserMissing(str(exc))
        return
    with Store(db_path, passphrase=passphrase) as reader:  # passphrase: an encrypted project
        while not ctx.cancelled():
            doc_id = ctx.take_request(IDLE_WAIT_S)
            if doc_id is None:
                continue
            texts = reader.texts([doc_id])
            if not texts:
                continue
            started = time.perf_counter()
            rows = [as_row(s) for s in suggest_attributions(nlp(texts[0][1]))]
            yield SuggestionsReady(doc_id, rows, info, time.perf_counter() - started)
