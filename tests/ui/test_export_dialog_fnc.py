"""File > Export… offers FNC-1 (tracked claims as claim–article stances) by name."""

from __future__ import annotations

import csv

from annotator.ui.export_dialog import FORMAT_NAMES, ExportDialog
from tests.claims.project import BASE, build


def test_the_dialog_writes_fnc_stances_and_bodies(qtbot, store, tmp_path):
    build(store)
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    at = dialog.format.findData("fnc")
    assert dialog.format.itemText(at) == FORMAT_NAMES["fnc"]
    dialog.format.setCurrentIndex(at)
    dialog.status.setCurrentIndex(dialog.status.findText("All articles"))
    dialog.path.setText(str(tmp_path / "fnc"))
    assert dialog.target() == tmp_path / "fnc"  # a folder: no suffix added
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.worker.wait(30_000)
    with (tmp_path / "fnc" / "stances.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Headline", "Body ID", "Stance"]
    assert [BASE + " next year", "disagree"] in [[r[0], r[2]] for r in rows[1:]]
    assert (tmp_path / "fnc" / "bodies.csv").exists()
