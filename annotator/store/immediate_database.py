"""sqlite-utils' ``Database`` whose outermost transactions take the write lock first.

Imported on a project's first write (``database.Database``), not at start-up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.store.errors import db_errors, describe, is_environmental
from annotator.store.lean_sqlite_utils import sqlite_utils
from annotator.store.store import StoreError


class ImmediateDatabase(sqlite_utils.Database):
    """sqlite-utils, but every outermost ``atomic()`` is ``BEGIN IMMEDIATE``.

    Taking the write lock first means that what a transaction reads (the hashes
    already stored, how far the search index goes) cannot change before it writes,
    and that it waits its turn behind another process instead of failing.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        # no sqlite-utils plugins: none is used, and looking for them read every installed
        # package's metadata on each open (~50 ms) and could run foreign code;
        # recursive triggers are already on (database.Database sets them at open)
        super().__init__(conn, execute_plugins=False, recursive_triggers=False)
        self.path = path

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        try:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                yield self
            except BaseException:  # also an interrupt between BEGIN and the body
                self.rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise
        except db_errors() as exc:
            if is_environmental(exc):  # busy, full, read-only: say so, naming the file
                raise StoreError(describe(exc, self.path)) from exc
            raise
