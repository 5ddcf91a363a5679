"""Adjudication: the window edits the gold layer, with a key map of its own.

``J`` enters the mode for the open article and leaves it again. In the mode the
window works as the gold layer's analyst (``N``/``P`` open other articles in the
mode, ``D`` marks gold done, undo and redo work as everywhere); the analysts'
layers are shown read-only beside it, the Adjudicate tab shows each analyst's
version of the current unit in a lane, and the article marks every unit. The
mode's own keys — next/previous disagreement, take analyst 1…9, none, take all
unanimous, edit by hand — replace the editing keys while it is on: the window's
editing actions are disabled and given back on leaving, so no key means two
things at once (``test_keys`` checks every state). ``H`` hands the keyboard back
to ordinary editing of the gold layer; ``J`` then returns to the mode's keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu

from annotator.core import keys
from annotator.core.adjudication import Adjudication, Unit, gold_name
from annotator.core.adjudication_commands import (
    describe_unit,
    read_adjudication,
    take,
    take_unanimous,
)
from annotator.core.article import ArticleChange
from annotator.core.changes import Changes
from annotator.core.commands import Command
from annotator.ui.adjudication_marks import UnitMarks
from annotator.ui.adjudication_panel import AdjudicationPanel
from annotator.ui.plain import menu_text, tooltip

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

OFF, KEYS, HAND = "off", "keys", "hand"
NEXT, PREVIOUS, NONE, ALL, BY_HAND = "K", "Shift+K", "0", "A", "H"
#: Window keys that stay active in the mode (everything else of the window is off there).
KEPT = frozenset(
    {
        "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y", keys.HELP, f"Shift+{keys.HELP}",
        keys.NEXT_ARTICLE, keys.PREVIOUS_ARTICLE, keys.MARK_DONE, keys.SKIP,
        keys.TOGGLE_OTHERS, keys.FIND, keys.CLAUSE_END, keys.SENTENCE_END,
        "Ctrl+F", "Ctrl+L", "Ctrl+E", "Ctrl+Q", "Ctrl+Shift+W", "Ctrl+Up", "Ctrl+Down",
        keys.ADJUDICATE,
    }
)  # fmt: skip


def _names(action: QAction) -> set[str]:
    return {s.toString() for s in action.shortcuts()}


def stays_on(action: QAction) -> bool:
    """Whether a window action keeps working in the mode: the keys in ``KEPT``, and views and
    commands on Ctrl (those edit nothing), except accepting every proposal."""
    names = _names(action)
    if names <= KEPT:
        return True
    return all(n.startswith("Ctrl+") for n in names) and "Ctrl+Shift+Return" not in names


class AdjudicationMode(QObject):
    """The mode's state (off, keys, by hand), its actions and its tab."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.state = OFF
        self.gold = gold_name(window.store)
        self.adjudication: Adjudication | None = None
        self.current: str | None = None
        self._own = window.analyst
        self._disabled: list[QAction] = []
        self.panel = AdjudicationPanel()
        self.panel.unit_chosen.connect(self.go_to)
        self.marks = UnitMarks(window.article)
        self.counter = QLabel()
        self.counter.setTextFormat(Qt.TextFormat.PlainText)
        self.counter.hide()
        window.statusBar().addPermanentWidget(self.counter)
        self.toggle_action = self._action(
            menu, "&Adjudicate this article (enter / leave)", keys.ADJUDICATE, self.toggle
        )
        window.addAction(self.toggle_action)  # J works in every state
        menu.addSeparator()
        self.actions: list[QAction] = [
            self._action(menu, "&Next disagreement", NEXT, lambda: self.step(+1)),
            self._action(menu, "&Previous disagreement", PREVIOUS, lambda: self.step(-1)),
        ]
        self.take_actions = [
            self._action(menu, f"Take analyst {n}'s version", str(n), lambda n=n: self.take(n))
            for n in range(1, 10)
        ]
        self.actions += self.take_actions
        self.actions += [
            self._action(menu, "Take &none (nothing goes into gold here)", NONE, self.take_none),
            self._action(menu, "Take &all unanimous units", ALL, self.take_all),
            self._action(menu, "Edit the gold layer by &hand", BY_HAND, self.by_hand),
        ]
        self._use_mode_keys(False)
        window.history.subscribe(self._on_command)
        window.article_model.subscribe(self._on_article)

    def _action(self, menu: QMenu, text: str, key: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tooltip(f"{text.replace('&', '')} ({key})"))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # -- states -------------------------------------------------------------------------

    def toggle(self) -> None:
        """J: enter the mode; in it, leave; editing by hand, back to the mode's keys."""
        if self.state == OFF:
            self.enter()
        elif self.state == KEYS:
            self.leave()
        else:
            self.state = KEYS
            self._use_mode_keys(True)
            self.window.say("Adjudication keys again (H edits the gold layer by hand).")

    def enter(self) -> bool:
        window = self.window
        doc = window.current_doc
        if doc is None:
            window.say("Open an article to adjudicate it.")
            return False
        state = read_adjudication(window.store, doc, self.gold)
        if not state.analysts:
            window.say("No analyst has labelled this article yet: there is nothing to adjudicate.")
            return False
        self.state, self._own = KEYS, window.analyst
        self._work_as(self.gold)
        self.marks.install()
        window.tabs.addTab(self.panel, "Adjudicate")
        window.tabs.setCurrentWidget(self.panel)
        self.counter.show()
        self._use_mode_keys(True)
        self.refresh()
        self._first_open()
        window.say(f"Adjudicating into {self.gold}: K next disagreement, 1–9 take, J leaves.")
        return True

    def leave(self) -> None:
        self.state = OFF
        self._use_mode_keys(False)
        self.marks.remove()
        self.counter.hide()
        self.window.tabs.removeTab(self.window.tabs.indexOf(self.panel))
        self._work_as(self._own)
        self.window.say(f"Left adjudication; editing {self._own}'s layer again.")

    def by_hand(self) -> None:
        """H: the ordinary editing keys, on the gold layer (J returns to the mode's keys)."""
        self.state = HAND
        self._use_mode_keys(False)
        self.window.article.setFocus()
        self.window.say(f"Editing {self.gold} by hand; J returns to the adjudication keys.")

    def _work_as(self, analyst: str) -> None:
        """The window edits ``analyst``'s layer; the open article is read again for it."""
        window = self.window
        window.analyst = window.editor.analyst = analyst
        if window.current_doc is not None:
            doc = window.current_doc
            window.article_model.open(doc, analyst, entities=window.background.entities_of(doc))
        window.panel.select(None)

    def _use_mode_keys(self, on: bool) -> None:
        """The mode's keys on and the window's editing keys off, or the other way round."""
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        if on:
            for action in [*self.window.actions(), *self.window.article.actions()]:
                if not stays_on(action) and action.isEnabled():
                    action.setEnabled(False)
                    self._disabled.append(action)
        for action in self.actions:
            action.setEnabled(on)

    # -- units --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the units again and show them (after every edit and article change)."""
        window = self.window
        if self.state == OFF or window.current_doc is None:
            return
        state = self.adjudication = read_adjudication(window.store, window.current_doc, self.gold)
        if self.current is not None and state.unit(self.current) is None:
            self.current = None
        self.counter.setText(state.summary())
        self.counter.setToolTip(tooltip(f"gold layer: {self.gold}"))
        for n, action in enumerate(self.take_actions, start=1):
            name = state.analysts[n - 1] if n <= len(state.analysts) else None
            action.setText(f"Take {menu_text(name)}'s version" if name else f"Take analyst {n}")
        self.panel.show_state(state, window.article_model.text, self.current)
        self.marks.show(state, self.current, window.article_model.text)

    def _first_open(self) -> None:
        state = self.adjudication
        if state is None:
            return
        open_units = [u for u in state.disagreements if not u.settled]
        first = (open_units or state.disagreements or [None])[0]
        self.go_to(first.key if first else None)

    def go_to(self, key: str | None) -> None:
        """Make a unit the current one: its lanes shown, its words selected."""
        self.current = key
        unit = self.adjudication.unit(key) if self.adjudication and key else None
        if unit is not None:
            self.window.article.set_caret(unit.end)
            self.window.article.set_caret(unit.start)
        if self.adjudication is not None:
            text = self.window.article_model.text
            self.panel.show_state(self.adjudication, text, key)
            self.marks.show(self.adjudication, key, text)

    def step(self, direction: int) -> None:
        """K / Shift+K: the next or previous disagreement in document order."""
        state = self.adjudication
        if state is None or not state.disagreements:
            self.window.say("Every analyst agrees everywhere in this article.")
            return
        units = state.disagreements
        here = self._position()
        if direction > 0:
            later = [
                u for u in units if u.start > here[0] or (u.start == here[0] and u.key > here[1])
            ]
            target = later[0] if later else None
        else:
            earlier = [
                u for u in units if u.start < here[0] or (u.start == here[0] and u.key < here[1])
            ]
            target = earlier[-1] if earlier else None
        if target is None:
            self.window.say(
                "That was the last disagreement."
                if direction > 0
                else "This is the first disagreement."
            )
            return
        self.go_to(target.key)

    def _position(self) -> tuple[int, str]:
        unit = self.adjudication.unit(self.current) if self.adjudication and self.current else None
        return (unit.start, unit.key) if unit else (self.window.article.caret(), "")

    def _unit(self) -> Unit | None:
        if self.adjudication is None or self.current is None:
            self.window.say("No disagreement chosen: K goes to the next one.")
            return None
        return self.adjudication.unit(self.current)

    def take(self, number: int) -> None:
        """1…9: gold takes that analyst's version of the current unit."""
        unit, state = self._unit(), self.adjudication
        if unit is None or state is None:
            return
        if number > len(state.analysts):
            self.window.say(
                f"This article has {len(state.analysts)} analyst(s): "
                f"keys 1–{len(state.analysts)} take their versions."
            )
            return
        name = state.analysts[number - 1]
        self._push(take(self.window.current_doc or 0, unit.key, name, self.gold), unit)

    def take_none(self) -> None:
        unit = self._unit()
        if unit is not None:
            self._push(take(self.window.current_doc or 0, unit.key, None, self.gold), unit)

    def _push(self, command: Command, unit: Unit) -> None:
        self.window.history.push(command)
        state = self.adjudication
        if state is None:
            return
        later = [
            u
            for u in state.disagreements
            if not u.settled and u.start >= unit.start and u.key != unit.key
        ]
        left = [u for u in state.disagreements if not u.settled]
        following = (later or left or [None])[0]
        if following is not None:
            self.go_to(following.key)
        self.window.say(
            f"{command.text}: {describe_unit(unit, self.window.article_model.text)}"
            f" — {state.summary()} — Ctrl+Z undoes"
        )

    def take_all(self) -> None:
        """A: every unanimous unit gold has nothing for, in one undoable step."""
        state = self.adjudication
        if state is None:
            return
        count = len(state.unanimous_open)
        if not count:
            self.window.say("Every unanimous unit is already in gold.")
            return
        self.window.history.push(take_unanimous(self.window.current_doc or 0, self.gold))
        units = "unit" if count == 1 else "units"
        self.window.say(f"Took {count} unanimous {units} into {self.gold} — Ctrl+Z undoes")

    # -- following the window ---------------------------------------------------------------

    def _on_command(self, _command: Command, _what: str, _changes: Changes) -> None:
        self.refresh()

    def _on_article(self, change: ArticleChange) -> None:
        if change.reset and self.state != OFF:
            self.current = None
            self.refresh()
            self._first_open()


def build_adjudication_menu(window: MainWindow, menu: QMenu) -> None:
    """The Adjudicate menu: J, and the mode's keys (enabled only in the mode)."""
    window.adjudication = AdjudicationMode(window, menu)  # type: ignore[attr-defined]
