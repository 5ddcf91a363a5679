"""What goes wrong while reading a file, said so an analyst can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True, frozen=True)
class Problem:
    """Something in a file that was skipped (or the whole file, when ``line`` is None)."""

    path: Path
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        path = str(self.path)  # a name that is not UTF-8 must still print
        path = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in path)
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {self.reason}"


class UnreadableFile(Exception):
    """The whole file was refused: binary, missing, not readable or not understood."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
