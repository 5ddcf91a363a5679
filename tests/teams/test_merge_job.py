"""The window's merge job: the same merge as the command line, step by step, and cancellable."""

from __future__ import annotations

from annotator.cli import main
from annotator.core.jobs import JobContext
from annotator.store import Store
from annotator.teams.merge_job import merge_job, merge_sentences
from tests.teams.fieldkit import attribution, copy_project, export_jsonl, make_base


def _field(tmp_path, base, analyst):
    path = copy_project(base, tmp_path / f"{analyst}.db")
    with Store(path) as store:
        doc = store.document_ids()[0]
        attribution(store, doc, analyst, "Bloomberg", "reported", "Russia sought a naval base")
        store.set_status(doc, "done", analyst)
    return path


def test_the_job_merges_what_the_command_merges(tmp_path):
    base = make_base(tmp_path / "base.db")
    other = copy_project(base, tmp_path / "other.db")
    files = [_field(tmp_path, base, "ana"), _field(tmp_path, base, "ben")]
    items = list(merge_job(base, files, JobContext()))
    assert [i.done for i in items] == sorted(i.done for i in items)  # progress only grows
    assert items[-1].done == items[-1].total == 4 and items[-1].report is not None
    assert merge_sentences(items[-1].report)[0] == (
        "Merged 2 file(s): 0 new document(s), 1 updated, 6 span(s), 2 stance(s), 0 conflict(s)."
    )
    assert main(["--db", str(other), "merge", *map(str, files)]) == 0
    assert export_jsonl(base, tmp_path / "a.jsonl") == export_jsonl(other, tmp_path / "b.jsonl")


def test_cancelling_half_way_leaves_the_base_as_it_was(tmp_path):
    base = make_base(tmp_path / "base.db")
    files = [_field(tmp_path, base, "ana"), _field(tmp_path, base, "ben")]
    ctx = JobContext()
    seen = []
    for item in merge_job(base, files, ctx):
        seen.append(item.message)
        if item.message.startswith("Merging ben.db"):  # ana's file is in the transaction
            ctx.cancel()
    assert "Merging ana.db…" in seen and not any(m == "Merged." for m in seen)
    with Store(base) as store:
        assert store.analysts() == [] and store.spans(store.document_ids()[0]) == []
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_project_that_cannot_be_opened_is_one_sentence(tmp_path):
    (item,) = merge_job(tmp_path / "missing.db", [tmp_path / "x.db"], JobContext())
    assert item.error is not None and item.error.startswith("Nothing merged: no project at")
