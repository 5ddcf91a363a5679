"""Bring files into the store: pick the reader for each file, then write it atomically.

Each file is read completely before anything is written, and written in one
transaction: a file that fails half-way leaves the store exactly as it was.
Malformed lines are reported with file and line and skipped; the rest imports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core import language as languages
from annotator.core.model import ParsedDocument
from annotator.io import brat, csvfile, html, jsonl, textdump
from annotator.io.decoding import read_text, storable
from annotator.io.problems import Problem, UnreadableFile
from annotator.store import Store

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


def _brat_dirs(folder: Path) -> tuple[Path, ...]:
    return tuple(sorted({p.parent for p in folder.rglob("*.ann")}))


def plan(paths: Iterable[Path], fmt: str | None = None) -> tuple[list[_Unit], list[Path]]:
    """Decide how to read each file; returns the work and the files that will be ignored."""
    units: list[_Unit] = []
    ignored: list[Path] = []
    for path in paths:
        if path.is_dir():
            ann_dirs = _brat_dirs(path)
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                kind = fmt or _IN_FOLDER.get(child.suffix.lower())
                if ann_dirs and fmt is None and child.suffix.lower() != ".txt":
                    kind = None  # a brat folder: its texts are the articles
                if child.suffix.lower() == ".ann" or kind is None or child.name.startswith("."):
                    if child.suffix.lower() != ".ann":
                        ignored.append(child)
                    continue
                if ann_dirs and child.suffix.lower() == ".txt" and fmt in (None, "brat"):
                    units.append(_Unit(child, "brat", ann_dirs))
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
        return list(brat.parse_brat(unit.path, list(unit.ann_dirs))), None
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
) -> FileResult:
    """Read one file completely, then store it in one transaction.

    Whatever goes wrong becomes a sentence on the file's result, never an exception:
    one bad file must not abandon the other files of an import. ``encoding`` overrides
    the guessed one; ``language`` the detected (or the file's own) language.
    """
    result = FileResult(unit.path, unit.format)
    try:
        items, result.note = _read(unit, text_column, encoding)
        docs: list[ParsedDocument] = []
        for item in items:
            if isinstance(item, Problem):
                result.problems.append(item)
                continue
            reason = item.validate()
            if reason:
                result.problems.append(Problem(unit.path, reason, item.line))
                continue
            item.origin = storable(item.origin)
            set_language(item, language)
            docs.append(item)
    except UnreadableFile as exc:
        result.error = exc.reason
        result.problems = []
        return result
    except Exception as exc:  # a reader's bug: name the file, keep nothing, go on
        result.error = (
            f"could not be read: {type(exc).__name__}: {exc}; nothing from it was kept"
            " — please report this file"
        )
        result.problems = []
        return result
    try:
        added = store.add_documents(docs)
    except Exception as exc:  # the transaction rolled back: nothing from this file is stored
        result.error = f"could not be stored, nothing from it was kept ({exc})"
        return result
    result.imported = len(added.ids)
    result.duplicates = added.duplicates
    result.updated = len(added.updated)
    result.layers = added.layers
    result.spans = added.spans
    result.relations = added.relations
    return result


def import_paths(
    store: Store,
    paths: Iterable[Path | str],
    *,
    fmt: str | None = None,
    text_column: str | None = None,
    on_file: Callable[[FileResult, int], None] | None = None,
    encoding: str | None = None,
    language: str | None = None,
) -> ImportReport:
    """Import files and folders; ``on_file(result, size_in_bytes)`` reports progress.

    ``encoding`` (a Python codec name) is used for every file instead of the guess;
    ``language`` (ISO 639-1) is stored for every document instead of the detected one.
    """
    units, ignored = plan([Path(p) for p in paths], fmt)
    report = ImportReport(ignored=ignored)
    for unit in units:
        result = import_file(store, unit, text_column, encoding=encoding, language=language)
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
