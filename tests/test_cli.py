import os
import subprocess
import sys

import pytest

from annotator import __version__
from annotator.cli import main
from tests.conftest import SAMPLES


def test_import_list_stats(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "import", str(SAMPLES / "wire-dump.txt")]) == 0
    out = capsys.readouterr().out
    assert "imported 3 document(s) from 1 file(s); 0 duplicate(s), 0 skipped" in out
    assert main(["list", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(None, 2)[2] for line in lines] == [
        "Harbour Authority Denies Plan to Lease Port to Foreign Navy",
        "Ferry Operators Warn of Strike Over Fuel Costs",
        "Minister Says Port Talks Were About Fishing, Not Warships",
    ]
    assert main(["--db", db, "list", "--search", "ferry strike"]) == 0
    assert capsys.readouterr().out.count("\n") == 1
    assert main(["--db", db, "stats"]) == 0
    assert "documents: 3" in capsys.readouterr().out


def test_import_exits_non_zero_and_names_the_line_when_something_is_skipped(tmp_path, capsys):
    bad = tmp_path / "rows.csv"
    bad.write_text('id,text\n1,"Fine."\n2\n3,"Also fine."\n', encoding="utf-8")
    assert main(["--db", str(tmp_path / "p.db"), "import", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "imported 2 document(s)" in out
    assert f"skipped {bad}:3: expected 2 fields, found 1" in out


def test_unusable_project_file_is_a_clear_error(tmp_path, capsys):
    junk = tmp_path / "junk.db"
    junk.write_text("hello" * 1000)
    assert main(["--db", str(junk), "stats"]) == 2
    assert "not an annotator project file" in capsys.readouterr().err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"annotator {__version__}"
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "import" in capsys.readouterr().out


def test_open_starts_the_window_and_quits_cleanly(tmp_path):
    db = tmp_path / "p.db"
    assert main(["--db", str(db), "import", str(SAMPLES / "wire-dump.txt")]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "open", "--quit-after", "300"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_config_refuses_an_invalid_schema_and_keeps_the_current_one(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[labels]]\nname = "SOURCE"\nkey = "SS"\n', encoding="utf-8")
    assert main(["--db", db, "config", "schema", str(bad)]) == 2
    assert "labels[0] (SOURCE): key must be a single character" in capsys.readouterr().err
    assert main(["--db", db, "config", "schema"]) == 0
    assert "schema is not set" in capsys.readouterr().out
