"""The layering holds at run time: everything outside ``annotator.ui`` works without Qt.

``lint-imports`` (run by scripts/run-tests) checks the import graph statically;
this imports each module in a fresh interpreter where PySide6 cannot be imported,
which also catches imports hidden inside functions that the module runs on import.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotator

_BLOCK_QT = """
import importlib, importlib.abc, sys

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"{name} is not available in this test")
        return None

sys.meta_path.insert(0, NoQt())
for name in sys.argv[1:]:
    importlib.import_module(name)
assert not any(m.startswith("PySide6") for m in sys.modules), "Qt was imported"
print("ok", len(sys.argv) - 1)
"""


def _modules_outside_ui() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(annotator.__path__, "annotator."):
        if info.name.startswith("annotator.ui") or info.name == "annotator.__main__":
            continue
        names.append(info.name)
    return names


def test_every_module_outside_the_ui_imports_without_qt() -> None:
    names = _modules_outside_ui()
    assert "annotator.core.model" in names and "annotator.store.store" in names
    assert "annotator.cli" in names
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT, *names],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(names)}"


def test_the_block_really_stops_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT, "annotator.ui.article_view"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "PySide6" in result.stderr
