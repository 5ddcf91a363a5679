"""The workbench's proposals come from the project's suggester; a model can be trained in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.nlp.model_suggester import read_provenance
from annotator.nlp.suggesters import Choice, parse_choice, save_choice
from annotator.nlp.training import TrainSettings, train
from annotator.nlp.training_data import collect
from annotator.store import Store
from annotator.ui.main_window import MainWindow
from tests.nlp.test_training import FAST, _project

DEADLINE_MS = 120_000


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small model trained on the labelled sample paragraphs (seconds)."""
    root = tmp_path_factory.mktemp("loop")
    db = _project(root / "train.db")
    with Store(db) as store:
        docs = collect(store)
    train(docs, root / "model", TrainSettings(epochs=20, **FAST))
    return root / "model"


def _window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store, analyst="ana")
    qtbot.addWidget(window)
    window.show()
    return window


def _models(window: MainWindow) -> set[str]:
    return {p.model for p in window.article_model.proposals()}


def test_the_window_proposes_with_the_project_suggester_and_switching_clears_the_old(
    qtbot, tmp_path, model
):
    store = Store(_project(tmp_path / "p.db"))
    save_choice(store, parse_choice(f"model:{model}"))
    window = _window(qtbot, store)
    qtbot.waitUntil(lambda: _models(window) == {"trained:model"}, timeout=DEADLINE_MS)
    doc = window.current_doc
    assert doc is not None
    version = read_provenance(model)["version"]
    assert {p.model_version for p in window.article_model.proposals()} == {version}
    label = window.learning.suggester_label
    assert label.text().startswith("Proposals: model") and "trained:model" in label.text()

    window.learning.switch(Choice("rules"))
    qtbot.waitUntil(lambda: label.text().startswith("Proposals: rules"), timeout=DEADLINE_MS)
    qtbot.waitUntil(lambda: bool(_models(window)), timeout=DEADLINE_MS)
    rules_name = window.suggester.runs[0].name
    assert _models(window) == {rules_name}
    # the model's open proposals are gone from the store, not only from the window
    assert {p.model for p in store.attribution_suggestions(doc)} == {rules_name}

    window.learning.switch(Choice("both", model))
    qtbot.waitUntil(lambda: "trained:model" in _models(window), timeout=DEADLINE_MS)
    assert _models(window) <= {"trained:model", rules_name}
    window.close()
    store.close()


def _train_dialog(qtbot, window: MainWindow, folder: Path):
    dialog = window.learning.show_train_dialog()
    dialog.defaults = TrainSettings(epochs=3, **FAST)
    dialog.max_epochs.setValue(3)
    dialog.folder.setText(str(folder))
    return dialog


def test_tools_train_trains_in_the_background_charts_f1_and_uses_the_model(qtbot, tmp_path):
    from tests.ui.windows import open_window

    store = Store(_project(tmp_path / "p.db"))
    window = open_window(qtbot, store)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    tools = window.menuBar().actions()[titles.index("Tools")].menu()
    assert "&Train a model…" in [a.text() for a in tools.actions()]
    dialog = _train_dialog(qtbot, window, tmp_path / "model")
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert dialog.running() and not dialog.train_button.isEnabled()
    qtbot.waitUntil(dialog.use_button.isEnabled, timeout=DEADLINE_MS)
    assert [e.epoch for e in dialog.epochs] == [1, 2, 3]
    assert len(dialog.plot.listDataItems()) == 3  # SOURCE, CUE and CLAIM lines
    assert "Saved epoch" in dialog.message.text()
    version = read_provenance(tmp_path / "model")["version"]
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert store.get_setting("nlp.suggester") == "model"
    doc = window.current_doc
    # the open article's proposals are refreshed from the new model in the background
    qtbot.waitUntil(
        lambda: store.has_attribution_run(doc, "trained:model", version), timeout=DEADLINE_MS
    )
    assert window.learning.suggester_label.text().startswith("Proposals: model")
    assert _models(window) <= {"trained:model"}
    window.close()
    store.close()


def test_cancelling_a_training_keeps_the_previous_model(qtbot, tmp_path, model):
    import shutil

    from tests.ui.windows import open_window

    store = Store(_project(tmp_path / "p.db"))
    folder = tmp_path / "model"
    shutil.copytree(model, folder)
    before = read_provenance(folder)["version"]
    window = open_window(qtbot, store)
    dialog = _train_dialog(qtbot, window, folder)
    dialog.max_epochs.setValue(200)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=DEADLINE_MS)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=DEADLINE_MS)
    assert "cancelled" in dialog.message.text() and not dialog.use_button.isEnabled()
    assert dialog.train_button.isEnabled()
    assert read_provenance(folder)["version"] == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    window.close()
    store.close()


def test_the_workbench_retrains_after_k_more_finished_articles(qtbot, tmp_path, capsys):
    from annotator.cli import main
    from annotator.core.model import Status
    from annotator.nlp.retraining import LAST_DONE_SETTING
    from tests.ui.windows import open_window

    db = _project(tmp_path / "p.db")
    assert main(["--db", str(db), "config", "retrain-after", "2"]) == 0
    assert main(["--db", str(db), "config", "retrain-after", "often"]) == 2
    assert "number of finished articles" in capsys.readouterr().err
    store = Store(db)
    first, second, *_ = store.document_ids()
    for doc in (first, second):
        store.set_status(doc, "new")
    store.set_setting(LAST_DONE_SETTING, "3")  # as if trained when three were done
    window = open_window(qtbot, store)
    retrainer = window.learning.retrainer
    retrainer.defaults = TrainSettings(epochs=2, **FAST)
    states: list[str] = []
    retrainer.progress.connect(states.append)
    window.open_document(first)
    window.mark_and_next(Status.DONE)
    assert not retrainer.running()  # one more finished: not yet
    window.open_document(second)
    window.mark_and_next(Status.DONE)
    assert retrainer.running()  # two more: retraining in the background, the window goes on
    assert "Retraining the model in the background" in window.statusBar().currentMessage()
    window.go(-1)
    qtbot.waitUntil(lambda: store.get_setting("nlp.suggester") == "model", timeout=DEADLINE_MS)
    assert store.get_setting(LAST_DONE_SETTING) == "5"
    assert states[:2] == ["retraining, epoch 1 done", "retraining, epoch 2 done"]
    assert read_provenance(tmp_path / "p-model")["documents"] == 5
    qtbot.waitUntil(
        lambda: window.learning.suggester_label.text().startswith("Proposals: model"),
        timeout=DEADLINE_MS,
    )
    window.close()
    store.close()


def test_next_article_by_uncertainty_opens_the_least_sure_open_article(qtbot, tmp_path, model):
    from annotator.core.model import Status
    from annotator.ui.uncertainty_order import ORDER_SETTING
    from tests.ui.windows import open_window

    store = Store(_project(tmp_path / "p.db"))
    save_choice(store, parse_choice(f"model:{model}"))
    ids = store.document_ids()
    for doc in ids:
        store.set_status(doc, "new", "ana")
    window = open_window(qtbot, store)
    order = window.learning.order
    assert not order.enabled and not window.learning.order_action.isChecked()
    window.learning.order_action.trigger()
    assert order.enabled and store.get_setting(ORDER_SETTING) == "1"
    qtbot.waitUntil(lambda: len(order.scores) == len(ids), timeout=DEADLINE_MS)
    ranked = sorted(ids, key=lambda d: (-order.scores[d], d))
    assert len(set(order.scores.values())) > 1, "the articles differ in uncertainty"
    window.open_document(ids[-1] if ranked[0] != ids[-1] else ids[0])
    start = window.current_doc
    window.go(+1)
    assert window.current_doc == next(d for d in ranked if d != start)
    first = window.current_doc
    window.mark_and_next(Status.DONE)  # done ones are not chosen again
    assert window.current_doc == next(d for d in ranked if d not in (first,))
    window.learning.order_action.trigger()  # off: the list order again
    row = window.documents.row_of(window.current_doc)
    window.go(+1)
    assert row is not None and window.documents.row_of(window.current_doc) in (row + 1, row)
    window.close()
    store.close()
