"""Where an import keeps a file's parsed documents until they all join the project at once.

A large file is read in batches; each batch is written here, not to the project, so
the project's write lock is taken only for the final step (``commit_staged``), and a
file that fails or an import that is killed half-way leaves the project as it was.
The staging file is a scratch SQLite file beside the project (same disk, same room),
removed when the file is done; one left by a killed import is removed by the next.
For an encrypted project it is an SQLCipher file under a random key that is never
written anywhere, so no article text reaches the disk in clear.
"""

from __future__ import annotations

import os
import pickle
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.rows import AddResult

#: A batch ends at this many documents or characters of text, whichever comes first:
#: a few megabytes, and one ``add_documents`` call each in the final transaction.
BATCH = 2000
BATCH_CHARS = 2_000_000


class Staging:
    """Batches of parsed documents for one file, in a scratch file beside the project."""

    def __init__(self, project: Path, encrypted: bool = False) -> None:
        clear_stale(project)
        self.path = project.with_name(
            f".{project.name}.import-{os.getpid()}-{secrets.token_hex(4)}.staging"
        )
        self.conn: Any
        if encrypted:
            from annotator.store import encryption

            self.conn = encryption.connect(
                self.path, secrets.token_hex(32), timeout=5.0, isolation_level=None
            )
        else:
            self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = OFF")  # scratch: a crash discards it anyway
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("CREATE TABLE batches (n INTEGER PRIMARY KEY, docs BLOB NOT NULL)")
        self._batch: list[ParsedDocument] = []
        self._chars = 0
        self.count = 0

    def add(self, doc: ParsedDocument) -> None:
        self._batch.append(doc)
        self.count += 1
        self._chars += len(doc.text)
        if len(self._batch) >= BATCH or self._chars >= BATCH_CHARS:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            # pickled by this process, read back only by it: never a file from elsewhere
            data = pickle.dumps(self._batch, protocol=pickle.HIGHEST_PROTOCOL)
            self.conn.execute("INSERT INTO batches (docs) VALUES (?)", [data])
            self._batch, self._chars = [], 0

    def batches(self) -> Iterator[list[ParsedDocument]]:
        """The staged documents, a batch at a time, in the order they were added."""
        self._flush()
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
        """Close and remove the scratch file."""
        self.conn.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def commit_staged(store: Store, staging: Staging) -> tuple[int, AddResult]:
    """Add every staged document to the project in one transaction (batch by batch within
    it, with the duplicate rules of one ``add_documents`` call over the whole file).

    Returns how many documents were added, and what else happened (``ids`` left empty:
    a million of them would be the largest thing the import holds).
    """
    total = AddResult(ids=[], duplicates=0)
    added_count = 0
    updated: set[int] = set()
    first: int | None = None
    with store.db.atomic():
        for batch in staging.batches():
            added = store.add_documents(batch, batch_from=first)
            if first is None and added.ids:
                first = added.ids[0]
            added_count += len(added.ids)
            total.duplicates += added.duplicates
            updated.update(added.updated)
            total.layers += added.layers
            total.spans += added.spans
            total.relations += added.relations
    total.updated = sorted(updated)
    return added_count, total


def clear_stale(project: Path) -> None:
    """Remove scratch files that killed imports of this project left behind."""
    for path in project.parent.glob(f".{project.name}.import-*.staging"):
        pid = path.name.removeprefix(f".{project.name}.import-").split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
