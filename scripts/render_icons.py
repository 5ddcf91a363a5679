"""Render resources/icon.svg to the PNG sizes desktops ask for (run after editing the SVG).

Usage: .venv/bin/python scripts/render_icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SIZES = (32, 48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication([])
    renderer = QSvgRenderer(str(RESOURCES / "icon.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(RESOURCES / f"icon-{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
