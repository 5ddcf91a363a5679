"""Start-up: the first paint waits for nothing heavy, and quitting waits for no model.

Structural, not timed (benchmarks/ui_bench.py measures start_to_window_ms): a fresh
``annotator open --quit-after 0`` reports the modules loaded when the window is first
painted, and whether a spaCy pipeline was still loading when it exited.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES

#: Heavy packages the first paint does not need (spaCy alone takes ~0.75 s to import);
#: charts, learning, the cluster and encryption load when they are first used.
NOT_BEFORE_FIRST_PAINT = (
    "spacy",
    "thinc",
    "sklearn",
    "pyqtgraph",
    "dask",
    "distributed",
    "sqlcipher3",
    "numpy",
    "pandas",
    # the store reads with sqlite3 until its first write (store/database.py): sqlite-utils
    # and what it brings load on the background thread after the paint
    "sqlite_utils",
    "click",
    "dateutil",
    "pluggy",
)

#: Our own and the standard library's modules that load only when used (#18, start ≤ 0.5 s):
#: ``open`` skips the full command line (launch.py); the version and the store read no
#: package metadata; dialogs, the stance table and the screenshot load when first needed.
MODULES_NOT_BEFORE_FIRST_PAINT = (
    "annotator.cli",
    "annotator.io.importer",
    "annotator.io.exporting",
    "annotator.train_command",
    "annotator.engine_command",
    "annotator.teams.commands",
    "annotator.claims.commands",
    "importlib.metadata",
    "annotator.nlp.training",  # a retraining loads it when it starts (ui/retrain.py)
    "annotator.nlp.training_job",
    "annotator.nlp.project_training",
    "annotator.ui.stance_table",
    "annotator.ui.passphrase_dialog",
    "annotator.ui.language_dialog",
    "annotator.ui.screenshot",
    # the attribution rules, suggesters and their jobs load when the background work starts,
    # right after the first paint (ui/background.py, project_suggester.py, learning.py)
    "annotator.nlp.attribution",
    "annotator.nlp.suggest",
    "annotator.nlp.suggesters",
    "annotator.nlp.suggester_job",
    "annotator.nlp.language_suggesters",
    "annotator.nlp.model_suggester",
    "annotator.nlp.project_model",
    "annotator.nlp.background",
    "annotator.nlp.uncertainty",
)


def _project(tmp_path: Path) -> Path:
    db = tmp_path / "samples.db"
    with Store(db) as store:
        import_paths(store, sorted(SAMPLES.glob("*.txt")))
    return db


def _open_and_quit(db: Path, tmp_path: Path) -> tuple[dict, subprocess.CompletedProcess[str]]:
    report = tmp_path / "first-paint.json"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_ANALYST": "tester",
        "ANNOTATOR_FIRST_PAINT_REPORT": str(report),
    }
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), "open", "--quit-after", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert report.exists(), f"the window never reported its first paint: {done.stderr}"
    return json.loads(report.read_text(encoding="utf-8")), done


def test_nothing_heavy_is_imported_before_the_first_paint(tmp_path):
    report, done = _open_and_quit(_project(tmp_path), tmp_path)
    assert done.returncode == 0, done.stderr
    loaded = {name.split(".")[0] for name in report["modules"]}
    assert "PySide6" in loaded and "annotator" in loaded  # the report saw the real window
    assert sorted(loaded & set(NOT_BEFORE_FIRST_PAINT)) == []
    assert sorted(set(report["modules"]) & set(MODULES_NOT_BEFORE_FIRST_PAINT)) == []
    # launch.py put the cheap check of each later import in place of PySide's (feature_scan.py)
    assert "annotator.ui.feature_scan" in report["modules"]


def test_quitting_does_not_wait_for_a_model_still_loading(tmp_path):
    db = _project(tmp_path)
    report, done = _open_and_quit(db, tmp_path)
    assert done.returncode == 0, done.stderr
    # the window closed right after its first paint, while spaCy was still loading
    assert report["models_loading_at_exit"] >= 1
    assert "Traceback" not in done.stderr and "QThread" not in done.stderr, done.stderr
    # the project file was closed cleanly: its last connection removed the write-ahead log
    assert not Path(f"{db}-wal").exists()
    with Store(db) as again:
        assert again.count_documents() == 5  # the three sample files hold five articles
