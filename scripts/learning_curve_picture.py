"""Draw docs/learning-curve.png from ``benchmarks/learning_curve.py``'s printed lines.

Usage: .venv/bin/python benchmarks/learning_curve.py … | tee curve.txt
       .venv/bin/python scripts/learning_curve_picture.py curve.txt [OUT.png]

Token F1 per label against the number of labelled articles trained on, with the
rules' F1 on the same dev articles as dashed lines: where a line crosses its
dashed twin, the team's model beats the rules for that label.
"""

from __future__ import annotations

import math
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("SOURCE", "CUE", "CLAIM")
COLOURS = {"SOURCE": "#e69f00", "CUE": "#cc79a7", "CLAIM": "#009e73"}  # the labels' own


Point = tuple[int, dict[str, float], str]


def read_lines(text: str) -> tuple[dict[str, float], list[Point]]:
    """The rules' F1 and (articles, F1 per label, minutes) per size, from the printed lines."""
    rules: dict[str, float] = {}
    points = []
    for line in text.splitlines():
        f1 = {m[1]: float(m[2]) for m in re.finditer(r"(\w+)_f1=([\d.]+)", line)}
        if line.startswith("rules"):
            rules = f1
        elif (size := re.match(r"train_articles=(\d+)", line)) and f1:
            minutes = re.search(r"minutes=([\d.]+)", line)
            points.append((int(size[1]), f1, minutes[1] if minutes else "?"))
    return rules, sorted(points, key=lambda p: p[0])


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rules, points = read_lines(Path(argv[0]).read_text(encoding="utf-8"))
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "learning-curve.png"
    app = QApplication.instance() or QApplication(["learning_curve_picture"])
    from annotator.ui import charts

    pg = charts.pyqtgraph()
    area = charts.chart_area()
    area.resize(760, 420)
    title = "Token F1 on polnear-dev by articles trained on"
    plot = charts.add_chart(area, title, "labelled articles (time cap)", "F1", row=0, col=0)
    xs = [n for n, _, _ in points]
    for role in ROLES:
        pen = pg.mkPen(COLOURS[role], width=2.5)
        plot.plot(
            xs,
            [f1[role] for _, f1, _ in points],
            name=f"{role} model",
            pen=pen,
            symbol="o",
            symbolSize=7,
            symbolBrush=COLOURS[role],
            symbolPen=pg.mkPen("w"),
        )
        if role in rules:
            dashed = pg.mkPen(COLOURS[role], width=1.5, style=Qt.PenStyle.DashLine)
            plot.plot([min(xs), max(xs)], [rules[role]] * 2, name=f"{role} rules", pen=dashed)
    plot.setLogMode(x=True, y=False)
    ticks = [(math.log10(n), f"{n} ({minutes} min)") for n, _, minutes in points]
    plot.getAxis("bottom").setTicks([ticks])
    # room either side, so the first and last tick labels are drawn
    plot.setXRange(math.log10(min(xs)) - 0.15, math.log10(max(xs)) + 0.2, padding=0)
    lowest = min(min(f1.values()) for _, f1, _ in points)
    plot.setYRange(min(0.3, math.floor(lowest * 10) / 10), 1.0, padding=0)
    area.show()
    app.processEvents()
    area.grab().save(str(out), "PNG")
    print(f"wrote {out}: {len(points)} sizes, rules {rules}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
