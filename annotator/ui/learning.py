"""The model in the loop, as the window shows it: which suggester proposes, training, retraining.

Owns the status-bar label naming the active suggester, opens Tools > Train a
model…, switches the project to a freshly trained model (the open article's
proposals refresh in the background), and holds the retrain-after-K and
uncertainty-ordering helpers. The window creates one and wires a few actions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from annotator.core.changes import Changes
from annotator.ui.plain import tooltip
from annotator.ui.retrain import Retrainer
from annotator.ui.uncertainty_order import UncertaintyOrder

if TYPE_CHECKING:  # the suggesters load with the background work, after the first paint
    from annotator.nlp.suggesters import Choice
    from annotator.ui.main_window import MainWindow
    from annotator.ui.train_dialog import TrainDialog


def default_model_folder(db_path: Path, trained: str | None) -> Path:
    """Where a model is trained: the project's model folder, else ``<project>-model`` beside it."""
    from annotator.nlp.project_model import PROJECT

    if trained and trained != PROJECT:  # ``project``: the model is kept inside the project
        return Path(trained)
    return db_path.with_name(f"{db_path.stem}-model")


class ModelInTheLoop(QObject):
    """The window's training and suggester switching; created once the status bar exists."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.dialog: TrainDialog | None = None
        self.paused = False  # the window is locked (#19): nothing here reads the project
        self.suggester_label = QLabel("Proposals: loading…")
        self.suggester_label.setTextFormat(Qt.TextFormat.PlainText)  # holds a folder name
        window.statusBar().addPermanentWidget(self.suggester_label)
        window.suggester.suggester_changed.connect(self._on_suggester)
        self.retrainer = Retrainer(window.store, self.model_folder, window.say, self)
        self.retrainer.saved.connect(self._on_retrained)
        self.retrainer.progress.connect(self._on_retraining)
        self._suggester_words = "loading…"
        window.history.subscribe(self._on_command)
        self.order = UncertaintyOrder(window)
        # scores follow the model: after start-up, a switch or a retrain
        window.suggester.suggester_changed.connect(lambda _words: self.order.restart())

    def _on_command(self, _command: object, _what: str, changes: Changes) -> None:
        """An article was marked done (or undone): retrain if K more are finished."""
        if changes.status and not self.paused:
            self.retrainer.check(busy=self.dialog is not None and self.dialog.running())

    def _on_retrained(self, folder: Path) -> None:
        from annotator.nlp.project_model import PROJECT

        if self.use_model(folder, quiet=True):
            where = "the model kept inside the project" if folder == Path(PROJECT) else folder
            self._window.say(
                f"Retrained on the finished articles; proposals now come from {where}", 15_000
            )

    def _on_retraining(self, state: str) -> None:
        extra = f" · {state}" if state else ""
        self.suggester_label.setText(f"Proposals: {self._suggester_words}{extra}")

    def _on_suggester(self, words: str) -> None:
        self._suggester_words = words
        self.suggester_label.setText(f"Proposals: {words}")
        self.suggester_label.setToolTip(
            tooltip(
                f"Attribution proposals come from {words}. "
                "Tools > Train a model… trains one on the finished articles."
            )
        )

    def model_folder(self) -> Path:
        from annotator.nlp.suggesters import TRAINED_SETTING

        store = self._window.store
        return default_model_folder(store.path, store.get_setting(TRAINED_SETTING))

    def use_model(self, folder: Path, quiet: bool = False) -> bool:
        """Make a trained model the project's suggester; the open article's proposals refresh.

        With ``both`` on this folder already, both stays (the model part is the new one).
        """
        from annotator.nlp.model_suggester import ModelFolderError
        from annotator.nlp.suggesters import SUGGESTER_SETTING, parse_for_project

        window = self._window
        store = window.store
        kind = "both" if store.get_setting(SUGGESTER_SETTING) == "both" else "model"
        try:
            choice = parse_for_project(store, f"{kind}:{folder}")  # model:project: inside
        except ModelFolderError as exc:
            window.say(str(exc), 15_000)
            return False
        self.switch(choice, quiet)
        return True

    def switch(self, choice: Choice, quiet: bool = False) -> None:
        """Change the project's suggester; other suggesters' open proposals go."""
        window = self._window
        dropped = window.suggester.switch(choice, window.current_doc)
        window.article_model.reload_proposals()
        gone = f"; {dropped} open proposal(s) of the previous suggester cleared" if dropped else ""
        if not quiet:
            window.say(f"Proposals now come from {choice.text()}{gone}", 10_000)

    def add_actions(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        """Tools menu entries (``action`` is the menus' maker: key, tooltip, window-wide)."""
        window = self._window
        action(
            window,
            menu,
            "Proposals from the &rules again",
            None,
            self._rules_again,
        )
        self.order_action = action(
            window,
            menu,
            "Next article by model &uncertainty (active learning)",
            None,
            lambda: self.order.set_enabled(self.order_action.isChecked()),
        )
        self.order_action.setCheckable(True)
        self.order_action.setChecked(self.order.enabled)

    def _rules_again(self) -> None:
        from annotator.nlp.suggesters import Choice

        self.switch(Choice("rules"))

    def next_document(self) -> int | None:
        """The next article by uncertainty when that ordering is on; None: the list's next."""
        return self.order.next_document()

    def show_train_dialog(self) -> TrainDialog:
        """Tools > Train a model…: one dialog at a time, not modal (the window stays usable)."""
        from annotator.ui.train_dialog import TrainDialog

        if self.dialog is None:
            self.dialog = TrainDialog(self._window.store, self.model_folder(), self._window)
            self.dialog.use_model.connect(self.use_model)
            self.dialog.busy_elsewhere = self.retrainer.running
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def pause(self) -> None:
        """The window locks (#19): stop every worker that reads the project or holds its
        passphrase (retraining, uncertainty scoring, a training from the dialog, which then
        says it was cancelled), and let their last signals land while the store is open."""
        if self.paused:
            return
        self.paused = True
        self.retrainer.shutdown()  # stops after the current batch; due again, so resumed
        self.order.shutdown()
        if self.dialog is not None and self.dialog.running():
            self.dialog.shutdown()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    def resume(self) -> None:
        """The window unlocks: score again and retrain if due, with the passphrase back."""
        if not self.paused:
            return
        self.paused = False
        if self.order.enabled:
            self.order.restart()
        self.retrainer.check(busy=self.dialog is not None and self.dialog.running())

    def shutdown(self) -> None:
        """Stop a training still running (the previous model stays in use)."""
        self.retrainer.shutdown()
        self.order.shutdown()
        if self.dialog is not None:
            self.dialog.shutdown()
