"""Bring files into the store: pick the reader for each file, then write it atomically.

Each file is read completely before anything is written, and written in one
transaction: a file that fails half-way leaves the store exactly as it was. A large
file is read a record at a time into a staging file (``staging``), so memory stays
bounded; its records join the project in that one final transaction. Malformed lines
are reported with file and line and skipped; the rest imports.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import language as languages
from annotator.core.model import ParsedDocument
from annotator.io import brat, csvfile, html, jsonl, textdump
from annotator.io.decoding import label, read_bytes, read_text, storable, wrong_encoding
from annotator.io.problems import Problem, UnreadableFile
from annotator.io.staging import Staging, commit_staged
from annotator.io.streaming import CsvStream, NotStreamable, TextSource, stream_dump, stream_jsonl
from annotator.store import Store, StoreError
from annotator.store.errors import db_errors, describe
from annotator.store.rows import AddResult

FORMATS = ("dump", "txt", "jsonl", "csv", "brat", "html")
_BY_SUFFIX = {
    ".txt": "dump",
    ".text": "dump",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".html": "html",
    ".htm": "html",
    ".ann": "brat",
}
#: Inside a folder, a .txt is one article (a file given on its own may hold several).
_IN_FOLDER = {**_BY_SUFFIX, ".txt": "txt", ".text": "txt"}
#: Formats read a record at a time from this size on (smaller files are read whole).
STREAM_FROM_BYTES = 8 * 2**20
#: The record-at-a-time reader of each format that has one (CSV: ``CsvStream``).
STREAMED = {"csv": None, "jsonl": stream_jsonl, "dump": stream_dump}


@dataclass(slots=True)
class FileResult:
    """What importing one file did."""

    path: Path
    format: str
    imported: int = 0
    duplicates: int = 0
    #: Stored documents (duplicates of this file's) that gained annotations from it,
    #: the analyst layers new on them, and the spans and stances added.
    updated: int = 0
    layers: int = 0
    spans: int = 0
    relations: int = 0
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    note: str | None = None
    #: Seconds the project's write lock was held to store this file (its one transaction).
    locked_s: float = 0.0
    #: How many spans and stances of each label the file's documents brought.
    labels: Counter[str] = field(default_factory=Counter)
    stances: Counter[str] = field(default_factory=Counter)
    #: The id of the first document this file stored (None when it stored none).
    first_id: int | None = None

    @property
    def skipped(self) -> int:
        """Records skipped for a reason, or 1 when the whole file was refused."""
        return len(self.problems) + (1 if self.error else 0)


@dataclass(slots=True)
class ImportReport:
    """What one ``import`` did over all its files."""

    files: list[FileResult] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return sum(f.imported for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def updated(self) -> int:
        """Documents already stored that gained annotations."""
        return sum(f.updated for f in self.files)

    def summary(self) -> str:
        """One line for the analyst: documents added, duplicates, annotations added to them."""
        line = (
            f"imported {self.imported} document(s) from {len(self.files)} file(s); "
            f"{self.duplicates} duplicate(s), {self.skipped} skipped"
        )
        if self.updated:
            spans = sum(f.spans for f in self.files)
            stances = sum(f.relations for f in self.files)
            layers = sum(f.layers for f in self.files)
            line += (
                f"; added {spans} span(s) and {stances} stance(s) to {self.updated}"
                f" document(s) already here ({layers} new analyst layer(s))"
            )
        return line

    @property
    def ok(self) -> bool:
        """True when nothing was skipped."""
        return self.skipped == 0


@dataclass(slots=True, frozen=True)
class _Unit:
    path: Path
    format: str
    ann_dirs: tuple[Path, ...] = ()
    #: Set for a link not followed (format ``"link"``): why, in a sentence.
    refused: str | None = None
    #: A brat text's ``.ann`` files, found with its folder listed once (``brat.AnnIndex``).
    anns: tuple[tuple[Path, str], ...] | None = None


def _link_refused(path: Path, root: Path) -> str | None:
    """Why a link inside an imported folder is not followed (it leads out of the folder, or
    to nothing), or None for a file that is not a link or a link within the folder."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a loop of links
        return f"links to {os.readlink(path)}, which does not exist; nothing to import"
    if target != root and root not in target.parents:
        return (
            f"links to {target}, outside the folder {root}; not followed (copy the file "
            "into the folder, or import it by name, to bring it in)"
        )
    return None


def _our_meta(path: Path) -> bool:
    """``NAME.meta.json`` beside ``NAME.txt``: our brat export's metadata of that text."""
    name = path.name
    return (
        name.endswith(brat.META_SUFFIX)
        and path.with_name(name[: -len(brat.META_SUFFIX)] + ".txt").is_file()
    )


def _brat_dirs(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted({p.parent for p in folder.rglob("*.ann")}))


def plan(paths: Iterable[Path], fmt: str | None = None) -> tuple[list[_Unit], list[Path]]:
    """Decide how to read each file; returns the work and the files that will be ignored."""
    units: list[_Unit] = []
    ignored: list[Path] = []
    for path in paths:
        if path.is_dir():
            ann_dirs = _brat_dirs(path)
            anns = brat.AnnIndex()  # each folder listed once, not once per text
            root = path.resolve()
            for child in sorted(path.rglob("*")):
                refused = _link_refused(child, root)
                if refused is None and not child.is_file():
                    continue
                kind = fmt or _IN_FOLDER.get(child.suffix.lower())
                if ann_dirs and fmt is None and child.suffix.lower() != ".txt":
                    kind = None  # a brat folder: its texts are the articles
                    if _our_meta(child):
                        continue  # our export's metadata beside a text: read with it
                if child.suffix.lower() == ".ann" or kind is None or child.name.startswith("."):
                    if child.suffix.lower() != ".ann":
                        ignored.append(child)
                    continue
                if refused is not None:
                    units.append(_Unit(child, "link", refused=refused))
                elif ann_dirs and child.suffix.lower() == ".txt" and fmt in (None, "brat"):
                    found = tuple(anns.of(child, list(ann_dirs)))
                    units.append(_Unit(child, "brat", ann_dirs, anns=found))
                else:
                    units.append(_Unit(child, kind))
            continue
        kind = fmt or _BY_SUFFIX.get(path.suffix.lower(), "dump")
        if kind == "brat" or (fmt is None and path.suffix.lower() == ".txt"):
            if path.suffix.lower() == ".ann":
                path = path.with_suffix(".txt")
            if brat.ann_files_for(path, [path.parent]):
                units.append(_Unit(path, "brat", (path.parent,)))
                continue
        units.append(_Unit(path, kind))
    return units, ignored


def _read(
    unit: _Unit, text_column: str | None, encoding: str | None = None
) -> tuple[list[ParsedDocument | Problem], str | None]:
    if unit.format == "brat":
        anns = None if unit.anns is None else list(unit.anns)
        return list(brat.parse_brat(unit.path, list(unit.ann_dirs), anns)), None
    decoded = read_text(unit.path, encoding=encoding)
    text = decoded.text
    items: list[ParsedDocument | Problem]
    if unit.format == "dump":
        items = list(textdump.parse_dump(text, unit.path))
    elif unit.format == "txt":
        # One article per file, unless the file is plainly a pasted dump of several.
        split = textdump.parse_dump(text, unit.path)
        if textdump.looks_like_dump(split):
            items = list(split)
        else:
            single = textdump.parse_single(text, unit.path)
            items = [single] if single else []
    elif unit.format == "jsonl":
        items = list(jsonl.parse_jsonl(text, unit.path))
    elif unit.format == "csv":
        items = list(csvfile.parse_csv(text, unit.path, text_column))
    elif unit.format == "html":
        doc = html.parse_html(text, unit.path)
        items = [doc] if doc else []
    else:
        raise UnreadableFile(unit.path, f"unknown format {unit.format!r}")
    if not items and encoding is not None:  # likelier the encoding than the file (#iofix)
        why = f"read as {label(encoding)} it holds no article text"
        data = read_bytes(unit.path)
        raise UnreadableFile(unit.path, wrong_encoding(data, unit.path, encoding, why))
    if not items:
        raise UnreadableFile(unit.path, "holds no article text")
    return items, decoded.note


def set_language(doc: ParsedDocument, given: str | None = None) -> None:
    """Store the document's language as ``meta["language"]`` (ISO 639-1): the one given
    (``--language``), else detected, unless the file says (``language`` or ``lang``: kept
    as written, so an export reads back byte for byte; ``language.of_meta`` reads it)."""
    code = given or (None if languages.of_meta(doc.meta) else languages.detect(doc.text))
    if code:
        doc.meta["language"] = code


def import_file(
    store: Store,
    unit: _Unit,
    text_column: str | None = None,
    *,
    encoding: str | None = None,
    language: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
    batch_from: int | None = None,
) -> FileResult:
    """Read one file, then store it in one transaction.

    Whatever goes wrong becomes a sentence on the file's result, never an exception:
    one bad file must not abandon the other files of an import. ``encoding`` overrides
    the guessed one; ``language`` the detected (or the file's own) language;
    ``on_bytes(n)`` is told of each ``n`` bytes read (after each record of a large file).
    A CSV, JSONL or text dump of ``STREAM_FROM_BYTES`` or more is read a record at a time
    and staged (``staging``), so memory does not grow with the file; a smaller file, or
    one only the whole-file reader can decode, is read whole. ``batch_from``: the first
    document stored from the same brat folder (``add_documents`` keeps equal texts with
    different metadata apart within it, as it does within one file).
    """
    size = _size(unit.path)
    progress = _Progress(on_bytes, size)
    if unit.refused is not None:  # a link out of the folder, or to nothing
        progress.finish()
        return FileResult(unit.path, unit.format, error=unit.refused)
    if unit.format in STREAMED and size >= STREAM_FROM_BYTES:
        try:
            result = _import_streamed(store, unit, text_column, encoding, language, progress)
        except NotStreamable:
            progress.restart()
        else:
            progress.finish()
            return result
    result = _import_whole(store, unit, text_column, encoding, language, batch_from)
    progress.finish()
    return result


class _Progress:
    """Bytes read so far, told to ``on_bytes`` as deltas that add up to the file's size."""

    def __init__(self, on_bytes: Callable[[int], None] | None, size: int) -> None:
        self._on_bytes, self._size, self._told = on_bytes, size, 0

    def at(self, done: int) -> None:
        if self._on_bytes is not None and done > self._told:
            self._on_bytes(min(done, self._size) - self._told)
            self._told = min(done, self._size)

    def restart(self) -> None:
        """The file is read again from the start; the bar stays where it was."""

    def finish(self) -> None:
        self.at(self._size)


def _accept(
    item: ParsedDocument | Problem, unit: _Unit, result: FileResult, language: str | None
) -> ParsedDocument | None:
    """A document ready to store, or None when it was a problem (noted on ``result``)."""
    if isinstance(item, Problem):
        result.problems.append(item)
        return None
    reason = item.validate()
    if reason:
        result.problems.append(Problem(unit.path, reason, item.line))
        return None
    item.origin = storable(item.origin)
    set_language(item, language)
    result.labels.update(s.label for s in item.spans)
    result.stances.update(r.label for r in item.relations)
    return item


def _reader_bug(exc: Exception) -> str:
    return (
        f"could not be read: {type(exc).__name__}: {exc}; nothing from it was kept"
        " — please report this file"
    )


def _import_whole(
    store: Store,
    unit: _Unit,
    text_column: str | None,
    encoding: str | None,
    language: str | None,
    batch_from: int | None = None,
) -> FileResult:
    """Read the file completely, then store it with one ``add_documents``."""
    result = FileResult(unit.path, unit.format)
    try:
        items, result.note = _read(unit, text_column, encoding)
        docs = [d for d in (_accept(i, unit, result, language) for i in items) if d is not None]
    except UnreadableFile as exc:
        result.error = exc.reason
        result.problems = []
        return result
    except Exception as exc:  # a reader's bug: name the file, keep nothing, go on
        result.error = _reader_bug(exc)
        result.problems = []
        return result
    try:
        added = store.add_documents(docs, batch_from=batch_from)
    except Exception as exc:  # the transaction rolled back: nothing from this file is stored
        result.error = f"could not be stored, nothing from it was kept ({exc})"
        return result
    _count(result, len(added.ids), added)
    return result


def _import_streamed(
    store: Store,
    unit: _Unit,
    text_column: str | None,
    encoding: str | None,
    language: str | None,
    progress: _Progress,
) -> FileResult:
    """Read a record at a time, storing batches hidden, then show them all in one short join.

    Raises ``NotStreamable`` (nothing stored) when the file must be read whole.
    """
    result = FileResult(unit.path, unit.format)
    try:
        staging = Staging(store)
    except Exception as exc:  # e.g. a read-only folder: the project could not be written either
        result.error = f"could not be stored, nothing from it was kept ({exc})"
        return result
    with staging:
        try:
            source = TextSource(unit.path, encoding)
            result.note = source.note
            csv_stream = CsvStream(source, text_column) if unit.format == "csv" else None
            items = csv_stream if csv_stream is not None else STREAMED[unit.format](source)
            seen = 0
            for item in items:
                seen += 1
                doc = _accept(item, unit, result, language)
                if doc is not None:
                    staging.add(doc)
                progress.at(source.bytes_read)
            reading = csv_stream.reading_problems if csv_stream is not None else []
            if not seen and not reading:
                raise UnreadableFile(unit.path, "holds no article text")
            result.problems = reading + result.problems
        except UnreadableFile as exc:
            result.error = exc.reason
            result.problems = []
            return result
        except NotStreamable:
            raise
        except db_errors() as exc:  # a batch stored hidden, or the scratch file: disk full
            result.error = (
                f"could not be stored, nothing from it was kept ({describe(exc, store.path)})"
            )
            result.problems = []
            return result
        except StoreError as exc:  # a batch's transaction: busy, full, read-only (named)
            result.error = f"could not be stored, nothing from it was kept ({exc})"
            result.problems = []
            return result
        except Exception as exc:  # a reader's bug
            result.error = _reader_bug(exc)
            result.problems = []
            return result
        try:
            staging.flush()  # the last batch, in its own short transaction like the others
            started = time.perf_counter()
            imported, added = commit_staged(store, staging)
            result.locked_s = time.perf_counter() - started
        except Exception as exc:  # the transaction rolled back: nothing from this file is stored
            result.error = f"could not be stored, nothing from it was kept ({exc})"
            return result
    _count(result, imported, added)
    return result


def _count(result: FileResult, imported: int, added: AddResult) -> None:
    result.imported = imported
    result.first_id = added.ids[0] if added.ids else None
    result.duplicates = added.duplicates
    result.updated = len(added.updated)
    result.layers = added.layers
    result.spans = added.spans
    result.relations = added.relations


def import_paths(
    store: Store,
    paths: Iterable[Path | str],
    *,
    fmt: str | None = None,
    text_column: str | None = None,
    on_file: Callable[[FileResult, int], None] | None = None,
    encoding: str | None = None,
    language: str | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import files and folders; ``on_file(result, size_in_bytes)`` reports each file done,
    ``on_bytes(n)`` each ``n`` bytes read (record by record in a large file).

    ``encoding`` (a Python codec name) is used for every file instead of the guess;
    ``language`` (ISO 639-1) is stored for every document instead of the detected one.
    """
    units, ignored = plan([Path(p) for p in paths], fmt)
    report = ImportReport(ignored=ignored)
    batches: dict[tuple[Path, ...], int] = {}  # a brat folder's texts are one batch
    for unit in units:
        folder = unit.ann_dirs if unit.format == "brat" else None
        result = import_file(
            store,
            unit,
            text_column,
            encoding=encoding,
            language=language,
            on_bytes=on_bytes,
            batch_from=batches.get(folder) if folder else None,
        )
        if folder and result.first_id is not None:
            batches.setdefault(folder, result.first_id)
        report.files.append(result)
        if on_file is not None:
            on_file(result, _size(unit.path))
    return report


def planned_bytes(paths: Iterable[Path | str], fmt: str | None = None) -> int:
    """How many bytes an import will read, for a progress bar."""
    units, _ = plan([Path(p) for p in paths], fmt)
    return sum(_size(u.path) for u in units)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
