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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# café\n".encode("latin-1"), ":1: not UTF-8 text (byte 0xe9)"),
        ('[[labels]]\nname = "S"\n'.encode("utf-16"), ": is UTF-16 text; save the schema as UTF-8"),
        (b"x = " + b"[" * 3000 + b"]" * 3000, ": nested too deeply to be a schema"),
        (b"[[labels]\n", ":1: not valid TOML"),
        (b'labels = "SOURCE"\n', ": 'labels' must be a list of [[labels]] tables"),
        (b"", ": needs at least one [[labels]] entry"),
    ],
)
def test_config_names_the_file_of_a_schema_it_cannot_use(tmp_path, capsys, content, message):
    db = str(tmp_path / "p.db")
    bad = tmp_path / "team.toml"
    bad.write_bytes(content)
    assert main(["--db", db, "config", "schema", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"annotator: {bad.resolve()}{message}" in err
    assert err.rstrip().endswith("the project keeps its current schema")
    assert main(["--db", db, "config", "schema"]) == 0
    assert "schema is not set" in capsys.readouterr().out


def test_config_refuses_a_relation_without_keys_that_open_would_crash_on(tmp_path, capsys):
    from annotator.core.schema import default_schema_text

    db = str(tmp_path / "p.db")
    bad = tmp_path / "team.toml"
    bad.write_text(default_schema_text().replace('keys = ["1", "2", "3", "4"]\n', ""), "utf-8")
    assert main(["--db", db, "config", "schema", str(bad)]) == 2
    assert "relations[0] (STANCE): missing 'keys'" in capsys.readouterr().err
