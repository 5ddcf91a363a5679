"""Prodigy-style JSONL: text, tokens, spans (inclusive ``token_end``), relations, meta, hashes.

Our own export imported and exported again is byte-identical: everything a
record carries comes back from the store in the same order. Each span and
relation carries its lasting ``uid``, and ``statuses`` each analyst's status, so
another project can merge the file without duplicating what it already has.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import Span
from annotator.io.export_sink import Sink, write_through
from annotator.io.exporting import ExportDoc
from annotator.io.safe_paths import atomic_text
from annotator.io.tokenize import tokens


def _hash(value: str) -> int:
    """A stable 32-bit signed hash, like Prodigy's (not Python's salted ``hash``)."""
    return int.from_bytes(hashlib.sha256(value.encode("utf-8")).digest()[:4], "big", signed=True)


class _TokenIndex:
    def __init__(self, toks: list[tuple[str, int, int]]) -> None:
        self.starts = [s for _, s, _ in toks]
        self.ends = [e for _, _, e in toks]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """First and last (inclusive) token touched by ``[start, end)``."""
        first = max(0, bisect_right(self.starts, start) - 1)
        if first < len(self.ends) and self.ends[first] <= start:
            first += 1
        last = max(first, bisect_left(self.starts, end) - 1)
        return first, last


def _span_json(span: Span, index: _TokenIndex) -> dict[str, Any]:
    first, last = index.span(span.start, span.end)
    out: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "token_start": first,
        "token_end": last,
        "label": span.label,
    }
    if span.attributes:
        out["attributes"] = span.attributes
    if span.annotator:
        out["annotator"] = span.annotator
    if span.fragments:
        out["fragments"] = [list(f) for f in span.fragments]
    if span.uid:
        out["uid"] = span.uid
    return out


def record(item: ExportDoc) -> dict[str, Any]:
    """One document as a Prodigy-style task."""
    doc = item.doc
    toks = tokens(doc.text)
    index = _TokenIndex(toks)
    spans = [_span_json(s, index) for s in item.spans]
    spans += [{**_span_json(e, index), "suggested": True} for e in item.entities]
    by_id = item.span_by_id()
    relations = []
    for rel in item.relations:
        claim = by_id[rel.claim]
        entry: dict[str, Any] = {}
        if rel.source is not None:
            source = by_id[rel.source]
            entry["head"] = index.span(source.start, source.end)[1]
            entry["head_span"] = _span_json(source, index)
        entry["child"] = index.span(claim.start, claim.end)[1]
        entry["child_span"] = _span_json(claim, index)
        if rel.cue is not None:
            entry["cue_span"] = _span_json(by_id[rel.cue], index)
        entry["label"] = rel.label
        if rel.attributes:
            entry["attributes"] = rel.attributes
        if rel.annotator:
            entry["annotator"] = rel.annotator
        if rel.uid:
            entry["uid"] = rel.uid
        relations.append(entry)
    meta = {**doc.meta, "title": doc.title, "origin": doc.origin}
    task = json.dumps([spans, relations], sort_keys=True, ensure_ascii=False)
    out: dict[str, Any] = {
        "text": doc.text,
        "meta": meta,
        "tokens": [
            {"text": t, "start": s, "end": e, "id": i, "ws": doc.text[e : e + 1].isspace()}
            for i, (t, s, e) in enumerate(toks)
        ],
        "spans": spans,
        "relations": relations,
        "status": doc.status,
    }
    if item.statuses:  # each analyst's status, for merging project files
        out["statuses"] = item.statuses
    if item.tracked:  # tracked claims the exported spans carry
        out["claims"] = item.tracked
    out["_input_hash"] = _hash(doc.text)
    out["_task_hash"] = _hash(doc.text + task)
    out["answer"] = "accept"
    return out


class JsonlSink(Sink):
    """One task a line, UTF-8, keys in a fixed order; text exactly as stored."""

    def open(self) -> None:
        self.fh = self.stack.enter_context(atomic_text(self.out))

    def add(self, item: ExportDoc) -> None:
        self.fh.write(json.dumps(record(item), ensure_ascii=False) + "\n")
        self.count += 1


def write_jsonl(docs: Iterable[ExportDoc], out: Path) -> list[Path]:
    """One task a line, UTF-8, keys in a fixed order; text exactly as stored."""
    return write_through(JsonlSink(out), docs)
