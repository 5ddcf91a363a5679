import json

from annotator.ui.export_dialog import ExportDialog


def test_export_dialog_writes_in_the_background(qtbot, annotated, tmp_path):
    dialog = ExportDialog(annotated)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(tmp_path / "out"))
    assert dialog.target() == tmp_path / "out.jsonl"
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.result == {str(tmp_path / "out.jsonl"): 4}
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and json.loads(lines[-1])["relations"]
    assert "Wrote 4 article(s)" in dialog.message.text()
    dialog.worker.wait()
