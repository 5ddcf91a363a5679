"""A CSV with one row per stance, for analysts' spreadsheets.

Spreadsheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a tab or carriage return) as a formula, so a title or claim such as
``=HYPERLINK(...)`` would act when the file is opened. Such cells get a
leading ``'`` (OWASP's rule against CSV injection), which spreadsheets show as
plain text; a program reading the CSV sees the ``'``. The formats meant for
programs (JSONL, brat, CoNLL, DocBin) never alter text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from annotator.io.export_sink import Sink, write_through
from annotator.io.exporting import ExportDoc
from annotator.io.safe_paths import atomic_text

COLUMNS = ("document", "title", "source", "source_type", "cue", "claim", "stance", "annotator")
#: First characters that make a spreadsheet evaluate a cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """``value`` as a spreadsheet will show it, never as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class CsvSink(Sink):
    """document, title, source, source_type, cue, claim, stance, annotator."""

    def open(self) -> None:
        self.writer = csv.writer(self.stack.enter_context(atomic_text(self.out, newline="")))
        self.writer.writerow(COLUMNS)

    def add(self, item: ExportDoc) -> None:
        self.count += 1
        text = item.doc.text
        by_id = item.span_by_id()
        for rel in item.relations:
            source = by_id.get(rel.source) if rel.source is not None else None
            cue = by_id.get(rel.cue) if rel.cue is not None else None
            row = [
                item.doc.id,
                item.doc.title,
                source.text_in(text) if source else "",
                source.attributes.get("source_type", "") if source else "",
                cue.text_in(text) if cue else "",
                by_id[rel.claim].text_in(text),
                rel.label,
                rel.annotator,
            ]
            self.writer.writerow([cell(value) for value in row])


def write_csv(docs: Iterable[ExportDoc], out: Path) -> list[Path]:
    """document, title, source, source_type, cue, claim, stance, annotator."""
    return write_through(CsvSink(out), docs)
