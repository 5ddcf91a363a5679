"""Tools > Train a model… and background retraining on an encrypted project (#19).

The model is kept inside the project (encrypted with it); no plain folder is written
unless the analyst unticks that, and then the dialog says the folder is plain.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core.model import Status
from annotator.nlp.retraining import LAST_DONE_SETTING
from annotator.nlp.training import TrainSettings
from annotator.store import Store
from annotator.store.trained_models import ATTRIBUTION, load_model
from tests.nlp.test_training import FAST, _labelled_paragraphs
from tests.nlp.test_training_encrypted import KEY, _leaks
from tests.ui.windows import open_window

DEADLINE_MS = 120_000
RUN = "trained:project:attribution"


def _encrypted(path: Path) -> Store:
    store = Store(path, passphrase=KEY)
    store.add_documents(_labelled_paragraphs())
    return store


def test_the_train_dialog_keeps_the_model_inside_an_encrypted_project(qtbot, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    store = _encrypted(tmp_path / "secret.db")
    window = open_window(qtbot, store)
    dialog = window.learning.show_train_dialog()
    assert dialog.inside.isChecked() and not dialog.folder.isEnabled()
    assert dialog.plain_warning.isHidden()
    dialog.defaults = TrainSettings(epochs=3, **FAST)
    dialog.max_epochs.setValue(3)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=DEADLINE_MS)
    assert "inside the project" in dialog.message.text()
    stored = load_model(store, ATTRIBUTION)
    assert stored is not None and stored.model
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert store.get_setting("nlp.suggester") == "model"
    assert store.get_setting("nlp.trained_model") == "project"
    doc = window.current_doc
    qtbot.waitUntil(
        lambda: store.has_attribution_run(doc, RUN, stored.version), timeout=DEADLINE_MS
    )
    assert "the model kept inside the project" in dialog.message.text()
    # a plain folder only on purpose, with the warning in view
    dialog.inside.setChecked(False)
    assert dialog.folder.isEnabled() and not dialog.plain_warning.isHidden()
    assert "not encrypted" in dialog.plain_warning.text()
    dialog.grab().save(str(tmp_path / "train-dialog.png"))
    window.close()
    store.close()
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == []  # no model folder
    assert _leaks(tmp_path) == {}, "an article word reached a plain file"


def test_background_retraining_keeps_the_model_inside_an_encrypted_project(
    qtbot, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    store = _encrypted(tmp_path / "secret.db")
    store.set_setting("training.retrain_after", "1")
    first = store.document_ids()[0]
    store.set_status(first, "new")
    store.set_setting(LAST_DONE_SETTING, "4")
    window = open_window(qtbot, store)
    retrainer = window.learning.retrainer
    retrainer.defaults = TrainSettings(epochs=2, **FAST)
    window.open_document(first)
    window.mark_and_next(Status.DONE)
    assert retrainer.running()
    qtbot.waitUntil(lambda: store.get_setting("nlp.suggester") == "model", timeout=DEADLINE_MS)
    assert store.get_setting("nlp.trained_model") == "project"
    stored = load_model(store, ATTRIBUTION)
    assert stored is not None and stored.provenance["documents"] == 5
    qtbot.waitUntil(
        lambda: "the model kept inside the project" in window.statusBar().currentMessage(),
        timeout=DEADLINE_MS,
    )
    window.close()
    store.close()
    assert not (tmp_path / "secret-model").exists()
    assert _leaks(tmp_path) == {}, "an article word reached a plain file"
