"""CSV (and TSV) files with one article per row; bodies may hold newlines and quotes."""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

from annotator.core.doc_meta import with_date_and_outlet
from annotator.core.model import ParsedDocument, title_from_text
from annotator.io.problems import Problem, UnreadableFile

TEXT_NAMES = (
    "text",
    "body",
    "articlebody",
    "content",
    "article",
    "articletext",
    "fulltext",
    "story",
)
TITLE_NAMES = ("title", "headline", "heading")

#: How many times a file is read again after a quote left open to its end.
MAX_REREADS = 20

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _delimiter(first_line: str, path: Path) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def pick_text_column(header: list[str], sample: list[list[str]]) -> int:
    """The column that holds the article: by its name, else the longest on average."""
    names = [_norm(h) for h in header]
    for wanted in TEXT_NAMES:
        if wanted in names:
            return names.index(wanted)
    totals = [0] * len(header)
    for row in sample:
        for i, value in enumerate(row[: len(header)]):
            totals[i] += len(value)
    return max(range(len(header)), key=lambda i: totals[i])


def parse_csv(
    text: str, path: Path, text_column: str | None = None
) -> Iterator[ParsedDocument | Problem]:
    """Yield one document per good row and a ``Problem`` (with its line) per bad one.

    Blank lines before the header are skipped. Quotes are read strictly, so a quoted
    field cannot silently swallow the rows after it: a quote that closes with text
    after it is reported with the lines it covered, and a quote still open at the end
    of the file is reported at the line where its row began; reading then starts again
    on the next line, so the rows it would have swallowed import (at most
    ``MAX_REREADS`` times a file, which keeps the work linear).
    """
    lines = io.StringIO(text, newline="").readlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise UnreadableFile(path, "is empty")
    delimiter = _delimiter(lines[first].rstrip("\r\n"), path)
    reader = csv.reader(iter(lines[first : first + 1]), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise UnreadableFile(path, f"has no readable header line ({exc})") from None
    header = [h.strip() for h in header]
    if text_column is not None:
        if text_column not in header:
            raise UnreadableFile(
                path, f"has no column {text_column!r} (columns: {', '.join(header)})"
            )
        text_idx: int | None = header.index(text_column)
    else:
        text_idx = None if len(header) > 1 else 0
    names = [_norm(h) for h in header]
    title_idx = next((names.index(n) for n in TITLE_NAMES if n in names), None)

    rows: list[tuple[int, list[str]]] = []
    base = first + 1  # index of the first line the current reader reads
    rereads = 0
    reader = csv.reader(itertools.islice(lines, base, None), delimiter=delimiter, strict=True)
    line_before = 0
    while True:  # a for loop per stretch of good rows; a bad one is reported and skipped
        try:
            for row in reader:
                if row and (len(row) > 1 or row[0].strip()):
                    rows.append((base + line_before + 1, row))
                line_before = reader.line_num
            break
        except csv.Error as exc:
            start, end = base + line_before + 1, base + reader.line_num
            if end < len(lines) or "end of data" not in str(exc):
                covered = f"line {start}" if end <= start else f"lines {start}–{end}"
                yield Problem(path, f"unreadable row ({exc}); {covered} not imported", start)
                line_before = reader.line_num
                continue
            if rereads == MAX_REREADS:
                yield Problem(
                    path, f"a quoted field is never closed; lines {start}–{end} not imported", start
                )
                break
            rereads += 1
            yield Problem(
                path,
                "a quoted field that starts on this line is never closed; "
                f"this row is skipped and reading goes on at line {start + 1}",
                start,
            )
            base, line_before = start, 0  # 0-based index ``start`` is line ``start + 1``
            reader = csv.reader(
                itertools.islice(lines, base, None), delimiter=delimiter, strict=True
            )

    if text_idx is None:
        text_idx = pick_text_column(header, [r for _, r in rows[:50] if len(r) == len(header)])
    column = header[text_idx]
    for line, row in rows:
        if len(row) != len(header):
            yield Problem(path, f"expected {len(header)} fields, found {len(row)}", line)
            continue
        body = row[text_idx]
        if "\r" in body:
            body = body.replace("\r\n", "\n")
        if not body.strip():
            yield Problem(path, f"empty text in column {column!r}", line)
            continue
        meta = {h: v for i, (h, v) in enumerate(zip(header, row, strict=True)) if i != text_idx}
        meta = with_date_and_outlet(meta)  # date/published and outlet/source columns
        title = row[title_idx].strip() if title_idx is not None else ""
        yield ParsedDocument(
            text=body,
            title=title or title_from_text(body),
            origin=f"{path.name}:{line}",
            meta=meta,
            line=line,
        )
