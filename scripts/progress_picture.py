"""Draw docs/progress.png: Tools > Team progress… on the sample team project, 1280×800.

Usage: .venv/bin/python scripts/progress_picture.py [OUT.png]

The project is ``scripts/sample_team.py``'s: the project's own sample articles
labelled by ana, ben and chloe over ten days. The view is drawn offscreen once the
agreement is computed (on its worker thread, as in the window).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from sample_team import build_sample_team  # noqa: E402

from annotator.store import Store  # noqa: E402
from annotator.ui.progress_view import ProgressView  # noqa: E402

DEADLINE_S = 300.0


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "progress.png"
    app = QApplication.instance() or QApplication(["progress_picture"])
    with tempfile.TemporaryDirectory() as tmp:
        db = build_sample_team(Path(tmp) / "team.db")
        with Store(db) as store:
            view = ProgressView(store)
            view.resize(1280, 800)
            view.show()
            view.start()
            deadline = time.monotonic() + DEADLINE_S
            while view.panel.report is None and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.02)
            if view.panel.report is None:
                print("progress_picture: the agreement did not finish in time", file=sys.stderr)
                return 1
            view.worker.wait(30_000)
            app.processEvents()
            image = view.grab().toImage()
            image.save(str(out), "PNG")
            view.close()
    print(f"wrote {out} ({image.width()}x{image.height()}): {view.panel.heading.text()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
