"""Undo and redo across every edit of a session, whichever article it was in."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.changes import Changes
from annotator.core.commands import Command, EditStore

#: ``(command, "do" | "undo" | "redo", what it changed)``
Listener = Callable[[Command, str, Changes], None]


class History:
    """Runs commands against the store and remembers them for undo and redo.

    Listeners hear ``(command, "do" | "undo" | "redo", changes)`` after the
    store has the change, so whatever they draw is already durable; ``changes``
    names the rows to re-read, so no listener reloads more than that. Each step runs in one
    store transaction: when it fails, the file and the history are as they were
    (a failed edit is not undoable; a failed undo stays undoable).
    """

    def __init__(self, store: EditStore) -> None:
        self._store = store
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(command, what, changes)`` after every do, undo and redo."""
        self._listeners.append(listener)

    def _tell(self, command: Command, what: str, changes: Changes) -> None:
        for listener in self._listeners:
            listener(command, what, changes)

    def _run(self, step: Callable[[EditStore], Changes]) -> Changes:
        with self._store.transaction():
            return step(self._store)

    def push(self, command: Command) -> Command:
        """Do an edit; it becomes the one undo takes back next."""
        changes = self._run(command.do)
        self._done.append(command)
        self._undone.clear()
        self._tell(command, "do", changes)
        return command

    def undo(self) -> Command | None:
        """Take back the latest edit; None when there is nothing to undo."""
        if not self._done:
            return None
        command = self._done[-1]
        changes = self._run(command.undo)
        self._done.pop()
        self._undone.append(command)
        self._tell(command, "undo", changes)
        return command

    def redo(self) -> Command | None:
        """Do again the edit undo took back last."""
        if not self._undone:
            return None
        command = self._undone[-1]
        changes = self._run(command.do)
        self._undone.pop()
        self._done.append(command)
        self._tell(command, "redo", changes)
        return command

    def next_undo(self) -> Command | None:
        return self._done[-1] if self._done else None

    def next_redo(self) -> Command | None:
        return self._undone[-1] if self._undone else None
