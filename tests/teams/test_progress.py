"""The team's progress as plain numbers: documents done per analyst per day, label counts."""

from __future__ import annotations

from annotator.core.jobs import JobContext
from annotator.store import Store
from annotator.teams.agreement import AgreementReport, agreement
from annotator.teams.progress import TeamProgress, label_agreement, progress_job, team_progress
from tests.teams.fieldkit import make_base
from tests.teams.teamkit import team_project


def test_documents_done_per_analyst_per_day_are_cumulative(tmp_path):
    with Store(team_project(tmp_path)) as store:
        progress = team_progress(store)
    assert progress.analysts == ["ana", "ben"]
    assert progress.days == ["2026-11-02", "2026-11-03", "2026-11-04"]
    assert progress.done == {"ana": [1, 1, 2], "ben": [0, 1, 1]}
    assert progress.total_done() == {"ana": 2, "ben": 1}
    # two documents done by someone: not the three of the analysts' sum
    assert (progress.documents_done, progress.documents) == (2, 2)


def test_label_counts_per_analyst_follow_the_schema(tmp_path):
    with Store(team_project(tmp_path)) as store:
        progress = team_progress(store)
    assert progress.labels == ["SOURCE", "CUE", "CLAIM"]
    assert progress.label_counts == {
        "ana": {"SOURCE": 2, "CUE": 1, "CLAIM": 1},
        "ben": {"SOURCE": 2, "CUE": 1, "CLAIM": 1},
    }


def test_only_the_chosen_analysts_are_counted(tmp_path):
    with Store(team_project(tmp_path)) as store:
        progress = team_progress(store, analysts=["ben"])
    assert progress.analysts == ["ben"]
    assert progress.done == {"ben": [1]} and progress.days == ["2026-11-03"]
    assert progress.documents_done == 1
    assert set(progress.label_counts) == {"ben"}


def test_a_project_nobody_finished_has_no_days(tmp_path):
    with Store(make_base(tmp_path / "empty.db")) as store:
        progress = team_progress(store)
    assert progress == TeamProgress([], [], {}, ["SOURCE", "CUE", "CLAIM"], {}, documents=2)


def test_the_job_yields_the_counts_then_the_agreement(tmp_path):
    items = list(progress_job(team_project(tmp_path), JobContext()))
    assert isinstance(items[0], TeamProgress) and items[0].done["ana"] == [1, 1, 2]
    assert isinstance(items[1], AgreementReport) and items[1].analysts == ["ana", "ben"]
    assert items[1].label_alpha["CUE"] is not None


def test_agreement_per_label_as_series(tmp_path):
    with Store(team_project(tmp_path)) as store:
        report = agreement(store)
    series = label_agreement(report)
    assert series["token alpha"] == [report.label_alpha[lab] for lab in report.labels]
    f1 = series["span F1, overlapping (mean of pairs)"]
    assert f1 == [report.span_f1[lab]["overlapping"]["ana"]["ben"] for lab in report.labels]
    assert f1[1] == 1.0  # both marked "reported" as the CUE
