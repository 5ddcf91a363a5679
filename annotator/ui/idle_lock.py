"""Locked when left alone: after N minutes without input the window shows a lock screen.

What locking does, in order: the field being typed in loses focus (so its edit is
committed, as every edit is durable when it returns); the open article's position
(document, caret, selection, scroll) is kept; the article, the document list and
the panel (the central widget and every dock) are taken out of the window, the
menus, status bar and other windows hidden, every action disabled (no shortcut
works behind the lock) and the title no longer names the article; the background
readers stop; for an encrypted project the connection is closed and the passphrase
forgotten (``annotator.store.locking``), so the file cannot be read again without it.

Unlocking reopens the file with the passphrase and puts everything back where it
was. The undo history is kept: its commands hold ids, offsets, labels and the
attribute values set this session, not article text. What stays in the process's
memory while locked: the article on screen and the list's cached titles (Python
cannot wipe freed strings either); the lock guards the screen and the file, not
memory against someone who can attach a debugger as the logged-in user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.lock_setting import LOCK_SETTING, minutes_from
from annotator.store import Store, locking

if TYPE_CHECKING:  # the form loads when an encrypted project locks, not at start-up
    from annotator.ui.passphrase_dialog import PassphraseForm

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


def lock_minutes(store: Store) -> int:
    """The project's idle minutes before locking: its setting, else the default for its kind."""
    return minutes_from(store.get_setting(LOCK_SETTING), store.encrypted)


@dataclass(slots=True)
class _Position:
    """Where the analyst was: the article, the text cursor (view units) and the scroll."""

    doc_id: int | None
    anchor: int
    cursor: int
    scroll: int
    span_id: int | None


class LockScreen(QWidget):
    """What the window shows while locked: the file's name and the passphrase field."""

    def __init__(self, store: Store, minutes: int, parent: QWidget | None = None) -> None:
        """``minutes``: idle minutes before it locked; 0 when locked by hand (File > Lock now)."""
        super().__init__(parent)
        self.form: PassphraseForm | None = None
        self.say = say = QLabel(
            (f"Locked after {minutes} minute(s) without input. " if minutes else "Locked. ")
            + (
                "Type the passphrase to go on where you were."
                if store.encrypted
                else "Unlock to go on where you were."
            )
        )
        say.setTextFormat(Qt.TextFormat.PlainText)
        say.setWordWrap(True)
        box = QWidget()
        box.setFixedWidth(520)
        inner = QVBoxLayout(box)
        inner.addWidget(say)
        if store.encrypted:
            from annotator.ui.passphrase_dialog import PassphraseForm

            self.form = PassphraseForm(store.path, lambda p: locking.resume(store, p))
            inner.addWidget(self.form)
        self.unlock_button = QPushButton("Unlock")
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        box.setMinimumHeight(box.sizeHint().height())
        outer.addStretch(2)


class IdleLock(QObject):
    """Watches the application's input; locks ``window`` after ``minutes`` without any.

    ``interval_ms`` overrides the minutes (tests fire ``timer.timeout`` instead of waiting).
    """

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, minutes: int, interval_ms: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.minutes = minutes
        self.locked = False
        self.screen: LockScreen | None = None
        self.timer = QTimer(self, singleShot=True)
        self.timer.setInterval(interval_ms if interval_ms is not None else minutes * 60_000)
        self.timer.timeout.connect(self._lock_idle)
        self._kept: dict[str, object] = {}
        self._kept_jobs: list[object] = []
        self._by_hand = False
        #: Whether idle time is counted at all (a lock-after of 0: only File > Lock now locks).
        self.armed = minutes > 0 or interval_ms is not None
        if self.armed:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self.timer.start()

    @property
    def store(self) -> Store:
        return self.window.store  # type: ignore[attr-defined, no-any-return]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any key, click, move or wheel restarts the count (runs on the GUI thread)."""
        kind = event.type()
        if kind in _INPUT and not self.locked:
            self.timer.start()
        elif kind == QEvent.Type.Close and watched is self.window and self.locked:
            self._closing_locked()
        return False

    # -- locking ------------------------------------------------------------------

    def _lock_idle(self) -> None:
        self._by_hand = False
        self.lock()

    def lock_now(self) -> None:
        """File > Lock now: the same lock, at once, whatever the idle setting."""
        self._by_hand = True
        self.lock()

    def lock(self) -> None:
        """Hide everything the project shows, let go of the key, show the lock screen."""
        if self.locked:
            return
        w = self.window
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()  # a field being typed in commits its edit now
        self.locked = True
        self.timer.stop()
        self._kept = {"position": self._position(), "title": w.windowTitle()}
        remember = getattr(w, "_remember_position", None)
        if remember is not None:
            remember()
        self._pause_background()
        others = [
            t
            for t in QApplication.topLevelWidgets()
            if t is not w and t.isVisible() and not isinstance(t, QMainWindow)
        ]
        for t in others:
            t.hide()
        self._kept["windows"] = [t for t in others if not (isinstance(t, QDialog) and t.isModal())]
        self._kept["docks"] = [d for d in w.findChildren(QDockWidget) if d.isVisible()]
        for dock in self._kept["docks"]:  # type: ignore[attr-defined]
            dock.hide()
        self._kept["actions"] = [a for a in w.findChildren(QAction) if a.isEnabled()]
        for action in self._kept["actions"]:  # type: ignore[attr-defined]
            action.setEnabled(False)
        self._kept["bars"] = [b for b in (w.menuBar(), w.statusBar()) if b.isVisible()]
        for bar in self._kept["bars"]:  # type: ignore[attr-defined]
            bar.hide()
        self._kept["central"] = w.takeCentralWidget()  # out of the window: hidden
        self.screen = LockScreen(self.store, 0 if self._by_hand else self.minutes)
        self.screen.unlock_button.clicked.connect(self._unlock_clicked)
        if self.screen.form is not None:
            self.screen.form.opened.connect(self.unlock)
            self.screen.form.failed.connect(self.screen.form.problem.setText)
        w.setCentralWidget(self.screen)
        w.setWindowTitle("annotator — locked")
        if self.store.encrypted:
            locking.suspend(self.store)
        if self.screen.form is not None:
            self.screen.form.field.setFocus()
        self.locked_changed.emit(True)

    def _unlock_clicked(self) -> None:
        if self.screen is not None and self.screen.form is not None:
            self.screen.form.submit()  # opened -> unlock
        else:
            self.unlock()

    def unlock(self) -> None:
        """Put the window back as it was; the store is open again (``resume`` succeeded)."""
        if not self.locked:
            return
        w = self.window
        screen = w.takeCentralWidget()
        if screen is not None:
            screen.deleteLater()
        self.screen = None
        central = self._kept["central"]
        w.setCentralWidget(central)  # type: ignore[arg-type]
        central.show()  # type: ignore[attr-defined]  # taken out, it was hidden
        for bar in self._kept["bars"]:  # type: ignore[attr-defined]
            bar.show()
        for dock in self._kept["docks"]:  # type: ignore[attr-defined]
            dock.show()
        for action in self._kept["actions"]:  # type: ignore[attr-defined]
            action.setEnabled(True)
        for t in self._kept["windows"]:  # type: ignore[attr-defined]
            t.show()
        w.setWindowTitle(str(self._kept["title"]))
        self._restore(self._kept["position"])  # type: ignore[arg-type]
        self._kept = {}
        self.locked = False
        self._resume_background()
        if self.armed:
            self.timer.start()
        self.locked_changed.emit(False)

    # -- position -------------------------------------------------------------------

    def _position(self) -> _Position:
        article = self.window.article  # type: ignore[attr-defined]
        cursor = article.textCursor()
        return _Position(
            self.window.current_doc,  # type: ignore[attr-defined]
            cursor.anchor(),
            cursor.position(),
            article.verticalScrollBar().value(),
            article.selected_span,
        )

    def _restore(self, where: _Position) -> None:
        article = self.window.article  # type: ignore[attr-defined]
        if where.span_id is not None:
            article.select_span(where.span_id, move=False)
        cursor = article.textCursor()
        cursor.setPosition(where.anchor)
        cursor.setPosition(where.cursor, cursor.MoveMode.KeepAnchor)
        article.setTextCursor(cursor)
        article.verticalScrollBar().setValue(where.scroll)
        article.setFocus()

    # -- background readers -----------------------------------------------------------

    def _jobs(self) -> list[object]:
        return [
            job
            for job in (getattr(self.window, "preannotator", None),
                        getattr(self.window, "suggester", None))
            if job is not None
        ]  # fmt: skip

    def _pause_background(self) -> None:
        """Stop the readers (their connections hold the key); results in flight are dropped."""
        running = []
        for job in self._jobs():
            if job.worker is not None:  # type: ignore[attr-defined]
                running.append(job)
                job._closed = True  # type: ignore[attr-defined]
                job.worker.stop()  # type: ignore[attr-defined]
        self._kept_jobs = running
        learning = getattr(self.window, "learning", None)
        if learning is not None:  # retraining, uncertainty scoring, a training (#19)
            learning.pause()

    def _resume_background(self) -> None:
        """Start the stopped readers again; they pick up what is still pending."""
        for job in self._kept_jobs:
            job.worker = None  # type: ignore[attr-defined]
            job._closed = False  # type: ignore[attr-defined]
            job.start()  # type: ignore[attr-defined]
        self._kept_jobs = []
        learning = getattr(self.window, "learning", None)
        if learning is not None:
            learning.resume()

    def _closing_locked(self) -> None:
        """The window closes while locked: its position is saved; nothing reads the file."""
        self.window._closed = True  # type: ignore[attr-defined]
        self.timer.stop()


def install_idle_lock(window: QMainWindow, store: Store) -> IdleLock:
    """The window's idle lock, from the project's setting (off: a lock that never fires)."""
    return IdleLock(window, lock_minutes(store))
