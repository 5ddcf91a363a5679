"""A large file's batches, stored in the project out of sight until they all join at once.

A large file is read in batches; each batch is stored in the project in its own short
transaction, hidden (``store.pending_imports``), so rows, search index and duplicate
checks are done while the file is read, and the final step (``commit_staged``) only
shows them: a few rows written, not a million, so the window's edits never wait long.
A file that fails, or an import that is killed half-way, leaves the project reading as
it was; its hidden rows are deleted then, or by the next import.

The annotations a batch brings (spans, relations, statuses, claims: rare in a large
file) are stored at the join, with the rows they belong to shown; until then they wait
in a scratch SQLite file beside the project (same disk, same room), removed when the
file is done; one left by a killed import is removed by the next. For an encrypted
project it is an SQLCipher file under a random key that is never written anywhere, so
no article text reaches the disk in clear.
"""

from __future__ import annotations

import pickle
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.pending_imports import (
    Deferred,
    PendingImport,
    clear_scratch,
    scratch_name,
)
from annotator.store.rows import AddResult

#: A batch ends at this many documents or characters of text, whichever comes first: one
#: transaction each, which an edit in the window may wait for (about 0.5 s at 500,000
#: characters on a loaded 2-core laptop, 2 s at 2,000,000; the commits cost little).
BATCH = 500
BATCH_CHARS = 500_000


class Staging:
    """One file's import in flight: batches stored hidden, annotations kept for the join."""

    def __init__(self, store: Store) -> None:
        clear_stale(store.path)
        self.store = store
        self.path = store.path.with_name(scratch_name(store.path))
        self.conn: Any = None  # the scratch file, opened for the first annotations
        self.pending = PendingImport(store)
        self._batch: list[ParsedDocument] = []
        self._chars = 0
        self.count = 0  # documents read
        self.added = 0  # documents stored (hidden until the join)
        self.result = AddResult(ids=[], duplicates=0)

    def add(self, doc: ParsedDocument) -> None:
        self._batch.append(doc)
        self.count += 1
        self._chars += len(doc.text)
        if len(self._batch) >= BATCH or self._chars >= BATCH_CHARS:
            self.flush()

    def flush(self) -> None:
        """Store the batch read so far (hidden), in its own short transaction."""
        if not self._batch:
            return
        deferred: Deferred = []
        added = self.pending.add(self._batch, deferred)
        self._batch, self._chars = [], 0
        self.added += len(added.ids)
        self.result.duplicates += added.duplicates
        if deferred:
            # pickled by this process, read back only by it: never a file from elsewhere
            data = pickle.dumps(deferred, protocol=pickle.HIGHEST_PROTOCOL)
            self._scratch().execute("INSERT INTO batches (docs) VALUES (?)", [data])

    def _scratch(self) -> Any:
        if self.conn is None:
            if self.store.encrypted:
                from annotator.store import encryption

                self.conn = encryption.connect(
                    self.path, secrets.token_hex(32), timeout=5.0, isolation_level=None
                )
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode = OFF")  # scratch: a crash discards it
            self.conn.execute("PRAGMA synchronous = OFF")
            self.conn.execute("CREATE TABLE batches (n INTEGER PRIMARY KEY, docs BLOB NOT NULL)")
        return self.conn

    def deferred(self) -> Iterator[Deferred]:
        """The annotations kept for the join, a batch at a time, in the order read."""
        if self.conn is None:
            return
        last = 0
        while True:
            row = self.conn.execute(
                "SELECT n, docs FROM batches WHERE n > ? ORDER BY n LIMIT 1", [last]
            ).fetchone()
            if row is None:
                return
            last = row[0]
            yield pickle.loads(row[1])  # written above by this process

    def close(self) -> None:
        """Drop what did not join (hidden rows, scratch file)."""
        try:
            self.pending.abort()  # nothing when it joined
        finally:
            if self.conn is not None:
                self.conn.close()
            self.path.unlink(missing_ok=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def commit_staged(store: Store, staging: Staging) -> tuple[int, AddResult]:
    """Show every document of the file at once (the join), with its annotations.

    Returns how many documents were added, and what else happened (``ids`` left empty:
    a million of them would be the largest thing the import holds).
    """
    staging.flush()
    joined = staging.pending.join(staging.deferred())
    total = staging.result
    total.updated = sorted(set(joined.updated))
    total.layers, total.spans, total.relations = joined.layers, joined.spans, joined.relations
    return staging.added, total


def clear_stale(project: Path) -> None:
    """Remove scratch files that killed imports of this project left behind."""
    clear_scratch(project)
