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
    assert dialog.worker.wait(30_000)  # a deadline: a hung export fails here


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
    assert dialog.worker.wait(30_000)  # a deadline: a hung export fails here
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
    assert dialog.worker.wait(30_000)  # a deadline: a hung export fails here
    text = dialog.message.text()
    assert str(blocker / "out") in text and "Traceback" not in text and dialog.result is None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def _files(folder):
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def _dialog_export(qtbot, store, fmt, target, *, status, analyst, split=0.0):
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.status.setCurrentIndex(dialog.status.findData(status))
    dialog.analyst.setCurrentIndex(dialog.analyst.findData(analyst))
    dialog.split.setValue(split)
    dialog.path.setText(str(target))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert dialog.worker.wait(30_000)  # a deadline: a hung export fails here
    return dialog


def test_the_dialog_and_the_command_line_write_the_same_bytes(qtbot, annotated, tmp_path):
    """Both run one export: the same options give byte-identical files."""
    from annotator.cli import main
    from annotator.core.model import Span

    first, *_, cafe = annotated.document_ids()
    annotated.add_span(first, Span("SOURCE", 0, 7, annotator="bo"))  # bo's layer: left out
    annotated.set_status(first, "done", "ana")
    annotated.set_status(cafe, "done", "ana")
    annotated.set_status(cafe, "in progress", "bo")  # ana's own status counts, not the last
    db = str(annotated.path)
    cases = [("jsonl", 0.0), ("csv", 0.0), ("conll", 0.0), ("brat", 0.0), ("spacy", 0.5)]
    for fmt, split in cases:
        gui, cli = tmp_path / f"gui-{fmt}", tmp_path / f"cli-{fmt}"
        gui.mkdir()
        cli.mkdir()
        dialog = _dialog_export(
            qtbot, annotated, fmt, gui / "out", status="done", analyst="ana", split=split
        )
        name = dialog.target().name
        args = ["--db", db, "export", "--format", fmt, "--out", str(cli / name)]
        args += ["--annotator", "ana"] + (["--split", str(split)] if split else [])
        assert main(args) == 0
        assert sum(dialog.result.values()) == 2, fmt
        gui_files, cli_files = _files(gui), _files(cli)
        assert gui_files and gui_files == cli_files, fmt
