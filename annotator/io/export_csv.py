"""A CSV with one row per stance, for analysts' spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path

from annotator.io.exporting import ExportDoc

COLUMNS = ("document", "title", "source", "source_type", "cue", "claim", "stance", "annotator")


def write_csv(docs: list[ExportDoc], out: Path) -> None:
    """document, title, source, source_type, cue, claim, stance, annotator."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for item in docs:
            text = item.doc.text
            by_id = item.span_by_id()
            for rel in item.relations:
                source = by_id.get(rel.source) if rel.source is not None else None
                cue = by_id.get(rel.cue) if rel.cue is not None else None
                writer.writerow(
                    [
                        item.doc.id,
                        item.doc.title,
                        source.text_in(text) if source else "",
                        source.attributes.get("source_type", "") if source else "",
                        cue.text_in(text) if cue else "",
                        by_id[rel.claim].text_in(text),
                        rel.label,
                        rel.annotator,
                    ]
                )
