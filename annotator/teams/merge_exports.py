"""Our JSONL and brat exports, given to ``annotator merge``, read a document at a time (#18).

They were read whole: the file's text, every parsed record and every document with its
annotations, all held before the first was applied. ``ExportBatches`` reads the file when
the merge asks, as ``ProjectBatches`` reads a project file: once when the file is checked
(count, labels, skipped records, and a key per document: its content hash, metadata and
where it stands in the file), then the texts the base may lack in content order (each
read again from where it stands), then the documents in file order, a batch at a time.
What is held is one batch and those keys (about 200 bytes a document), not the file.

A JSONL file that is not UTF-8 (or has a line break inside a line that only a whole-file
read splits the same way) is read whole, as before: ``NotStreamable``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.core.model import ParsedDocument
from annotator.io.brat import AnnIndex, parse_brat
from annotator.io.jsonl import NO_ORIGIN, parse_jsonl_lines, record_to_document
from annotator.io.problems import Problem, UnreadableFile
from annotator.io.streaming import NotStreamable, TextSource
from annotator.store.merging import FieldDocument
from annotator.teams import project_batches
from annotator.teams.project_batches import meta_key

Key = tuple[str, str]
#: Where a document stands: (byte offset, line number) in a JSONL file, (unit, 0) in brat.
Where = tuple[int, int]


class ExportBatches:
    """An export's documents, read when asked (``count``, ``labels``, ``texts``,
    ``batches``: what the merge asks of any field file)."""

    def __init__(self, path: Path, kind: str, stamp: str, units: list[tuple[Path, list[Path]]]):
        self.path, self.kind, self.stamp = path, kind, stamp
        # brat: each text's name and where it stands (its folder and annotation folders,
        # kept once: a Path and a list a document weighed more than its key)
        self._places: list[tuple[Path, list[Path]]] = []
        self._units: list[tuple[int, str]] = []
        self._anns = AnnIndex()
        for txt, ann_dirs in units:
            place = (txt.parent, ann_dirs)
            if not self._places or self._places[-1] != place:
                self._places.append(place)
            self._units.append((len(self._places) - 1, txt.name))
        self._codec = ""
        self._keys: list[tuple[Key, Where]] = []
        self._spans: set[str] = set()
        self._stances: set[str] = set()
        self.problems: list[Problem] = []

    @classmethod
    def open(
        cls, path: Path, kind: str, stamp: str, units: list[tuple[Path, list[Path]]] | None = None
    ) -> ExportBatches:
        """Read the file once: its count, labels, skipped records and keys."""
        source = cls(path, kind, stamp, units or [])
        if kind == "jsonl":
            source._codec = TextSource(path).codec
            if source._codec not in ("utf-8", "utf-8-sig"):
                raise NotStreamable(f"read as {source._codec}")
        for where, item in source._items():
            if isinstance(item, Problem):
                source.problems.append(item)
                continue
            doc = source._field(item)
            source._spans.update(s.label for s in doc.spans)
            source._stances.update(r.label for r in doc.relations)
            source._keys.append(((doc.content_hash, meta_key(doc.meta)), where))
        return source

    # -- what the merge asks -------------------------------------------------------------

    def count(self) -> int:
        return len(self._keys)

    def labels(self) -> tuple[set[str], set[str]]:
        return set(self._spans), set(self._stances)

    def texts(self) -> Iterator[tuple[Key, FieldDocument]]:
        """Each document without annotations, in (content hash, metadata) order."""
        ordered = sorted(self._keys)
        with self.path.open("rb") if self.kind == "jsonl" else _Nothing() as fh:
            for key, where in ordered:
                doc = self._read_at(fh, where)
                yield key, FieldDocument(key[0], doc.text, doc.title, doc.origin, doc.meta)

    def batches(self, size: int | None = None) -> Iterator[list[FieldDocument]]:
        """The documents with their annotations, in file order, ``size`` at a time."""
        batch: list[FieldDocument] = []
        for _where, item in self._items():
            if isinstance(item, Problem):
                continue
            batch.append(self._field(item))
            if len(batch) >= (size or project_batches.BATCH):
                yield batch
                batch = []
        if batch:
            yield batch

    def close(self) -> None:
        """Nothing stays open between reads."""

    # -- reading ------------------------------------------------------------------------

    def _field(self, doc: ParsedDocument) -> FieldDocument:
        from annotator.teams.fieldfile import document_from_parsed

        return document_from_parsed(doc, self.stamp)

    def _items(self) -> Iterator[tuple[Where, ParsedDocument | Problem]]:
        """Every record in file order, with where it stands; a document that does not
        validate is a problem (as when the file was read whole)."""
        if self.kind == "jsonl":
            items = self._jsonl()
        else:
            items = (((n, 0), item) for n in range(len(self._units)) for item in self._brat(n))
        for where, item in items:
            if isinstance(item, ParsedDocument) and (reason := item.validate()):
                item = Problem(self.path, reason, item.line)
            yield where, item

    def _jsonl(self) -> Iterator[tuple[Where, ParsedDocument | Problem]]:
        at = [0]  # the offset of the line being parsed (parse_jsonl_lines reads lazily)

        def lines(fh: BinaryIO) -> Iterator[str]:
            for offset, _number, line in _lines(fh, self._codec):
                at[0] = offset
                yield line

        with _open(self.path) as fh:
            for item in parse_jsonl_lines(lines(fh), self.path):
                yield ((at[0], item.line or 0), item)

    def _brat(self, n: int) -> Iterator[ParsedDocument | Problem]:
        place, name = self._units[n]
        folder, ann_dirs = self._places[place]
        txt = folder / name
        return parse_brat(txt, ann_dirs, self._anns.of(txt, ann_dirs))

    def _read_at(self, fh: BinaryIO | None, where: Where) -> ParsedDocument:
        """The document that stands at ``where`` (read and checked before)."""
        if fh is None:  # brat: the unit's files again
            return next(d for d in self._brat(where[0]) if isinstance(d, ParsedDocument))
        offset, number = where
        fh.seek(offset)
        # the line passed every check of parse_jsonl_lines when the file was read
        doc = record_to_document(json.loads(_decoded(fh.readline(), self._codec, number)))
        if doc.origin == NO_ORIGIN:
            doc.origin = f"{self.path.name}:{number}"
        doc.line = number
        return doc


class _Nothing:
    """``with`` for a brat export, which has no one file to keep open."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _open(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None


def _decoded(raw: bytes, codec: str, number: int) -> str:
    """Line ``number`` without its line ending, as the whole-file read would give it."""
    try:
        line = raw.decode(codec if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise NotStreamable(f"not UTF-8 ({exc.reason})") from None
    line = line.removesuffix("\n").removesuffix("\r")
    if number == 1:
        line = line.lstrip("\ufeff")
    if "\r" in line:  # a line break only the whole-file read splits on
        raise NotStreamable("a carriage return inside a line")
    return line


def _lines(fh: BinaryIO, codec: str) -> Iterator[tuple[int, int, str]]:
    """(byte offset, line number, text) of each line."""
    offset = 0
    for number, raw in enumerate(fh, start=1):
        yield offset, number, _decoded(raw, codec, number)
        offset += len(raw)
