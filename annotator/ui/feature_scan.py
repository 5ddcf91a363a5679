"""PySide's check of every module imported after it, without the cost of ``inspect``.

PySide (shiboken's ``feature`` support, PYSIDE-2029) asks of each module imported once
Qt is loaded whether it uses PySide6, to know which modules ``from __feature__ import``
may switch: it reads the module's whole source through ``inspect.getsource`` (linecache,
tokenize's encoding check, a list of lines joined again) and looks for "PySide6". The
window imports some 150 modules after Qt, and that reading took 20-40 ms of start-up.
``install`` keeps the same question and answer and reads the source file's bytes instead;
anything that is not a plain ``.py`` file (a built-in, an extension, a zip) still goes to
PySide's own check. If a PySide release moves the function, nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

#: the attribute that holds PySide's own check on ours (and marks ours as installed)
ORIGINAL = "pyside_check"


def install() -> bool:
    """Load Qt's core and put the byte-reading check in place (once), before the window's
    modules are imported; False if this PySide has no such check."""
    import PySide6.QtCore  # noqa: F401  # loads shiboken, which installs PySide's check

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        return False
    if hasattr(original, ORIGINAL):
        return True
    feature._mod_uses_pyside = reads_bytes(original)  # type: ignore[attr-defined]
    return True


def reads_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """``original``'s answer for a module, from its ``.py`` file's bytes when it has one."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, ORIGINAL, original)
    return uses_pyside
