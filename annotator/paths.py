"""Where the app keeps its files by default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def default_db() -> Path:
    """The project file used when ``--db`` is not given (``ANNOTATOR_DB`` overrides)."""
    env = os.environ.get("ANNOTATOR_DB")
    if env:
        return Path(env)
    return Path(user_data_dir("annotator", appauthor=False)) / "project.db"
