"""File names and writes for exports that are safe with anyone's metadata.

A brat export names its files after a document's stored origin and its
analysts, and both may come from anyone's files (a JSONL can carry
``meta.origin = "../../x.txt"``). Such text is reduced to one plain base name
before it touches the disk, every path is checked to stay inside the chosen
folder, and every file is written to a temporary name in its own folder and
then renamed over the final name, so an interrupted export never leaves a
half-written file under the final name.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO, TextIO

#: Names Windows reserves whatever the extension (``CON.txt`` is the console).
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
#: Path separators and the characters Windows forbids in a name.
_FORBIDDEN = set('/\\<>:"|?*')
#: Unicode categories never wanted in a name: controls, format (bidi overrides), surrogates,
#: private use, unassigned, line and paragraph separators.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
#: Prefix of the temporary files; importers skip names that start with a dot.
TEMP_PREFIX = ".annotator-"
#: Set by ``archive_export`` while an export goes into an encrypted archive: files open here
#: instead, in memory, so that no plain byte reaches the disk (#19).
CAPTURE: ContextVar[Callable[[Path], AbstractContextManager[BinaryIO]] | None] = ContextVar(
    "capture", default=None
)


class ExportError(Exception):
    """An export that cannot be written, said as a sentence that names the path."""


class TargetExists(ExportError):
    """The file, or a non-empty folder, is already there and ``force`` was not given."""

    def __init__(self, path: Path, folder: bool) -> None:
        self.path = path
        self.folder = folder
        if folder:
            message = (
                f"{path} is not empty; choose an empty folder, or add --force to write into it "
                "(files of the same names are replaced, other files are left as they are)"
            )
        else:
            message = f"{path} already exists; choose another name, or add --force to replace it"
        super().__init__(message)


def _unsafe(ch: str) -> bool:
    return ch in _FORBIDDEN or unicodedata.category(ch) in _INVISIBLE


def _replace_unsafe(name: str) -> str:
    """Each run of unsafe characters becomes one ``-``; the name's own dashes stay."""
    out: list[str] = []
    for ch, previous in zip(name, [None, *name], strict=False):
        if not _unsafe(ch):
            out.append(ch)
        elif previous is None or not _unsafe(previous):
            out.append("-")
    return "".join(out)


def _cap(name: str, max_bytes: int) -> str:
    """At most ``max_bytes`` of UTF-8, cut between characters."""
    data = name.encode("utf-8")
    if len(data) <= max_bytes:
        return name
    return data[:max_bytes].decode("utf-8", errors="ignore")


def safe_name(raw: str, *, max_bytes: int = 100, fallback: str = "") -> str:
    """One plain file name from untrusted text; ``fallback`` when nothing usable is left.

    Only the last path component is kept; separators, NUL, control and invisible
    characters and the characters Windows forbids become ``-``; leading dots,
    dashes and spaces and trailing dots and spaces go (so never ``.``, ``..`` or a
    hidden file); the result is at most ``max_bytes`` of UTF-8; a Windows device
    name (``CON``, ``NUL``, ``LPT1``…) gets a ``doc-`` prefix.
    """
    name = re.split(r"[/\\]", raw)[-1]
    name = _replace_unsafe(name)
    name = _cap(name.lstrip(" .-"), max_bytes).rstrip(" .")
    if not name:
        return fallback
    if name.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        name = _cap(f"doc-{name}", max_bytes).rstrip(" .")
    return name


class NameSet:
    """Names taken in one folder, compared without case (as macOS and Windows do)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __contains__(self, name: str) -> bool:
        return name.casefold() in self._taken

    def claim(self, name: str) -> str:
        """``name``, or ``name-2``, ``name-3``… the first one not yet taken."""
        candidate, n = name, 1
        while candidate in self:
            n += 1
            candidate = f"{name}-{n}"
        self._taken.add(candidate.casefold())
        return candidate


def describe_os_error(exc: OSError, path: Path) -> str:
    """What went wrong writing ``path``, as a sentence an analyst can act on."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        reason = "the disk is full; free some space and export again"
    elif code == errno.EROFS:
        reason = "the folder is on a read-only file system; choose another folder"
    elif code in (errno.EACCES, errno.EPERM):
        reason = "permission denied; choose a folder you can write to"
    elif code == errno.ENAMETOOLONG:
        reason = "the name is too long for this file system; choose a shorter one"
    elif code in (errno.ENOTDIR, errno.EEXIST) and (blocker := _file_in_the_way(path)):
        reason = f"{blocker} is a file, not a folder; choose another place"
    elif code == errno.EISDIR:
        reason = "it is a folder; give a file name"
    else:
        reason = (exc.strerror or str(exc)).rstrip(".").lower()
    return f"cannot write {path}: {reason}"


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest part of ``path`` (itself included) that exists and is not a folder."""
    for candidate in (path, *path.parents):
        try:
            if candidate.exists():
                return None if candidate.is_dir() else candidate
        except OSError:
            return None
    return None


def make_folder(folder: Path, target: Path | None = None) -> Path:
    """Create ``folder`` (and its parents) if needed; its resolved path.

    A failure names ``target`` (the file that was to go there) when given.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(folder))
        return folder.resolve(strict=True)
    except OSError as exc:
        raise ExportError(describe_os_error(exc, target or folder)) from None


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it stays inside ``folder`` (links followed)."""
    root = folder.resolve()
    if not name or name in (".", "..") or any(sep in name for sep in "/\\\0"):
        raise ExportError(f"refusing to write {name!r} in {folder}: not a plain file name")
    target = folder / name
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop
        raise ExportError(f"refusing to write {target}: cannot follow it ({exc})") from None
    if resolved.parent != root:
        raise ExportError(
            f"refusing to write {target}: it is a link to {resolved}, outside {folder}; "
            "remove the link or choose another folder"
        )
    return target


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at ``path`` only once it is complete.

    Written under a temporary name in the same folder and renamed over ``path``
    (``os.replace``, atomic on one file system); on any error the temporary file
    is removed and ``path`` keeps what it had. OS errors become ``ExportError``.
    """
    capture = CAPTURE.get()
    if capture is not None:  # an encrypted archive is being made: keep the bytes in memory
        with capture(path) as kept:
            yield kept
        return
    with atomic_path(path) as temp:
        try:
            fh = temp.open("wb")
        except OSError as exc:
            raise ExportError(describe_os_error(exc, path)) from None
        with fh:
            yield fh


@contextmanager
def atomic_text(path: Path, newline: str = "\n") -> Iterator[TextIO]:
    """Like ``atomic_file``, as UTF-8 text with the given line ending."""
    with atomic_file(path) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline=newline) as fh:
        yield fh


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed to ``path`` when the block ends."""
    folder = make_folder(path.parent, path)
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}.part"
    try:
        # create it here so the file mode follows the umask like any new file
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise ExportError(describe_os_error(exc, path)) from None
    try:
        yield temp
        _sync(temp)
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        raise ExportError(describe_os_error(exc, path)) from None
    except BaseException:
        _remove(temp)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_file(path) as fh:
        fh.write(data)


def _sync(temp: Path) -> None:
    """Put the file's bytes on the disk before its name replaces the old one."""
    fd = os.open(temp, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(temp: Path) -> None:
    with suppress(OSError):
        temp.unlink(missing_ok=True)
