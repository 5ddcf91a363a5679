"""JSONL export and import carry tracked claims: a round trip keeps them, byte for byte."""

from __future__ import annotations

import json

from annotator.io.exporting import ExportOptions, run_export
from annotator.io.importer import import_paths
from annotator.store import Store
from tests.claims.project import build


def _export(store, out):
    run_export(store, "jsonl", out, ExportOptions(status=None))
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _claims(store):
    """Claims by uid: wording and (span uid, stance) of each member."""
    return {
        c.uid: (c.wording, sorted((m.span_uid, m.stance or "") for m in store.claim_members(c.id)))
        for c in store.claims()
    }


def test_each_record_names_the_tracked_claims_its_spans_carry(store, tmp_path):
    p = build(store)
    records = _export(store, tmp_path / "out.jsonl")
    base = store.claim(p.base)
    span_uid = next(s.uid for s in store.spans(p.docs[1]) if s.id == p.claim_spans[1])
    assert records[1]["claims"] == [
        {"claim": base.uid, "wording": base.wording, "span": span_uid, "stance": "disagree"}
    ]


def test_a_round_trip_keeps_the_claims_and_the_file(store, tmp_path):
    build(store)
    first = tmp_path / "first.jsonl"
    _export(store, first)
    with Store(tmp_path / "other.db") as other:
        import_paths(other, [first])
        assert _claims(other) == _claims(store)
        again = tmp_path / "again.jsonl"
        _export(other, again)  # (the import adds each article's language to its meta)
        import_paths(other, [first])  # the same file again: nothing doubles
        assert _claims(other) == _claims(store)
    with Store(tmp_path / "third.db") as third:
        import_paths(third, [again])
        last = tmp_path / "last.jsonl"
        _export(third, last)
        assert last.read_bytes() == again.read_bytes()
        assert _claims(third) == _claims(store)


def test_a_bad_claims_entry_is_a_sentence_with_its_line(store, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "Some words.", "claims": [{"wording": 3}]}) + "\n")
    result = import_paths(store, [path])
    assert store.claims() == []
    said = " ".join(str(p) for f in result.files for p in f.problems)
    assert "bad.jsonl:1: claims entry 0 needs" in said
