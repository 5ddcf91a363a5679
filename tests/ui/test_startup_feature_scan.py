"""PySide's "does this module use PySide6?" check, read from the bytes of the source file
(annotator/ui/feature_scan.py): the same answers as PySide's own, at a fraction of the
start-up cost, and still what PySide's import hook records for each new module."""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401  # loads shiboken and its feature module

from annotator.ui import feature_scan


def _pyside_check():
    """PySide's feature module and its own check (also once ours is installed)."""
    feature = sys.modules["shibokensupport.feature"]
    check = feature._mod_uses_pyside
    return feature, getattr(check, feature_scan.ORIGINAL, check)


def test_the_byte_check_answers_as_pysides_own_for_every_loaded_module():
    import annotator.ui.main_window  # noqa: F401  # the window's modules, Qt's and ours

    _, original = _pyside_check()
    fast = feature_scan.reads_bytes(original)
    modules = [
        m for m in list(sys.modules.values()) if isinstance(getattr(m, "__file__", None), str)
    ]
    assert len(modules) > 200
    using = [m.__name__ for m in modules if original(m)]
    assert "annotator.ui.main_window" in using and "annotator.core.model" not in using
    assert [m.__name__ for m in modules if fast(m)] == using


def test_installed_it_is_what_pysides_import_hook_records(tmp_path, monkeypatch):
    assert feature_scan.install() and feature_scan.install()  # once; a second call keeps it
    feature, _ = _pyside_check()
    assert getattr(feature._mod_uses_pyside, feature_scan.ORIGINAL) is not None
    (tmp_path / "scan_uses_qt.py").write_text("import PySide6.QtCore\n", encoding="utf-8")
    (tmp_path / "scan_plain.py").write_text("VALUE = 'PySide' + '6'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("scan_uses_qt")  # an import statement: PySide's hook replaces __import__
    __import__("scan_plain")
    assert feature.pyside_feature_dict["scan_uses_qt"] == 0  # uses PySide: features switch
    assert feature.pyside_feature_dict["scan_plain"] == -1  # ignored
    for name in ("scan_uses_qt", "scan_plain"):
        del sys.modules[name]
        del feature.pyside_feature_dict[name]
