"""Pre-annotation as a background job: the corpus in small batches, the open article first.

Runs on a worker thread. It only reads the project file (through its own
connection) and yields plain results; the owner writes them on its own thread,
so the file has one writer.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core import language
from annotator.core.jobs import JobContext
from annotator.nlp.entities import EntitySpans, entity_spans
from annotator.nlp.model import (
    ModelInfo,
    ModelUnavailable,
    NoModelForLanguage,
    load_entity_pipeline,
    model_setting,
)
from annotator.store import Store

#: Small, so a request for the open article waits at most one short batch.
BATCH = 8
IDLE_WAIT_S = 0.25


@dataclass(slots=True, frozen=True)
class ModelReady:
    """The pipeline loaded; suggestions will carry this provenance."""

    info: ModelInfo


@dataclass(slots=True, frozen=True)
class ModelMissing:
    """No pipeline could be loaded; the app goes on without suggestions."""

    message: str


@dataclass(slots=True, frozen=True)
class EntityBatch:
    """Entities found in some documents, and how far the corpus has come."""

    results: list[tuple[int, EntitySpans]]
    info: ModelInfo
    done: int
    total: int
    seconds: float
    priority: bool


def entity_job(
    db_path: Path,
    setting: str | None,
    ctx: JobContext,
    passphrase: str | None = None,
    for_language: str | None = None,
) -> Iterator[ModelReady | ModelMissing | EntityBatch]:
    """Load the model, then pre-annotate everything this model version has not seen.

    ``ctx.request(doc_id)`` puts a document at the front. When the corpus is
    done the job stays, serving such requests, until cancelled. Documents in another
    language than the pipeline's are left alone (an English model marks nonsense in
    Arabic); asked for one first, the job says which model that language needs.
    ``for_language``: the documents this job reads (a model set with ``config model
    --language``); by default the pipeline's own language.
    """
    try:
        nlp, info = load_entity_pipeline(setting)
    except ModelUnavailable as exc:
        yield ModelMissing(str(exc))
        return
    yield ModelReady(info)
    with Store(db_path, passphrase=passphrase) as reader:  # passphrase: an encrypted project
        pending = reader.pending_preannotation(info.name, info.version)
        in_corpus = set(pending)
        seen: set[int] = set()
        other_language: dict[int, str] = {}  # documents this pipeline leaves alone
        done = 0
        started = time.perf_counter()
        cursor = 0
        yield EntityBatch([], info, 0, len(pending), 0.0, False)  # the size of the work
        while not ctx.cancelled():
            wanted = ctx.take_request(0 if cursor < len(pending) else IDLE_WAIT_S)
            priority = wanted is not None
            if priority:
                if wanted in other_language:  # left alone earlier: say why, now it is open
                    yield ModelMissing(_why_not(reader, other_language[wanted]))
                    continue
                if wanted in seen or reader.is_preannotated(wanted, info.name, info.version):
                    continue
                ids = [wanted]
            else:
                ids = []
                while cursor < len(pending) and len(ids) < BATCH:
                    if pending[cursor] not in seen:
                        ids.append(pending[cursor])
                    cursor += 1
                if not ids:
                    continue
            stored = reader.stored_languages(ids)
            items = []
            for doc_id, text in reader.texts(ids):
                code = language.of_document({"language": stored.get(doc_id)}, text)
                if code == for_language if for_language else _covers(nlp.lang, code):
                    items.append((doc_id, text))
                else:
                    other_language[doc_id] = code or "xx"
            if priority and not items:
                yield ModelMissing(_why_not(reader, other_language[ids[0]]))
            docs = nlp.pipe([text for _, text in items])
            results = [
                (doc_id, entity_spans(doc)) for (doc_id, _), doc in zip(items, docs, strict=True)
            ]
            seen.update(ids)
            done += sum(1 for doc_id in ids if doc_id in in_corpus)
            yield EntityBatch(
                results, info, done, len(pending), time.perf_counter() - started, priority
            )


def _covers(pipeline_language: str, code: str | None) -> bool:
    """Whether a pipeline of this language should read a document of ``code`` (``xx``: any)."""
    return pipeline_language == "xx" or code is None or code == pipeline_language


def _why_not(reader: Store, code: str) -> str:
    """Why the open article has no entity highlights, and the command that gives it some."""
    configured = reader.get_setting(model_setting(code))
    if configured:
        return (
            f"entities in {language.name(code)} come from its own model, not the one running:"
            f" annotator preannotate --model {configured}"
        )
    return str(NoModelForLanguage(code))
