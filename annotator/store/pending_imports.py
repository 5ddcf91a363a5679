"""A large import stored batch by batch, out of sight, then shown at once by a short join.

Each batch of a large file is stored in its own short transaction: rows, search index
and de-duplication happen then, and its range of ids is noted in ``pending_batches``
(schema 9). Until the import joins, every reader leaves those rows out (``visible``),
and ``document_totals`` does not count them (each batch takes back what the triggers
added). The join deletes the import's ``pending_imports`` row and adds its counts to the
totals: a few rows, whatever the file's size, so an analyst's edit never waits long
behind an import (its ranges, which no longer hide anything, are removed by the next).
An import that is killed leaves rows nobody sees; the next open of the project (for half a
second at most: ``clear_dead_on_open``) and the next import delete them, a batch per
transaction, then its ``pending_imports`` row.

Every query that lists, counts or searches ``documents`` adds ``visible`` (the list and
search, ids and counts, ``stats``, exports and agreement through ``document_ids``, team
progress, claim ranking, preannotation and suggestion selection, merge de-duplication,
a project read as a merge source). A query that reaches documents through spans,
relations, statuses or claim members needs none: hidden rows carry none until the join.

A text held only by another import in flight is not a duplicate (that import may yet
be killed): it is stored again, and both copies stay if both imports finish.
"""

from __future__ import annotations

import glob
import os
import secrets
import socket
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import ParsedDocument
from annotator.store.errors import db_errors
from annotator.store.rows import AddResult, now

if TYPE_CHECKING:
    from annotator.store.store import Store

#: (id, document, already stored): annotations a batch brought, stored at the join.
Deferred = list[tuple[int, ParsedDocument, bool]]

_LIVE = "SELECT id FROM pending_imports"
#: How long opening a project may spend clearing a killed import's rows (a batch at a time).
OPEN_BUDGET_S = 0.5
_LIVE_BATCHES = f"pending_batches WHERE import_id IN ({_LIVE})"
_NO_ID = 2**63 - 1  # above every id: an import in flight with no batch yet hides nothing
#: The documents shown between the first and last hidden range: those in the gaps
#: between consecutive ranges of imports in flight.
_IN_GAPS = (
    "SELECT shown.id FROM (SELECT prev + 1 AS lo, first_id - 1 AS hi FROM"
    " (SELECT first_id, lag(last_id) OVER (ORDER BY first_id) AS prev"
    f" FROM {_LIVE_BATCHES}) WHERE first_id > prev + 1) gap"
    " JOIN documents shown ON shown.id BETWEEN gap.lo AND gap.hi"
)


def _batch_of(id_sql: str, column: str) -> str:
    """SQL: ``column`` of the pending batch whose range holds the id (NULL when none)."""
    return (
        f"(SELECT CASE WHEN pb.last_id >= {id_sql} THEN pb.{column} END"
        f" FROM pending_batches pb WHERE pb.first_id <= {id_sql}"
        " ORDER BY pb.first_id DESC LIMIT 1)"
    )


def visible(id_sql: str) -> str:
    """SQL that is true when the document with id ``id_sql`` is shown.

    It reads only the id, which every index of ``documents`` and the search index's
    rowid hold, so a list or search keeps its index. Every subquery is uncorrelated, so
    SQLite runs each once per statement, not once per row: with no import in flight the
    first term decides; ids below or above the hidden ranges are two comparisons; inside
    them, the few ids shown (in the gaps between an import's batches: another import's
    rows) are one set, read once. A hidden row costs three comparisons and a lookup in
    that set — no probe of ``pending_batches`` per row, which made a project holding
    only an import in flight list its 675,000 hidden rows in 1.8 s.
    """
    return (
        f"(NOT EXISTS ({_LIVE})"
        f" OR {id_sql} < coalesce((SELECT min(first_id) FROM {_LIVE_BATCHES}), {_NO_ID})"
        f" OR {id_sql} > (SELECT max(last_id) FROM {_LIVE_BATCHES})"
        f" OR {id_sql} IN ({_IN_GAPS}))"
    )


def seen_by(id_sql: str, import_id: int | None) -> str:
    """``visible``, and for an import in flight also its own hidden rows."""
    if import_id is None:
        return visible(id_sql)
    return f"({visible(id_sql)} OR {_batch_of(id_sql, 'import_id')} = {int(import_id)})"


def and_visible(where: str, id_sql: str) -> str:
    """A ``WHERE`` clause (or "") with the visibility test added."""
    return f"{where} AND {visible(id_sql)}" if where else f" WHERE {visible(id_sql)}"


class PendingImport:
    """One import in flight: ``add`` each batch, then ``join`` (or ``abort``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        clear_dead(store)
        with store.db.atomic():
            cur = store.db.execute(
                "INSERT INTO pending_imports (pid, host, started_at) VALUES (?, ?, ?)",
                [os.getpid(), socket.gethostname(), now()],
            )
        self.id = int(cur.lastrowid or 0)
        self.first: int | None = None
        self.finished = False
        self._deferred: Deferred = []

    def add(self, docs: Iterable[ParsedDocument], deferred: Deferred | None = None) -> AddResult:
        """Store one batch, hidden, in its own transaction; its annotations go to
        ``deferred`` (kept here when not given) for the join."""
        db = self.store.db
        out = self._deferred if deferred is None else deferred
        with db.atomic():
            before = _totals(self.store)
            added = self.store.add_documents(
                docs, batch_from=self.first, import_id=self.id, deferred=out
            )
            if added.ids:
                first, last = added.ids[0], added.ids[-1]
                assert last - first + 1 == len(added.ids)  # one range: ids given in order
                self.first = first if self.first is None else self.first
                after = _totals(self.store)
                count, words = after[0] - before[0], after[1] - before[1]
                _add_totals(self.store, -count, -words)
                db.execute(
                    "INSERT INTO pending_batches (first_id, last_id, import_id, documents, words)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [first, last, self.id, count, words],
                )
                db.execute(
                    "UPDATE pending_imports SET documents = documents + ?, words = words + ?"
                    " WHERE id = ?",
                    [count, words, self.id],
                )
        return added

    def join(self, deferred: Iterable[Deferred] | None = None) -> AddResult:
        """Show every row of the import at once, with the annotations it brought.

        One transaction that writes a few rows (plus the annotations, if the file had
        any): not one per document. ``deferred``: the batches ``add`` was given.
        """
        result = AddResult(ids=[], duplicates=0)
        db = self.store.db
        with db.atomic():
            row = db.execute(
                "SELECT documents, words FROM pending_imports WHERE id = ?", [self.id]
            ).fetchone()
            if row is None:
                raise RuntimeError("this import's rows were cleared as abandoned; import again")
            stamp = now()
            for batch in [self._deferred] if deferred is None else deferred:
                for doc_id, doc, existing in batch:
                    self.store._add_annotations(doc_id, doc, existing, stamp, result)
                    if doc.claims:  # after the spans, which members name by uid
                        self.store.import_claims(doc_id, doc.claims)
            _add_totals(self.store, row[0], row[1])
            db.execute("DELETE FROM pending_imports WHERE id = ?", [self.id])
        self.finished = True
        self._deferred = []
        return result

    def abort(self) -> int:
        """Mark the import abandoned at once, then delete its rows; returns how many.

        Interrupted while deleting, the rows stay hidden and the next import clears them.
        """
        if self.finished:
            return 0
        self.finished = True
        with self.store.db.atomic():
            self.store.db.execute("UPDATE pending_imports SET pid = 0 WHERE id = ?", [self.id])
        return _clear(self.store, self.id)


def clear_dead(store: Store, deadline: float | None = None) -> int:
    """Delete the rows of imports that were killed or abandoned; returns how many.

    An import is dead when it was abandoned (pid 0) or its process, on this machine, is
    gone; one from another machine is left alone (its process cannot be seen from here).
    ``deadline`` (``time.monotonic``): stop after the batch that passes it; the rest stays
    hidden for the next call.
    """
    db = store.db
    removed = 0
    for import_id in _dead(store):
        removed += _clear(store, import_id, deadline)
        if deadline is not None and time.monotonic() > deadline:
            return removed
    with db.atomic():  # a joined import's ranges say nothing more (left by the join: O(1))
        db.execute(f"DELETE FROM pending_batches WHERE import_id NOT IN ({_LIVE})")
    return removed


def clear_dead_on_open(store: Store) -> int:
    """When a project opens: the rows and scratch files of imports that were killed, cleared
    for at most ``OPEN_BUDGET_S`` (the rest by the next open, or the next import).

    The usual open costs one read of the (empty) ``pending_imports``. A project that cannot
    be written here, or is busy, is left as it is: the rows are hidden either way.
    """
    from annotator.store.store import StoreError  # (store.py imports this module)

    try:
        if not _dead(store):
            return 0
        clear_scratch(store.path)
        return clear_dead(store, time.monotonic() + OPEN_BUDGET_S)
    except (StoreError, *db_errors(), OSError):
        return 0


def _dead(store: Store) -> list[int]:
    host = socket.gethostname()
    rows = store.db.execute("SELECT id, pid, host FROM pending_imports ORDER BY id").fetchall()
    return [
        import_id
        for import_id, pid, where in rows
        if pid == 0 or (where == host and not process_alive(int(pid)))
    ]


def scratch_name(project: Path) -> str:
    """The name of a new scratch file for an import of ``project`` by this process."""
    return f".{project.name}.import-{os.getpid()}-{secrets.token_hex(4)}.staging"


def clear_scratch(project: Path) -> None:
    """Remove scratch files that killed imports of this project left behind."""
    for path in project.parent.glob(f".{glob.escape(project.name)}.import-*.staging"):
        pid = path.name.removeprefix(f".{project.name}.import-").split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            path.unlink(missing_ok=True)


def _clear(store: Store, import_id: int, deadline: float | None = None) -> int:
    """Delete an import's rows a batch per transaction, then the import itself."""
    db = store.db
    removed, batches = 0, 0
    while True:  # at least one batch, whatever the deadline: each call makes progress
        if batches and deadline is not None and time.monotonic() > deadline:
            return removed
        batches += 1
        with db.atomic():
            batch = db.execute(
                "SELECT first_id, last_id, documents, words FROM pending_batches"
                " WHERE import_id = ? ORDER BY first_id LIMIT 1",
                [import_id],
            ).fetchone()
            if batch is None:
                db.execute("DELETE FROM pending_imports WHERE id = ?", [import_id])
                return removed
            first, last, count, words = batch
            removed += db.execute(
                "DELETE FROM documents WHERE id BETWEEN ? AND ?", [first, last]
            ).rowcount
            _add_totals(store, count, words)  # the delete trigger took them back again
            db.execute("DELETE FROM pending_batches WHERE first_id = ?", [first])


def _totals(store: Store) -> tuple[int, int]:
    rows = dict(
        store.db.execute(
            "SELECT name, value FROM document_totals WHERE name IN ('documents', 'words')"
        ).fetchall()
    )
    return int(rows["documents"]), int(rows["words"])


def _add_totals(store: Store, count: int, words: int) -> None:
    store.db.conn.executemany(
        "UPDATE document_totals SET value = value + ? WHERE name = ?",
        [(count, "documents"), (words, "words")],
    )


def process_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (a kill leaves its rows or files behind)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def where_shown(conn: sqlite3.Connection, id_sql: str = "id") -> str:
    """`` WHERE`` + ``visible`` for a project file read directly (one of schema 8 or older,
    which had no imports in flight, needs none: "")."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pending_imports'"
    ).fetchone()
    return f" WHERE {visible(id_sql)}" if found else ""
