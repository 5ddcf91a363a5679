"""Exports with anyone's metadata: nothing lands outside the chosen folder, nothing is lost
silently, no half-written file, no formula a spreadsheet would run, no traceback."""

import csv
import errno
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.io.exporting import export
from annotator.io.importer import import_paths
from annotator.store import Store


def _safe_paths():
    """Imported per test, so each test fails on its own on code without the module."""
    from annotator.io import safe_paths

    return safe_paths


def _attributed(text, origin="", title="", annotator="ana", status="done", meta=None):
    """A document whose first three words are a source, a cue and a claim with one stance."""
    words = []
    start = 0
    for word in text.split(" ")[:3]:
        words.append((start, start + len(word)))
        start += len(word) + 1
    spans = [
        Span(label, s, e, annotator=annotator)
        for label, (s, e) in zip(("SOURCE", "CUE", "CLAIM"), words, strict=True)
    ]
    return ParsedDocument(
        text=text,
        title=title or text[:20],
        origin=origin,
        meta=meta or {},
        spans=spans,
        relations=[Relation("support", 0, 2, 1, annotator=annotator)],
        status=status,
    )


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


# --- 1. brat names come from stored metadata: reduced, unique, inside --out ---------------


def test_brat_export_never_writes_outside_out_whatever_the_stored_origin(store, tmp_path):
    escape = tmp_path / "elsewhere" / "victim.txt"
    escape.parent.mkdir()
    records = [
        {"text": "One said two.", "meta": {"origin": str(escape)}, "status": "done"},
        {"text": "Three said four.", "meta": {"origin": "../../climb.txt"}, "status": "done"},
    ]
    jsonl = tmp_path / "crafted.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert import_paths(store, [jsonl]).ok
    odd = [
        "a\x00b.txt",  # NUL
        "missing/folder/deep.txt",  # a folder that does not exist
        "CON.txt",  # reserved on Windows
        "..txt",
        ".hidden.txt",
        "tab\there\x1b.txt",  # control characters
        'w<i>n:d"o|w?s*.txt',
        "é" * 300 + ".txt",  # 600 bytes of name
        "C:\\Users\\x\\win.txt",
    ]
    store.add_documents(
        [_attributed(f"Doc{i} says claim{i}.", origin=o) for i, o in enumerate(odd)]
    )
    outside_before = _files(tmp_path)
    out = tmp_path / "sub" / "out"
    written = export(store, "brat", out, status=None)
    assert list(written.values()) == [2 + len(odd)]
    assert not escape.exists() and not (tmp_path / "climb.txt").exists()
    assert not (tmp_path.parent / "climb.txt").exists()
    new = {p for p in _files(tmp_path) - outside_before if not p.name.startswith("project.db")}
    assert {p for p in new if out not in p.parents} == {tmp_path / "sub", out}
    names = [p.name for p in out.iterdir()]
    assert all(p.parent == out for p in out.iterdir())
    assert len([n for n in names if n.endswith(".txt")]) == 2 + len(odd)
    for name in names:
        assert not name.startswith((".", "-")), name
        assert not set(name) & set('<>:"|?*\\/\x00\t\x1b'), name
        assert len(name.encode("utf-8")) <= 200, name
        assert name.split(".")[0].upper() not in ("CON", "NUL", "PRN", "AUX"), name
    assert "victim.txt" in names and "climb.txt" in names and "deep.txt" in names


def test_two_articles_with_one_base_name_export_as_two_pairs_that_import_back(store, tmp_path):
    store.add_documents(
        [
            _attributed("Alpha said first.", origin="siteA/article.txt"),
            _attributed("Beta said second.", origin="siteB/article.txt"),
        ]
    )
    out = tmp_path / "out"
    export(store, "brat", out, status=None)
    assert sorted(p.name for p in out.iterdir()) == [
        "article-2.txt",
        "article-2_ana.ann",
        "article.txt",
        "article_ana.ann",
    ]
    with Store(tmp_path / "again.db") as again:
        assert import_paths(again, [out]).imported == 2
        texts = {again.document(i).text: again.spans(i) for i in again.document_ids()}
    assert {t: len(s) for t, s in texts.items()} == {"Alpha said first.": 3, "Beta said second.": 3}


def test_a_stem_that_starts_like_another_plus_underscore_is_not_mis_paired(store, tmp_path):
    # brat's NAME_ANALYST.ann: "a_b.txt"'s files would also match "a.txt"'s pattern a_*.ann
    store.add_documents(
        [
            _attributed("Short said one.", origin="a.txt", annotator="x"),
            _attributed("Long said two.", origin="a_b.txt", annotator="x"),
            _attributed("Plain said three.", origin="c_d.txt", annotator=""),
            _attributed("Again said four.", origin="c.txt", annotator="y_z"),
        ]
    )
    out = tmp_path / "out"
    export(store, "brat", out, status=None)
    with Store(tmp_path / "again.db") as again:
        report = import_paths(again, [out])
        assert report.imported == 4 and report.ok
        for doc_id in again.document_ids():
            text = again.document(doc_id).text
            spans = again.spans(doc_id)
            assert len(spans) == 3, (text, [(s.label, s.annotator) for s in spans])
            assert all(s.end <= len(text) for s in spans)
        annotators = {
            again.document(i).text: again.spans(i)[0].annotator for i in again.document_ids()
        }
    assert annotators == {
        "Short said one.": "x",
        "Long said two.": "x",
        "Plain said three.": "",
        "Again said four.": "y_z",
    }


def test_analyst_names_are_reduced_and_kept_apart(store, tmp_path):
    doc = _attributed("Gamma said third.", origin="g.txt", annotator="../../evil")
    other = _attributed("Gamma said third.", annotator="..-..-evil")
    doc.spans += [Span(s.label, s.start, s.end, annotator="..-..-evil") for s in other.spans]
    store.add_documents([doc])
    out = tmp_path / "out"
    export(store, "brat", out, status=None)
    assert sorted(p.name for p in out.iterdir()) == ["g.txt", "g_evil-2.ann", "g_evil.ann"]
    assert all(p.parent == out for p in out.iterdir())
    assert not (tmp_path / "evil.ann").exists()


# --- 2. a non-empty folder or an existing file is never written over silently ------------


def test_exporting_into_a_non_empty_folder_refuses_and_force_keeps_other_files(
    annotated, tmp_path, capsys
):
    out = tmp_path / "out"
    export(annotated, "brat", out)
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    (out / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(_safe_paths().TargetExists) as refused:
        export(annotated, "brat", out)
    assert str(out) in str(refused.value) and "--force" in str(refused.value)
    assert {p.name for p in out.iterdir()} == {*first, "notes.md"}
    export(annotated, "brat", out, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != "notes.md"} == first
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"

    db = str(annotated.path)
    assert main(["--db", db, "export", "--format", "brat", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: ") and str(out) in err and "--force" in err
    assert main(["--db", db, "export", "--format", "brat", "--out", str(out), "--force"]) == 0
    said = capsys.readouterr().out
    assert "left 1 other file(s)" in said and str(out) in said
    assert (out / "notes.md").exists()


def test_split_folder_and_single_files_are_not_overwritten_without_force(annotated, tmp_path):
    split_out = tmp_path / "split"
    export(annotated, "jsonl", split_out, train=0.5)
    with pytest.raises(_safe_paths().TargetExists):
        export(annotated, "jsonl", split_out, train=0.5)
    export(annotated, "jsonl", split_out, train=0.5, force=True)
    single = tmp_path / "a.csv"
    single.write_text("keep me", encoding="utf-8")
    with pytest.raises(_safe_paths().TargetExists) as refused:
        export(annotated, "csv", single)
    assert str(single) in str(refused.value)
    assert single.read_text(encoding="utf-8") == "keep me"
    export(annotated, "csv", single, force=True)
    assert single.read_text(encoding="utf-8").startswith("document,title")


def test_a_link_in_out_that_points_outside_is_refused(store, tmp_path):
    store.add_documents([_attributed("Delta said fourth.", origin="article.txt")])
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "article.txt").symlink_to(outside)
    with pytest.raises(_safe_paths().ExportError) as refused:
        export(store, "brat", out, status=None, force=True)
    assert str(out / "article.txt") in str(refused.value)
    assert outside.read_text(encoding="utf-8") == "precious"


def test_an_interrupted_write_leaves_the_old_file_and_no_half_file(tmp_path):
    target = tmp_path / "data.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), _safe_paths().atomic_file(target) as fh:
        fh.write(b"half of a new")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["data.jsonl"]


def test_safe_name_reduces_anything_to_one_plain_name():
    safe_name = _safe_paths().safe_name
    assert safe_name("../../x.txt") == "x.txt"
    assert safe_name("/abs/path/x") == "x"
    assert safe_name("..") == "" and safe_name("", fallback="article") == "article"
    assert safe_name("nul") == "doc-nul" and safe_name("LPT1.tar") == "doc-LPT1.tar"
    long = safe_name("ж" * 300, max_bytes=100)
    assert long == "ж" * 50
    assert safe_name("a\u202eb\x00c") == "a-b-c"


# --- 3. CSV cells a spreadsheet would evaluate; other formats keep text exactly ----------


FORMULA_TEXT = "=HYPERLINK(x) said +1+2 today."


def test_csv_neutralises_cells_a_spreadsheet_would_run(store, tmp_path):
    doc = _attributed(FORMULA_TEXT, title="@SUM(A1)", annotator="-analyst")
    store.add_documents([doc])
    out = tmp_path / "stances.csv"
    export(store, "csv", out, status=None)
    with out.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["title"] == "'@SUM(A1)"
    assert row["source"] == "'=HYPERLINK(x)"
    assert row["claim"] == "'+1+2"
    assert row["annotator"] == "'-analyst"
    assert row["cue"] == "said" and row["stance"] == "support"


def test_formats_for_programs_keep_formula_like_text_unchanged(store, tmp_path):
    store.add_documents([_attributed(FORMULA_TEXT, title="=TITLE()", origin="f.txt")])
    export(store, "jsonl", tmp_path / "a.jsonl", status=None)
    (record,) = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    assert record["text"] == FORMULA_TEXT and record["meta"]["title"] == "=TITLE()"
    assert FORMULA_TEXT[slice(*[record["spans"][0][k] for k in ("start", "end")])] == (
        "=HYPERLINK(x)"
    )
    export(store, "brat", tmp_path / "brat", status=None)
    assert (tmp_path / "brat" / "f.txt").read_text(encoding="utf-8") == FORMULA_TEXT
    ann = (tmp_path / "brat" / "f_ana.ann").read_text(encoding="utf-8")
    assert "\tSOURCE 0 13\t=HYPERLINK(x)\n" in ann and "\t+1+2\n" in ann


# --- 4. a path that cannot be written is a sentence, never a traceback -------------------


def test_export_under_a_regular_file_is_a_sentence_naming_the_path(annotated, tmp_path, capsys):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    db = str(annotated.path)
    for fmt, out in (("jsonl", blocker / "sub" / "a.jsonl"), ("brat", blocker / "sub")):
        assert main(["--db", db, "export", "--format", fmt, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("annotator: ") and "Traceback" not in err
        assert str(out) in err and f"{blocker} is a file" in err


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux's read-only /sys")
def test_export_into_a_read_only_folder_is_a_sentence(annotated, capsys):
    db = str(annotated.path)
    out = Path("/sys/kernel/annotator-export-test.jsonl")
    assert main(["--db", db, "export", "--format", "jsonl", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: cannot write {out}: ") and "Traceback" not in err
    assert "permission" in err or "read-only" in err
    assert not out.exists()


def test_disk_full_and_other_os_errors_are_named_as_such(tmp_path):
    describe_os_error = _safe_paths().describe_os_error
    target = tmp_path / "a.jsonl"
    full = describe_os_error(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), target)
    assert full.startswith(f"cannot write {target}: the disk is full")
    denied = describe_os_error(PermissionError(errno.EACCES, "Permission denied"), target)
    assert str(target) in denied and "permission" in denied


# --- properties: any origin and analyst give a plain name the brat importer pairs back -----

_NAMES = st.one_of(
    st.sampled_from(["a", "A", "a_b", "A_B", "a_b_c", "a-2", "a_2", "b", "con", ""]),
    st.lists(
        st.sampled_from([*"aA_-. /\\:\x00\t\u202e<>|?*[]é", "CON", "..", "ж" * 60]),
        max_size=8,
    ).map("".join),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_NAMES, st.lists(_NAMES, max_size=3)), min_size=1, max_size=8))
def test_any_origins_and_analysts_pair_back_exactly(documents):
    import tempfile

    from annotator.io.brat import ann_files_for
    from annotator.io.export_brat import Stems

    safe_name = _safe_paths().safe_name
    names = _safe_paths().NameSet
    stems = Stems()
    expected = {}
    for origin, analysts in documents:
        stem = stems.claim(safe_name(origin) or "article")
        taken = names()
        files = sorted({taken.claim(safe_name(a, fallback="analyst")) for a in analysts})
        expected[stem] = [f"{stem}_{a}.ann" for a in files] or [f"{stem}.ann"]
        for name in (stem, *files):
            assert name and len(name.encode("utf-8")) <= 110
            assert not name.startswith((".", "-", " ")) and name not in (".", "..")
            assert not set(name) & set('/\\<>:"|?*\x00\t\u202e')
    assert len({s.casefold() for s in expected}) == len(expected)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for stem, anns in expected.items():
            (folder / f"{stem}.txt").touch()
            for ann in anns:
                (folder / ann).touch()
        for stem, anns in expected.items():
            found = ann_files_for(folder / f"{stem}.txt", [folder])
            assert sorted(p.name for p, _ in found) == sorted(anns)
