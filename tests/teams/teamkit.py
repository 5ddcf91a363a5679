"""A small team project for the progress tests: two analysts, two articles, three days."""

from __future__ import annotations

from pathlib import Path

from annotator.store import Store
from tests.teams.fieldkit import attribution, label, make_base


def status_on(store: Store, doc_id: int, analyst: str, status: str, day: str) -> None:
    """Set an analyst's status as if on ``day`` (a known time, not the clock's)."""
    store.set_status(doc_id, status, analyst)
    store.db.execute(
        "UPDATE document_status SET updated_at = ? WHERE doc_id = ? AND annotator = ?",
        [f"{day}T10:00:00.000+00:00", doc_id, analyst],
    )


def team_project(tmp_path: Path) -> Path:
    """Two articles; ana labels both (done on the 2nd and 4th), ben one (done on the 3rd)."""
    base = make_base(tmp_path / "team.db")
    with Store(base) as store:
        one, two = store.document_ids()
        attribution(store, one, "ana", "Bloomberg", "reported", "Russia sought a naval base")
        label(store, two, "Jose Nunez", "SOURCE", "ana")
        attribution(store, one, "ben", "Bloomberg", "reported", "Russia sought")
        label(store, one, "Libya", "SOURCE", "ben")
        status_on(store, one, "ana", "done", "2026-11-02")
        status_on(store, two, "ana", "done", "2026-11-04")
        status_on(store, one, "ben", "done", "2026-11-03")
        status_on(store, two, "ben", "in progress", "2026-11-04")
    return base
