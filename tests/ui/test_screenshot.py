"""``annotator open --screenshot``: a PNG of exactly the size asked for, in its own interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from annotator.io.importer import import_paths
from annotator.store import Store
from annotator.ui.main_window import default_size
from tests.conftest import SAMPLES
from tests.ui.test_first_use import long_article


def run_open(db, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", "open", "--db", str(db), "--analyst", "ana", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        doc = long_article(store)
    return path, doc


@pytest.mark.parametrize(("size", "view"), [("1280x800", "article"), ("1366x768", "who-says-what")])
def test_screenshot_is_exactly_the_size_asked_for(project, tmp_path, size, view):
    db, doc = project
    out = tmp_path / "shots" / f"{view}.png"
    # no spaCy pipeline here: the stored 17 entity types are shown, and nothing is waited for
    done = run_open(
        db,
        "--screenshot",
        str(out),
        "--size",
        size,
        "--doc",
        str(doc),
        "--view",
        view,
        "--model",
        str(tmp_path / "no-such-model"),
    )
    assert done.returncode == 0, done.stderr
    assert "cut" not in done.stderr
    image = QImage(str(out))
    width, height = (int(n) for n in size.split("x"))
    assert (image.width(), image.height()) == (width, height)


def test_screenshot_options_that_cannot_work_are_one_sentence(project, tmp_path):
    db, _doc = project
    bad = run_open(db, "--screenshot", str(tmp_path / "x.png"), "--size", "huge")
    assert bad.returncode == 2 and "--size 'huge': give WIDTHxHEIGHT" in bad.stderr
    missing = run_open(db, "--screenshot", str(tmp_path / "x.png"), "--doc", "999")
    assert missing.returncode == 2 and "has no document 999" in missing.stderr
    assert "Traceback" not in bad.stderr + missing.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_default_window_fits_a_1366_by_768_laptop():
    from PySide6.QtCore import QSize

    size = default_size(QSize(1366, 728))  # a 1366×768 screen less its task bar
    assert size.width() <= 1366 and size.height() <= 728
    assert default_size(QSize(2560, 1400)) == QSize(1400, 820)
