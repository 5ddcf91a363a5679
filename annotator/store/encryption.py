"""Encrypted project files: SQLCipher 4 through ``sqlcipher3``, behind the same ``Store``.

A lost laptop should not hand over what analysts read and label. SQLCipher
encrypts every page of the file and of its ``-wal``; the key is derived from the
passphrase (PBKDF2) and is never stored. This module opens such files, tells
them from plain ones, and turns one kind into the other.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when an encrypted project is opened: start-up skips it
    import sqlcipher3

#: The first 16 bytes of every plain SQLite file; an encrypted file starts with random salt.
PLAIN_HEADER = b"SQLite format 3\x00"

#: The environment variable scripts may set instead of ``--passphrase-file``.
PASSPHRASE_ENV = "ANNOTATOR_PASSPHRASE"

WRONG_PASSPHRASE = "{path} is encrypted and the passphrase is wrong"


class EncryptionError(Exception):
    """Encrypting, decrypting or reading a passphrase failed; the message says why."""


def is_encrypted(path: str | Path) -> bool:
    """Whether a non-empty file does not start like plain SQLite (encrypted, or not SQLite).

    Without the key an encrypted file cannot be told from random bytes, so a
    file that is not SQLite at all also answers True.
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(PLAIN_HEADER))
    except OSError:
        return False
    return bool(head) and head != PLAIN_HEADER


def _literal(passphrase: str) -> str:
    """The passphrase as an SQL string literal (PRAGMA takes no parameters)."""
    return "'" + passphrase.replace("'", "''") + "'"


def connect(
    path: str | Path, passphrase: str, *, timeout: float, isolation_level: str | None
) -> sqlcipher3.Connection:
    """A SQLCipher connection with the key set; a wrong key is found on first read.

    ``cipher_log_level = NONE`` comes first so that a wrong key prints no HMAC
    error on stderr.
    """
    if not passphrase:
        raise EncryptionError("the passphrase is empty")
    import sqlcipher3

    conn = sqlcipher3.connect(str(path), timeout=timeout, isolation_level=isolation_level)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_literal(passphrase)}")
    except BaseException:
        conn.close()
        raise
    return conn


def check_key(conn: sqlcipher3.Connection, path: str | Path) -> None:
    """Read the first page, so that a wrong passphrase is refused now, in a sentence."""
    import sqlcipher3

    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise EncryptionError(WRONG_PASSPHRASE.format(path=path)) from exc
        raise


def export_copy(
    conn: sqlite3.Connection | sqlcipher3.Connection, dest: Path, passphrase: str | None
) -> None:
    """Write the whole database to ``dest``: encrypted with ``passphrase``, else plain.

    ``sqlcipher_export`` copies schema and rows but not ``user_version``, which
    carries the schema version, so that is set by hand. ``conn`` must be a
    SQLCipher connection (an encrypted or plain file opened through sqlcipher3).
    """
    key = _literal(passphrase or "")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    conn.execute(f"ATTACH DATABASE {_literal(str(dest))} AS export KEY {key}")
    try:
        conn.execute("SELECT sqlcipher_export('export')")
        conn.execute(f"PRAGMA export.user_version = {version}")
    finally:
        conn.execute("DETACH DATABASE export")


def read_passphrase_file(path: Path) -> str:
    """The first line of a passphrase file, without its line ending."""
    try:
        with open(path, encoding="utf-8") as fh:
            line = fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise EncryptionError(f"{path}: the passphrase file cannot be read ({exc})") from exc
    if not line:
        raise EncryptionError(f"{path}: the passphrase file's first line is empty")
    return line


def _counts(conn: sqlcipher3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _shred(path: Path) -> None:
    """Overwrite a file's bytes with zeros, then remove it (best effort on SSDs/journaling)."""
    if not path.exists():
        return
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        chunk = b"\x00" * (1 << 20)
        left = size
        while left > 0:
            left -= fh.write(chunk[: min(left, len(chunk))])
        fh.flush()
        os.fsync(fh.fileno())
    path.unlink()


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def encrypt_in_place(path: Path, passphrase: str) -> dict[str, int]:
    """Turn a plain project into an encrypted one; returns the row counts it checked.

    The encrypted copy is written beside the file, opened again with the
    passphrase and its counts compared, and only then swapped in with
    ``os.replace``: an interruption leaves the plain or the encrypted file,
    whole. The plain file's ``-wal`` and ``-shm`` are overwritten and removed.
    """
    if is_encrypted(path):
        raise EncryptionError(f"{path} is already encrypted (or is not a project file)")
    tmp = path.with_name(path.name + ".encrypting")
    clear_leftovers(path)
    import sqlcipher3

    plain = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _counts(plain)
        export_copy(plain, tmp, passphrase)
    except BaseException:
        plain.close()
        _discard(tmp)
        raise
    plain.close()
    check = connect(tmp, passphrase, timeout=5.0, isolation_level=None)
    try:
        check_key(check, tmp)
        if _counts(check) != counts:
            raise EncryptionError(f"{path}: the encrypted copy does not match; nothing changed")
    except BaseException:
        check.close()
        _discard(tmp)
        raise
    check.close()
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        _shred(side)
    _overwrite_then_replace(path, tmp)
    return counts


def plain_backups(path: Path) -> list[Path]:
    """The plain copies of this project beside it: migration (``.bak-vN``, ``.old``) and
    merge (``.before-merge``) backups made before it was encrypted."""
    names = [p for p in path.parent.glob(path.name + ".*")
             if ".bak-v" in p.name or ".before-merge" in p.name]  # fmt: skip
    return sorted(p for p in names if p.is_file() and p.read_bytes()[:16] == PLAIN_HEADER)


def remove_plain_backups(path: Path) -> list[Path]:
    """Overwrite and remove the plain backups of a project now encrypted; returns them."""
    found = plain_backups(path)
    for backup in found:
        for side in (backup, Path(f"{backup}-wal"), Path(f"{backup}-shm")):
            _shred(side)
    return found


def clear_leftovers(path: Path) -> None:
    """What an ``encrypt`` killed half-way leaves beside the project: the unfinished
    encrypted copy (removed) and the hard link to the old plain file (zeroed and removed
    once the encrypted file is in place; only unlinked while it is the project itself)."""
    for leftover in (path.with_name(path.name + ".encrypting"),
                     path.with_name(path.name + ".encrypting-journal")):  # fmt: skip
        _discard(leftover)
    _clear_aside(path)


def _clear_aside(path: Path) -> None:
    aside = path.with_name(path.name + ".plain-old")
    if aside.exists():
        if path.exists() and aside.samefile(path):
            aside.unlink()
        elif path.exists():
            _shred(aside)


def _overwrite_then_replace(path: Path, tmp: Path) -> None:
    """Swap the encrypted copy in atomically, then zero the plain file's old bytes.

    ``os.replace`` alone would unlink the plain inode with its pages still on the
    disk; a hard link taken first keeps that inode reachable, so it can be zeroed
    after the swap. At every moment ``path`` is the plain or the encrypted file.
    """
    aside = path.with_name(path.name + ".plain-old")
    _clear_aside(path)  # a .plain-old left by a kill: the same inode, or the old plain one
    try:
        os.link(path, aside)
    except OSError:  # a file system without hard links: the swap is still atomic
        os.replace(tmp, path)
        return
    os.replace(tmp, path)
    _shred(aside)


def rekey(path: Path, old: str, new: str) -> dict[str, int]:
    """Change an encrypted project's passphrase (``PRAGMA rekey``); returns its row counts.

    SQLCipher rewrites every page under the new key in one transaction: a crash
    leaves the file under the old key or the new one. It does not rekey in WAL
    mode, so the file is checkpointed into rollback mode for the rewrite and put
    back into WAL after. Backups made earlier keep the old passphrase.
    """
    if not new:
        raise EncryptionError("the new passphrase is empty; nothing was changed")
    conn = connect(path, old, timeout=30.0, isolation_level=None)
    try:
        check_key(conn, path)
        counts = _counts(conn)
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute(f"PRAGMA rekey = {_literal(new)}")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    check = connect(path, new, timeout=30.0, isolation_level=None)
    try:
        check_key(check, path)
        if _counts(check) != counts:
            raise EncryptionError(f"{path}: the rows differ after the new passphrase was set")
    finally:
        check.close()
    return counts


def decrypt_copy(path: Path, passphrase: str, out: Path) -> dict[str, int]:
    """Write a plain copy of an encrypted project to ``out``; returns its row counts."""
    if out.exists():
        raise EncryptionError(f"{out} exists; choose another --out, or remove it first")
    conn = connect(path, passphrase, timeout=30.0, isolation_level=None)
    try:
        check_key(conn, path)
        counts = _counts(conn)
        export_copy(conn, out, None)
    except BaseException:
        conn.close()
        raise
    conn.close()
    return counts


def resolve_passphrase(
    path: Path, passphrase_file: Path | None, *, new_encrypted: bool, ask: bool
) -> str | None:
    """The passphrase a command needs for ``path``, or None when the file is plain.

    From ``passphrase_file`` (first line), else ``ANNOTATOR_PASSPHRASE``, else typed
    without echo when ``ask`` (stdin is a terminal). ``new_encrypted``: the command
    makes the file encrypted (``encrypt``, or ``--encrypt`` on a new project), so a
    typed passphrase is asked twice.
    """
    if not (new_encrypted or is_encrypted(path)):
        return None
    if passphrase_file is not None:
        return read_passphrase_file(passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if ask:
        import getpass

        first = getpass.getpass(f"passphrase for {path}: ")
        if new_encrypted and getpass.getpass("the same passphrase again: ") != first:
            raise EncryptionError("the two passphrases differ; nothing was changed")
        if not first:
            raise EncryptionError("the passphrase is empty")
        return first
    if new_encrypted:
        raise EncryptionError(
            f"{path}: an encrypted project needs a passphrase; give it with"
            f" --passphrase-file FILE or {PASSPHRASE_ENV}"
        )
    raise EncryptionError(
        f"{path} is not an annotator project file, or is an encrypted one: give its"
        f" passphrase with --passphrase-file FILE or {PASSPHRASE_ENV}"
    )
