"""The idle-lock setting (#19): how many minutes without input before the window locks.

Kept free of Qt so that ``annotator config lock-after`` reads and checks it
without loading the window.
"""

from __future__ import annotations

#: Minutes without input before the window locks (0: never). A project setting.
LOCK_SETTING = "security.lock_after_minutes"
#: Off for plain projects (the file is readable anyway), ten minutes for encrypted ones.
DEFAULT_ENCRYPTED_MINUTES = 10


def minutes_from(value: str | None, encrypted: bool) -> int:
    """The stored setting, else the default for a plain or an encrypted project."""
    if value is not None and value.isdigit():
        return int(value)
    return DEFAULT_ENCRYPTED_MINUTES if encrypted else 0


def parse_minutes(value: str) -> int:
    """``annotator config lock-after MINUTES``: a whole number, 0 for never."""
    if not value.strip().isdigit():
        raise ValueError(f"lock-after takes a whole number of minutes (0: never), not {value!r}")
    return int(value.strip())
