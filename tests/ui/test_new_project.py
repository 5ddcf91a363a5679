"""File > New project… (#19): a plain or an encrypted project, made from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Store, StoreError
from annotator.store.encryption import PLAIN_HEADER
from annotator.ui import new_project
from annotator.ui.new_project import NewProjectDialog
from tests.nlp.test_training import _project
from tests.ui.windows import open_window

KEY = "correct horse battery staple"
DEADLINE_MS = 30_000


def _file_action(window, text: str):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    file_menu = window.menuBar().actions()[titles.index("File")].menu()
    (action,) = [a for a in file_menu.actions() if a.text().replace("&", "") == text]
    return action


def _new_window(before: int):
    return new_project._OPEN[before] if len(new_project._OPEN) > before else None


def test_file_new_project_creates_a_plain_project_and_opens_a_window_on_it(qtbot, tmp_path):
    store = Store(_project(tmp_path / "p.db"))
    window = open_window(qtbot, store)
    before = len(new_project._OPEN)
    _file_action(window, "New project…").trigger()
    dialog = window.findChild(NewProjectDialog)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.passphrase.isEnabled()  # asked for only when encrypting
    target = tmp_path / "fresh.db"
    dialog.path.setText(str(target))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _new_window(before) is not None, timeout=DEADLINE_MS)
    fresh = _new_window(before)
    assert fresh.store.path == target and not fresh.store.encrypted
    assert target.read_bytes()[:16] == PLAIN_HEADER
    assert fresh.windowTitle() != window.windowTitle()
    fresh.close()
    qtbot.waitUntil(lambda: len(new_project._OPEN) == before, timeout=DEADLINE_MS)
    window.close()
    store.close()


def test_an_encrypted_new_project_says_each_problem_then_opens_with_its_passphrase(qtbot, tmp_path):
    target = tmp_path / "secret.db"
    dialog = NewProjectDialog(None, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    created = []
    dialog.created.connect(created.append)
    dialog.path.setText("")
    dialog.create()
    assert "Choose where to save" in dialog.problem.text()
    (tmp_path / "taken.db").write_bytes(b"x")
    dialog.path.setText(str(tmp_path / "taken.db"))
    dialog.create()
    assert "already exists" in dialog.problem.text()
    dialog.path.setText(str(target))
    dialog.encrypt.setChecked(True)
    assert dialog.passphrase.isEnabled() and dialog.again.isEnabled()
    dialog.create()
    assert "Type a passphrase" in dialog.problem.text() and not target.exists()
    dialog.passphrase.setText(KEY)
    dialog.again.setText(KEY + "!")
    dialog.create()
    assert "differ" in dialog.problem.text() and not target.exists()
    assert dialog.passphrase.text() == "" and dialog.again.text() == ""  # not kept in the fields
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
    dialog.passphrase.setText(KEY)
    dialog.again.setText(KEY)
    dialog.grab().save(str(tmp_path / "new-project.png"))
    dialog.create()
    assert len(created) == 1 and not dialog.isVisible()
    store = created[0]
    assert store.encrypted and store.path == target
    store.close()
    data = target.read_bytes()
    assert b"SQLite format 3" not in data[:100] and data[:16] != PLAIN_HEADER
    with Store(target, create=False, passphrase=KEY) as again:
        assert again.count_documents() == 0
    try:
        Store(target, create=False, passphrase="wrong").close()
    except StoreError as exc:
        assert "passphrase is wrong" in str(exc)
    else:
        raise AssertionError("a wrong passphrase opened the new project")
