"""The real multi-analyst PolNeAR files: one project per analyst, merged, equal one import."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.cli import main
from annotator.core.schema import default_schema_text
from tests.conftest import corpus
from tests.teams.fieldkit import layers

#: PolNeAR also marks "Discuss" and "Discard" spans; a team schema that knows them.
EXTRA_LABELS = """
[[labels]]
name = "Discuss"
key = "G"
colour = "#999999"

[[labels]]
name = "Discard"
key = "H"
colour = "#555555"
"""


def _per_analyst(folder: Path, tmp: Path) -> dict[str, Path]:
    """A brat folder per analyst holding only that analyst's .ann files and their texts."""
    out: dict[str, Path] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, analyst = ann.stem.rsplit("_", 1)
        target = out.setdefault(analyst, tmp / analyst)
        (target / "text").mkdir(parents=True, exist_ok=True)
        (target / "attributions").mkdir(exist_ok=True)
        shutil.copy(ann, target / "attributions")
        shutil.copy(folder / "text" / f"{stem}.txt", target / "text")
    return out


def test_merging_one_project_per_analyst_equals_importing_the_whole_folder(tmp_path, capsys):
    folder = corpus("polnear-annotator-training")
    schema = tmp_path / "team.toml"
    schema.write_text(default_schema_text() + EXTRA_LABELS, encoding="utf-8")
    projects = []
    for analyst, brat in _per_analyst(folder, tmp_path / "split").items():
        project = tmp_path / f"{analyst}.db"
        assert main(["--db", str(project), "import", str(brat)]) == 0
        projects.append(project)
    assert len(projects) == 6
    base, whole = tmp_path / "base.db", tmp_path / "whole.db"
    assert main(["--db", str(base), "config", "schema", str(schema)]) == 0
    capsys.readouterr()
    assert main(["--db", str(base), "merge", *map(str, projects)]) == 0
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith("merged 6 file(s): 4 new document(s), 0 updated, ")
    assert main(["--db", str(whole), "import", str(folder)]) == 0
    merged, imported = layers(base), layers(whole)
    assert len(merged) == 4 * 6
    assert merged == imported
    assert main(["--db", str(base), "merge", *map(str, projects)]) == 0
    assert "0 span(s), 0 stance(s), 0 conflict(s)" in capsys.readouterr().out
    assert layers(base) == imported
