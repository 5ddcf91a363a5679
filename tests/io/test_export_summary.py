"""The export summary names the files really written, and --split refuses a file name
for the folder it needs (an analyst's trial, #iofix)."""

from __future__ import annotations

import pytest

from annotator.cli import main
from annotator.io.exporting import ExportError, ExportOptions, run_export
from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES

ENGLISH = "The harbour master said the quay is not for sale, according to the port office.\n"


def _mixed(tmp_path):
    db = tmp_path / "mixed.db"
    (tmp_path / "ar.txt").write_text(
        (SAMPLES / "arabic-harbour.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    with Store(db) as store:
        import_paths(store, [tmp_path / "ar.txt", tmp_path / "en.txt"])
    return db


def test_a_mixed_language_spacy_export_names_each_language_file(tmp_path, capsys):
    db = _mixed(tmp_path)
    out = tmp_path / "ex" / "en.spacy"
    assert main(["--db", str(db), "export", "--format", "spacy", "--status", "all",
                 "--out", str(out)]) == 0  # fmt: skip
    said = capsys.readouterr().out
    written = sorted(p.name for p in out.parent.iterdir())
    assert written == ["en.ar.spacy", "en.en.spacy"]
    for name in written:
        assert f"wrote 1 document(s) to {out.parent / name}" in said
    assert f"to {out}\n" not in said


def test_the_result_counts_each_language_file(tmp_path):
    db = _mixed(tmp_path)
    out = tmp_path / "train.spacy"
    with Store(db) as store:
        result = run_export(store, "spacy", out, ExportOptions(status=None))
    assert result.written == {
        str(tmp_path / "train.ar.spacy"): 1,
        str(tmp_path / "train.en.spacy"): 1,
    }


def test_split_refuses_an_out_that_names_a_file(annotated, tmp_path, capsys):
    db = str(annotated.path)
    out = tmp_path / "ex" / "split.jsonl"
    assert main(["--db", db, "export", "--format", "jsonl", "--split", "0.8",
                 "--out", str(out)]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "--split writes train and dev files into a folder" in err
    assert str(tmp_path / "ex" / "split") in err  # the folder to give instead
    assert not out.exists()
    with pytest.raises(ExportError, match="into a folder"):
        run_export(annotated, "spacy", tmp_path / "s.spacy", ExportOptions(train=0.5))
    again = ["--db", db, "export", "--format", "jsonl", "--split", "0.8"]
    assert main([*again, "--out", str(tmp_path / "ex" / "split")]) == 0
    names = sorted(p.name for p in (tmp_path / "ex" / "split").iterdir())
    assert names == ["dev.jsonl", "train.jsonl"]
