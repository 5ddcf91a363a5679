"""``annotator config gold [NAME]``: which analyst's layer is the adjudicated one."""

from __future__ import annotations

import sys

from annotator.core.adjudication import DEFAULT_GOLD, GOLD_SETTING, gold_name
from annotator.store import Store

#: A name an analyst could have: printable, no surrounding spaces, not too long.
MAX_NAME = 100


def config_gold(store: Store, value: str | None) -> int:
    """Show the gold layer's name, or set it (adjudication writes there; export reads it)."""
    if value is None:
        stored = store.get_setting(GOLD_SETTING)
        print(f"gold = {gold_name(store)}" + ("" if stored else " (the default)"))
        return 0
    name = value.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        print(
            f"annotator: config gold {value!r}: give an analyst's name (1–{MAX_NAME} printable"
            f" characters), e.g. {DEFAULT_GOLD}",
            file=sys.stderr,
        )
        return 2
    store.set_setting(GOLD_SETTING, name)
    print(f"gold = {name}")
    return 0
