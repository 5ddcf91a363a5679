"""PolNeAR's Discuss and Discard spans: the import names them as outside the schema, and
a merge accepts labels the base project already holds (an analyst's trial, #iofix)."""

from __future__ import annotations

import re

from annotator.cli import main
from tests.conftest import corpus


def test_import_names_labels_outside_the_schema_and_merge_accepts_labels_the_base_holds(
    tmp_path, capsys
):
    folder = corpus("polnear-dev")
    db = tmp_path / "p.db"
    main(["--db", str(db), "import", str(folder)])  # one .ann line of PolNeAR is malformed
    said = capsys.readouterr().out
    found = re.search(r"kept (\d+) span\(s\) with label\(s\) outside the schema \((.*?)\): (.*)",
                      said)  # fmt: skip
    assert found, said
    assert found.group(3).startswith("Discard 24, Discuss 49;")
    assert int(found.group(1)) == 73
    assert "add them to the schema (annotator config schema FILE) or relabel them" in said
    out = tmp_path / "ex"
    assert main(["--db", str(db), "export", "--format", "brat", "--status", "all",
                 "--out", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--db", str(db), "merge", str(out)]) == 0
    merged = capsys.readouterr().out
    assert merged.startswith("merged 1 file(s):") and "not merged" not in merged


def test_merge_still_refuses_a_label_neither_in_the_schema_nor_in_the_base(tmp_path, capsys):
    base = tmp_path / "base.db"
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text("The mayor said the ferry will stop.", encoding="utf-8")
    (source / "a.ann").write_text("T1\tDiscuss 0 9\tThe mayor\n", encoding="utf-8")
    assert main(["--db", str(base), "import", str(source)]) == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("The mayor said the ferry will stop.", encoding="utf-8")
    (other / "a_bo.ann").write_text("T1\tRumour 0 9\tThe mayor\nT2\tDiscuss 10 14\tsaid\n")
    capsys.readouterr()
    assert main(["--db", str(base), "merge", str(other)]) == 1
    said = capsys.readouterr().out
    assert "uses label(s) 'Rumour' that" in said and "'Discuss'" not in said
