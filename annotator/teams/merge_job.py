"""``annotator merge`` as a job the window runs on a worker thread, with progress.

The same steps as ``merge_files`` (read and check every file, copy the base aside,
store new texts first, then each file, all in one transaction), yielded one by one so
that a progress bar can follow. Cancelling, or an error, before the last file rolls
the whole transaction back: the base stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.jobs import JobContext
from annotator.store import Store, StoreError
from annotator.store.errors import db_errors, describe
from annotator.teams.merge import MergeReport, merge_file, read_files
from annotator.teams.project_batches import close_sources, new_text_batches


@dataclass(slots=True, frozen=True)
class MergeProgress:
    """One step: ``done`` of ``total`` steps (two per file), what is happening, and at the
    end the ``report`` (or the ``error`` sentence)."""

    done: int
    total: int
    message: str
    report: MergeReport | None = None
    error: str | None = None


class _Cancelled(Exception):
    """Raised inside the transaction so that it rolls back."""


def merge_steps(store: Store, paths: list[Path], ctx: JobContext) -> Iterator[MergeProgress]:
    """Merge ``paths`` into ``store``, one step at a time; the last item has the report."""
    total = 2 * len(paths)
    report = MergeReport()
    checked = []
    for n, path in enumerate(paths, 1):
        yield MergeProgress(n - 1, total, f"Reading {path.name} ({n} of {len(paths)})…")
        checked.extend(read_files(store, [path]))
        if ctx.cancelled():
            return
    report.files = [outcome for outcome, _ in checked]
    usable = [(outcome, f) for outcome, f in checked if f is not None]
    if not usable:
        yield MergeProgress(total, total, "Nothing merged.", report=report)
        return
    yield MergeProgress(len(paths), total, "Copying the project aside before merging…")
    report.backup = store.backup(store.path.with_name(store.path.name + ".before-merge"))
    done = len(paths) + len(paths) - len(usable)
    files = [f for _, f in usable]
    try:
        with store.transaction():  # read a batch at a time, all in one transaction (#18)
            for batch in new_text_batches(files):
                report.counts.add(store.merge_documents(batch, ""))
            for outcome, field_file in usable:
                yield MergeProgress(done, total, f"Merging {outcome.path.name}…")
                outcome.counts = merge_file(store, field_file)
                report.counts.add(outcome.counts)
                done += 1
                if ctx.cancelled():
                    raise _Cancelled
    except _Cancelled:
        return
    finally:
        close_sources(files)
    yield MergeProgress(total, total, "Merged.", report=report)


def merge_job(db_path: Path, paths: list[Path], ctx: JobContext) -> Iterator[MergeProgress]:
    """Runs on a worker thread, through its own connection (the window's stays idle behind
    the modal dialog). A project that cannot be written is an item with ``error``."""
    try:
        with Store(db_path, create=False) as store:
            yield from merge_steps(store, paths, ctx)
    except StoreError as exc:
        yield MergeProgress(0, 0, "", error=f"Nothing merged: {exc}.")
    except db_errors() as exc:
        yield MergeProgress(0, 0, "", error=f"Nothing merged: {describe(exc, db_path)}.")
    except OSError as exc:
        yield MergeProgress(0, 0, "", error=f"Nothing merged: {exc.strerror or exc}.")


def merge_sentences(report: MergeReport) -> list[str]:
    """What the merge did, as sentences for the window: the summary line first, then each
    file left out (and why), the notes on exports, skipped records and the backup."""
    summary = report.summary()
    lines = [summary[0].upper() + summary[1:] + "."]
    for outcome in report.files:
        if outcome.refused:
            lines.append(f"Not merged: {outcome.path} {outcome.refused}.")
        elif outcome.note and outcome.counts is not None:
            lines.append(f"Note on {outcome.path.name}: {outcome.note}.")
        lines += [f"Skipped {problem}." for problem in outcome.problems]
    if report.counts.conflicts:
        lines.append(
            f"{report.counts.conflicts} edit(s) lost to a newer edit of the same annotation: "
            "Show conflicts lists them."
        )
    if report.backup is not None:
        lines.append(f"The project as it was before the merge is kept at {report.backup}.")
    return lines
