"""JSON Lines, one task per line, Prodigy-style: ``{"text": ..., "meta": ..., "spans": ...}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import ParsedDocument, Relation, Span, title_from_text
from annotator.io.problems import Problem

_KNOWN = {"text", "meta", "spans", "relations", "tokens", "status", "_input_hash", "_task_hash"}
_STATUSES = {"new", "in progress", "done", "skipped"}


#: Marks a record that did not say where it came from (the file and line will).
NO_ORIGIN = "\0"


class _Bad(ValueError):
    """A record that cannot become a document."""


def _span(raw: Any, what: str) -> Span:
    if not isinstance(raw, dict):
        raise _Bad(f"{what} is not an object")
    try:
        start, end, label = int(raw["start"]), int(raw["end"]), str(raw["label"])
    except (KeyError, TypeError, ValueError):
        raise _Bad(f"{what} needs integer start and end and a label") from None
    attributes = raw.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise _Bad(f"{what} has attributes that are not an object")
    fragments = raw.get("fragments")
    pieces = [(int(a), int(b)) for a, b in fragments] if isinstance(fragments, list) else None
    return Span(
        label,
        start,
        end,
        attributes=attributes,
        annotator=str(raw.get("annotator", "")),
        fragments=pieces,
    )


def _index(spans: list[Span], span: Span) -> int:
    for i, s in enumerate(spans):
        if (s.start, s.end, s.label) == (span.start, span.end, span.label):
            return i
    spans.append(span)
    return len(spans) - 1


def record_to_document(record: Any) -> ParsedDocument:
    """Turn one decoded JSON value into a document, or raise ``ValueError`` saying why."""
    if not isinstance(record, dict):
        raise _Bad("line is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str):
        raise _Bad('no "text" string')
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise _Bad('"meta" is not an object')
    meta = dict(meta)
    title = str(meta.pop("title", "") or meta.get("headline") or "") or title_from_text(text)
    origin = meta.pop("origin", None)  # our export writes it, even when empty
    extra = {k: v for k, v in record.items() if k not in _KNOWN}
    if extra.get("answer") == "accept":  # what our own export writes: nothing to keep
        del extra["answer"]
    if extra:
        meta["_record"] = extra
    status = record.get("status", "new")
    if status not in _STATUSES:
        raise _Bad(f'"status" must be one of {", ".join(sorted(_STATUSES))}')
    raw_spans = [
        s for s in record.get("spans") or [] if not (isinstance(s, dict) and s.get("suggested"))
    ]
    spans = [_span(s, f"span {i}") for i, s in enumerate(raw_spans)]
    relations: list[Relation] = []
    for i, raw in enumerate(record.get("relations") or []):
        if not isinstance(raw, dict) or "child_span" not in raw:
            raise _Bad(f"relation {i} needs a child_span")
        source = (
            _index(spans, _span(raw["head_span"], f"relation {i} head_span"))
            if raw.get("head_span")
            else None
        )
        claim = _index(spans, _span(raw["child_span"], f"relation {i} child_span"))
        cue = (
            _index(spans, _span(raw["cue_span"], f"relation {i} cue_span"))
            if raw.get("cue_span")
            else None
        )
        attributes = raw.get("attributes") or {}
        relations.append(
            Relation(
                label=str(raw.get("label", "")),
                source=source,
                claim=claim,
                cue=cue,
                attributes=attributes if isinstance(attributes, dict) else {},
                annotator=str(raw.get("annotator", "")),
            )
        )
    return ParsedDocument(
        text=text,
        title=title,
        meta=meta,
        spans=spans,
        relations=relations,
        origin=NO_ORIGIN if origin is None else str(origin),
        status=status,
    )


def parse_jsonl(text: str, path: Path) -> Iterator[ParsedDocument | Problem]:
    """Yield a document per good line and a ``Problem`` per malformed one."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            doc = record_to_document(json.loads(line))
        except json.JSONDecodeError as exc:
            yield Problem(path, f"not valid JSON ({exc.msg} at column {exc.colno})", number)
            continue
        except _Bad as exc:
            yield Problem(path, str(exc), number)
            continue
        if doc.origin == NO_ORIGIN:
            doc.origin = f"{path.name}:{number}"
        doc.line = number
        yield doc
