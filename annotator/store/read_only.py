"""Opening a project that cannot be written: a read-only share, a CD, a locked folder.

A command that only reads (list, stats, export, agreement, claims list/rank) should
work there. SQLite opens such a file with ``mode=ro``; a WAL project also needs its
``-shm`` beside it, which a read-only folder cannot hold unless a writer left it there.
Then ``immutable=1`` reads the file alone, trusting that nobody changes it meanwhile (on
a read-only share nobody can, through this mount). A ``-wal`` left without its ``-shm``
would be ignored by ``immutable``, so that case is said, not hidden.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from annotator.store import encryption
from annotator.store.database import Database
from annotator.store.errors import db_errors, describe
from annotator.store.migrations import LATEST
from annotator.store.store import BUSY_TIMEOUT_S, Store, StoreError


def cannot_write(path: Path) -> bool:
    """Whether the project or its folder refuses writes (a read-only mount refuses root)."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return True
    return path.exists() and not os.access(path, os.W_OK)


def open_project(path: Path, *, reading: bool, passphrase: str | None = None) -> Store:
    """The project for a command; one that only reads (``reading``) opens a missing file as
    an error, and a file it cannot write read-only instead."""
    if not reading:
        return Store(path, passphrase=passphrase)
    try:
        return Store(path, create=False, passphrase=passphrase)
    except (StoreError, *db_errors()):  # check_key's read of an encrypted file is not wrapped
        if not (path.is_file() and cannot_write(path)):
            raise
    return ReadOnlyStore(path, passphrase=passphrase)


def _uri(path: Path, immutable: bool) -> str:
    flag = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"file:{quote(str(path.absolute()))}?{flag}"


class ReadOnlyStore(Store):
    """A ``Store`` whose connection only reads; a write fails as "cannot be written"."""

    def __init__(self, path: str | Path, *, passphrase: str | None = None) -> None:
        self.path = Path(path)
        self._passphrase = passphrase
        last: BaseException | None = None
        for immutable in (False, True):
            conn = None
            try:
                conn = self._connect(immutable)
                if passphrase is not None:
                    encryption.check_key(conn, self.path)
                version = conn.execute("PRAGMA user_version").fetchone()[0]
            except encryption.EncryptionError as exc:
                if conn is not None:
                    conn.close()
                raise StoreError(str(exc)) from None
            except db_errors() as exc:
                if conn is not None:
                    conn.close()
                last = exc
                continue
            if immutable and _wal_left(self.path):
                conn.close()
                raise StoreError(
                    f"{self.path} cannot be read here: its {self.path.name}-wal holds recent"
                    f" edits but its {self.path.name}-shm is missing and this folder is"
                    " read-only; copy the three files to a folder you can write to"
                )
            break
        else:
            assert last is not None
            raise StoreError(describe(last, self.path)) from last
        if version != LATEST:
            conn.close()
            raise StoreError(
                f"{self.path} is read-only here and needs updating (schema {version}, this"
                f" annotator uses {LATEST}); open it once where it can be written, or copy it"
                " to a folder you can write to"
            )
        self.db = Database(conn, self.path)

    def _connect(self, immutable: bool) -> sqlite3.Connection:
        uri = _uri(self.path, immutable)
        if self._passphrase is None:
            return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        import sqlcipher3

        conn = sqlcipher3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:  # as encryption.connect: quiet about a wrong key, keyed before the first read
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = {encryption._literal(self._passphrase)}")
        except BaseException:
            conn.close()
            raise
        return conn  # type: ignore[no-any-return]


def _wal_left(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return wal.exists() and wal.stat().st_size > 0 and not Path(f"{path}-shm").exists()
