"""JSON Lines, one task per line, Prodigy-style: ``{"text": ..., "meta": ..., "spans": ...}``.

Every line is checked before it becomes a document: offsets are whole numbers
(not booleans, floats, strings, NaN or Infinity), lists are lists, nesting is
shallow and every string is real Unicode. A line that fails is a ``Problem``
with its number; the other lines import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.claims import STANCES
from annotator.core.model import (
    MAX_TEXT_CHARS,
    MAX_UID_CHARS,
    ParsedDocument,
    Relation,
    Span,
    title_from_text,
)
from annotator.io.problems import Problem

#: Longest line read: an article at the size limit with its tokens, spans and relations fits.
MAX_LINE_CHARS = 32 * MAX_TEXT_CHARS
#: Deepest nesting of lists and objects kept (a task needs about five levels).
MAX_DEPTH = 100

_KNOWN = {
    "text",
    "meta",
    "spans",
    "relations",
    "tokens",
    "status",
    "statuses",
    "claims",
    "_input_hash",
    "_task_hash",
}
_STATUSES = {"new", "in progress", "done", "skipped"}


#: Marks a record that did not say where it came from (the file and line will).
NO_ORIGIN = "\0"


class _Bad(ValueError):
    """A record that cannot become a document."""


def _offset(value: Any, what: str, name: str) -> int:
    if type(value) is not int:  # bool is an int subclass, and 0.9 must not become 0
        raise _Bad(f"{what} has {name} {json.dumps(value)[:40]}, not a whole number")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Bad(f"{what} must be a list, not {json.dumps(value)[:40]}")
    return value


def _uid(raw: dict[str, Any], what: str) -> str | None:
    """The lasting id our export writes on each span and relation (absent elsewhere)."""
    uid = raw.get("uid")
    if uid is None:
        return None
    if not isinstance(uid, str) or not uid or len(uid) > MAX_UID_CHARS:
        raise _Bad(f"{what} has a uid that is not a string of 1 to {MAX_UID_CHARS} characters")
    return uid


def _statuses(value: Any) -> dict[str, str]:
    """Each analyst's status, as our export writes it: ``{"analyst": "done", ...}``."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, str) and v in _STATUSES for v in value.values()
    ):
        raise _Bad(f'"statuses" must map analysts to one of {", ".join(sorted(_STATUSES))}')
    return {str(k): v for k, v in value.items()}


def _span(raw: Any, what: str) -> Span:
    if not isinstance(raw, dict):
        raise _Bad(f"{what} is not an object")
    if "start" not in raw or "end" not in raw or not isinstance(raw.get("label"), str):
        raise _Bad(f"{what} needs integer start and end and a label")
    start, end = _offset(raw["start"], what, "start"), _offset(raw["end"], what, "end")
    attributes = raw.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise _Bad(f"{what} has attributes that are not an object")
    pieces: list[tuple[int, int]] | None = None
    fragments = raw.get("fragments")
    if fragments is not None:
        pieces = []
        for piece in _list(fragments, f"{what} fragments"):
            if not isinstance(piece, list) or len(piece) != 2:
                raise _Bad(f"{what} fragments must be [start, end] pairs")
            start_end = (_offset(piece[0], what, "fragment"), _offset(piece[1], what, "fragment"))
            pieces.append(start_end)
    return Span(
        raw["label"],
        start,
        end,
        attributes=attributes,
        annotator=str(raw.get("annotator", "")),
        fragments=pieces or None,
        uid=_uid(raw, what),
    )


def _index(spans: list[Span], span: Span) -> int:
    """The span a relation names: the one with its uid, else the first with the same place,
    label and analyst (two analysts may agree)."""
    if span.uid:
        for i, s in enumerate(spans):
            if s.uid == span.uid:
                return i
    key = (span.start, span.end, span.label, span.annotator, span.pieces())
    for i, s in enumerate(spans):
        if (s.start, s.end, s.label, s.annotator, s.pieces()) == key and (
            not span.uid or not s.uid
        ):
            return i
    spans.append(span)
    return len(spans) - 1


def _claims(value: Any) -> list[dict[str, Any]]:
    """Tracked claims a record carries (our export): each names its claim, wording and span
    (no span: a claim no span carries yet, which the export puts on its first record)."""
    out = []
    for i, raw in enumerate(_list(value, '"claims"')):
        keys = ("claim", "wording", "span")
        if isinstance(raw, dict) and raw.get("span") is None:
            keys = ("claim", "wording")
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in keys):
            raise _Bad(f'claims entry {i} needs "claim", "wording" and "span" strings')
        if raw.get("stance") not in (None, *STANCES):
            raise _Bad(f'claims entry {i}: "stance" must be one of {", ".join(STANCES)}')
        out.append({"span": None} | {k: raw[k] for k in keys} | {"stance": raw.get("stance")})
    return out


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
    if not isinstance(status, str) or status not in _STATUSES:
        raise _Bad(f'"status" must be one of {", ".join(sorted(_STATUSES))}')
    raw_spans = [
        s
        for s in _list(record.get("spans"), '"spans"')
        if not (isinstance(s, dict) and s.get("suggested"))
    ]
    spans = [_span(s, f"span {i}") for i, s in enumerate(raw_spans)]
    relations: list[Relation] = []
    for i, raw in enumerate(_list(record.get("relations"), '"relations"')):
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
                uid=_uid(raw, f"relation {i}"),
            )
        )
    return ParsedDocument(
        text=text,
        title=title,
        meta=meta,
        spans=spans,
        relations=relations,
        claims=_claims(record.get("claims")),
        origin=NO_ORIGIN if origin is None else str(origin),
        status=status,
        statuses=_statuses(record.get("statuses")),
    )


def _refuse_constant(name: str) -> Any:
    raise _Bad(f"holds {name}, which is not a number JSON allows")


def _too_deep(value: Any) -> bool:
    """More than ``MAX_DEPTH`` levels of lists and objects (looked at level by level)."""
    level, depth = [value], 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return True
        below: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            below.extend(c for c in children if isinstance(c, dict | list))
        level = below
    return False


def _lone_surrogate(value: Any) -> str | None:
    """The first lone surrogate in any string or key (only ``\\u`` escapes can make one)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                return item[exc.start]
    return None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _decode(line: str) -> Any:
    if len(line) > MAX_LINE_CHARS:
        raise _Bad(f"line is {len(line):,} characters long; the limit is {MAX_LINE_CHARS:,}")
    try:
        value = json.loads(line, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise _Bad(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _Bad("nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        if isinstance(exc, _Bad):
            raise
        raise _Bad(f"not valid JSON ({exc})") from None
    if isinstance(value, dict | list) and _too_deep(value):
        raise _Bad(f"nested too deeply (more than {MAX_DEPTH} levels)")
    if _SURROGATE_ESCAPE.search(line):
        bad = _lone_surrogate(value)
        if bad is not None:
            raise _Bad(
                f"holds a lone surrogate (\\u{ord(bad):04x}), which is not a character;"
                " fix that escape"
            )
    return value


def parse_jsonl(text: str, path: Path) -> Iterator[ParsedDocument | Problem]:
    """Yield a document per good line and a ``Problem`` per malformed one."""
    return parse_jsonl_lines(text.split("\n"), path)


def parse_jsonl_lines(lines: Iterable[str], path: Path) -> Iterator[ParsedDocument | Problem]:
    """``parse_jsonl`` over lines already split (without their ``\\n``): a large file is
    read a line at a time through this too."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = record_to_document(_decode(line))
        except _Bad as exc:
            yield Problem(path, str(exc), number)
            continue
        if doc.origin == NO_ORIGIN:
            doc.origin = f"{path.name}:{number}"
        doc.line = number
        yield doc
