"""Encrypted export archives on the command line: ``export --encrypt-to`` and
``import ARCHIVE.age``, and the notice on a plain export of an encrypted project."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.store import Store
from annotator.store.encryption import EncryptionError

if TYPE_CHECKING:  # the archive modules load when an archive is written or read
    from annotator.io.archive_export import ArchiveKey
    from annotator.io.exporting import ExportOptions
    from annotator.io.importer import ImportReport

#: For scripts: the archive's passphrase (never the project's: a colleague will know it).
ARCHIVE_PASSPHRASE_ENV = "ANNOTATOR_ARCHIVE_PASSPHRASE"


def add_export_arguments(exp: argparse.ArgumentParser) -> None:
    """``--encrypt-to`` and ``--archive-passphrase-file`` on ``export``."""
    exp.add_argument(
        "--encrypt-to",
        metavar="WHOM",
        help="write an encrypted age archive instead (OUT.age, or OUT.tar.age for several "
        "files): 'passphrase', an age1… public key, or a file of age1… keys",
    )
    _passphrase_file(exp)


def add_import_arguments(imp: argparse.ArgumentParser) -> None:
    """What opens an ``.age`` archive given to ``import``."""
    _passphrase_file(imp)
    imp.add_argument(
        "--identity",
        type=Path,
        metavar="FILE",
        help="age identity file (AGE-SECRET-KEY-1…) for an archive encrypted to a key",
    )


def _passphrase_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--archive-passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"the archive's passphrase: first line of FILE (or {ARCHIVE_PASSPHRASE_ENV})",
    )


def _read_first_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EncryptionError(f"cannot read the passphrase file {path} ({exc})") from None
    if not lines or not lines[0]:
        raise EncryptionError(f"{path}: the first line (the passphrase) is empty")
    return lines[0]


def _archive_passphrase(args: argparse.Namespace, *, twice: bool) -> str | None:
    given = getattr(args, "archive_passphrase_file", None)
    if given is not None:
        return _read_first_line(given)
    if os.environ.get(ARCHIVE_PASSPHRASE_ENV):
        return os.environ[ARCHIVE_PASSPHRASE_ENV]
    if sys.stdin is None or not sys.stdin.isatty():
        return None
    import getpass

    first = getpass.getpass("passphrase of the archive: ")
    if twice and getpass.getpass("the same passphrase again: ") != first:
        raise EncryptionError("the two passphrases differ; nothing was written")
    return first or None


def export_key(args: argparse.Namespace) -> ArchiveKey:
    """Whom ``--encrypt-to`` names: a passphrase (asked), age1… keys, or a file of them."""
    from annotator.io.age import AgeError, parse_recipient
    from annotator.io.archive_export import ArchiveKey

    whom = args.encrypt_to.strip()
    if whom == "passphrase":
        passphrase = _archive_passphrase(args, twice=True)
        if not passphrase:
            raise EncryptionError(
                "--encrypt-to passphrase needs the archive's passphrase: "
                f"--archive-passphrase-file FILE or {ARCHIVE_PASSPHRASE_ENV}, or type it on a"
                " terminal"
            )
        return ArchiveKey(passphrase=passphrase)
    if whom.startswith("age1"):
        keys = [whom]
    else:
        path = Path(whom).expanduser()
        if not path.is_file():
            raise EncryptionError(
                f"--encrypt-to takes 'passphrase', an age1… key or a file of them; {whom} is none"
            )
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EncryptionError(f"cannot read the recipients file {path} ({exc})") from None
        keys = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        if not keys:
            raise EncryptionError(f"{path} holds no age1… key")
    try:
        for key in keys:
            parse_recipient(key)
    except AgeError as exc:
        raise EncryptionError(str(exc)) from None
    return ArchiveKey(recipients=tuple(keys))


def plain_notice(store: Store, out: Path) -> None:
    """The one line a plain export of an encrypted project prints (on stderr)."""
    if store.encrypted:
        from annotator.io.archive_export import PLAIN_NOTICE

        print("note: " + PLAIN_NOTICE.format(out=out), file=sys.stderr)


def run_archive_export(store: Store, args: argparse.Namespace, options: ExportOptions) -> int:
    """``export --encrypt-to``: the same export, written only as an encrypted archive."""
    from annotator.io.archive_export import archive_steps
    from annotator.io.exporting import ExportError, export_steps

    key = export_key(args)
    try:
        steps = list(
            archive_steps(
                lambda target: export_steps(store, args.format, target, options),
                args.out,
                key,
                force=args.force,
            )
        )
    except ExportError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    ((dest, count),) = (steps[-1].written or {}).items()
    print(f"wrote {count} document(s) to {dest}, encrypted for {key.describe()}")
    if not count:
        print(f"note: no documents with status {args.status!r}; try --status all", file=sys.stderr)
    return 0


def split_archives(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """(age archives, everything else) among ``import``'s paths."""
    from annotator.io.archive_import import is_archive

    archives = [p for p in paths if p.is_file() and is_archive(p)]
    return archives, [p for p in paths if p not in archives]


def import_archives(
    store: Store, args: argparse.Namespace, archives: list[Path], language: str | None
) -> ImportReport:
    """Import each archive in memory; an ``ImportReport`` the caller merges with its own."""
    from annotator.io.age import AgeError, read_identities
    from annotator.io.archive_export import ArchiveKey
    from annotator.io.archive_import import import_archive
    from annotator.io.importer import ImportReport

    identities: list[str] = []
    if getattr(args, "identity", None) is not None:
        try:
            identities = read_identities(args.identity.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise EncryptionError(
                f"cannot read the identity file {args.identity} ({exc})"
            ) from None
    passphrase = None if identities else _archive_passphrase(args, twice=False)
    key = ArchiveKey(passphrase=passphrase) if passphrase else None
    report = ImportReport()
    for path in archives:
        try:
            results, ignored = import_archive(
                store, path, key, identities, fmt=args.format, text_column=args.text_column,
                encoding=args.encoding, language=language,
            )  # fmt: skip
        except AgeError as exc:
            raise EncryptionError(f"{path}: {exc}") from None
        report.files += results
        report.ignored += ignored
    return report
