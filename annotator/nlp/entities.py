"""Entity pre-annotation: run spaCy over documents, keep plain spans with their provenance.

spaCy ``Doc`` objects never leave this module: callers get ``(label, start,
end)`` character offsets, which the store and the GUI understand.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.nlp.model import ModelInfo
from annotator.store import Store

EntitySpans = list[tuple[str, int, int]]
READ_CHUNK = 256


def entity_spans(doc: Any) -> EntitySpans:
    """A spaCy Doc's entities as (label, start_char, end_char)."""
    return [(ent.label_, ent.start_char, ent.end_char) for ent in doc.ents]


@dataclass(slots=True)
class Progress:
    """How far a pre-annotation run has come."""

    done: int
    total: int
    words: int
    seconds: float
    #: documents left alone: in another language than the pipeline's (by language code)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def seen(self) -> int:
        """Documents gone through: annotated or skipped (what a progress bar counts)."""
        return self.done + sum(self.skipped.values())

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


def _stream(
    store: Store,
    ids: list[int],
    language: str | None = None,
    skipped: Counter[str] | None = None,
) -> Iterator[tuple[str, int]]:
    """(text, id) of the documents a pipeline of ``language`` should read (``xx``: all);
    the others are counted in ``skipped`` by their language."""
    from annotator.core.language import of_document

    every = language in (None, "xx")
    for start in range(0, len(ids), READ_CHUNK):
        chunk = ids[start : start + READ_CHUNK]
        stored = {} if every else store.stored_languages(chunk)
        for doc_id, text in store.texts(chunk):
            # unknown counts as English, the default pipeline's language
            code = "" if every else of_document({"language": stored.get(doc_id)}, text) or "en"
            if every or code == language:
                yield text, doc_id
            elif skipped is not None:
                skipped[code] += 1


def skipped_note(progress: Progress, get_setting: Callable[[str], str | None]) -> str | None:
    """Why some documents got no entities, and the command that gives them some; None when
    every document was read."""
    from annotator.core.language import name
    from annotator.nlp.model import model_setting

    if not progress.skipped:
        return None
    parts = []
    for code, count in sorted(progress.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        configured = get_setting(model_setting(code))
        if code == "en":
            fix = "annotator preannotate without --model reads them"
        elif configured:
            fix = f"annotator preannotate --model {configured}"
        else:
            fix = f"set one with annotator config model --language {code} PATH"
        parts.append(f"{count} in {name(code)} ({fix})")
    total = sum(progress.skipped.values())
    return (
        f"skipped {total} document(s) in another language than the pipeline's, "
        f"which needs its own model: {'; '.join(parts)}"
    )


def annotate_texts(
    nlp: Any, items: Iterable[tuple[str, int]], *, batch_size: int = 64, n_process: int = 1
) -> Iterator[tuple[int, int, EntitySpans]]:
    """Yield (doc_id, word count, entities) for (text, doc_id) pairs, in order.

    Plain texts go to ``nlp.pipe`` and ids wait in a queue beside them: with
    ``as_tuples`` spaCy tokenizes in the parent process, which costs ~10% of
    throughput at ``n_process=2``. ``pipe`` keeps the order, so ids line up.
    Words are counted from the input text: ``doc.text`` would rebuild it.
    """
    waiting: deque[tuple[int, int]] = deque()

    def texts() -> Iterator[str]:
        for text, doc_id in items:
            waiting.append((doc_id, text.count(" ") + 1))
            yield text

    for doc in nlp.pipe(texts(), batch_size=batch_size, n_process=n_process):
        doc_id, words = waiting.popleft()
        yield doc_id, words, entity_spans(doc)


def preannotate(
    store: Store,
    nlp: Any,
    info: ModelInfo,
    *,
    batch_size: int = 64,
    n_process: int = 1,
    on_progress: Callable[[Progress], None] | None = None,
) -> Progress:
    """Pre-annotate every document this model version has not seen; idempotent.

    Results are committed every ``batch_size`` documents, so an interrupt
    (Ctrl-C raises ``KeyboardInterrupt`` out of here) keeps every finished
    batch, and the next run continues where this one stopped.
    """
    ids = store.pending_preannotation(info.name, info.version)
    progress = Progress(done=0, total=len(ids), words=0, seconds=0.0)
    started = time.perf_counter()
    pending: list[tuple[int, EntitySpans]] = []

    def flush() -> None:
        store.save_suggestions(pending, info.name, info.version)
        progress.done += len(pending)
        progress.seconds = time.perf_counter() - started
        pending.clear()
        if on_progress is not None:
            on_progress(progress)

    stream = _stream(store, ids, getattr(nlp, "lang", None), progress.skipped)
    for doc_id, words, ents in annotate_texts(
        nlp, stream, batch_size=batch_size, n_process=n_process
    ):
        pending.append((doc_id, ents))
        progress.words += words
        if len(pending) >= batch_size:
            flush()
    if pending or progress.skipped:  # the skipped ones at the end count too
        flush()
    progress.seconds = time.perf_counter() - started
    return progress
