"""The importers against the real files analysts have.

Skipped where ../shared/corpora is absent.
"""

import csv
import re

from annotator.io.importer import import_paths
from tests.conftest import corpus


def test_seed_dump_gives_two_clean_articles(store):
    seed = corpus("seed")
    report = import_paths(store, sorted(seed.glob("*.txt")))
    assert report.imported == 2 and report.ok
    docs = [store.document(i) for i in store.document_ids()]
    assert [d.title for d in docs] == [
        "LNA Denies Haftar Seeking to Allow Russia to Set up Military Base in Libya",
        "Syria’s New Rulers Name Abu Qasra as Defense Minister",
    ]
    for doc in docs:
        (caption,) = doc.meta["captions"]
        assert caption not in doc.text
        assert doc.text.count(doc.title) == 1
        assert not re.search(r"^TT$", doc.text, re.M)
    assert docs[0].text.startswith(docs[0].title + "\n\nAn informed source in the Libyan National")
    assert docs[0].text.endswith("headquarters in the eastern city of Benghazi.")


def test_fnc1_csv_gives_every_body_intact(store):
    path = corpus("fnc1-train") / "train_bodies.csv"
    report = import_paths(store, [path])
    assert report.imported == 1683 and report.ok
    csv.field_size_limit(10**9)
    with path.open(encoding="utf-8", newline="") as fh:
        expected = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(fh)}
    stored = {}
    for doc_id in store.document_ids():
        doc = store.document(doc_id)
        stored[doc.meta["Body ID"]] = doc.text
    assert stored == expected
    assert import_paths(store, [path]).imported == 0


def test_polnear_spans_match_the_ann_offsets_character_for_character(store):
    root = corpus("polnear-dev")
    report = import_paths(store, [root])
    assert report.imported == 84
    # the one problem in the gold data: an event with a trigger and nothing else
    assert [p.reason for f in report.files for p in f.problems] == ["E21 has no Content"]
    wanted = {"Source": "SOURCE", "Cue": "CUE", "Content": "CLAIM"}
    checked = 0
    for doc_id in store.document_ids():
        doc = store.document(doc_id)
        stored = {(s.label, tuple(s.pieces()), s.annotator) for s in store.spans(doc_id)}
        for ann in doc.meta["brat_files"]:
            annotator = ann[len(doc.origin) - 4 + 1 : -4]
            for line in (root / "attributions" / ann).read_text(encoding="utf-8").splitlines():
                ident, _, rest = line.partition("\t")
                if not ident.startswith("T"):
                    continue
                head, _, covered = rest.partition("\t")
                btype, _, offsets = head.partition(" ")
                if btype not in wanted:
                    continue
                pieces = tuple(tuple(map(int, p.split())) for p in offsets.split(";"))
                assert (wanted[btype], pieces, annotator) in stored, line
                assert " ".join(doc.text[s:e] for s, e in pieces) == covered
                checked += 1
    assert checked == 2062 + 2319 + 2322
    assert store.db.execute("SELECT count(*) FROM relations").fetchone()[0] == 2319
