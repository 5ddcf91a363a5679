import os
import signal
import subprocess
import sys

from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import ROOT, SAMPLES


def test_an_edit_on_screen_survives_the_app_being_killed(tmp_path):
    db = tmp_path / "p.db"
    with Store(db) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
    words = "officials were close to signing an agreement"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "ui" / "kill_driver.py"), str(db), words],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("EDITED "), proc.stderr.read() if proc.poll() is not None else line
        span_id = int(line.split()[1])
        proc.send_signal(signal.SIGKILL)  # no cleanup, no close, no checkpoint
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with Store(db) as store:
        doc_id, span = store.span(span_id)
        text = store.document(doc_id).text
        assert (span.label, text[span.start : span.end], span.annotator) == (
            "CLAIM",
            words,
            "killed",
        )


def test_twenty_kills_at_random_points_while_the_window_is_edited_by_keys_lose_nothing():
    """benchmarks/soak.py with 20 rounds: the real window, random keys, SIGKILL, then checks."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--kills", "20", "--seed", "11"],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout == "kills=20 lost_edits=0 integrity=ok\n", done.stderr[-3000:]
    figures = dict(p.split("=") for p in done.stderr.splitlines()[-1].split())
    assert int(figures["edits_reported"]) >= 20  # the window really was edited between kills
    assert done.returncode == 0
