"""Encrypted projects on the command line: which passphrase a command needs, and
``encrypt`` / ``decrypt``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.store import Store
from annotator.store.encryption import EncryptionError


def passphrase_for(db: Path, args: argparse.Namespace, command: str) -> str | None:
    """The passphrase this command needs (file, environment, or typed), or None for a plain file."""
    from annotator.store.encryption import is_encrypted, resolve_passphrase

    existed = db.exists() and db.stat().st_size > 0
    wants = getattr(args, "encrypt", False)
    if wants and existed and not is_encrypted(db):
        raise EncryptionError(
            f"{db} is already a plain project; encrypt it with: annotator --db {db} encrypt"
        )
    if existed and is_encrypted(db):
        from annotator.io.file_kind import text_given_as_project

        if problem := text_given_as_project(db):  # notes.txt as --db: no passphrase to ask for
            raise EncryptionError(problem)
        from annotator.store.encryption import clear_leftovers

        clear_leftovers(db)  # the old plain file, if an encrypt was killed after the swap
    return resolve_passphrase(
        db,
        getattr(args, "passphrase_file", None),
        new_encrypted=command == "encrypt" or (wants and not existed),
        ask=sys.stdin is not None and sys.stdin.isatty(),
    )


#: For scripts: the new passphrase of ``rekey`` (or ``--new-passphrase-file``).
NEW_PASSPHRASE_ENV = "ANNOTATOR_NEW_PASSPHRASE"


def _rekey(db: Path, old: str, args: argparse.Namespace) -> int:
    """rekey: the old passphrase as every command takes it, the new one from
    ``--new-passphrase-file``, ``ANNOTATOR_NEW_PASSPHRASE``, or typed twice."""
    import os

    from annotator.store.encryption import read_passphrase_file, rekey

    Store(db, create=False, passphrase=old).close()  # migrated, and the old passphrase checked
    if getattr(args, "new_passphrase_file", None) is not None:
        new = read_passphrase_file(args.new_passphrase_file)
    elif os.environ.get(NEW_PASSPHRASE_ENV):
        new = os.environ[NEW_PASSPHRASE_ENV]
    elif sys.stdin is not None and sys.stdin.isatty():
        import getpass

        new = getpass.getpass(f"new passphrase for {db}: ")
        if getpass.getpass("the same new passphrase again: ") != new:
            raise EncryptionError("the two new passphrases differ; nothing was changed")
    else:
        raise EncryptionError(
            f"rekey needs the new passphrase: --new-passphrase-file FILE or {NEW_PASSPHRASE_ENV}"
        )
    counts = rekey(db, old, new)
    older = sorted(str(p) for p in db.parent.glob(db.name + ".*") if ".bak-v" in p.name
                   or p.name.endswith(".before-merge"))  # fmt: skip
    print(f"{db}: new passphrase set ({counts.get('documents', 0)} document(s)); the old one"
          " no longer opens it")  # fmt: skip
    if older:
        print(f"note: these backups still open with the old passphrase: {', '.join(older)}")
    return 0


def open_key(db: Path, args: argparse.Namespace) -> tuple[bool, str | None]:
    """For ``open``: whether the project is (or is created) encrypted, and its passphrase
    when a file or the environment gives one (None: the window's dialog asks)."""
    from annotator.store.encryption import PASSPHRASE_ENV, is_encrypted, read_passphrase_file

    existed = db.exists() and db.stat().st_size > 0
    wants = getattr(args, "encrypt", False)
    if wants and existed and not is_encrypted(db):
        raise EncryptionError(
            f"{db} is already a plain project; encrypt it with: annotator --db {db} encrypt"
        )
    given = getattr(args, "passphrase_file", None)
    if not (is_encrypted(db) or (wants and not existed)):
        return False, None
    from annotator.io.file_kind import text_given_as_project

    if existed and (problem := text_given_as_project(db)):  # not a passphrase dialog
        raise EncryptionError(problem)
    if given is not None:
        return True, read_passphrase_file(given)
    import os

    return True, os.environ.get(PASSPHRASE_ENV) or None


def run_crypt(db: Path, command: str, passphrase: str | None, args: argparse.Namespace) -> int:
    """encrypt (in place), decrypt (a plain copy at --out) or rekey (a new passphrase)."""
    from annotator.store.encryption import (
        clear_leftovers,
        decrypt_copy,
        encrypt_in_place,
        is_encrypted,
        remove_plain_backups,
    )

    if passphrase is None:  # a plain file (encrypt always has one, or refused)
        if command == "rekey":
            raise EncryptionError(f"{db} is not encrypted; encrypt it with: annotator --db {db}"
                                  " encrypt")  # fmt: skip
        raise EncryptionError(f"{db} is not encrypted; copy it as it is")
    if command == "rekey":
        return _rekey(db, passphrase, args)
    if command == "encrypt":
        clear_leftovers(db)  # of an encrypt killed half-way
        if is_encrypted(db):
            raise EncryptionError(f"{db} is already encrypted (or is not an annotator project)")
        Store(db, create=False).close()  # a plain annotator project, migrated, or a sentence
        counts = encrypt_in_place(db, passphrase)
        print(
            f"encrypted {db} ({counts.get('documents', 0)} document(s)); without the passphrase"
            " nothing in it can be recovered"
        )
        removed = remove_plain_backups(db)
        if removed:
            names = ", ".join(str(p) for p in removed)
            print(f"overwrote and removed {len(removed)} plain backup(s) of it: {names}")
        return 0
    from annotator.io.out_folder import out_problem

    if not args.out.exists() and (problem := out_problem(args.out)):  # not "db cannot be opened"
        raise EncryptionError(problem)
    Store(db, create=False, passphrase=passphrase).close()
    counts = decrypt_copy(db, passphrase, args.out)
    print(
        f"wrote a plain copy of {counts.get('documents', 0)} document(s) to {args.out};"
        " anyone who copies that file can read it"
    )
    return 0


def config_lock_after(store: Store, value: str | None) -> int:
    """``annotator config lock-after [MINUTES]``: show or set the idle minutes (0: never)."""
    from annotator.core.lock_setting import LOCK_SETTING, minutes_from, parse_minutes

    if value is None:
        minutes = minutes_from(store.get_setting(LOCK_SETTING), store.encrypted)
        print(f"lock-after = {minutes} minute(s)" + (" (never)" if minutes == 0 else ""))
        return 0
    try:
        minutes = parse_minutes(value)
    except ValueError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    store.set_setting(LOCK_SETTING, str(minutes))
    print(f"lock-after = {minutes} minute(s)")
    return 0
