"""Exports written as an encrypted age archive (``--encrypt-to``), with no plain byte on disk.

An export of an encrypted project is training data in plain text. With a key the
export runs as usual, but every file its writer opens (``safe_paths.atomic_file``)
is kept in memory instead (``safe_paths.CAPTURE``) under an empty scratch folder;
the files then become one age file: the file itself when the export is one file
(``team.jsonl.age``, which ``age -d`` turns back into ``team.jsonl``), else a tar
of them (``team.tar.age``: ``age -d team.tar.age | tar x``). ``annotator import``
reads both (``archive_import``).
"""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from annotator.core.jobs import JobContext
from annotator.io import age, safe_paths
from annotator.io.exporting import ExportOptions, ExportProgress, export_steps
from annotator.io.safe_paths import ExportError, TargetExists
from annotator.store import Store

#: The line every plain export of an encrypted project prints (the CLI) or shows (File > Export).
PLAIN_NOTICE = (
    "{out} is plain text: anyone with the file can read it; --encrypt-to passphrase "
    "(or an age1… key) writes an encrypted archive instead"
)


@dataclass(slots=True, frozen=True)
class ArchiveKey:
    """Whom an archive is for: a passphrase, or ``age1…`` recipients (one of the two)."""

    passphrase: str | None = None
    recipients: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.passphrase:
            return "a passphrase"
        return f"{len(self.recipients)} age key(s)"


class _Kept(io.BytesIO):
    """A file the writer fills; its bytes go to ``sink`` when the writer closes it."""

    def __init__(self, sink: dict[Path, bytes], path: Path) -> None:
        super().__init__()
        self._sink, self._path = sink, path

    def close(self) -> None:
        if not self.closed:
            self._sink[self._path] = self.getvalue()
        super().close()


@contextmanager
def captured() -> Iterator[tuple[Path, dict[Path, bytes]]]:
    """An empty scratch folder to export into, and the files written there, kept in memory.

    Only folders (empty) reach the disk; the scratch folder is removed afterwards.
    Runs on the calling thread only (a context variable): a worker's export is its own.
    """
    sink: dict[Path, bytes] = {}
    scratch = Path(tempfile.mkdtemp(prefix="annotator-export-"))

    @contextmanager
    def opener(path: Path) -> Iterator[BinaryIO]:
        fh = _Kept(sink, Path(path))
        with fh:
            yield fh

    token = safe_paths.CAPTURE.set(opener)
    try:
        yield scratch, sink
    finally:
        safe_paths.CAPTURE.reset(token)
        shutil.rmtree(scratch, ignore_errors=True)


def inner_name(out: Path) -> str:
    """The export's own name inside the archive: ``team.jsonl.age`` → ``team.jsonl``."""
    name = out.name
    for suffix in (".tar.age", ".age"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def archive_path(out: Path, single: bool) -> Path:
    """Where the archive goes: ``OUT.age`` for one file, ``OUT.tar.age`` for several."""
    if out.name.endswith(".age"):
        return out
    return out.with_name(inner_name(out) + (".age" if single else ".tar.age"))


def pack(files: dict[Path, bytes], scratch: Path, target: Path) -> tuple[bytes, bool]:
    """The plaintext of the archive and whether it is the single file ``target`` itself."""
    if set(files) == {target}:
        return files[target], True
    buffer = io.BytesIO()
    now = int(time.time())
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(files):
            info = tarfile.TarInfo(path.relative_to(scratch).as_posix())
            info.size, info.mtime, info.mode = len(files[path]), now, 0o644
            tar.addfile(info, io.BytesIO(files[path]))
    return buffer.getvalue(), False


def archive_steps(
    steps: Callable[[Path], Iterator[ExportProgress]],
    out: Path,
    key: ArchiveKey,
    *,
    force: bool = False,
) -> Iterator[ExportProgress]:
    """Run an export's steps (``steps(target)``) into memory, then write them encrypted.

    Progress passes through; the last item names the archive in ``written`` (its
    document count). A cancelled export (no last item) writes nothing. Raises
    ``TargetExists`` when the archive exists without ``force``, ``ExportError`` when it
    cannot be written; the archive appears whole or not at all.
    """
    for candidate in {archive_path(out, True), archive_path(out, False)}:
        if candidate.is_dir():
            raise ExportError(f"cannot write {candidate}: it is a folder")
    last: ExportProgress | None = None
    with captured() as (scratch, files):
        target = scratch / inner_name(out)
        for item in steps(target):
            if item.written is None:
                yield item
            last = item
        if last is None or last.written is None:
            return  # cancelled
        plaintext, single = pack(files, scratch, target)
    dest = archive_path(out, single)
    if not force and (dest.exists() or dest.is_symlink()):
        raise TargetExists(dest, folder=False)
    try:
        sealed = age.encrypt(plaintext, passphrase=key.passphrase, recipients=key.recipients)
    except age.AgeError as exc:
        raise ExportError(f"cannot encrypt {dest}: {exc}") from None
    safe_paths.write_bytes(dest, sealed)
    yield ExportProgress(last.done, last.total, {str(dest): last.done})


def archive_export_job(
    db_path: Path,
    fmt: str,
    out: Path,
    options: ExportOptions,
    ctx: JobContext,
    *,
    passphrase: str | None = None,
    key: ArchiveKey | None = None,
) -> Iterator[ExportProgress]:
    """File > Export's job: the project opened with its passphrase (an encrypted one),
    written plain, or as an archive for ``key``. Runs on the worker thread; a target
    that cannot be written is an item with ``error``."""
    try:
        with Store(db_path, passphrase=passphrase) as store:

            def steps(target: Path) -> Iterator[ExportProgress]:
                return export_steps(store, fmt, target, options, ctx.cancelled)

            if key is None:
                yield from steps(out)
            else:
                yield from archive_steps(steps, out, key, force=options.force)
    except ExportError as exc:
        yield ExportProgress(0, 0, error=str(exc))
