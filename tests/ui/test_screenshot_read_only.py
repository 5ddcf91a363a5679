"""``open --screenshot`` into a folder that cannot be written: the real reason, no trace."""

from __future__ import annotations

from annotator.io.importer import import_paths
from annotator.store import Store
from tests.conftest import SAMPLES
from tests.read_only_share import read_only_share
from tests.ui.test_screenshot import run_open


def test_a_screenshot_into_a_read_only_folder_says_why(tmp_path):
    db = tmp_path / "p.db"
    with Store(db) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
    with read_only_share(tmp_path) as share:
        share.freeze()
        for out in (share.folder / "s.png", share.folder / "sub" / "s.png"):
            done = run_open(db, "--screenshot", str(out), "--model", str(tmp_path / "none"))
            assert done.returncode == 1, done.stderr
            assert "Traceback" not in done.stderr, done.stderr
            assert f"annotator: cannot write {out}: " in done.stderr, done.stderr
            assert "read-only file system" in done.stderr or "permission denied" in done.stderr
            assert "check the folder exists" not in done.stderr
            assert not out.exists()
