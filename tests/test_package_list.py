"""Every package of the source tree is in pyproject's list, so a non-editable install
(and the offline bundle built from one) carries it."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT


def test_every_package_is_listed_for_installation() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "annotator").rglob("__init__.py")
    }
    assert "annotator.core" in found
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
