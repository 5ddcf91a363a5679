"""Our JSONL and brat exports given to ``merge`` are read a batch of documents at a time
(#18): they were read whole, every document with its annotations held before the first
was applied."""

from __future__ import annotations

import gc

import pytest

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.merging import FieldDocument
from annotator.teams import project_batches
from annotator.teams.merge import merge_files
from tests.teams.fieldkit import export_jsonl, field_project

DOCS = 12
TEXTS = [f"Officials in town {n} said that the bridge {n} will close soon." for n in range(DOCS)]


def _field(tmp_path):
    return field_project(tmp_path / "field.db", TEXTS)


def _export(field, tmp_path, fmt: str):
    if fmt == "jsonl":
        out = tmp_path / "ana.jsonl"
        export_jsonl(field, out)
        return out
    out = tmp_path / "brat"
    args = ["--db", str(field), "export", "--format", "brat", "--status", "all"]
    assert main([*args, "--out", str(out)]) == 0
    return out


def _base(tmp_path, name: str):
    """A base holding every third text (the rest are new to it)."""
    path = tmp_path / f"{name}.db"
    with Store(path) as store:
        store.add_documents([ParsedDocument(t, title=f"a{n}") for n, t in enumerate(TEXTS[::3])])
    return path


def _alive() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, FieldDocument))


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_an_export_is_merged_a_batch_at_a_time(tmp_path, monkeypatch, fmt):
    source = _export(_field(tmp_path), tmp_path, fmt)
    whole = _base(tmp_path, "whole")
    with Store(whole) as store:
        merge_files(store, [source], backup=False)  # one batch of 500
    monkeypatch.setattr(project_batches, "BATCH", 2)
    held: list[int] = []
    paged = _base(tmp_path, "paged")
    with Store(paged) as store:
        merge = store.merge_documents

        def counting(docs, *args, **kwargs):
            held.append(_alive())
            return merge(docs, *args, **kwargs)

        monkeypatch.setattr(store, "merge_documents", counting)
        report = merge_files(store, [source], backup=False)
    assert report.ok and report.counts.new_documents == DOCS - len(TEXTS[::3])
    assert report.files[0].documents == DOCS
    assert len(held) >= DOCS // 2
    assert max(held) <= 6, str(held)  # a batch and the next being read, not the file's twelve
    assert export_jsonl(paged, tmp_path / "p.jsonl") == export_jsonl(whole, tmp_path / "w.jsonl")


def test_a_bad_line_is_still_reported_when_the_file_is_read(tmp_path):
    source = _export(_field(tmp_path), tmp_path, "jsonl")
    with source.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    base = _base(tmp_path, "base")
    with Store(base) as store:
        report = merge_files(store, [source], backup=False)
    (outcome,) = report.files
    assert outcome.documents == DOCS and outcome.counts is not None
    assert [(p.line, "not valid JSON" in p.reason) for p in outcome.problems] == [(DOCS + 1, True)]


@pytest.mark.parametrize("variant", ["lf", "crlf", "bom", "cp1252", "lone-cr"])
def test_read_a_line_at_a_time_as_when_read_whole(tmp_path, variant):
    """The same documents, problems (with their line numbers) and new texts as the
    whole-file read; a file only that read understands (not UTF-8, a bare carriage
    return) is still read whole."""
    from annotator.io.decoding import read_text
    from annotator.io.jsonl import parse_jsonl
    from annotator.teams.fieldfile import _from_parsed, read_field_file
    from annotator.teams.project_batches import field_batches, new_text_batches

    source = _export(_field(tmp_path), tmp_path, "jsonl")
    lines = source.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "")
    lines.insert(5, "{not json")
    lines.append('{"text": "No origin here, café.", "meta": {}}')
    lines.append('{"text": ""}')  # does not validate
    text = "\n".join(lines) + "\n"
    data = {
        "lf": text.encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + text.encode(),
        "cp1252": text.encode("cp1252"),
        "lone-cr": text.replace("\n", "\r", 2).encode(),
    }[variant]
    path = tmp_path / "given.jsonl"
    path.write_bytes(data)
    streamed = read_field_file(path)
    assert (streamed.source is not None) == (variant not in ("cp1252", "lone-cr"))
    whole = _from_parsed(path, "jsonl", list(parse_jsonl(read_text(path).text, path)))
    assert [(p.line, p.reason) for p in streamed.problems] == [
        (p.line, p.reason) for p in whole.problems
    ]
    assert [d for b in field_batches(streamed) for d in b] == whole.documents
    assert list(new_text_batches([streamed])) == list(new_text_batches([whole]))
    assert any(d.origin == "given.jsonl:" + str(len(lines) - 1) for d in whole.documents)


def test_the_ann_files_of_a_folder_listed_once_are_those_found_one_by_one(tmp_path):
    from annotator.io.brat import AnnIndex, ann_files_for

    folder, other = tmp_path / "brat", tmp_path / "anns"
    folder.mkdir()
    other.mkdir()
    stems = ["a", "a_b", "x[1]", "b.c", "c"]
    for stem in stems:
        (folder / f"{stem}.txt").write_text("Text.", encoding="utf-8")
    names = ["a.ann", "a_b.ann", "a_b_zoe.ann", "a_.ann", "a_b_c_.ann", "x[1]_ana.ann",
             "b.c_li.ann", "c.ann.txt", "a_ana.txt", ".a_x.ann"]  # fmt: skip
    for name in names:
        (folder / name).write_text("", encoding="utf-8")
    (other / "c_ana.ann").write_text("", encoding="utf-8")
    (folder / "c.ann").mkdir()  # a folder is no annotation file
    units = [(folder / f"{stem}.txt", [folder, other]) for stem in stems]
    anns = AnnIndex()
    found = [anns.of(txt, dirs) for txt, dirs in units]
    assert found == [ann_files_for(txt, dirs) for txt, dirs in units]
    assert sum(len(f) for f in found) == 11
