"""The offline one-folder build: built, then used with the network cut.

Builds with packaging/build.sh (a minute or two the first time), then runs the
frozen app inside a network namespace of its own (``unshare -rn``), where no
connection can leave the machine: import the samples, pre-annotate, propose
attributions, export JSONL, open the window offscreen and quit.
"""

import json
import os
import shutil
import subprocess

import pytest

from tests.conftest import ROOT, SAMPLES

BUNDLE = ROOT / "dist" / "annotator" / "annotator"


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def bundle():
    if os.environ.get("ANNOTATOR_SKIP_BUNDLE") == "1":
        pytest.skip("ANNOTATOR_SKIP_BUNDLE=1: the offline build is not tested in this run")
    if not _unshare_works():
        pytest.skip("unshare -rn is not available here, so the network cannot be cut")
    build = subprocess.run(
        [str(ROOT / "packaging" / "build.sh")], capture_output=True, text=True, timeout=1800
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    assert BUNDLE.exists()
    return BUNDLE


def offline(*args, extra_env=None, **kw):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_ANALYST": "field"}
    env.pop("ANNOTATOR_DB", None)
    env.update(extra_env or {})
    return subprocess.run(
        ["unshare", "-rn", str(BUNDLE), *args],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        **kw,
    )


def test_the_bundle_works_with_the_network_cut(bundle, tmp_path):
    db = str(tmp_path / "field.db")
    steps = [
        ["--db", db, "import", str(SAMPLES / "wire-dump.txt")],
        ["--db", db, "preannotate"],
        ["--db", db, "suggest"],
        [
            "--db",
            db,
            "export",
            "--format",
            "jsonl",
            "--status",
            "all",
            "--out",
            str(tmp_path / "out.jsonl"),
        ],
        ["--db", db, "open", "--quit-after", "1500"],
    ]
    for args in steps:
        result = offline(*args)
        assert result.returncode == 0, (args, result.stdout, result.stderr[-3000:])
        assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(records) == 3
    assert offline("--version").stdout.strip().startswith("annotator ")


def test_an_encrypted_project_works_in_the_bundle_with_the_network_cut(bundle, tmp_path):
    """#19: SQLCipher ships in the bundle; nothing of the articles is readable on disk."""
    db = tmp_path / "secret.db"
    keys = {"ANNOTATOR_PASSPHRASE": "field laptop", "ANNOTATOR_ARCHIVE_PASSPHRASE": "desk"}
    archive = tmp_path / "out.jsonl.age"
    steps = [
        ["--db", str(db), "--encrypt", "import", str(SAMPLES / "wire-dump.txt")],
        ["--db", str(db), "list"],
        ["--db", str(db), "export", "--format", "jsonl", "--status", "all",
         "--out", str(tmp_path / "out.jsonl"), "--encrypt-to", "passphrase"],
        ["--db", str(tmp_path / "desk.db"), "import", str(archive)],
    ]  # fmt: skip
    outputs = []
    for args in steps:
        result = offline(*args, extra_env=keys)
        assert result.returncode == 0, (args, result.stdout, result.stderr[-3000:])
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout)
    assert len(outputs[1].splitlines()) == 3 and "Harbour Authority Denies" in outputs[1]
    assert "imported 3 document(s)" in outputs[3]
    for path in (db, archive, *tmp_path.glob("secret.db*")):
        data = path.read_bytes()
        assert not data.startswith(b"SQLite format 3")
        for word in (b"harbour", b"Harbour", b"Coastal Gazette", b"Varga"):
            assert word not in data, (path, word)
    wrong = offline("--db", str(db), "list", extra_env={"ANNOTATOR_PASSPHRASE": "not it"})
    assert wrong.returncode == 2 and "passphrase is wrong" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1


def test_desktop_integration_files_ship_with_it(bundle):
    folder = bundle.parent
    desktop = (folder / "annotator.desktop").read_text()
    assert "Exec=annotator open" in desktop and "Icon=annotator" in desktop
    assert (
        "<id>io.github.annotator</id>" in (folder / "io.github.annotator.metainfo.xml").read_text()
    )
    assert (folder / "annotator.svg").exists()
