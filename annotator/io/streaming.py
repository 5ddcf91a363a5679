"""Read a large CSV, JSONL or text-dump file record by record, in bounded memory.

The whole-file readers (``csvfile``, ``jsonl``, ``textdump``) hold the file, its lines
and every parsed record at once: gigabytes for a million articles. These give the same
records and the same problems, with the same line numbers, while holding one record
(or one pasted article) at a time. A file that cannot be read this way (not UTF-8,
UTF-16 without a mark, binary) raises ``NotStreamable`` before or while reading, and
the caller reads it whole as before: the whole-file path keeps its encoding guesses
and refusals.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from annotator.core.doc_meta import with_date_and_outlet
from annotator.core.model import ParsedDocument, title_from_text
from annotator.io import csvfile, textdump
from annotator.io.decoding import check_encoding, label
from annotator.io.jsonl import parse_jsonl_lines
from annotator.io.problems import Problem, UnreadableFile

_HEAD = 65536


class NotStreamable(Exception):
    """Read this file whole instead (an encoding or a content only the whole file tells)."""


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read from it, for a progress bar."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self._raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        self.done += n or 0
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


class TextSource:
    """A file's decoded lines (``\\n``-terminated, line endings normalised as
    ``decoding.decode`` does), and the bytes read so far."""

    def __init__(self, path: Path, encoding: str | None = None) -> None:
        self.path = path
        self.codec, self.note = _codec(path, encoding)
        self._counting: _Counting | None = None

    @property
    def bytes_read(self) -> int:
        return self._counting.done if self._counting is not None else 0

    def lines(self, skip: int = 0) -> Iterator[str]:
        """The lines from index ``skip`` on (0-based), opening the file afresh."""
        try:
            raw = open(self.path, "rb")  # noqa: SIM115  # closed by the wrapper below
        except OSError as exc:
            raise UnreadableFile(self.path, f"cannot be read ({exc.strerror or exc})") from None
        self._counting = counting = _Counting(raw)
        text = io.TextIOWrapper(io.BufferedReader(counting, 1 << 20), self.codec, newline=None)
        try:
            first = True
            for line in itertools.islice(text, skip, None):
                if first and skip == 0:
                    line = line.lstrip("\ufeff")
                first = False
                yield line
        except UnicodeDecodeError as exc:
            raise NotStreamable(f"not {self.codec} ({exc.reason})") from None
        finally:
            text.close()


def _codec(path: Path, encoding: str | None) -> tuple[str, str | None]:
    """The codec to stream with, and the note the whole-file reader would give."""
    if encoding is not None:
        if check_encoding(encoding):
            raise NotStreamable("unknown encoding")  # the whole-file path says so
        return encoding, f"read as {label(encoding)} as given"
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
    except OSError:
        raise NotStreamable("cannot be read") from None
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", None
    if b"\x00" in head[:8192]:
        raise NotStreamable("NUL bytes: UTF-16 without a mark, or binary")
    control = sum(1 for b in head[:8192] if b < 32 and b not in (9, 10, 12, 13))
    if head and control / len(head[:8192]) > 0.05:
        raise NotStreamable("looks binary")
    return "utf-8", None


def stream_jsonl(source: TextSource) -> Iterator[ParsedDocument | Problem]:
    """``jsonl.parse_jsonl``, a line at a time."""
    lines = (line[:-1] if line.endswith("\n") else line for line in source.lines())
    return parse_jsonl_lines(lines, source.path)


def stream_dump(source: TextSource) -> Iterator[ParsedDocument]:
    """``textdump.parse_dump``, a pasted article at a time.

    An article ends where two blank lines are followed by text. A block with no body
    (a headline and captions only) is read again with the next, as the whole-file
    reader carries its preamble over.
    """
    path = source.path
    region: list[str] = []
    region_start = 1  # 1-based number of the region's first line
    blanks = 0
    has_text = False
    number = 0
    for number, line in enumerate(source.lines(), start=1):
        body = line[:-1] if line.endswith("\n") else line
        if not body.strip():
            blanks += 1
            region.append(body)
            continue
        if blanks >= 2 and has_text:
            docs = _dump_region(region, region_start, path)
            if docs:
                yield from docs
                region, region_start = [], number
        blanks = 0
        has_text = True
        region.append(body)
    if has_text:
        yield from _dump_region(region, region_start, path)


def _dump_region(lines: list[str], first: int, path: Path) -> list[ParsedDocument]:
    docs = textdump.parse_dump("\n".join(lines), path)
    for doc in docs:
        doc.line = (doc.line or 1) + first - 1
        doc.origin = f"{path.name}:{doc.line}"
    return docs


class CsvStream:
    """``csvfile.parse_csv``, a row at a time.

    Iterating yields documents and the problems of rows read well (wrong field count,
    empty text); ``reading_problems`` collects the rows the CSV reader could not read,
    which the whole-file reader reports first.
    """

    def __init__(self, source: TextSource, text_column: str | None = None) -> None:
        self.source = source
        self.text_column = text_column
        self.reading_problems: list[Problem] = []

    def __iter__(self) -> Iterator[ParsedDocument | Problem]:
        path = self.source.path
        lines = self.source.lines()
        first, header_line = None, ""
        for index, line in enumerate(lines):
            if line.strip():
                first, header_line = index, line
                break
        if first is None:
            raise UnreadableFile(path, "is empty")
        delimiter = csvfile._delimiter(header_line.rstrip("\r\n"), path)
        try:
            header = next(csv.reader(iter([header_line]), delimiter=delimiter, strict=True))
        except csv.Error as exc:
            raise UnreadableFile(path, f"has no readable header line ({exc})") from None
        header = [h.strip() for h in header]
        text_idx: int | None
        if self.text_column is not None:
            if self.text_column not in header:
                raise UnreadableFile(
                    path, f"has no column {self.text_column!r} (columns: {', '.join(header)})"
                )
            text_idx = header.index(self.text_column)
        else:
            text_idx = None if len(header) > 1 else 0
        names = [csvfile._norm(h) for h in header]
        title_idx = next((names.index(n) for n in csvfile.TITLE_NAMES if n in names), None)
        rows = self._rows(lines, first + 1, delimiter)
        if text_idx is None:
            sample = list(itertools.islice(rows, 50))
            text_idx = csvfile.pick_text_column(
                header, [r for _, r in sample if len(r) == len(header)]
            )
            rows = itertools.chain(sample, rows)
        column = header[text_idx]
        for line, row in rows:
            yield _csv_document(path, header, row, line, text_idx, title_idx, column)

    def _rows(
        self, lines: Iterator[str], base: int, delimiter: str
    ) -> Iterator[tuple[int, list[str]]]:
        """(line number, fields) of each row the CSV reader reads; see ``parse_csv``."""
        path = self.source.path
        rereads = 0
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        line_before = 0
        while True:
            try:
                for row in reader:
                    if row and (len(row) > 1 or row[0].strip()):
                        yield base + line_before + 1, row
                    line_before = reader.line_num
                return
            except csv.Error as exc:
                start, end = base + line_before + 1, base + reader.line_num
                if "end of data" not in str(exc):
                    covered = f"line {start}" if end <= start else f"lines {start}–{end}"
                    self.reading_problems.append(
                        Problem(path, f"unreadable row ({exc}); {covered} not imported", start)
                    )
                    line_before = reader.line_num
                    continue
                if rereads == csvfile.MAX_REREADS:
                    self.reading_problems.append(
                        Problem(
                            path,
                            f"a quoted field is never closed; lines {start}–{end} not imported",
                            start,
                        )
                    )
                    return
                rereads += 1
                self.reading_problems.append(
                    Problem(
                        path,
                        "a quoted field that starts on this line is never closed; "
                        f"this row is skipped and reading goes on at line {start + 1}",
                        start,
                    )
                )
                base, line_before = start, 0
                reader = csv.reader(self.source.lines(base), delimiter=delimiter, strict=True)


# Keep in step with the row loop of ``csvfile.parse_csv`` (test_streaming_import compares
# the two on every case): better, that loop could call this function.
def _csv_document(
    path: Path,
    header: list[str],
    row: list[str],
    line: int,
    text_idx: int,
    title_idx: int | None,
    column: str,
) -> ParsedDocument | Problem:
    if len(row) != len(header):
        return Problem(path, f"expected {len(header)} fields, found {len(row)}", line)
    body = row[text_idx]
    if "\r" in body:
        body = body.replace("\r\n", "\n")
    if not body.strip():
        return Problem(path, f"empty text in column {column!r}", line)
    meta = {h: v for i, (h, v) in enumerate(zip(header, row, strict=True)) if i != text_idx}
    meta = with_date_and_outlet(meta)  # as csvfile.parse_csv does
    title = row[title_idx].strip() if title_idx is not None else ""
    return ParsedDocument(
        text=body,
        title=title or title_from_text(body),
        origin=f"{path.name}:{line}",
        meta=meta,
        line=line,
    )


Reader = Callable[[TextSource], Iterator[ParsedDocument | Problem]]
