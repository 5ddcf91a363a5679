"""Grab the main window on the sample articles to docs/screenshot.png (offscreen).

Usage: .venv/bin/python scripts/screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store
from annotator.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "shot.db") as store:
        import_paths(store, [ROOT / "resources" / "samples" / "wire-dump.txt"])
        preannotate(store, *load_entity_pipeline())
        window = MainWindow(store, preannotate=False)
        window.resize(1280, 760)
        window.show()
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
