"""Draw docs/training.png: Tools > Train a model… after a short real training on the samples.

Usage: .venv/bin/python scripts/training_picture.py [OUT.png] [--epochs N]

The project is ``scripts/sample_team.py``'s (the project's own sample articles with
the sample analysts' labels). The dialog trains exactly as in the window — the
installed English pipeline's tok2vec fine-tuned, on its worker thread — on every
labelled article, and is drawn offscreen once the model is saved.
"""

from __future__ import annotations

import argparse
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
from annotator.ui.train_dialog import TrainDialog  # noqa: E402

DEADLINE_S = 600.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="training_picture")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "training.png")
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(["training_picture"])
    with tempfile.TemporaryDirectory(prefix="annotator-") as tmp:
        db = build_sample_team(Path(tmp) / "team.db")
        with Store(db) as store:
            dialog = TrainDialog(store, Path(tmp) / "team-model")
            dialog.status_choice.setCurrentIndex(dialog.status_choice.findData("all"))
            dialog.max_epochs.setValue(args.epochs)
            dialog.resize(760, 560)
            dialog.show()
            dialog.start()
            deadline = time.monotonic() + DEADLINE_S
            while dialog.result is None and time.monotonic() < deadline:
                if not dialog.running() and dialog.worker is not None:
                    app.processEvents()  # the last events of a thread that has ended
                    break
                app.processEvents()
                time.sleep(0.02)
            if dialog.result is None:
                print(f"training_picture: {dialog.message.text()}", file=sys.stderr)
                dialog.shutdown()
                return 1
            app.processEvents()
            image = dialog.grab().toImage()
            image.save(str(args.out), "PNG")
            text = dialog.message.text()
            dialog.close()
    print(f"wrote {args.out} ({image.width()}x{image.height()}): {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
