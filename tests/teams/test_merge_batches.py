"""A project file being merged in is read a batch of documents at a time (#18)."""

from __future__ import annotations

from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.teams import project_batches
from annotator.teams.fieldfile import read_field_file, read_project
from annotator.teams.merge import merge_files
from tests.teams.fieldkit import copy_project, export_jsonl, field_project

TEXTS = [f"Officials in town {n} said that the bridge {n} will close soon." for n in range(7)]


def _field(tmp_path):
    """Seven articles, each with an analyst's attribution and status; one span deleted."""
    path = field_project(tmp_path / "field.db", TEXTS)
    with Store(path) as store:
        doc = store.document_ids()[3]
        store.delete_span(next(s for s in store.spans(doc) if s.label == "CUE").id)
    return path


def _base(tmp_path, name):
    """A base holding every other text (the rest are new to it)."""
    path = tmp_path / f"{name}.db"
    with Store(path) as store:
        store.add_documents([ParsedDocument(t, title=f"a{n}") for n, t in enumerate(TEXTS[::2])])
    return path


def test_a_project_is_read_in_pages_with_the_same_documents_as_whole(tmp_path):
    field = _field(tmp_path)
    source = read_field_file(field).source
    assert source is not None
    statements: list[str] = []
    source.conn.set_trace_callback(statements.append)
    batches = list(source.batches(3))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert [d for b in batches for d in b] == read_project(field)
    pages = [s for s in statements if "FROM documents" in s]
    assert len(pages) == 4 and all("LIMIT 3" in s for s in pages), pages  # the last is empty
    source.close()


def test_merging_in_batches_gives_the_project_merging_whole_gives(tmp_path, monkeypatch):
    field = _field(tmp_path)
    whole = _base(tmp_path, "whole")
    with Store(whole) as store:
        merge_files(store, [field], backup=False)  # one batch of 500
    monkeypatch.setattr(project_batches, "BATCH", 2)  # four batches, new texts too
    paged = _base(tmp_path, "paged")
    with Store(paged) as store:
        report = merge_files(store, [field], backup=False)
    assert report.counts.new_documents == 3
    assert export_jsonl(paged, tmp_path / "p.jsonl") == export_jsonl(whole, tmp_path / "w.jsonl")
    again = copy_project(paged, tmp_path / "again.db")
    with Store(again) as store:
        merge_files(store, [field], backup=False)  # merging twice is merging once
    assert export_jsonl(again, tmp_path / "a.jsonl") == export_jsonl(paged, tmp_path / "p.jsonl")
