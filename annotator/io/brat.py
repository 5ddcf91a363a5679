"""brat standoff: ``NAME.txt`` with ``NAME.ann`` (or ``NAME_ANNOTATOR.ann``) beside it.

PolNeAR stores each attribution as an event
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``); it becomes SOURCE,
CUE and CLAIM spans and one STANCE relation. ``R`` relations, ``A``
attributes and ``#`` notes are kept too. Offsets are characters of the text
exactly as stored, so the ``.txt`` is read without touching its line endings.

A malformed line is reported and skipped. An id defined twice makes the whole
``.ann`` ambiguous, so its document is not imported at all: imported without
those annotations, the text would make the corrected file a duplicate later.
"""

from __future__ import annotations

import bisect
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import ParsedDocument, Relation, Span, title_from_text
from annotator.io.decoding import read_text, storable
from annotator.io.problems import Problem, UnreadableFile

#: brat type -> our label; other types keep their own name.
LABELS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CLAIM"}
ROLE_TO_PART = {"Source": "source", "Cue": "cue", "Content": "claim"}
STANCES = {"support", "deny", "query", "comment"}
#: What an attribution event asserts when the file gives no stance (PARC: the source asserts).
DEFAULT_STANCE = "support"

#: The ``#`` note type that carries a span's or stance's lasting uid (our export writes it).
UID_NOTE = "uid"
#: Our export's file beside ``NAME.txt`` holding the document's metadata as a JSON object.
META_SUFFIX = ".meta.json"

_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


@dataclass(slots=True)
class AnnFile:
    """What one ``.ann`` file adds to a document."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Set when the whole file is refused (an id defined twice): its document is not imported.
    refused: Problem | None = None


def ann_files_for(txt: Path, ann_dirs: list[Path]) -> list[tuple[Path, str]]:
    """The ``.ann`` files that annotate ``txt``, each with the annotator its name gives."""
    found: list[tuple[Path, str]] = []
    for folder in ann_dirs:
        exact = folder / f"{txt.stem}.ann"
        if exact.is_file():
            found.append((exact, ""))
        for ann in sorted(folder.glob(f"{glob_escape(txt.stem)}_*.ann")):
            found.append((ann, ann.stem[len(txt.stem) + 1 :]))
    return found


class AnnIndex:
    """``brat.ann_files_for``, each folder listed once (that lists the folder for every
    text: 40 ms a document in a folder of 10,000, hours for 40,000). A folder's ``.ann``
    names are kept sorted, so a text's ``NAME_*.ann`` are one stretch of them."""

    def __init__(self) -> None:
        self._names: dict[Path, list[str]] = {}

    def of(self, txt: Path, ann_dirs: list[Path]) -> list[tuple[Path, str]]:
        found: list[tuple[Path, str]] = []
        stem = txt.stem
        for folder in ann_dirs:
            exact = folder / f"{stem}.ann"
            if exact.is_file():
                found.append((exact, ""))
            names = self._listed(folder)
            lead = f"{stem}_"
            for name in names[bisect.bisect_left(names, lead) :]:
                if not name.startswith(lead):
                    break
                found.append((folder / name, name[len(lead) : -len(".ann")]))
        return found

    def _listed(self, folder: Path) -> list[str]:
        if folder not in self._names:
            try:
                names = [n for n in os.listdir(folder) if n.endswith(".ann")]
            except OSError:
                names = []
            self._names[folder] = sorted(names)
        return self._names[folder]


def glob_escape(name: str) -> str:
    """Escape glob wildcards in a file stem."""
    return re.sub(r"([\[\]*?])", r"[\1]", name)


@dataclass(slots=True)
class _AnnLines:
    """The lines of one ``.ann`` sorted by kind, before ids are resolved."""

    spans: dict[str, tuple[int, Span]] = field(default_factory=dict)  # T id -> (line, span)
    events: list[tuple[int, str, list[str]]] = field(default_factory=list)
    relations: list[tuple[int, str, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # A, M and # lines
    triggers: set[str] = field(default_factory=set)


def parse_ann(ann_text: str, path: Path, doc_text: str, annotator: str = "") -> AnnFile:
    """Read one ``.ann`` against its text; bad lines become problems and are skipped."""
    out = AnnFile()
    lines = _sort_lines(ann_text, path, doc_text, annotator, out)
    if out.refused is not None:
        return out
    by_id: dict[str, int] = {}
    trigger_spans: dict[str, Span] = {}
    for ident, (_, span) in lines.spans.items():
        if ident in lines.triggers:
            trigger_spans[ident] = span
            continue
        by_id[ident] = len(out.spans)
        out.spans.append(span)
    rel_index: dict[str, Relation] = {}  # E and R ids
    _add_events(lines, by_id, trigger_spans, rel_index, path, annotator, out)
    _add_relations(lines, by_id, rel_index, path, annotator, out)
    _apply_notes(lines, by_id, rel_index, path, out)
    return out


def _sort_lines(
    ann_text: str, path: Path, doc_text: str, annotator: str, out: AnnFile
) -> _AnnLines:
    """One pass over the lines; sets ``out.refused`` when an id is defined twice."""
    lines = _AnnLines()
    first_seen: dict[str, int] = {}
    for number, line in enumerate(ann_text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if ident in first_seen and kind != "#":
            out.refused = Problem(
                path, f"{ident} is defined twice (first at line {first_seen[ident]})", number
            )
            return lines
        first_seen.setdefault(ident, number)
        try:
            if kind == "T":
                lines.spans[ident] = (number, _text_bound(rest, doc_text, annotator))
            elif kind == "E":
                parts = _event_parts(ident, rest)
                lines.events.append((number, ident, parts))
                lines.triggers.add(parts[0].split(":", 1)[1])
            elif kind == "R":
                lines.relations.append((number, ident, rest))
            elif kind in "AM#":
                lines.notes.append((number, line))
            else:
                raise ValueError(f"unknown annotation kind {ident!r}")
        except (ValueError, IndexError) as exc:
            out.problems.append(Problem(path, str(exc) or "malformed line", number))
    return lines


def _add_events(
    lines: _AnnLines,
    by_id: dict[str, int],
    trigger_spans: dict[str, Span],
    rel_index: dict[str, Relation],
    path: Path,
    annotator: str,
    out: AnnFile,
) -> None:
    """PolNeAR attribution events become stances (support, as PARC reads them)."""
    for number, ident, parts in lines.events:
        trigger_type, trigger_id = parts[0].split(":", 1)
        roles: dict[str, int] = {}
        for arg in parts[1:]:
            role, _, target = arg.partition(":")
            role = role.rstrip("0123456789")
            if target not in by_id:
                out.problems.append(Problem(path, f"{ident} refers to unknown {target!r}", number))
                continue
            if role in ROLE_TO_PART:
                roles[ROLE_TO_PART[role]] = by_id[target]
        if "claim" not in roles:
            out.problems.append(Problem(path, f"{ident} has no Content", number))
            continue
        attributes: dict[str, object] = {"brat_event": ident, "brat_type": trigger_type}
        trig = trigger_spans.get(trigger_id)
        cue = roles.get("cue")
        if trig is not None and (cue is None or out.spans[cue].pieces() != trig.pieces()):
            attributes["trigger"] = trig.pieces()
        event = Relation(
            DEFAULT_STANCE,
            roles.get("source"),
            roles["claim"],
            cue,
            attributes=attributes,
            annotator=annotator,
        )
        out.relations.append(event)
        rel_index[ident] = event


def _add_relations(
    lines: _AnnLines,
    by_id: dict[str, int],
    rel_index: dict[str, Relation],
    path: Path,
    annotator: str,
    out: AnnFile,
) -> None:
    """``R`` lines: stances typed by their label."""
    for number, ident, rest in lines.relations:
        try:
            rtype, arg1, arg2 = rest.split()
            a1, a2 = arg1.split(":", 1)[1], arg2.split(":", 1)[1]
            label = rtype.lower() if rtype.lower() in STANCES else rtype
            relation = Relation(label, by_id[a1], by_id[a2], None, annotator=annotator)
            out.relations.append(relation)
            rel_index[ident] = relation
        except (ValueError, KeyError, IndexError):
            out.problems.append(Problem(path, f"malformed relation {ident}", number))


def _apply_notes(
    lines: _AnnLines,
    by_id: dict[str, int],
    rel_index: dict[str, Relation],
    path: Path,
    out: AnnFile,
) -> None:
    """``A`` attributes and ``#`` notes: span attributes, a stance's cue, lasting ids."""
    for number, line in lines.notes:
        ident, _, rest = line.partition("\t")
        try:
            if ident.startswith("#"):
                note_type, target = rest.split("\t", 1)[0].split()
                note = rest.split("\t", 1)[1]
                if note_type == UID_NOTE:  # our export: a lasting id
                    owner = rel_index[target] if target in rel_index else out.spans[by_id[target]]
                    owner.uid = note.strip() or None
                elif target in rel_index and note.startswith("cue="):  # a stance's cue
                    rel_index[target].cue = by_id[note[4:]]
                else:
                    out.spans[by_id[target]].attributes["note"] = note
            else:
                fields = rest.split()
                name, target = fields[0], fields[1]
                value: object = fields[2] if len(fields) > 2 else True
                out.spans[by_id[target]].attributes[name] = value
        except (ValueError, KeyError, IndexError):
            out.problems.append(Problem(path, f"malformed attribute or note {ident}", number))


def _event_parts(ident: str, rest: str) -> list[str]:
    """``Type:Trigger Role:Id ...``, each part checked, or ``ValueError`` saying what is wrong."""
    parts = rest.split()
    if not parts:
        raise ValueError(f"event {ident} has no trigger (expected Type:T1 Role:T2 ...)")
    for part in parts:
        name, colon, target = part.partition(":")
        if not (name and colon and target):
            raise ValueError(f"event {ident} has {part[:40]!r} where Role:Id belongs")
    return parts


def _text_bound(rest: str, doc_text: str, annotator: str) -> Span:
    head, _, covered = rest.partition("\t")
    btype, _, offsets = head.partition(" ")
    if not btype or not _OFFSETS.match(offsets):
        raise ValueError(f"malformed text-bound annotation {head!r}")
    pieces = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
    for s, e in pieces:
        if not 0 <= s < e <= len(doc_text):
            raise ValueError(f"offsets {s} {e} lie outside the text (length {len(doc_text)})")
    joined = " ".join(doc_text[s:e] for s, e in pieces)
    if covered and covered != joined:
        raise ValueError(mismatch(covered, joined, offsets))
    fragments = [(s, e) for s, e in pieces] if len(pieces) > 1 else None
    label = LABELS.get(btype, btype)
    return Span(
        label=label,
        attributes={"brat_type": btype} if label != btype else {},
        start=min(s for s, _ in pieces),
        end=max(e for _, e in pieces),
        fragments=fragments,
        annotator=annotator,
    )


def _visible(text: str) -> str:
    """``text`` with whitespace other than a plain space, and invisible characters, written
    as ``\\uXXXX``: two strings that print alike then read differently."""
    return "".join(f"\\u{ord(ch):04x}" if _hidden(ch) else ch for ch in text)


def _hidden(ch: str) -> bool:
    """Whitespace other than a plain space, or a format or control character."""
    return ch != " " and (ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs"))


def _named(ch: str) -> str:
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


def mismatch(covered: str, found: str, offsets: str) -> str:
    """Why a ``T`` line's text does not match its offsets, at the first differing character
    (with both code points), since the two often print alike (a curly quote, a no-break
    space)."""
    at = next((i for i, (a, b) in enumerate(zip(covered, found, strict=False)) if a != b), None)
    if at is None:
        at = min(len(covered), len(found))
        what = f"the .ann's text is {len(covered)} characters, the offsets cover {len(found)}"
    else:
        what = (
            f"they differ at character {at + 1}: the .ann has {_named(covered[at])}, the text "
            f"has {_named(found[at])}"
        )
    start = max(0, at - 20)
    return (
        f'text "{_visible(covered[start : at + 20])}" does not match offsets {offsets} '
        f'(found "{_visible(found[start : at + 20])}"): {what}'
    )


def meta_text(meta: dict[str, object]) -> str:
    """A document's metadata as our export writes it (``NAME.meta.json``)."""
    return json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n"


def meta_file(txt: Path) -> Path:
    """Where our export put the metadata of ``txt``."""
    return txt.with_name(txt.stem + META_SUFFIX)


def read_meta(txt: Path) -> tuple[dict[str, object] | None, Problem | None]:
    """The metadata our export wrote beside ``txt`` (None when there is no such file), or a
    problem naming the file when it cannot be used (the document imports without it)."""
    path = meta_file(txt)
    if not path.is_file():
        return None, None
    try:
        value = json.loads(read_text(path).text)
        meta_text(value).encode("utf-8")  # a lone surrogate escape is no text SQLite can hold
    except UnreadableFile as exc:
        reason = exc.reason
    except (ValueError, RecursionError) as exc:
        reason = f"is not JSON text ({str(exc)[:80]})"
    else:
        if isinstance(value, dict):
            return value, None
        reason = "is not a JSON object"
    return None, Problem(path, f"{reason}; {txt.name} was imported without its metadata")


def parse_brat(
    txt: Path, ann_dirs: list[Path], anns: list[tuple[Path, str]] | None = None
) -> Iterator[ParsedDocument | Problem]:
    """One document from ``txt`` with the annotations of every matching ``.ann``; its
    metadata from our export's ``NAME.meta.json`` when there is one (kept as written).
    ``anns``: those ``.ann`` files, found beforehand (``ann_files_for`` lists the folder
    once per document: a 10,000-document folder takes 40 ms a document)."""
    decoded = read_text(txt, keep_newlines=True)
    text = decoded.text
    doc = ParsedDocument(text=text, title=title_from_text(text), origin=txt.name, line=1)
    meta, problem = read_meta(txt)
    if problem is not None:
        yield problem
    if meta is not None:
        doc.meta = meta
    refused: list[Problem] = []
    for ann_path, annotator in ann_files_for(txt, ann_dirs) if anns is None else anns:
        try:
            ann_text = read_text(ann_path, keep_newlines=True).text
        except UnreadableFile as exc:
            refused.append(Problem(ann_path, f"{exc.reason}; {txt.name} was not imported"))
            continue
        ann = parse_ann(ann_text, ann_path, text, annotator)
        if ann.refused is not None:
            reason = f"{ann.refused.reason}; {txt.name} was not imported: fix it and import again"
            refused.append(Problem(ann_path, reason, ann.refused.line))
            continue
        offset = len(doc.spans)
        doc.spans.extend(ann.spans)
        for rel in ann.relations:
            rel.source = None if rel.source is None else rel.source + offset
            rel.claim += offset
            rel.cue = None if rel.cue is None else rel.cue + offset
            doc.relations.append(rel)
        yield from ann.problems
        if meta is None:  # our export's metadata already says where the document came from
            doc.meta.setdefault("brat_files", []).append(storable(ann_path.name))
    if refused:  # the text without these annotations would block their later import
        yield from refused
        return
    yield doc
