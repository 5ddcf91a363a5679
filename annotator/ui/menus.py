"""The window's menus and keys: one table of actions, each also shown with its key.

The workbench's own single keys come from ``annotator.core.keys``, the table a
schema is checked against; names from the schema pass through ``menu_text``
so that an ``&`` in them is not taken for a mnemonic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from annotator.core import keys
from annotator.core.model import Status
from annotator.core.tokens import clause_end, next_paragraph, previous_paragraph, sentence_end
from annotator.ui import team_views
from annotator.ui.adjudication_mode import build_adjudication_menu
from annotator.ui.plain import menu_text, strip_mnemonic, tooltip

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


#: Characters a US keyboard types with Shift: the key event carries the Shift modifier too.
SHIFTED = frozenset('~!@#$%^&*()_+{}|:"<>?')


def _sequences(key: str | QKeySequence | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key, and for a shifted character also Shift+it.

    A keyboard sends ``?`` as Key_Question *with* Shift; some platforms (offscreen,
    some X11 layouts) do not try the key without its modifier, so ``?`` alone never
    matched and the help did not open.
    """
    sequences = [QKeySequence(key)]
    if isinstance(key, str) and key in SHIFTED:
        sequences.append(QKeySequence(f"Shift+{key}"))
    return sequences


def _action(
    window: MainWindow,
    menu: QMenu,
    text: str,
    key: str | QKeySequence | None,
    slot: Callable[[], object],
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if key:
        action.setShortcuts(_sequences(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    plain = tip or strip_mnemonic(text)
    plain = f"{plain} ({shown})" if shown else plain
    action.setToolTip(tooltip(plain))
    action.setStatusTip(plain)  # the status bar shows plain text
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)  # keys work wherever the focus is in the window
    return action


def _menu(bar: QMenuBar, title: str, taken: set[str]) -> QMenu:
    """A menu whose Alt mnemonic is the first letter of its title no other key needs.

    Alt with a label key labels exact characters: a menu title on the same
    letter would make Qt fire neither (the Stance menu took Alt+S from SOURCE).
    """
    at = next((i for i, ch in enumerate(title) if ch.isalnum() and ch.upper() not in taken), None)
    if at is None:
        return bar.addMenu(title)
    taken.add(title[at].upper())
    return bar.addMenu(title[:at] + "&" + title[at:])


def build_menus(window: MainWindow) -> None:
    """Every action, with its key, in a menu; keys work wherever the focus is."""
    bar = window.menuBar()
    taken = {lab.key.upper() for lab in window.schema.labels}  # Alt+key labels exactly
    _file_menu(window, _menu(bar, "File", taken))
    _edit_menu(window, _menu(bar, "Edit", taken))
    label_menu = _menu(bar, "Label", taken)
    digits = _label_menu(window, label_menu)
    _proposals_menu(window, _menu(bar, "Proposals", taken))
    digits -= _stance_menu(window, _menu(bar, "Stance", taken))
    for digit in sorted(digits):  # attribute values no stance key took
        _action(
            window,
            label_menu,
            f"Set attribute value {menu_text(digit)} on selected span",
            digit,
            lambda d=digit: window.editor.value_key(d),
        )
    _navigate_menu(window, _menu(bar, "Navigate", taken))
    build_adjudication_menu(window, _menu(bar, "Adjudicate", taken))
    tools = _menu(bar, "Tools", taken)
    _action(window, tools, "&Stop entity highlighting", None, window.preannotator.cancel)
    _action(window, tools, "Team &progress…", None, lambda: team_views.show_progress(window))
    _action(window, tools, "&Train a model…", None, window.learning.show_train_dialog)
    window.learning.add_actions(tools, _action)  # suggester choice, retraining, uncertainty order
    help_menu = _menu(bar, "Help", taken)
    _action(window, help_menu, "&Keyboard shortcuts", keys.HELP, window.show_help)
    _action(window, help_menu, "&About annotator", None, window.show_about)
    window._update_undo_actions()


def _file_menu(window: MainWindow, menu: QMenu) -> None:
    def new_project() -> None:  # #19: plain or encrypted; loaded when first asked for
        from annotator.ui.new_project import show_new_project

        show_new_project(window)

    _action(window, menu, "&New project…", None, new_project)
    _action(window, menu, "&Export training data…", "Ctrl+E", window.show_export)
    _action(window, menu, "&Merge project files…", None, lambda: team_views.show_merge(window))
    _action(window, menu, "Merge &conflicts…", None, lambda: team_views.show_conflicts(window))
    _action(window, menu, "&Lock now", "Ctrl+Shift+L", lambda: window.idle_lock.lock_now())  # #19
    _action(window, menu, "&Quit", QKeySequence.StandardKey.Quit, window.close)


def _edit_menu(window: MainWindow, edit: QMenu) -> None:
    window.undo_action = _action(window, edit, "&Undo", "Ctrl+Z", window.undo)
    window.redo_action = _action(window, edit, "&Redo", "Ctrl+Shift+Z", window.redo)
    _action(window, edit, "Redo (alternative key)", "Ctrl+Y", window.redo)
    edit.addSeparator()
    _action(window, edit, "&Delete selected span", "Delete", window.editor.delete_selected)
    _action(
        window,
        edit,
        "Reject the proposal under the cursor, or delete the selected span",
        "Backspace",
        window.editor.reject_or_delete,
    )
    _action(
        window,
        edit,
        "&Search documents",
        QKeySequence.StandardKey.Find,
        lambda: window.search.setFocus(),
    )
    _action(window, edit, "Go to the &article text", "Ctrl+L", lambda: window.article.setFocus())
    _action(window, edit, "Set article &language…", None, window.language_editing.ask)  # #17


def _label_menu(window: MainWindow, label_menu: QMenu) -> set[str]:
    """Label keys, promote, attribute keys; returns the digits attribute values use."""
    for lab in window.schema.labels:
        _action(
            window,
            label_menu,
            f"Label selection as {menu_text(lab.name)}",
            lab.key,
            lambda name=lab.name: window.editor.label_selection(
                name, raw=window.article.keyboard_modifiers_raw()
            ),
            lab.description,
        )
        _action(
            window,
            label_menu,
            f"Label exact characters as {menu_text(lab.name)}",
            f"Alt+{lab.key}",
            lambda name=lab.name: window.editor.label_selection(name, raw=True),
        )
    if window.schema.promote_key:
        _action(
            window,
            label_menu,
            f"Promote entity at cursor to {menu_text(window.schema.promote_to)}",
            window.schema.promote_key,
            window.editor.promote_entity,
        )
    label_menu.addSeparator()
    digits: set[str] = set()
    for attribute in window.schema.attributes:
        if attribute.key:
            _action(
                window,
                label_menu,
                f"Cycle {menu_text(attribute.name)} of selected {menu_text(attribute.on)}",
                attribute.key,
                lambda a=attribute: window.editor.attribute_key(a),
                attribute.description,
            )
        digits.update(attribute.value_keys)
    _action(
        window,
        label_menu,
        "Move selected span to the text selection",
        keys.MOVE_SPAN,
        lambda: window.editor.set_bounds(raw=window.article.keyboard_modifiers_raw()),
    )
    return digits


def _proposals_menu(window: MainWindow, proposals: QMenu) -> None:
    for text, key, slot in (
        (
            "&Accept the proposed attribution under the cursor",
            "Return",
            window.editor.accept_suggestion,
        ),
        (
            "Accept &every proposed attribution in the article…",
            "Ctrl+Shift+Return",
            window.confirm_accept_all,
        ),
    ):
        action = _action(window, proposals, text, key, slot)
        # Enter belongs to the article: in the search and find boxes it means Enter
        window.removeAction(action)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.article.addAction(action)


def _stance_menu(window: MainWindow, stance_menu: QMenu) -> set[str]:
    """Source cycling and stance keys; returns the keys the stances took."""
    stance = window.editor.stance_type()
    used: set[str] = set()
    if stance is not None:
        source, target = menu_text(stance.source), menu_text(stance.target)
        _action(
            window,
            stance_menu,
            f"Next possible {source} of the selected {target}",
            keys.NEXT_SOURCE,
            lambda: window.editor.cycle_source(+1),
        )
        _action(
            window,
            stance_menu,
            f"Previous possible {source}",
            f"Shift+{keys.NEXT_SOURCE}",
            lambda: window.editor.cycle_source(-1),
        )
        for key, label in zip(stance.keys, stance.labels, strict=True):
            _action(
                window,
                stance_menu,
                f"{menu_text(label.capitalize())}: link the {source} "
                f"to the {target} (on a span: attribute value {menu_text(key)})",
                key,
                lambda k=key: window.editor.value_key(k),
            )
            used.add(key)
        _action(
            window,
            stance_menu,
            f"Unlink the {source} from the {target}",
            keys.UNLINK,
            lambda: window.editor.value_key(keys.UNLINK),
        )
        stance_menu.addSeparator()
    _action(
        window, stance_menu, "&Who says what (all stances)", "Ctrl+Shift+W", window.show_stances
    )
    _action(
        window,
        stance_menu,
        "&Claims across articles (tracked claims)",
        keys.CLAIMS_VIEW,
        lambda: _show_claims(window),
    )
    return used


def _show_claims(window: MainWindow) -> None:
    from annotator.ui.claims_view import show_claims  # loaded when first opened

    show_claims(window)


def _navigate_menu(window: MainWindow, nav: QMenu) -> None:
    article = window.article
    _action(window, nav, "&Find in article", keys.FIND, window.find_bar.open)
    _action(
        window,
        nav,
        "Show or hide the &other analysts' spans (read-only)",
        keys.TOGGLE_OTHERS,
        window.toggle_others,
    )
    for text, key, move in (
        ("Extend selection to the end of the clause", keys.CLAUSE_END, clause_end),
        ("Extend selection to the end of the sentence", keys.SENTENCE_END, sentence_end),
    ):
        _action(
            window,
            nav,
            text,
            key,
            lambda move=move: article.extend_selection_to(move(article.text(), article.caret())),
        )
    for text, key, move in (
        ("Next paragraph", "Ctrl+Down", next_paragraph),
        ("Previous paragraph", "Ctrl+Up", previous_paragraph),
    ):
        _action(
            window,
            nav,
            text,
            key,
            lambda move=move: article.set_caret(move(article.text(), article.caret())),
        )
    nav.addSeparator()
    _action(window, nav, "&Next article", keys.NEXT_ARTICLE, lambda: window.go(+1))
    _action(window, nav, "&Previous article", keys.PREVIOUS_ARTICLE, lambda: window.go(-1))
    _action(
        window,
        nav,
        "Mark &done and go to the next",
        keys.MARK_DONE,
        lambda: window.mark_and_next(Status.DONE),  # the analyst's own status
    )
    _action(
        window,
        nav,
        "S&kip and go to the next",
        keys.SKIP,
        lambda: window.mark_and_next(Status.SKIPPED),
    )
