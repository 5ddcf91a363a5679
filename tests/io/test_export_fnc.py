"""FNC-1 export: tracked claims and their member articles as stances.csv and bodies.csv."""

from __future__ import annotations

import csv

import pytest

from annotator.core.claims import AddClaimMember, CreateClaim, SetMemberStance
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Span
from annotator.io.exporting import ExportOptions, TargetExists, run_export
from annotator.io.importer import import_paths
from annotator.store import Store

A = "Officials said Russia will get a naval base in Libya.\r\nMore later, “quoted”."
B = "=A spokesman denied that Russia would open a base in Libya."
C = "Nothing about the claim here."


def _project(store):
    ids = store.add_documents(
        [
            ParsedDocument(text=A, spans=[Span("CLAIM", 15, 52)], status="done"),
            ParsedDocument(text=B, spans=[Span("CLAIM", 26, 59)], status="done"),
            ParsedDocument(text=C, spans=[Span("CLAIM", 0, 7)], status="done"),
        ]
    ).ids
    history = History(store)
    span_a, span_b = store.spans(ids[0])[0].id, store.spans(ids[1])[0].id
    claim = history.push(CreateClaim("Russia to get a base in Libya, says “X”", span_a)).claim_id
    history.push(AddClaimMember(claim, span_b))
    history.push(SetMemberStance(claim, span_b, "disagree"))
    return ids


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_fnc_export_writes_pairs_and_unaltered_bodies(store, tmp_path):
    ids = _project(store)
    out = tmp_path / "fnc"
    result = run_export(store, "fnc", out, ExportOptions(status=None))
    assert result.written == {str(out): 1}  # the bodies written
    wording = "Russia to get a base in Libya, says “X”"
    assert _rows(out / "stances.csv") == [
        ["Headline", "Body ID", "Stance"],
        [wording, str(ids[1]), "disagree"],  # A's member has no stance: left out, not invented
    ]
    assert _rows(out / "bodies.csv") == [
        ["Body ID", "articleBody"],
        [str(ids[1]), B],  # no formula guard: programs read this format
    ]
    assert len(result.notes) == 2  # one pair left out; one article's Body ID is its id
    history = History(store)
    history.push(SetMemberStance(store.claims()[0].id, store.spans(ids[0])[0].id, "discuss"))
    run_export(store, "fnc", out, ExportOptions(status=None, force=True))
    assert _rows(out / "bodies.csv")[1] == [str(ids[0]), A]  # CRLF and curly quotes as stored
    with pytest.raises(TargetExists):
        run_export(store, "fnc", out, ExportOptions(status=None))


def test_fnc_export_reads_back_as_fnc_bodies(store, tmp_path):
    ids = _project(store)
    claim = store.claims()[0].id
    History(store).push(SetMemberStance(claim, store.spans(ids[0])[0].id, "agree"))
    out = tmp_path / "fnc"
    run_export(store, "fnc", out, ExportOptions(status=None))
    with Store(tmp_path / "again.db") as fresh:
        report = import_paths(fresh, [out / "bodies.csv"], text_column="articleBody")
        assert report.ok
        texts = sorted(fresh.document(i).text for i in fresh.document_ids())
    # the CSV importer reads a cell's CRLF as LF; the file itself holds the CRLF (above)
    assert texts == sorted([A.replace("\r\n", "\n"), B]) and len(ids) == 3
