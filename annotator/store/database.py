"""The project's connection: sqlite-utils for every write, imported on the first one.

Importing ``sqlite_utils`` costs 110–170 ms here (it pulls in click, dateutil and
pluggy), a quarter of the time the window may take to appear (#18). Opening a
project and showing its first article only reads, and a read through
sqlite-utils' ``execute`` is exactly ``conn.execute``; so ``Database`` runs
``SELECT`` and ``PRAGMA`` statements on the connection itself until something
needs sqlite-utils (a write, ``atomic()``, a table object), then builds the
sqlite-utils database on the same connection and hands everything to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

#: Statements that never open a transaction: sqlite-utils would run them as they are.
_READS = ("select", "pragma")


def import_writer() -> None:
    """Import sqlite-utils now (on a worker thread), so no write waits for it later."""
    import annotator.store.immediate_database  # noqa: F401


def _is_read(sql: str) -> bool:
    return sql.lstrip()[:6].lower() in _READS


class Database:
    """``conn`` and the reads of sqlite-utils' ``Database`` without importing it; the rest is it.

    Every attribute this class does not define (``register_function``, ``db["t"]``,
    ``attach``…) comes from the sqlite-utils database, built on first use.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._utils: sqlite_utils.Database | None = None
        self.closed = False
        # what sqlite-utils' constructor sets, set now so that it holds from the first read
        conn.execute("PRAGMA recursive_triggers=on;")

    @property
    def utils(self) -> sqlite_utils.Database:
        """The sqlite-utils database on this connection (its import paid here, once)."""
        if self._utils is None:
            from annotator.store.immediate_database import ImmediateDatabase

            self._utils = ImmediateDatabase(self.conn, self.path)
        return self._utils

    def execute(self, sql: str, parameters: Sequence | dict[str, Any] | None = None) -> Any:
        """sqlite-utils' ``execute``: a write outside a transaction is committed at once."""
        if self._utils is None and _is_read(sql):
            return (
                self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)
            )
        return self.utils.execute(sql, parameters)

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """One transaction taking the write lock first (``ImmediateDatabase.atomic``)."""
        with self.utils.atomic() as db:
            yield db

    def table_names(self) -> list[str]:
        """The tables in the file, as sqlite-utils lists them."""
        return [row[0] for row in self.conn.execute(_TABLES)]

    def enable_wal(self) -> None:
        """Write-ahead logging on (sqlite-utils switches it when it is not on already)."""
        if self.conn.execute("PRAGMA journal_mode;").fetchone()[0] != "wal":
            self.utils.enable_wal()

    def close(self) -> None:
        self.closed = True
        self.conn.close()

    def __getitem__(self, table: str) -> Any:
        return self.utils[table]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("conn", "path", "_utils", "closed"):
            raise AttributeError(name)
        return getattr(self.utils, name)


_TABLES = "select name from sqlite_master where type = 'table'"
