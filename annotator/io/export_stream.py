"""Exports in bounded memory: the selection is read one document at a time as it is written.

``Selection`` is the chosen documents as an iterable that reads each one from the project
when it is reached (and can be read again: a train/dev split reads it once per part), so
an export holds one document, not the corpus (#18). ``write_steps`` feeds it through the
format's ``Sink`` and reports progress and asks about cancelling as it goes; a cancelled
or failed export leaves every target as it was.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from annotator.io.exporting import (
    FOLDER_FORMATS,
    SUFFIX,
    ExportDoc,
    ExportProgress,
    check_target,
    select,
)
from annotator.io.safe_paths import ExportError, describe_os_error, inside, make_folder
from annotator.store import Store

#: Progress is reported after every this many documents written.
PROGRESS_EVERY = 50


class Documents(Protocol):
    """What an export reads: its documents, as often as needed, and how many there are."""

    def __iter__(self) -> Iterator[ExportDoc]: ...

    def __len__(self) -> int: ...


class Selection:
    """The documents ``ids`` as the writers see them, read one at a time when reached.

    ``lead``: tracked claims no span carries, put on the first record (JSONL).
    """

    def __init__(
        self,
        store: Store,
        ids: Sequence[int],
        *,
        annotator: str | None = None,
        include_suggestions: bool = False,
        claims: bool = False,
        lead: list[dict[str, str | None]] | None = None,
    ) -> None:
        self.store = store
        self.ids = ids
        self.annotator = annotator
        self.include_suggestions = include_suggestions
        self.claims = claims
        self.lead = lead or []

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[ExportDoc]:
        items = select(
            self.store,
            annotator=self.annotator,
            include_suggestions=self.include_suggestions,
            ids=list(self.ids),
            claims=self.claims,
        )
        for n, item in enumerate(items):
            if n == 0 and self.lead:
                item.tracked.extend(self.lead)
            yield item

    def content_hashes(self) -> list[str]:
        """Each document's content hash, in order (what the train/dev split is drawn by)."""
        return [self.store.document(i).content_hash for i in self.ids]

    def subset(self, positions: list[int]) -> Selection:
        """The documents at these positions, in order, without the lead (the split's parts)."""
        part = Selection(
            self.store,
            [self.ids[p] for p in positions],
            annotator=self.annotator,
            include_suggestions=self.include_suggestions,
            claims=self.claims,
        )
        part.lead = self.lead if positions[:1] == [0] else []
        return part


def train_positions(hashes: list[str], train: float, seed: int) -> set[int]:
    """The positions of the train documents: content order shuffled by ``seed``, cut at
    ``train`` (the same for the same seed and documents, whatever their order)."""
    order = sorted(range(len(hashes)), key=hashes.__getitem__)  # stable: ties keep order
    random.Random(seed).shuffle(order)
    return set(order[: round(len(order) * train)])


def split_parts(docs: Documents, train: float, seed: int) -> tuple[Documents, Documents]:
    """Train and dev parts of ``docs`` (a ``Selection`` stays lazy; a list is split)."""
    if isinstance(docs, Selection):
        chosen = train_positions(docs.content_hashes(), train, seed)
        everything = range(len(docs))
        return (
            docs.subset([p for p in everything if p in chosen]),
            docs.subset([p for p in everything if p not in chosen]),
        )
    items = list(docs)
    chosen = train_positions([d.doc.content_hash for d in items], train, seed)
    return (
        [d for p, d in enumerate(items) if p in chosen],
        [d for p, d in enumerate(items) if p not in chosen],
    )


class Cancelled(Exception):
    """Raised inside a sink so that it removes what it had started."""


def _never() -> bool:
    return False


def write_steps(
    docs: Documents,
    fmt: str,
    out: Path,
    *,
    train: float | None = None,
    seed: int = 0,
    force: bool = False,
    cancelled: Callable[[], bool] = _never,
) -> Iterator[ExportProgress]:
    """Write ``docs`` to ``out`` (a folder of train and dev with ``train``), one document at
    a time; progress every ``PROGRESS_EVERY`` documents, the last item with ``written``.
    ``cancelled`` is asked before each document and before the files are put in place:
    a cancelled run stops without a last item and writes nothing."""
    from annotator.io.exporting import sink_class

    make_sink = sink_class(fmt)
    check_target(fmt, out, split=train is not None, force=force)
    total = len(docs)
    if train is None:
        parts: list[tuple[Path, Documents]] = [(out, docs)]
    else:
        make_folder(out)
        train_docs, dev_docs = split_parts(docs, train, seed)
        parts = [
            (inside(out, f"{name}{SUFFIX[fmt]}"), part)
            for name, part in (("train", train_docs), ("dev", dev_docs))
        ]
    folders = [out] if fmt in FOLDER_FORMATS or train is not None else []
    if fmt in FOLDER_FORMATS and train is not None:
        folders += [target for target, _ in parts]
    before = {folder: _entries(folder) for folder in folders}
    names: set[Path] = set()
    written: dict[str, int] = {}
    notes: list[str] = []
    done = 0
    try:
        for target, part in parts:
            with make_sink(target, force=force) as sink:
                for item in _asking(part, cancelled):
                    sink.add(item)
                    done += 1
                    if done % PROGRESS_EVERY == 0:
                        yield ExportProgress(done, total)
                if cancelled():
                    raise Cancelled
            files = sink.result
            assert files is not None
            names.update(files)
            names.add(target)
            written.update((str(path), count) for path, count in files.counts.items())
            notes += [n for n in files.notes if n not in notes]
    except Cancelled:
        return
    left = {}
    for folder, entries in before.items():
        ours = {p.name for p in names if p.parent == folder}
        if count := len(entries - ours):
            left[str(folder)] = count
    yield ExportProgress(done, total, written, left, notes=notes)


def _asking(docs: Iterable[ExportDoc], cancelled: Callable[[], bool]) -> Iterator[ExportDoc]:
    """``docs``, asking ``cancelled`` before each one is read."""
    items = iter(docs)
    while not cancelled():
        item = next(items, None)
        if item is None:
            return
        yield item
    raise Cancelled


def _entries(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder)) if folder.is_dir() else set()
    except OSError as exc:
        raise ExportError(describe_os_error(exc, folder)) from None
