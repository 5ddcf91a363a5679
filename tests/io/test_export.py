"""Every export format, on a real project file; round trips back through the importers."""

import csv
import json

from spacy.tokens import DocBin

from annotator.io.exporting import export
from annotator.io.importer import import_paths
from annotator.io.tokenize import tokenizer
from annotator.store import Store
from tests.conftest import corpus


def _again(tmp_path, fmt, first_out, name):
    """Import an export into a fresh project and export it again."""
    with Store(tmp_path / f"{name}.db") as fresh:
        report = import_paths(fresh, [first_out])
        assert report.ok, [str(p) for f in report.files for p in f.problems]
        second = tmp_path / f"{name}.{fmt}"
        export(fresh, fmt, second, status=None)
        return second


def test_jsonl_round_trip_is_byte_identical(annotated, tmp_path):
    first = tmp_path / "first.jsonl"
    export(annotated, "jsonl", first)
    second = _again(tmp_path, "jsonl", first, "again")
    assert first.read_bytes() == second.read_bytes()
    records = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4 and {r["status"] for r in records} == {"done"}
    cafe = records[-1]
    for span in cafe["spans"]:
        tokens = cafe["tokens"][span["token_start"] : span["token_end"] + 1]
        assert tokens[0]["start"] <= span["start"] and span["end"] <= tokens[-1]["end"]
    texts = {cafe["text"][s["start"] : s["end"]] for s in cafe["spans"]}
    assert {
        "Café owner Zoë Ångström",
        "the café was closed",
        "The mayor, Jose\u0301 Nu\u0303nez",
    } <= texts
    deny = next(r for r in cafe["relations"] if r["label"] == "deny")
    assert cafe["text"][deny["cue_span"]["start"] : deny["cue_span"]["end"]] == "denied"
    assert deny["head"] == deny["head_span"]["token_end"]
    assert isinstance(cafe["_input_hash"], int) and cafe["answer"] == "accept"


def test_brat_round_trip_is_identical(annotated, tmp_path):
    first = tmp_path / "first"
    export(annotated, "brat", first)
    second = _again(tmp_path, "brat", first, "again")
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    ann = next(first.glob("*caf*_ana.ann")).read_text(encoding="utf-8")
    assert "\tSOURCE 0 23\tCafé owner Zoë Ångström\n" in ann
    assert "\tdeny Arg1:T" in ann and "cue=T" in ann and "source_type T1 named_person" in ann


def test_polnear_spans_survive_import_and_brat_export(store, tmp_path):
    root = corpus("polnear-dev")
    import_paths(store, [root])
    out = tmp_path / "polnear"
    export(store, "brat", out, status=None)
    checked = 0
    for gold in sorted((root / "attributions").glob("*.ann")):
        exported = (out / gold.name).read_text(encoding="utf-8").splitlines()
        ours = {line.split("\t", 1)[1] for line in exported if line.startswith("T")}
        for line in gold.read_text(encoding="utf-8").splitlines():
            ident, _, rest = line.partition("\t")
            if ident.startswith("T") and rest.split(" ", 1)[0] in ("Source", "Cue", "Content"):
                assert rest in ours, (gold.name, line)
                checked += 1
    assert checked == 2062 + 2319 + 2322
    assert (out / "breitbart_2016-09-12_stealth-over-health-hillary-clin.txt").exists()


def test_docbin_keeps_entities_spans_and_exact_annotations(annotated, tmp_path):
    out = tmp_path / "train.spacy"
    export(annotated, "spacy", out)
    docs = list(DocBin().from_disk(out).get_docs(tokenizer().vocab))
    cafe = docs[-1]
    assert {s.text for s in cafe.spans["SOURCE"]} == {
        "Café owner Zoë Ångström",
        "The mayor, Jose\u0301 Nu\u0303nez",
    }
    assert [s.text for s in cafe.spans["CLAIM"]] == ["the café was closed"]
    assert len(cafe.spans["sc"]) == 5
    data = cafe.user_data["annotator"]
    assert {r["label"] for r in data["relations"]} == {"support", "deny"}
    by_id = {s["id"]: s for s in data["spans"]}
    claim = by_id[data["relations"][0]["claim"]]
    assert cafe.text[claim["start"] : claim["end"]] == "the café was closed"
    assert by_id[data["relations"][0]["source"]]["attributes"] == {"source_type": "named_person"}


def test_conll_and_csv(annotated, tmp_path):
    export(annotated, "conll", tmp_path / "a.conll")
    lines = (tmp_path / "a.conll").read_text(encoding="utf-8").splitlines()
    tagged = [line.split() for line in lines if line and not line.startswith("-DOCSTART-")]
    assert all(len(parts) == 3 for parts in tagged)
    sources = [(w, tag) for w, _, tag in tagged if tag != "O"]
    assert ("Café", "B-SOURCE") in sources and ("Ångström", "I-SOURCE") in sources
    assert ("Jose\u0301", "I-SOURCE") in sources
    export(annotated, "csv", tmp_path / "a.csv")
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cafe = {r["stance"]: r for r in rows if r["title"] == "Café"}
    assert cafe["deny"]["source"] == "The mayor, Jose\u0301 Nu\u0303nez"
    assert cafe["deny"]["claim"] == "the café was closed" and cafe["deny"]["cue"] == "denied"
    assert cafe["support"]["source_type"] == "named_person"
    assert len(rows) == 3


def test_split_is_by_document_and_reproducible(annotated, tmp_path):
    first = export(annotated, "jsonl", tmp_path / "s1", train=0.5, seed=7)
    again = export(annotated, "jsonl", tmp_path / "s2", train=0.5, seed=7)
    assert list(first.values()) == [2, 2] == list(again.values())
    for name in ("train.jsonl", "dev.jsonl"):
        assert (tmp_path / "s1" / name).read_bytes() == (tmp_path / "s2" / name).read_bytes()


def test_only_done_documents_by_default_and_one_analyst(annotated, tmp_path):
    annotated.set_status(annotated.document_ids()[0], "in progress")
    written = export(annotated, "csv", tmp_path / "a.csv")
    assert list(written.values()) == [3]
    every = export(annotated, "csv", tmp_path / "b.csv", status=None, annotator="nobody")
    assert list(every.values()) == [4]
    with (tmp_path / "b.csv").open(encoding="utf-8") as fh:
        assert len(fh.readlines()) == 1  # the header only


def test_with_an_analyst_the_status_is_that_analysts_own(annotated, tmp_path):
    """``--status done --annotator X``: the articles X marked done, whoever marked last."""
    first, *_, cafe = annotated.document_ids()
    annotated.set_status(first, "done", "ana")
    annotated.set_status(cafe, "done", "ana")
    annotated.set_status(cafe, "in progress", "bo")  # bo last: documents.status is not done
    assert annotated.status(cafe) == "in progress"
    assert list(export(annotated, "jsonl", tmp_path / "a.jsonl", annotator="ana").values()) == [2]
    with (tmp_path / "a.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    assert texts == [annotated.document(first).text, annotated.document(cafe).text]
    nobody = export(annotated, "csv", tmp_path / "n.csv", annotator="nobody")
    assert list(nobody.values()) == [0]  # nobody marked anything done
