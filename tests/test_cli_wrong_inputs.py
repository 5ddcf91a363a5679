"""What a new analyst typed wrong, and what the command line says back (a trial's findings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.nlp.suggesters import SUGGESTER_SETTING, TRAINED_SETTING
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.teams.teamkit import team_project

# -- a file given to the wrong command (13) ------------------------------------------------


def test_a_csv_given_to_merge_is_called_a_csv_to_import(tmp_path, capsys):
    base = team_project(tmp_path)
    csv = tmp_path / "fnc300.csv"
    csv.write_text("Headline,Body ID,Stance\nPort deal,1,agree\n", encoding="utf-8")
    assert main(["--db", str(base), "merge", str(csv)]) == 1
    out = capsys.readouterr().out
    assert f"{csv}: is a CSV file, not an annotator project" in out, out
    assert f"annotator --db PROJECT import {csv}" in out
    assert "passphrase" not in out


def test_a_project_file_given_to_import_is_called_a_project_to_merge(tmp_path, capsys):
    other = team_project(tmp_path)
    db = tmp_path / "h.db"
    assert main(["--db", str(db), "import", str(other)]) == 1
    out = capsys.readouterr().out
    assert f"skipped {other}: is an annotator project file, not text" in out, out
    assert f"annotator --db PROJECT merge {other}" in out
    assert "binary" not in out


@pytest.mark.parametrize("command", [["list"], ["stats"]])
def test_a_text_file_given_as_the_project_is_called_text_not_a_project(tmp_path, capsys, command):
    notes = tmp_path / "notes.txt"
    notes.write_text("Call the harbour authority on Monday.\n", encoding="utf-8")
    assert main(["--db", str(notes), *command]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"annotator: {notes} is a text file, not an annotator project file; to bring its"
        f" articles into a project: annotator --db PROJECT import {notes}\n"
    )


def test_random_bytes_as_the_project_still_ask_for_a_passphrase(tmp_path, capsys):
    """An encrypted project looks random: that answer stays."""
    blob = tmp_path / "enc.db"
    blob.write_bytes(bytes(range(256)) * 64)
    assert main(["--db", str(blob), "list"]) == 2
    assert "passphrase" in capsys.readouterr().err


# -- names that are not in the project (14, 15) --------------------------------------------


def test_export_for_an_analyst_who_is_not_there_names_those_who_are(tmp_path, capsys):
    db = team_project(tmp_path)
    out = tmp_path / "x.csv"
    assert main(["--db", str(db), "export", "--annotator", "nobody", "--format", "csv",
                 "--out", str(out)]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert err == (
        "annotator: --annotator: no analyst 'nobody' in this project; the analysts are: ana, ben\n"
    )
    assert not out.exists()


def test_agreement_names_unknown_analysts_and_labels(tmp_path, capsys):
    db = team_project(tmp_path)
    assert main(["--db", str(db), "agreement", "--analysts", "ana,zed"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == (
        "annotator: --analysts: no analyst 'zed' in this project; the analysts are: ana, ben\n"
    )
    assert main(["--db", str(db), "agreement", "--labels", "SOURCE,FOO,BAR"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: --labels: no label 'FOO', 'BAR' in this project's schema;")
    assert "the labels are: " in err and "SOURCE" in err and "CLAIM" in err
    assert main(["--db", str(db), "agreement", "--analysts", "ana,ben", "--labels", "SOURCE"]) == 0


# -- config shows every setting (17) -------------------------------------------------------


def test_config_shows_the_suggesters_model_folder(tmp_path, capsys):
    db = tmp_path / "p.db"
    with Store(db) as store:  # what `config suggester model:DIR` stores for a trained model
        store.set_settings({SUGGESTER_SETTING: "model", TRAINED_SETTING: "/tmp/x/model"})
    assert main(["--db", str(db), "config", "suggester"]) == 0
    assert capsys.readouterr().out == "suggester = model:/tmp/x/model\n"


def test_bare_config_shows_every_setting_and_where_it_comes_from(tmp_path, capsys):
    db = tmp_path / "p.db"
    with Store(db) as store:
        store.set_settings(
            {
                SUGGESTER_SETTING: "both",
                TRAINED_SETTING: "/m/trained",
                "nlp.model.ar": "/m/ar",
                f"{SUGGESTER_SETTING}.ar": "model",
                f"{TRAINED_SETTING}.ar": "/m/ar-trained",
            }
        )
    assert main(["--db", str(db), "config", "gold", "adjudicator"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "config"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split("=")[0].strip() for line in lines]
    assert names == [
        "model", "model --language ar", "suggester", "suggester --language ar", "schema",
        "gold", "lock-after", "retrain-after",
    ]  # fmt: skip
    shown = dict(line.split(" = ", 1) for line in lines)
    shown = {k.strip(): v for k, v in shown.items()}
    assert shown["model --language ar"] == "/m/ar  (project)"
    assert shown["suggester"] == "both:/m/trained  (project)"
    assert shown["suggester --language ar"] == "model:/m/ar-trained  (project)"
    assert shown["gold"] == "adjudicator  (project)"
    assert shown["model"].endswith("(default)") and "en_core_web_sm" in shown["model"]
    assert shown["schema"].endswith("(default)") and shown["lock-after"].endswith("(default)")
    assert shown["retrain-after"] == "0 (off)  (default)"


# -- limits, duplicates, empty text, missing folders (22) ----------------------------------


def _samples(tmp_path: Path) -> Path:
    db = tmp_path / "s.db"
    assert main(["--db", str(db), "import", str(SAMPLES / "wire-dump.txt")]) == 0
    return db


def test_list_limit_zero_lists_nothing_and_a_negative_one_is_refused(tmp_path, capsys):
    db = _samples(tmp_path)
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--limit", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert main(["--db", str(db), "list", "--limit", "0"]) == 0
    assert capsys.readouterr().out == ""
    with pytest.raises(SystemExit) as refused:
        main(["--db", str(db), "list", "--limit", "-1"])
    assert refused.value.code == 2
    assert "--limit: give a number of documents, 0 or more, not '-1'" in capsys.readouterr().err
    assert main(["--db", str(db), "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_claims_create_refuses_the_same_wording_twice_and_rank_refuses_empty_text(tmp_path, capsys):
    db = _samples(tmp_path)
    assert main(["--db", str(db), "claims", "create", "The port will be leased"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "claims", "create", "  the port will be  LEASED "]) == 1
    err = capsys.readouterr().err
    assert err == (
        "annotator: claim 1 already has this wording (The port will be leased); add spans to"
        " it in the workbench, or choose another wording\n"
    )
    assert main(["--db", str(db), "claims", "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    for empty in ("", "   "):
        assert main(["--db", str(db), "claims", "rank", empty]) == 2
        assert capsys.readouterr().err == (
            "annotator: claims rank needs the claim's wording, e.g. claims rank"
            ' "the port will be leased"\n'
        )


def test_export_and_agreement_plot_both_say_they_created_a_missing_folder(tmp_path, capsys):
    db = team_project(tmp_path)
    out = tmp_path / "new" / "deeper" / "x.csv"
    assert main(["--db", str(db), "export", "--format", "csv", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"note: created the folder {tmp_path / 'new'} for {out}\n" in err, err
    plot = tmp_path / "plots" / "x.png"
    assert main(["--db", str(db), "agreement", "--plot", str(plot)]) == 0
    err = capsys.readouterr().err
    assert f"note: created the folder {tmp_path / 'plots'} for {plot}\n" in err, err
    assert plot.exists()
    again = tmp_path / "plots" / "y.png"  # the folder is there now: nothing to say
    assert main(["--db", str(db), "agreement", "--plot", str(again)]) == 0
    assert "created the folder" not in capsys.readouterr().err
