"""scripts/sample_team.py: three sample analysts on the project's samples, the same each time."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.adjudication_commands import read_adjudication
from annotator.store import Store
from tests.teams.fieldkit import layers

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "sample_team.py"


def _module():
    """The script as a module (registered first: its dataclasses look themselves up)."""
    if "sample_team" not in sys.modules:
        spec = importlib.util.spec_from_file_location("sample_team", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        sys.modules["sample_team"] = module
        spec.loader.exec_module(module)
    return sys.modules["sample_team"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _module().build_sample_team(tmp_path_factory.mktemp("team") / "team.db")


def test_three_analysts_mostly_agree_and_disagree_in_a_few_places(built, capsys):
    with Store(built) as store:
        assert store.analysts() == ["ana", "ben", "chloe"]
        counts = []
        for doc_id in store.document_ids():
            state = read_adjudication(store, doc_id)
            counts.append((len(state.units), len(state.disagreements)))
        stamps = [r[0] for r in store.db.execute("SELECT updated_at FROM spans")]
        done = store.db.execute(
            "SELECT annotator, count(*) FROM document_status WHERE status = 'done' GROUP BY 1"
        ).fetchall()
    units, disagreements = (sum(c) for c in zip(*counts, strict=True))
    assert units > 250 and 0 < disagreements < units // 3
    assert min(stamps)[:10] == "2026-11-02" and max(stamps)[:10] == "2026-11-11"
    assert dict(done) == {"ana": 4, "ben": 3, "chloe": 2}
    assert main(["--db", str(built), "agreement"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("token_alpha=0.") and "analysts=3 documents=4" in first


def test_two_builds_give_the_same_layers(built, tmp_path):
    again = _module().build_sample_team(tmp_path / "again.db")
    assert layers(again) == layers(built)


def test_the_script_refuses_to_overwrite_a_project(built):
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(built)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 2
    assert run.stderr.strip() == (
        f"scripts/sample_team.py: {built} already exists: give a new file name (or --force)"
    )
