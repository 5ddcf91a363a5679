"""How far the team has got, as plain numbers for the progress view and ``agreement --plot``.

Documents done per analyst over time come from each analyst's status and the time it
was set (``document_status``). The file keeps only the latest status, so a document
counts on the day its analyst last marked it done, and one set back to "in progress"
no longer counts. Days are UTC dates, as stored. Label counts are each analyst's spans
of the schema's labels. Agreement per label is ``annotator.teams.agreement``'s, which
takes seconds on a large project: ``progress_job`` yields the counts first and the
agreement after, so a view can draw the first while the second is computed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from annotator.core.jobs import JobContext
from annotator.core.model import Status
from annotator.store import Store
from annotator.store.pending_imports import visible
from annotator.teams.agreement import AgreementReport, agreement
from annotator.teams.layers import schema_labels


@dataclass(slots=True)
class TeamProgress:
    """Documents done per analyst per day (cumulative) and spans per analyst and label."""

    analysts: list[str]
    #: every day (ISO date) from the first document done to the last, gaps included
    days: list[str]
    #: analyst -> documents done by the end of each day of ``days``
    done: dict[str, list[int]]
    labels: list[str]
    #: analyst -> label -> spans
    label_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: documents in the project, and those at least one chosen analyst marked done
    documents: int = 0
    documents_done: int = 0

    def total_done(self) -> dict[str, int]:
        """Documents each analyst has marked done."""
        return {name: counts[-1] if counts else 0 for name, counts in self.done.items()}


def _days(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _cumulative(per_day: dict[str, int], days: list[str]) -> list[int]:
    out, total = [], 0
    for day in days:
        total += per_day.get(day, 0)
        out.append(total)
    return out


def team_progress(store: Store, analysts: list[str] | None = None) -> TeamProgress:
    """The counts over the whole project, for the chosen analysts (default: everyone)."""
    labels = schema_labels(store)
    chosen = set(analysts) if analysts else None
    finished: dict[str, dict[str, int]] = {}
    for name, day, count in store.db.execute(
        "SELECT annotator, substr(updated_at, 1, 10) AS day, count(*) FROM document_status"
        " WHERE status = ? GROUP BY annotator, day",
        [Status.DONE.value],
    ):
        if chosen is None or name in chosen:
            finished.setdefault(name, {})[day] = count
    counts: dict[str, dict[str, int]] = {}
    marks = ",".join("?" * len(labels))
    for name, lab, count in store.db.execute(
        f"SELECT annotator, label, count(*) FROM spans WHERE label IN ({marks})"
        " GROUP BY annotator, label",
        labels,
    ):
        if chosen is None or name in chosen:
            counts.setdefault(name, dict.fromkeys(labels, 0))[lab] = count
    names = sorted(set(finished) | set(counts))
    stamps = sorted(day for per_day in finished.values() for day in per_day)
    days = _days(stamps[0], stamps[-1]) if stamps else []
    for name in names:
        counts.setdefault(name, dict.fromkeys(labels, 0))
    done = {name: _cumulative(finished.get(name, {}), days) for name in names}
    shown = visible("id")  # not the rows of an import in flight
    (documents,) = store.db.execute(f"SELECT count(*) FROM documents WHERE {shown}").fetchone()
    done_by = store.db.execute(
        "SELECT annotator, doc_id FROM document_status WHERE status = ?", [Status.DONE.value]
    )
    finished_docs = {doc for name, doc in done_by if chosen is None or name in chosen}
    return TeamProgress(names, days, done, labels, counts, documents, len(finished_docs))


def progress_job(
    db_path: Path, ctx: JobContext, analysts: list[str] | None = None
) -> Iterator[Any]:
    """Runs on a worker thread, through its own connection, and only reads: yields the
    ``TeamProgress`` first, then the ``AgreementReport`` (unless cancelled in between)."""
    with Store(db_path, create=False) as store:
        yield team_progress(store, analysts)
        if not ctx.cancelled():
            yield agreement(store, analysts=analysts)


def label_agreement(report: AgreementReport) -> dict[str, list[float | None]]:
    """Agreement per label as chart series: token alpha, and overlapping span F1 averaged
    over the pairs of analysts (None where there is nothing to compare)."""
    f1: list[float | None] = []
    for lab in report.labels:
        cells = report.span_f1.get(lab, {}).get("overlapping", {})
        values = {
            tuple(sorted((a, b))): v
            for a, row in cells.items()
            for b, v in row.items()
            if v is not None and a != b
        }
        f1.append(sum(values.values()) / len(values) if values else None)
    return {
        "token alpha": [report.label_alpha.get(lab) for lab in report.labels],
        "span F1, overlapping (mean of pairs)": f1,
    }
