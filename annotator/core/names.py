"""Names typed on the command line (analysts, labels) checked against those the project has.

A misspelt analyst silently selects nothing: an export of zero documents, an agreement
over nobody. Naming the unknown ones and listing the known ones is the fix.
"""

from __future__ import annotations

from collections.abc import Iterable


def split_names(text: str | None) -> list[str] | None:
    """``"ana, ben"`` as ``["ana", "ben"]``; None when nothing was given."""
    if not text:
        return None
    return [name.strip() for name in text.split(",") if name.strip()]


def _shown(name: str) -> str:
    return name if name else "(no name)"


def unknown_names(
    given: Iterable[str], known: Iterable[str], *, option: str, what: str, where: str
) -> str | None:
    """The sentence for the names in ``given`` not in ``known``, or None when all are known.

    ``what``: "analyst" or "label"; ``where``: "this project" or "this project's schema".
    """
    known = list(known)
    missing = [name for name in given if name not in known]
    if not missing:
        return None
    listed = ", ".join(_shown(name) for name in known) or "none yet"
    named = ", ".join(repr(name) for name in missing)
    return f"{option}: no {what} {named} in {where}; the {what}s are: {listed}"
