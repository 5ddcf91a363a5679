import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

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


def test_export_dialog_asks_before_replacing_and_shows_plain_text(qtbot, annotated, tmp_path):
    target = tmp_path / "<b>out.jsonl"
    target.write_text("keep\n", encoding="utf-8")
    dialog = ExportDialog(annotated)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.path.setText(str(target))
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    dialog.start()
    assert dialog.worker is None and target.read_text(encoding="utf-8") == "keep\n"
    assert f"{target} already exists" in dialog.message.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Replace" and ok.isEnabled()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    dialog.worker.wait()
    assert len(target.read_text(encoding="utf-8").splitlines()) == 4


def test_export_dialog_names_an_unwritable_path_in_a_sentence(qtbot, annotated, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    dialog = ExportDialog(annotated)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("brat"))
    dialog.path.setText(str(blocker / "out"))
    dialog.start()
    qtbot.waitUntil(lambda: "is a file" in dialog.message.text(), timeout=30_000)
    dialog.worker.wait()
    text = dialog.message.text()
    assert str(blocker / "out") in text and "Traceback" not in text and dialog.result is None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
