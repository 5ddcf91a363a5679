"""The workbench's own single keys, in one Qt-free table.

The window's menus are built from these names, and a schema may not give a
label or an attribute any of them: Qt fires neither of two actions that share
a key. Keys are case-insensitive (Qt matches ``s`` and ``S`` alike), so they
are kept in upper case.
"""

from __future__ import annotations

HELP = "?"
NEXT_ARTICLE = "N"
PREVIOUS_ARTICLE = "P"
MARK_DONE = "D"
SKIP = "X"
MOVE_SPAN = "B"
NEXT_SOURCE = "L"
UNLINK = "0"
FIND = "/"
CLAUSE_END = "]"
SENTENCE_END = "}"
TOGGLE_OTHERS = "O"
ADJUDICATE = "J"
#: The claims view (a chord, so not in WORKBENCH_KEYS, which a schema's single keys avoid).
CLAIMS_VIEW = "Ctrl+Shift+K"

#: Every single key the workbench itself uses, with what it does (for error messages).
WORKBENCH_KEYS: dict[str, str] = {
    HELP: "the keyboard shortcuts",
    NEXT_ARTICLE: "next article",
    PREVIOUS_ARTICLE: "previous article",
    MARK_DONE: "mark done",
    SKIP: "skip",
    MOVE_SPAN: "move the selected span",
    NEXT_SOURCE: "next possible source",
    UNLINK: "unlink a source",
    FIND: "find in the article",
    CLAUSE_END: "extend to the end of the clause",
    SENTENCE_END: "extend to the end of the sentence",
    TOGGLE_OTHERS: "show or hide the other analysts' spans",
    ADJUDICATE: "enter or leave adjudication",
}
RESERVED_KEYS = frozenset(WORKBENCH_KEYS)


def normal_key(value: str) -> str:
    """The form a key is compared and stored in: upper case where that is one character.

    ``ß`` stays ``ß`` (its upper case is ``SS``, two keys); Qt treats it the same way.
    """
    upper = value.upper()
    return upper if len(upper) == 1 else value
