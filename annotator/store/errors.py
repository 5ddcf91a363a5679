"""What went wrong with the project file, as one sentence an analyst can act on.

SQLite says why a call failed in its error code; this is the one place that
turns those codes (and the operating system's) into sentences, so that a full
disk is never called "not an annotator project file".
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any


def db_errors() -> tuple[type[Exception], ...]:
    """What a database call can raise: sqlcipher3's exceptions do not subclass sqlite3's,
    so ``except sqlite3.Error`` alone would let an encrypted project's errors through.

    sqlcipher3 is imported only to open an encrypted project (start-up skips it); until
    then no call can raise its errors, so ``except db_errors():`` leaves them out.
    """
    cipher = sys.modules.get("sqlcipher3")
    return (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)


def __getattr__(name: str) -> Any:
    """``DB_ERRORS``, the whole tuple (imports sqlcipher3): prefer ``db_errors()``."""
    if name == "DB_ERRORS":
        import sqlcipher3

        return (sqlite3.Error, sqlcipher3.Error)
    raise AttributeError(name)


BUSY = "{path}: the project file is busy (another annotator is writing to it); try again"
_DENIED = (
    "{path}: permission denied; check the permissions of the file and its folder, or copy it"
    " to a folder you can write to"
)
_FULL = "{path}: the disk is full; free some space and try again (finished edits are stored)"

_BY_CODE = {
    "SQLITE_FULL": _FULL,
    "SQLITE_READONLY": "{path} cannot be written (the file or its folder is read-only: annotator"
    " writes the file and two beside it, -wal and -shm); check the permissions, or copy it to a"
    " folder you can write to",
    "SQLITE_CANTOPEN": "{path} cannot be opened; check that its folder exists and that you may"
    " read and write there",
    "SQLITE_PERM": _DENIED,
    "SQLITE_AUTH": _DENIED,
    "SQLITE_BUSY": BUSY,
    "SQLITE_LOCKED": BUSY,
    "SQLITE_NOTADB": "{path} is not an annotator project file (SQLite cannot read it)",
    "SQLITE_CORRUPT": "{path} is damaged; open a backup copy (such as a .bak-v file beside it)",
    "SQLITE_IOERR": "{path} could not be read or written (a disk or file system error); check"
    " the disk and try again",
    "SQLITE_NOMEM": "{path} could not be opened: out of memory",
}

_BY_ERRNO = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: _FULL,
    errno.EROFS: _BY_CODE["SQLITE_READONLY"],
    errno.EACCES: _DENIED,
    errno.EPERM: _DENIED,
}


#: Below this much free space an I/O error is taken to mean a full disk (SQLite reports a
#: full disk while it grows its shared-memory file as SQLITE_IOERR_SHMSIZE, not SQLITE_FULL).
NEARLY_FULL_BYTES = 1 << 20


def _disk_full(path: Path) -> bool:
    folder = path.parent if path.parent.exists() else Path.cwd()
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def _read_only(path: Path) -> bool:
    folder = path.parent if path.parent.exists() else Path.cwd()
    if not os.access(folder, os.W_OK):  # a read-only mount says no even to root
        return True
    return path.exists() and not os.access(path, os.W_OK)


def describe(exc: BaseException, path: str | Path) -> str:
    """A sentence naming the project file and what to do, for a SQLite or OS error."""
    if isinstance(exc, db_errors()):
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_IOERR") and _disk_full(Path(path)):
            name = "SQLITE_FULL"
        elif name.startswith("SQLITE_CANTOPEN") and _read_only(Path(path)):
            name = "SQLITE_READONLY"
        # extended codes (SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE...) share their base reason
        reason = _BY_CODE.get(name) or _BY_CODE.get("_".join(name.split("_", 2)[:2]))
        if reason is None and "database is locked" in str(exc):
            reason = BUSY
    elif isinstance(exc, OSError):
        reason = _BY_ERRNO.get(exc.errno or 0)
    else:
        reason = None
    return (reason or "{path} could not be used ({exc})").format(path=path, exc=exc)


#: Codes that say something about the file, the disk or another process, not about the data.
_ENVIRONMENT = (
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_IOERR",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_CORRUPT",
    "SQLITE_NOTADB",
)


def is_environmental(exc: BaseException) -> bool:
    """Whether an error is about the file or the disk (busy, full, read-only, damaged)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(_ENVIRONMENT)
