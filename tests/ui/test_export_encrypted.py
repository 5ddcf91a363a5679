"""File > Export on an encrypted project (#19): the plain-text notice, the export opens the
project with its passphrase, and "Encrypt the export" writes an age archive only."""

from __future__ import annotations

from annotator.core.model import Status
from annotator.io import age
from annotator.io.importer import import_paths
from annotator.store import Store
from annotator.ui.export_dialog import ExportDialog
from tests.conftest import SAMPLES

KEY = "correct horse battery staple"


def _encrypted(tmp_path) -> Store:  # type: ignore[no-untyped-def]
    store = Store(tmp_path / "secret.db", passphrase=KEY)
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    for doc_id in store.document_ids():
        store.set_status(doc_id, Status.DONE)
    return store


def test_plain_export_of_an_encrypted_project_says_so_and_works(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    store = _encrypted(tmp_path)
    try:
        dialog = ExportDialog(store)
        qtbot.addWidget(dialog)
        assert dialog.archive is not None and dialog.archive.isVisibleTo(dialog)
        assert "plain text: anyone with the file can read it" in dialog.archive.notice.text()
        dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
        dialog.path.setText(str(tmp_path / "out"))
        dialog.start()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
        assert dialog.worker.wait(30_000)
        assert b"harbour" in (tmp_path / "out.jsonl").read_bytes()
    finally:
        store.close()


def test_encrypted_export_from_the_dialog_writes_only_the_archive(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    store = _encrypted(tmp_path)
    try:
        dialog = ExportDialog(store)
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
        outdir = tmp_path / "out"
        outdir.mkdir()
        dialog.path.setText(str(outdir / "team"))
        dialog.archive.encrypt.setChecked(True)
        dialog.archive.passphrase.setText("for the desk")
        dialog.archive.again.setText("for the dusk")
        dialog.start()
        assert dialog.worker is None and "differ" in dialog.message.text()
        dialog.archive.again.setText("for the desk")
        dialog.start()
        qtbot.waitUntil(
            lambda: dialog.result is not None or "failed" in dialog.message.text(), timeout=60_000
        )
        assert dialog.result is not None, dialog.message.text()
        assert dialog.worker.wait(30_000)
        archive = outdir / "team.jsonl.age"
        assert [p.name for p in outdir.iterdir()] == ["team.jsonl.age"]
        assert (
            "Wrote 3 article(s)" in dialog.message.text()
            and "team.jsonl.age" in dialog.message.text()
        )
        assert b"harbour" not in archive.read_bytes()
        assert b"harbour" in age.decrypt(archive.read_bytes(), passphrase="for the desk")
        dialog.grab().save(str(tmp_path / "dialog.png"))
    finally:
        store.close()


def test_a_plain_project_shows_no_notice(qtbot, store):  # type: ignore[no-untyped-def]
    dialog = ExportDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.archive is None
