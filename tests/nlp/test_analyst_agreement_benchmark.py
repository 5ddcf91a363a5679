"""`attribution_eval.py --analysts`: analysts scored against each other, the model's yardstick."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Alice said that the plan works."


def _ann(path: Path, cue: tuple[int, int], claim: tuple[int, int]) -> None:
    path.write_text(
        f"T1\tSource 0 5\t{TEXT[0:5]}\n"
        f"T2\tCue {cue[0]} {cue[1]}\t{TEXT[cue[0] : cue[1]]}\n"
        f"T3\tContent {claim[0]} {claim[1]}\t{TEXT[claim[0] : claim[1]]}\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )


def test_analysts_are_scored_against_each_other_on_shared_articles(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name in ("shared", "alone"):
        (tmp_path / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    # two analysts differ on one word: "that" is CUE for one, CLAIM for the other
    _ann(tmp_path / "attributions" / "shared_a.ann", (6, 10), (11, 31))
    _ann(tmp_path / "attributions" / "shared_b.ann", (6, 15), (16, 31))
    # an article one analyst labelled has nobody to agree with: not counted
    _ann(tmp_path / "attributions" / "alone_a.ann", (6, 10), (16, 31))
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "attribution_eval.py"),
            "--analysts",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "SOURCE analysts_token_f1=1.00 articles=1 pairs=1",
        "CUE analysts_token_f1=0.67 articles=1 pairs=1",  # 1 shared word, 1 not: 2/3
        "CLAIM analysts_token_f1=0.89 articles=1 pairs=1",  # 4 shared, 1 not: 8/9
    ]
