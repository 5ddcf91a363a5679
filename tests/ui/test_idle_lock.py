"""The idle lock (#19): nothing of the article on screen while locked, the key let go, and
unlocking comes back to the same article, caret and selection. The idle timer is fired by
the test (no waiting)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from annotator.cli import main
from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.locking import is_suspended
from annotator.ui.idle_lock import LOCK_SETTING, lock_minutes
from tests.ui.windows import open_window

KEY = "correct horse battery staple"
TITLE = "Quaysidexyl ferry dispute"
WORD = "Zanzibarquay"
TEXT = (
    f"{TITLE}\n\nThe {WORD} harbour master said on Tuesday that the ferries would not sail. "
    "Officials denied it. " * 3
)


def _texts(widget: QWidget) -> list[str]:
    """Every string a visible widget shows (its title, text, items, tabs, tooltip)."""
    out = [widget.windowTitle(), widget.toolTip()]
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        out.append(widget.text())
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        out.append(widget.toPlainText())
    if isinstance(widget, QTabBar):
        out += [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        for row in range(min(model.rowCount(), 200)):
            for col in range(model.columnCount()):
                out.append(str(model.data(model.index(row, col)) or ""))
    return out


def _shown_words() -> str:
    return "\n".join(text for w in QApplication.allWidgets() if w.isVisible() for text in _texts(w))


@pytest.fixture
def secret(tmp_path):
    with Store(tmp_path / "secret.db", passphrase=KEY) as store:
        store.add_documents([ParsedDocument(TEXT, title=TITLE)])
        store.add_documents([ParsedDocument("Another article, about weather.", title="Rain")])
    store = Store(tmp_path / "secret.db", passphrase=KEY)
    yield store
    store.close()


def test_locked_shows_no_article_word_and_unlock_comes_back_to_the_caret(qtbot, secret):
    window = open_window(qtbot, secret)
    window.open_document(1)
    start = TEXT.index(WORD)
    window.article.select_range(start, start + len(WORD))
    before = window.article.textCursor()
    assert WORD in _shown_words() and TITLE in _shown_words()  # the walk sees what is shown
    lock = window.idle_lock
    assert lock.minutes == 10  # the default for an encrypted project
    lock.timer.timeout.emit()  # the analyst left: no waiting in the test
    assert lock.locked
    shown = _shown_words()
    assert WORD not in shown and TITLE not in shown and "harbour" not in shown
    assert is_suspended(secret)  # the connection closed and the passphrase forgotten
    assert not window.undo_action.isEnabled() and not window.menuBar().isVisible()
    lock.screen.form.field.setText("wrong")
    lock.screen.form.submit()
    assert lock.locked and "wrong" in lock.screen.form.problem.text()
    assert WORD not in _shown_words()
    lock.screen.form.field.setText(KEY)
    lock.screen.form.submit()
    assert not lock.locked and not is_suspended(secret)
    assert window.current_doc == 1
    after = window.article.textCursor()
    assert (after.anchor(), after.position()) == (before.anchor(), before.position())
    assert window.article.selection(raw=True) == (start, start + len(WORD))
    assert WORD in _shown_words()
    assert secret.count_documents() == 2  # the store reads again
    assert lock.timer.isActive()  # and counts idle time again


def test_undo_history_survives_a_lock(qtbot, secret):
    from annotator.core.commands import SetStatus
    from annotator.core.model import Status

    window = open_window(qtbot, secret)
    window.open_document(1)
    window.history.push(SetStatus(1, Status.DONE, window.analyst))
    window.idle_lock.lock()
    assert not window.undo_action.isEnabled()
    window.idle_lock.screen.form.field.setText(KEY)
    window.idle_lock.screen.form.submit()
    assert window.undo_action.isEnabled()
    window.undo()
    assert secret.status(1, window.analyst) != Status.DONE


def test_a_plain_project_is_not_locked_unless_asked(qtbot, store, capsys):
    store.add_documents([ParsedDocument(TEXT, title=TITLE)])
    assert lock_minutes(store) == 0
    assert main(["--db", str(store.path), "config", "lock-after", "3"]) == 0
    assert capsys.readouterr().out.strip() == "lock-after = 3 minute(s)"
    assert store.get_setting(LOCK_SETTING) == "3"
    window = open_window(qtbot, store)
    assert window.idle_lock.minutes == 3 and window.idle_lock.timer.interval() == 180_000
    window.idle_lock.timer.timeout.emit()
    assert WORD not in _shown_words() and not is_suspended(store)  # nothing to let go of
    window.idle_lock.screen.unlock_button.click()
    assert not window.idle_lock.locked and WORD in _shown_words()
    assert main(["--db", str(store.path), "config", "lock-after", "soon"]) == 2
    assert "whole number of minutes" in capsys.readouterr().err
