"""The window asks for an encrypted project's passphrase (#19): masked, again when wrong."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from annotator.io.importer import import_paths
from annotator.store import Store
from annotator.store.encryption import is_encrypted
from annotator.ui.passphrase_dialog import PassphraseDialog, open_encrypted
from tests.conftest import SAMPLES

KEY = "correct horse battery staple"


def _encrypted(tmp_path):
    path = tmp_path / "secret<b>.db"  # a name that would be markup if shown as rich text
    with Store(path, passphrase=KEY) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
    return path


def _opener(path, opened, create=False):
    def attempt(passphrase: str) -> None:
        opened.append(Store(path, create=create, passphrase=passphrase))

    return attempt


def test_a_wrong_passphrase_says_so_and_asks_again_then_the_right_one_opens(qtbot, tmp_path):
    path = _encrypted(tmp_path)
    opened: list[Store] = []
    dialog = PassphraseDialog(path, _opener(path, opened))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.form.field.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.form.prompt.textFormat() == Qt.TextFormat.PlainText
    assert str(path) in dialog.form.prompt.text()
    qtbot.keyClicks(dialog.form.field, "not it")
    dialog.form.submit()
    assert "wrong" in dialog.form.problem.text()
    assert dialog.form.field.text() == ""  # not kept in the field
    assert dialog.isVisible() and dialog.result() == 0 and opened == []
    qtbot.keyClicks(dialog.form.field, KEY)
    dialog.form.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.form.field.text() == ""
    assert opened[0].count_documents() == 3
    opened[0].close()


def test_a_new_project_asks_twice_and_is_created_encrypted(qtbot, tmp_path):
    path = tmp_path / "new.db"
    opened: list[Store] = []
    dialog = PassphraseDialog(path, _opener(path, opened, create=True), new=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.field, KEY)
    qtbot.keyClicks(dialog.form.again, KEY + "x")
    dialog.form.submit()
    assert "differ" in dialog.form.problem.text() and not path.exists()
    qtbot.keyClicks(dialog.form.field, KEY)
    qtbot.keyClicks(dialog.form.again, KEY)
    dialog.form.submit()
    assert dialog.result() == dialog.DialogCode.Accepted
    opened[0].close()
    assert is_encrypted(path)


def _answer(action):
    """Once the modal dialog is up, do ``action`` to it (deadline: the test's own timeout)."""

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PassphraseDialog):
            action(dialog)
        else:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def test_cancel_opens_nothing_and_says_one_sentence(qtbot, tmp_path, capsys):
    from annotator.ui.app import run_app

    path = _encrypted(tmp_path)
    _answer(lambda d: d.reject())
    assert run_app(path, encrypted=True) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "not opened" in err[0] and str(path) in err[0]


def test_open_encrypted_returns_the_store_the_dialog_opened(qtbot, tmp_path):
    path = _encrypted(tmp_path)

    def type_it(dialog):
        dialog.form.field.setText(KEY)
        dialog.form.submit()

    _answer(type_it)
    store = open_encrypted(path, create=False, passphrase=None)
    assert store is not None and store.encrypted and store.count_documents() == 3
    store.close()


def test_the_background_reader_opens_an_encrypted_project(tmp_path):
    from annotator.core.jobs import JobContext
    from annotator.nlp.background import EntityBatch, ModelMissing, entity_job

    path = _encrypted(tmp_path)
    ctx = JobContext()
    found: dict[int, object] = {}
    for item in entity_job(path, None, ctx, passphrase=KEY):
        if isinstance(item, ModelMissing):
            pytest.skip(f"no spaCy pipeline here: {item.message}")
        if isinstance(item, EntityBatch):
            found.update(item.results)
            if item.done >= item.total:
                ctx.cancel()
    assert sorted(found) == [1, 2, 3]


def test_a_wrong_passphrase_from_the_environment_is_a_box_and_one_sentence(qtbot, tmp_path, capsys):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.app import run_app

    path = _encrypted(tmp_path)
    shown: list[str] = []

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(10, close_box)

    QTimer.singleShot(0, close_box)
    assert run_app(path, encrypted=True, passphrase="not it") == 2
    assert shown == [f"{path} is encrypted and the passphrase is wrong"]
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"annotator: {path} is encrypted and the passphrase is wrong"]


def test_open_on_an_encrypted_project_with_the_passphrase_in_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    from annotator.store.encryption import PASSPHRASE_ENV
    from tests.conftest import ROOT

    path = _encrypted(tmp_path)
    env = {
        **os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_ANALYST": "ana",
        PASSPHRASE_ENV: KEY,
    }  # fmt: skip
    run = [sys.executable, "-m", "annotator", "--db", str(path), "open", "--quit-after", "1"]
    done = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
