"""File > Lock now (#19): the same lock as the idle one, on a key, and the model in the loop
(retraining, uncertainty scoring, a training) paused while locked."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import ParsedDocument
from annotator.store.locking import is_suspended
from tests.ui.test_idle_lock import KEY, TEXT, TITLE, WORD, _shown_words, secret  # noqa: F401
from tests.ui.windows import open_window


def _lock_action(window):  # type: ignore[no-untyped-def]
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return next(a for a in file_menu.actions() if a.text() == "&Lock now")


def test_lock_now_on_its_key_locks_an_encrypted_project_at_once(qtbot, secret):  # noqa: F811  # type: ignore[no-untyped-def]
    window = open_window(qtbot, secret)
    window.open_document(1)
    action = _lock_action(window)
    assert action.shortcut().toString() == "Ctrl+Shift+L"
    qtbot.keyClick(window.article, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    lock = window.idle_lock
    assert lock.locked and is_suspended(secret)
    assert WORD not in _shown_words() and TITLE not in _shown_words()
    assert "minute" not in lock.screen.say.text()  # locked by hand, not after idle minutes
    assert window.learning.paused
    lock.screen.form.field.setText(KEY)
    lock.screen.form.submit()
    assert not lock.locked and not window.learning.paused and window.current_doc == 1


def test_lock_now_on_a_plain_project_stays_unlocked_after_unlock(qtbot, store):  # type: ignore[no-untyped-def]
    store.add_documents([ParsedDocument(TEXT, title=TITLE)])
    window = open_window(qtbot, store)
    lock = window.idle_lock
    assert lock.minutes == 0 and not lock.timer.isActive()
    _lock_action(window).trigger()
    assert lock.locked and WORD not in _shown_words()
    lock.screen.unlock_button.click()
    assert not lock.locked
    assert not lock.timer.isActive()  # never-lock stays never: no idle timer of 0 ms
    qtbot.wait(50)  # an event loop turn: a 0 ms timer would have locked again
    assert not lock.locked


def test_the_model_in_the_loop_pauses_and_picks_up_again(qtbot, secret):  # noqa: F811  # type: ignore[no-untyped-def]
    window = open_window(qtbot, secret)
    learning = window.learning
    learning.order.enabled = True  # the scorer was on: it starts again after the unlock
    window.idle_lock.lock()
    assert learning.paused and learning.order.worker is None
    assert not learning.retrainer.running()
    window.statusBar().clearMessage()
    window.idle_lock.screen.form.field.setText(KEY)
    window.idle_lock.screen.form.submit()
    assert not learning.paused
    # the scorer was asked to start again (this project has no trained model, so it says so)
    assert "needs a trained model" in window.statusBar().currentMessage()
