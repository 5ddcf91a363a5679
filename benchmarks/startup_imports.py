"""What start-up imports before the window's first paint, and what each import costs.

Usage: python benchmarks/startup_imports.py [--top N] [--runs R]   (default 25 and 5)

Runs ``python -X importtime -m annotator --db P open --quit-after 0`` R times, offscreen,
on the sample articles, and keeps only the modules loaded when the window was first
painted (``ANNOTATOR_FIRST_PAINT_REPORT``, ui/first_paint.py). ``-X importtime`` counts
each import, so it says where start-up goes; its times are clock times, which a busy
machine inflates now and then, so each module's figure is its minimum over the runs.
Prints one ``name=value`` a line:
    first_paint_modules=N        modules in ``sys.modules`` at the first paint
    first_paint_import_ms=X      the sum of their own import times (importtime's "self")
    top_cumulative=MS NAME       the N imports that took longest, their children included
    top_self=MS NAME             the N modules whose own body took longest (for PySide's
                                 lazily built classes and enums, the module that first
                                 named them pays)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples"


def importtime_rows(stderr: str) -> list[tuple[int, int, str]]:
    """(self µs, cumulative µs, indented name) for each line ``-X importtime`` wrote."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.split(":", 1)[1].split("|")
        rows.append((int(own), int(cumulative), name.rstrip()))
    return rows


def main() -> int:
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 25
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    from annotator.io.importer import import_paths
    from annotator.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db, report = Path(tmp) / "samples.db", Path(tmp) / "first-paint.json"
        with Store(db) as store:
            import_paths(store, sorted(SAMPLES.glob("*.txt")))
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "ANNOTATOR_ANALYST": os.environ.get("ANNOTATOR_ANALYST", "bench"),
            "ANNOTATOR_FIRST_PAINT_REPORT": str(report),
        }
        command = [sys.executable, "-X", "importtime", "-m", "annotator", "--db", str(db)]
        best: dict[str, tuple[int, int, str]] = {}
        for _ in range(runs):
            done = subprocess.run(
                [*command, "open", "--quit-after", "0"],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=True,
            )
            loaded = set(json.loads(report.read_text(encoding="utf-8"))["modules"])
            for own, cumulative, name in importtime_rows(done.stderr):
                key = name.strip()
                if key in loaded:
                    was = best.get(key, (own, cumulative, name))
                    best[key] = (min(own, was[0]), min(cumulative, was[1]), name)
    rows = list(best.values())
    print(f"first_paint_modules={len(loaded)}")
    print(f"first_paint_import_ms={sum(own for own, _, _ in rows) / 1000:.0f}")
    for _, cumulative, name in sorted(rows, key=lambda row: -row[1])[:top]:
        print(f"top_cumulative={cumulative / 1000:.1f} {name.strip()}")
    for own, _, name in sorted(rows, key=lambda row: -row[0])[:top]:
        print(f"top_self={own / 1000:.1f} {name.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
