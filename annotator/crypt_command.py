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
    return resolve_passphrase(
        db,
        getattr(args, "passphrase_file", None),
        new_encrypted=command == "encrypt" or (wants and not existed),
        ask=sys.stdin is not None and sys.stdin.isatty(),
    )


def run_crypt(db: Path, command: str, passphrase: str | None, args: argparse.Namespace) -> int:
    """encrypt (in place) or decrypt (a plain copy at --out)."""
    from annotator.store.encryption import decrypt_copy, encrypt_in_place, is_encrypted

    if passphrase is None:  # decrypt of a plain file (encrypt always has one, or refused)
        raise EncryptionError(f"{db} is not encrypted; copy it as it is")
    if command == "encrypt":
        if is_encrypted(db):
            raise EncryptionError(f"{db} is already encrypted (or is not an annotator project)")
        Store(db, create=False).close()  # a plain annotator project, migrated, or a sentence
        counts = encrypt_in_place(db, passphrase)
        print(
            f"encrypted {db} ({counts.get('documents', 0)} document(s)); without the passphrase"
            " nothing in it can be recovered"
        )
        return 0
    Store(db, create=False, passphrase=passphrase).close()
    counts = decrypt_copy(db, passphrase, args.out)
    print(
        f"wrote a plain copy of {counts.get('documents', 0)} document(s) to {args.out};"
        " anyone who copies that file can read it"
    )
    return 0
