"""Who is annotating: asked once, remembered for this user, stored on every edit."""

from __future__ import annotations

import getpass
import os

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QWidget

KEY = "analyst"


def system_user() -> str:
    """The login name, or 'analyst' where there is none."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def resolve_analyst(parent: QWidget | None = None, ask: bool = True) -> str:
    """``ANNOTATOR_ANALYST``, else the remembered name, else ask once (default: the login)."""
    name = os.environ.get("ANNOTATOR_ANALYST")
    if name:
        return name
    settings = QSettings("annotator", "annotator")
    stored = settings.value(KEY)
    if isinstance(stored, str) and stored:
        return stored
    name = system_user()
    if ask:
        text, ok = QInputDialog.getText(
            parent,
            "Who is annotating?",
            "Your name is stored on every span and relation you make:",
            text=name,
        )
        if ok and text.strip():
            name = text.strip()
    settings.setValue(KEY, name)
    return name
