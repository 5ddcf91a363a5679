"""brat export and import keep documents that share a text (FNC-1 has 14 such bodies) and
their metadata; brat's offset errors show where two look-alike strings differ (#iofix)."""

from __future__ import annotations

import csv

from annotator.cli import main
from annotator.io.exporting import export
from annotator.io.importer import import_paths
from annotator.store import Store

BODY = "Officials said Russia will get a naval base in Libya, a spokesman confirmed."


def _fnc_twins(tmp_path):
    path = tmp_path / "bodies.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerow(["13", BODY])
        writer.writerow(["14", BODY])
        writer.writerow(["15", "Another body altogether, said nobody in particular."])
    return path


def _body_ids(store):
    return sorted(store.document(i).meta.get("Body ID") for i in store.document_ids())


def test_two_bodies_with_one_text_survive_a_brat_round_trip_with_their_metadata(tmp_path):
    with Store(tmp_path / "a.db") as store:
        assert import_paths(store, [_fnc_twins(tmp_path)]).imported == 3
        export(store, "brat", tmp_path / "first", status=None)
    with Store(tmp_path / "b.db") as fresh:
        report = import_paths(fresh, [tmp_path / "first"])
        assert report.ok and report.imported == 3 and report.duplicates == 0
        assert report.ignored == []  # the metadata files beside the texts are ours, not junk
        assert _body_ids(fresh) == ["13", "14", "15"]
        export(fresh, "brat", tmp_path / "second", status=None)
        again = import_paths(fresh, [tmp_path / "first"])  # the same folder again: no doubles
        assert again.imported == 0 and again.duplicates == 3 and fresh.count_documents() == 3
    names = sorted(p.name for p in (tmp_path / "first").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "second").iterdir())
    for name in names:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes()


def test_the_cli_round_trip_says_no_duplicate(tmp_path, capsys):
    db, again = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert main(["--db", db, "import", str(_fnc_twins(tmp_path))]) == 0
    out = str(tmp_path / "ex")
    assert main(["--db", db, "export", "--format", "brat", "--status", "all", "--out", out]) == 0
    capsys.readouterr()
    assert main(["--db", again, "import", out]) == 0
    assert "imported 3 document(s) from 3 file(s); 0 duplicate(s)" in capsys.readouterr().out


def test_an_offset_mismatch_shows_the_first_differing_character(tmp_path, capsys):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_text("It\u2019s not only about\u00a0creating big audience.", "utf-8")
    (folder / "a.ann").write_text("T1\tCLAIM 0 39\tIt's not only about creating big audience\n")
    assert main(["--db", str(tmp_path / "p.db"), "import", str(folder)]) == 1
    said = capsys.readouterr().out
    assert "a.ann:1:" in said
    assert "character 3: the .ann has U+0027 (APOSTROPHE)" in said
    assert "the text has U+2019 (RIGHT SINGLE QUOTATION MARK)" in said
    assert "about\\u00a0cr" in said  # a no-break space is written out, not shown as a space
