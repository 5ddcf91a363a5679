"""Importing a colleague's annotations of texts already stored adds their layer, once.

Real brat and JSONL files through the importers; lasting uids through every round trip.
"""

import json
import shutil
import uuid
from collections import Counter

import pytest

from annotator.io.exporting import export
from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import corpus

TEXT = "Bloomberg reported that Russia sought a base.\nThe LNA denied it.\n"
ANA = (
    "T1\tSource 0 9\tBloomberg\n"
    "T2\tCue 10 18\treported\n"
    "T3\tContent 24 45\tRussia sought a base.\n"
    "T4\tAttribution 10 18\treported\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)
BO = (
    "T1\tSource 46 53\tThe LNA\n"
    "T2\tCue 54 60\tdenied\n"
    "T3\tContent 24 45\tRussia sought a base.\n"
    "T4\tAttribution 54 60\tdenied\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
)


def _brat(folder, stem, analyst, ann):
    folder.mkdir()
    (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    (folder / f"{stem}_{analyst}.ann").write_text(ann, encoding="utf-8")
    return folder


def _layer(store, doc_id, analyst):
    return [(s.label, s.start, s.end) for s in store.spans(doc_id, analyst)]


def test_brat_of_a_second_analyst_adds_their_layer_and_a_reimport_adds_nothing(store, tmp_path):
    first = import_paths(store, [_brat(tmp_path / "a", "base", "ana", ANA)])
    assert first.imported == 1
    (doc_id,) = store.document_ids()
    later = import_paths(store, [_brat(tmp_path / "b", "base", "bo", BO)])
    assert later.imported == 0 and later.duplicates == 1 and later.updated == 1
    (result,) = later.files
    assert (result.layers, result.spans, result.relations) == (1, 3, 1)
    assert "added 3 span(s) and 1 stance(s) to 1 document(s) already here" in later.summary()
    assert store.analysts(doc_id) == ["ana", "bo"]
    assert _layer(store, doc_id, "bo") == [("CLAIM", 24, 45), ("SOURCE", 46, 53), ("CUE", 54, 60)]
    assert len(store.relations(doc_id, "bo")) == 1 and len(store.relations(doc_id, "ana")) == 1

    for folder in (tmp_path / "a", tmp_path / "b"):
        again = import_paths(store, [folder])
        assert again.duplicates == 1 and again.updated == 0
    assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 6
    assert store.db.execute("SELECT count(*) FROM relations").fetchone()[0] == 2


def test_jsonl_from_a_colleagues_project_adds_their_layer(tmp_path):
    with Store(tmp_path / "theirs.db") as theirs:
        import_paths(theirs, [_brat(tmp_path / "b", "base", "bo", BO)])
        export(theirs, "jsonl", tmp_path / "theirs.jsonl", status=None)
        their_uids = {s.uid for s in theirs.spans(1)}
    with Store(tmp_path / "mine.db") as mine:
        import_paths(mine, [_brat(tmp_path / "a", "base", "ana", ANA)])
        report = import_paths(mine, [tmp_path / "theirs.jsonl"])
        assert report.imported == 0 and report.updated == 1
        assert {s.uid for s in mine.spans(1, "bo")} == their_uids
        assert mine.analysts(1) == ["ana", "bo"]
        again = import_paths(mine, [tmp_path / "theirs.jsonl"])
        assert again.updated == 0 and len(mine.spans(1)) == 6


def test_uids_survive_brat_and_jsonl_export_and_import(store, tmp_path):
    import_paths(store, [_brat(tmp_path / "a", "base", "ana", ANA)])
    spans = {(s.label, s.start): s.uid for s in store.spans(1)}
    (stance,) = store.relations(1)
    assert all(uuid.UUID(u) for u in [*spans.values(), stance.uid])
    export(store, "brat", tmp_path / "out", status=None)
    ann = (tmp_path / "out" / "base_ana.ann").read_text(encoding="utf-8")
    assert f"\tuid E1\t{stance.uid}\n" in ann and f"\tuid T1\t{spans['SOURCE', 0]}\n" in ann
    export(store, "jsonl", tmp_path / "out.jsonl", status=None)
    (record,) = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert {s["uid"] for s in record["spans"]} == set(spans.values())
    assert record["relations"][0]["uid"] == stance.uid
    for i, source in enumerate((tmp_path / "out", tmp_path / "out.jsonl")):
        with Store(tmp_path / f"fresh{i}.db") as fresh:
            import_paths(fresh, [source])
            assert {(s.label, s.start): s.uid for s in fresh.spans(1)} == spans
            assert [r.uid for r in fresh.relations(1)] == [stance.uid]


def test_a_uid_used_by_another_document_is_not_taken_twice(store, tmp_path):
    line = {
        "text": "One text.",
        "spans": [{"start": 0, "end": 3, "label": "CLAIM", "uid": "same"}],
    }
    other = {**line, "text": "Other text."}
    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps(line) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    report = import_paths(store, [path])
    assert report.imported == 2 and report.ok
    uids = [s.uid for d in store.document_ids() for s in store.spans(d)]
    assert uids[0] == "same" and uids[1] != "same"
    bad = tmp_path / "bad.jsonl"
    wrong = {**line, "text": "Third.", "spans": [{**line["spans"][0], "uid": 7}]}
    bad.write_text(json.dumps(wrong), encoding="utf-8")
    (problem,) = import_paths(store, [bad]).files[0].problems
    assert "uid that is not a string" in problem.reason and problem.line == 1


def _multi_analyst(root, how_many):
    """Articles of a PolNeAR split annotated by more than one analyst, with their .ann files."""
    by_stem: dict[str, list] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        by_stem.setdefault(ann.stem.rsplit("_", 1)[0], []).append(ann)
    return [(stem, anns) for stem, anns in sorted(by_stem.items()) if len(anns) > 1][:how_many]


def test_polnear_analysts_imported_one_after_another_equal_one_import(tmp_path):
    root = corpus("polnear-train")
    articles = _multi_analyst(root, 3)
    assert len(articles) == 3
    together = tmp_path / "together"
    (together / "text").mkdir(parents=True)
    (together / "attributions").mkdir()
    folders = []
    for stem, anns in articles:
        shutil.copy(root / "text" / f"{stem}.txt", together / "text")
        for n, ann in enumerate(anns):
            shutil.copy(ann, together / "attributions")
            folder = tmp_path / f"{stem}-{n}"
            folder.mkdir()
            shutil.copy(root / "text" / f"{stem}.txt", folder)
            shutil.copy(ann, folder)
            folders.append(folder)

    def contents(store):
        spans = Counter(
            (store.document(d).content_hash, s.label, tuple(s.pieces()), s.annotator)
            for d in store.document_ids()
            for s in store.spans(d)
        )
        stances = Counter(r.annotator for d in store.document_ids() for r in store.relations(d))
        return spans, stances

    with Store(tmp_path / "one.db") as one, Store(tmp_path / "many.db") as many:
        import_paths(one, [together])
        for folder in folders:  # each analyst's file arrives on its own, later
            import_paths(many, [folder])
        assert many.count_documents() == 3
        assert contents(many) == contents(one)
        for folder in folders:
            assert import_paths(many, [folder]).updated == 0
        assert contents(many) == contents(one)


def test_polnear_multi_analyst_jsonl_round_trip_is_byte_identical(tmp_path):
    root = corpus("polnear-train")
    folder = tmp_path / "src"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for stem, anns in _multi_analyst(root, 4):
        shutil.copy(root / "text" / f"{stem}.txt", folder / "text")
        for ann in anns:
            shutil.copy(ann, folder / "attributions")
    with Store(tmp_path / "a.db") as store:
        import_paths(store, [folder])
        same_place = [
            d
            for d in store.document_ids()
            if max(Counter((s.label, s.start, s.end) for s in store.spans(d)).values()) > 1
        ]
        assert same_place, "no two analysts agree on a span: the test would prove nothing"
        analyst = store.analysts(same_place[0])[0]
        export(store, "jsonl", tmp_path / "first.jsonl", status=None)
        export(store, "jsonl", tmp_path / "one.jsonl", status=None, annotator=analyst)
    with Store(tmp_path / "b.db") as fresh:
        assert import_paths(fresh, [tmp_path / "first.jsonl"]).ok
        export(fresh, "jsonl", tmp_path / "second.jsonl", status=None)
        export(fresh, "jsonl", tmp_path / "one-again.jsonl", status=None, annotator=analyst)
    assert (tmp_path / "first.jsonl").read_bytes() == (tmp_path / "second.jsonl").read_bytes()
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "one-again.jsonl").read_bytes()
    for line in (tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert {s.get("annotator") for s in record["spans"]} <= {analyst}
        assert all(s["uid"] for s in record["spans"])


@pytest.mark.parametrize("fmt", ["brat", "jsonl"])
def test_an_analysts_export_holds_only_that_layer(store, tmp_path, fmt):
    import_paths(store, [_brat(tmp_path / "a", "base", "ana", ANA)])
    import_paths(store, [_brat(tmp_path / "b", "base", "bo", BO)])
    export(store, fmt, tmp_path / f"bo.{fmt}", status=None, annotator="bo")
    with Store(tmp_path / "bo.db") as fresh:
        import_paths(fresh, [tmp_path / f"bo.{fmt}"])
        assert fresh.analysts() == ["bo"]
        assert {s.uid for s in fresh.spans(1)} == {s.uid for s in store.spans(1, "bo")}


def test_polnear_brat_export_import_export_is_identical_with_uids(tmp_path):
    root = corpus("polnear-train")
    folder = tmp_path / "src"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for stem, anns in _multi_analyst(root, 2):
        shutil.copy(root / "text" / f"{stem}.txt", folder / "text")
        for ann in anns:
            shutil.copy(ann, folder / "attributions")
    with Store(tmp_path / "a.db") as store:
        import_paths(store, [folder])
        uids = {s.uid for d in store.document_ids() for s in store.spans(d)}
        export(store, "brat", tmp_path / "first", status=None)
    with Store(tmp_path / "b.db") as fresh:
        assert import_paths(fresh, [tmp_path / "first"]).ok
        assert {s.uid for d in fresh.document_ids() for s in fresh.spans(d)} == uids
        export(fresh, "brat", tmp_path / "second", status=None)
    names = sorted(p.name for p in (tmp_path / "first").iterdir())
    assert len(names) > 6 and names == sorted(p.name for p in (tmp_path / "second").iterdir())
    for name in names:
        first = (tmp_path / "first" / name).read_bytes()
        assert first == (tmp_path / "second" / name).read_bytes(), name
