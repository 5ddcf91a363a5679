"""Merging field files into a base project: layers whole, idempotent, order-free, conflicts."""

from __future__ import annotations

import sqlite3

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store
from tests.teams.fieldkit import (
    attribution,
    copy_project,
    export_jsonl,
    label,
    layers,
    make_base,
    set_times,
)


def _merge(base, *files, capsys=None):
    code = main(["--db", str(base), "merge", *map(str, files)])
    out = capsys.readouterr() if capsys is not None else None
    return code, out


def _field(tmp_path, base, name, analyst):
    """A copy of the base in which ``analyst`` labelled an attribution and finished."""
    path = copy_project(base, tmp_path / f"{name}.db")
    with Store(path) as store:
        doc = store.document_ids()[0]
        attribution(store, doc, analyst, "Bloomberg", "reported", "Russia sought a naval base")
        label(store, doc, "Libya", "SOURCE", analyst, source_type="named_organization")
        store.set_status(doc, "done", analyst)
    return path


def test_an_analysts_layer_comes_across_whole(tmp_path, capsys):
    base = make_base(tmp_path / "base.db")
    field = _field(tmp_path, base, "ana", "ana")
    code, out = _merge(base, field, capsys=capsys)
    assert code == 0
    assert out.out.splitlines()[0] == (
        "merged 1 file(s): 0 new document(s), 1 updated, 4 span(s), 1 stance(s), 0 conflict(s)"
    )
    with Store(base) as b, Store(field) as f:
        doc = b.document_ids()[0]
        theirs = f.spans(doc, "ana")
        ours = b.spans(doc, "ana")
        assert [(s.uid, s.label, s.start, s.end, s.attributes) for s in ours] == [
            (s.uid, s.label, s.start, s.end, s.attributes) for s in theirs
        ]
        assert [r.uid for r in b.relations(doc, "ana")] == [r.uid for r in f.relations(doc, "ana")]
        assert b.status(doc, "ana") == "done" and b.status(doc) == "done"
    assert (tmp_path / "base.db.before-merge").exists()


def test_merging_twice_is_merging_once(tmp_path, capsys):
    base = make_base(tmp_path / "base.db")
    field = _field(tmp_path, base, "ana", "ana")
    _merge(base, field)
    once = export_jsonl(base, tmp_path / "once.jsonl")
    code, out = _merge(base, field, capsys=capsys)
    assert code == 0 and "0 span(s), 0 stance(s), 0 conflict(s)" in out.out
    assert export_jsonl(base, tmp_path / "twice.jsonl") == once


def test_a_then_b_is_b_then_a(tmp_path):
    base = make_base(tmp_path / "base.db")
    a = _field(tmp_path, base, "a", "ana")
    b = _field(tmp_path, base, "b", "bo")  # the same places: only the analyst tells them apart
    with Store(b) as store:
        store.add_documents([ParsedDocument("A text only bo's laptop has.", title="new")])
    ab, ba = copy_project(base, tmp_path / "ab.db"), copy_project(base, tmp_path / "ba.db")
    _merge(ab, a)
    _merge(ab, b)
    _merge(ba, b)
    _merge(ba, a)
    assert export_jsonl(ab, tmp_path / "ab.jsonl") == export_jsonl(ba, tmp_path / "ba.jsonl")
    one, other = copy_project(base, tmp_path / "one.db"), copy_project(base, tmp_path / "other.db")
    _merge(one, a, b)
    _merge(other, b, a)
    assert export_jsonl(one, tmp_path / "1.jsonl") == export_jsonl(other, tmp_path / "2.jsonl")
    assert export_jsonl(one, tmp_path / "1.jsonl") == export_jsonl(ab, tmp_path / "ab.jsonl")


def test_an_edit_in_the_field_updates_the_base_by_uid(tmp_path):
    base = make_base(tmp_path / "base.db")
    first = _field(tmp_path, base, "first", "ana")
    _merge(base, first)
    later = copy_project(first, tmp_path / "later.db")
    with Store(later) as store:
        doc = store.document_ids()[0]
        libya = store.spans(doc, "ana")[-1]
        store.update_span(libya.id, label="CLAIM", attributes={})
    _merge(base, later)
    with Store(base) as b:
        merged = next(s for s in b.spans(b.document_ids()[0], "ana") if s.uid == libya.uid)
        assert (merged.label, merged.attributes) == ("CLAIM", {})
        assert b.merge_conflicts() == []


def _two_edits(tmp_path):
    """One span, edited differently by its analyst on two laptops (the second edit later)."""
    base = make_base(tmp_path / "base.db")
    handed = _field(tmp_path, base, "handed", "ana")
    _merge(base, handed)
    laptop1 = copy_project(handed, tmp_path / "laptop1.db")
    laptop2 = copy_project(handed, tmp_path / "laptop2.db")
    with Store(laptop1) as one, Store(laptop2) as two:
        doc = one.document_ids()[0]
        span = one.spans(doc, "ana")[-1]
        one.update_span(span.id, label="CLAIM")
        two.update_span(span.id, attributes={"source_type": "document"})
    set_times(
        laptop1, "spans", span.uid, "2026-01-01T00:00:00.000+00:00", "2026-01-02T00:00:00.000+00:00"
    )
    set_times(
        laptop2, "spans", span.uid, "2026-01-01T00:00:00.000+00:00", "2026-01-03T00:00:00.000+00:00"
    )
    set_times(
        base, "spans", span.uid, "2026-01-01T00:00:00.000+00:00", "2026-01-01T00:00:00.000+00:00"
    )
    return base, laptop1, laptop2, span.uid


def test_the_newer_edit_wins_and_the_other_is_kept_as_a_conflict(tmp_path, capsys):
    base, laptop1, laptop2, uid = _two_edits(tmp_path)
    other = copy_project(base, tmp_path / "other.db")
    code, out = _merge(base, laptop1, capsys=capsys)
    assert "0 conflict(s)" in out.out  # the first edit is simply newer than the base's
    code, out = _merge(base, laptop2, capsys=capsys)
    assert code == 0 and "1 conflict(s)" in out.out
    _merge(other, laptop2)
    _merge(other, laptop1)
    for path in (base, other):
        with Store(path) as store:
            span = next(s for s in store.spans(store.document_ids()[0]) if s.uid == uid)
            assert (span.label, span.attributes) == ("SOURCE", {"source_type": "document"})
            (conflict,) = store.merge_conflicts()
            assert conflict.uid == uid and conflict.annotator == "ana"
            assert '"CLAIM"' in conflict.lost and conflict.lost_at.startswith("2026-01-02")
            assert conflict.kept_at.startswith("2026-01-03")
    assert main(["--db", str(base), "merge", "--conflicts"]) == 0
    listed = capsys.readouterr().out
    assert uid in listed and "lost" in listed and "1 conflict(s)" in listed
    assert export_jsonl(base, tmp_path / "a.jsonl") == export_jsonl(other, tmp_path / "b.jsonl")


def test_a_deletion_in_the_field_is_carried_and_an_older_copy_cannot_bring_it_back(tmp_path):
    base = make_base(tmp_path / "base.db")
    handed = _field(tmp_path, base, "handed", "ana")
    _merge(base, handed)
    later = copy_project(handed, tmp_path / "later.db")
    with Store(later) as store:
        doc = store.document_ids()[0]
        claim = next(s for s in store.spans(doc, "ana") if s.label == "CLAIM")
        store.delete_span(claim.id)  # its stance goes with it
    _merge(base, later)
    _merge(base, handed)  # the older copy still has them
    with Store(base) as b:
        doc = b.document_ids()[0]
        assert claim.uid not in {s.uid for s in b.spans(doc)}
        assert b.relations(doc) == []
        assert {d.kind for d in b.deletions(doc, "ana")} == {"span", "relation"}
    order = copy_project(make_base(tmp_path / "fresh.db"), tmp_path / "order.db")
    _merge(order, later)
    _merge(order, handed)
    assert export_jsonl(base, tmp_path / "a.jsonl") == export_jsonl(order, tmp_path / "b.jsonl")


def test_a_label_outside_the_base_schema_is_named_and_that_file_is_not_merged(tmp_path, capsys):
    base = make_base(tmp_path / "base.db")
    good = _field(tmp_path, base, "good", "ana")
    odd = copy_project(base, tmp_path / "odd.db")
    with Store(odd) as store:
        label(store, store.document_ids()[0], "Bloomberg", "RUMOUR", "bo")
    code, out = _merge(base, odd, good, capsys=capsys)
    assert code == 1
    assert out.out.splitlines()[0].startswith("merged 1 file(s):")
    assert f"not merged: {odd}: uses label(s) 'RUMOUR'" in out.out
    with Store(base) as b:
        assert b.analysts() == ["ana"]


def test_our_jsonl_and_brat_exports_add_and_update_but_say_they_cannot_delete(tmp_path, capsys):
    base = make_base(tmp_path / "base.db")
    field = _field(tmp_path, base, "ana", "ana")
    jsonl = tmp_path / "ana.jsonl"
    export_jsonl(field, jsonl)
    brat = tmp_path / "brat"
    assert (
        main(
            [
                "--db",
                str(field),
                "export",
                "--format",
                "brat",
                "--status",
                "all",
                "--out",
                str(brat),
            ]
        )
        == 0
    )
    capsys.readouterr()
    for source in (jsonl, brat):
        target = copy_project(base, tmp_path / f"from-{source.name}.db")
        code, out = _merge(target, source, capsys=capsys)
        assert code == 0 and "4 span(s), 1 stance(s)" in out.out
        assert "carries no deletions and no edit times" in out.err
        assert layers(target) == layers(field)
        with Store(target) as t, Store(field) as f:
            doc = t.document_ids()[0]
            assert {s.uid for s in t.spans(doc)} == {s.uid for s in f.spans(doc)}
        code, out = _merge(target, source, capsys=capsys)
        assert "0 span(s), 0 stance(s)" in out.out


def test_an_unreadable_file_is_one_sentence_and_the_base_is_untouched(tmp_path, capsys):
    base = make_base(tmp_path / "base.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    other = tmp_path / "table.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    code, out = _merge(base, junk, other, tmp_path / "missing.db", capsys=capsys)
    assert code == 1 and "Traceback" not in out.err + out.out
    assert f"not merged: {other}: is an SQLite file but not an annotator project" in out.out
    assert f"not merged: {tmp_path / 'missing.db'}: does not exist" in out.out
    assert f"not merged: {junk}:" in out.out
    assert not (tmp_path / "base.db.before-merge").exists()
