"""Letting go of an encrypted project's key while the window is locked, and taking it back.

The idle lock (``annotator.ui.idle_lock``) must leave nothing in the process that
reads the file: the SQLCipher connection holds the derived key, and ``Store``
keeps the passphrase to encrypt its migration and merge backups. ``suspend``
closes the one and forgets the other; ``resume`` opens the same ``Store`` object
again, so every view that holds it goes on working without being rebuilt.
These functions are the store's friends (same package) and reach into its
private attributes on purpose: nothing else should.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from annotator.store import encryption
from annotator.store.errors import db_errors

if TYPE_CHECKING:
    from annotator.store.store import Store


def passphrase_of(store: Store) -> str | None:
    """The passphrase a worker thread needs to open its own reader of ``store``'s file."""
    return store._passphrase


def is_suspended(store: Store) -> bool:
    """Whether ``suspend`` closed the connection and ``resume`` has not reopened it."""
    return getattr(store, "_suspended", False)


def suspend(store: Store) -> None:
    """Commit nothing new, close the connection and forget the passphrase.

    Every write of the store is its own transaction and durable when it
    returns, so there is nothing in flight to commit; an open transaction here
    is a bug and is rolled back by the close, not kept.
    """
    if is_suspended(store):
        return
    try:
        store.db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except db_errors():
        pass  # a busy reader elsewhere: the WAL stays encrypted all the same
    store.db.close()
    store._passphrase = None
    store._suspended = True  # type: ignore[attr-defined]


def resume(store: Store, passphrase: str) -> None:
    """Open the file again with ``passphrase``; ``StoreError`` (file left closed) if wrong."""
    from annotator.store.store import StoreError, _connect

    if not is_suspended(store):
        return
    try:
        conn: sqlite3.Connection = _connect(store.path, passphrase)
    except encryption.EncryptionError as exc:
        raise StoreError(f"{store.path}: {exc}") from None
    except (*db_errors(), OSError) as exc:
        from annotator.store.errors import describe

        raise StoreError(describe(exc, store.path)) from exc
    try:
        encryption.check_key(conn, store.path)
        store._open(conn, True)  # the same pragmas as at start-up
    except encryption.EncryptionError as exc:
        conn.close()
        raise StoreError(str(exc)) from None
    except BaseException:
        conn.close()
        raise
    store._passphrase = passphrase
    store._suspended = False  # type: ignore[attr-defined]


def wrong_passphrase(message: str) -> bool:
    """Whether a ``StoreError`` message is the wrong-passphrase sentence (ask again)."""
    return encryption.WRONG_PASSPHRASE.format(path="").strip() in message
