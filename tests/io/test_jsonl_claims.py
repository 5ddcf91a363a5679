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


def test_a_claim_with_no_member_survives_the_round_trip_byte_for_byte(store, tmp_path):
    from annotator.core.claims import CreateClaim
    from annotator.core.history import History

    build(store)
    typed = History(store).push(CreateClaim("Ferries will stop on Sundays")).claim_id
    assert store.claim_counts()[typed] == 0
    first = tmp_path / "first.jsonl"
    _export(store, first)
    with Store(tmp_path / "other.db") as other:
        assert import_paths(other, [first]).ok
        assert _claims(other) == _claims(store)  # the typed claim too, with no member
        again = tmp_path / "again.jsonl"
        _export(other, again)
    with Store(tmp_path / "third.db") as third:
        import_paths(third, [again])
        import_paths(third, [again])  # the same file twice: the claim is not doubled
        last = tmp_path / "last.jsonl"
        _export(third, last)
        assert [c.wording for c in third.claims()].count("Ferries will stop on Sundays") == 1
    assert last.read_bytes() == again.read_bytes()


def test_claims_with_no_member_and_no_record_to_carry_them_are_named(store, tmp_path):
    from annotator.core.claims import CreateClaim
    from annotator.core.history import History

    build(store)
    History(store).push(CreateClaim("Ferries will stop on Sundays"))
    result = run_export(store, "jsonl", tmp_path / "none.jsonl", ExportOptions())  # none done
    assert result.written == {str(tmp_path / "none.jsonl"): 0}
    assert any("1 tracked claim(s) with no member" in n for n in result.notes)


def test_a_project_without_claims_exports_no_claims_field(annotated, tmp_path):
    out = tmp_path / "plain.jsonl"
    run_export(annotated, "jsonl", out, ExportOptions(status=None))
    assert all("claims" not in json.loads(x) for x in out.read_text("utf-8").splitlines())
