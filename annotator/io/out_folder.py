"""Whether a file can be written where a command is told to put it, asked before the work.

SQLite (``decrypt``) and Qt (``open --screenshot``) say only "cannot open" when the folder
of the output is missing or read-only, and SQLite names the database it was working on,
not the file it could not create. Trying a temporary file in that folder first gets the
operating system's own reason, said about the right path.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from annotator.io.safe_paths import TEMP_PREFIX, describe_os_error


def out_problem(out: Path, option: str = "--out") -> str | None:
    """Why ``out`` cannot be written (its folder missing, read-only, full…), or None.

    ``option`` is how the user named the path, so the sentence says what to change.
    """
    folder = out.parent
    try:
        if not folder.is_dir():
            if folder.exists() or folder.is_symlink():
                return f"cannot write {out}: {folder} is not a folder; choose another {option}"
            return (
                f"cannot write {out}: the folder {folder} does not exist; create it, or"
                f" choose another {option}"
            )
        with tempfile.NamedTemporaryFile(prefix=TEMP_PREFIX, dir=folder):
            pass
    except OSError as exc:
        said = describe_os_error(exc, out)
        if said.endswith(("folder", "write to")):
            return f"{said} for {option}"
        return f"{said} ({option})"
    return None


def missing_folder(out: Path) -> Path | None:
    """The outermost folder above ``out`` that does not exist yet (the one a write creates)."""
    missing = None
    for folder in out.parents:
        try:
            if folder.exists():
                break
        except OSError:
            break
        missing = folder
    return missing


def created_note(missing: Path | None, out: Path) -> str | None:
    """The note once a write made ``missing``; exports and plots say it alike, so that a typo
    in a folder name is seen rather than quietly made."""
    if missing is None or not missing.is_dir():
        return None
    return f"note: created the folder {missing} for {out}"
