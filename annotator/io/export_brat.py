"""brat standoff: ``NAME.txt`` and one ``NAME.ann`` per annotator (``NAME_ANNOTATOR.ann``).

``T`` spans (discontinuous ones with ``;``), ``R`` stances whose type is the
stance label, ``A`` attributes and ``#`` notes; a stance's cue goes in a note
on its relation (brat relations have two arguments). Spans imported from brat
keep their original type names (Source, Cue, Content), so a PolNeAR document
comes back out as PolNeAR; attribution events come back as ``E`` lines.
Reading the export with the brat importer gives the same annotations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from annotator.core.model import Relation, Span
from annotator.io.exporting import ExportDoc

_UNSAFE = re.compile(r"[^\w.-]+")


def file_stem(item: ExportDoc) -> str:
    """A file name for a document: its brat origin where it has one, else id and title."""
    origin = item.doc.origin
    if origin.endswith(".txt") and ":" not in origin:
        return origin[:-4]
    title = _UNSAFE.sub("-", item.doc.title.lower()).strip("-")[:40]
    return f"{item.doc.id:06d}-{title or 'article'}"


def _type(span: Span) -> str:
    """The brat type a span was imported with (Source for SOURCE), else its label."""
    return str(span.attributes.get("brat_type", span.label))


def ann_text(text: str, spans: list[Span], relations: list[Relation]) -> str:
    """The ``.ann`` lines for one annotator's spans and relations."""
    lines: list[str] = []
    tid: dict[int, str] = {}
    notes: list[tuple[str, str]] = []
    attrs: list[tuple[str, str, object]] = []
    for n, span in enumerate(spans, start=1):
        ident = f"T{n}"
        tid[span.id or 0] = ident
        offsets = ";".join(f"{s} {e}" for s, e in span.pieces())
        covered = " ".join(text[s:e] for s, e in span.pieces())
        lines.append(f"{ident}\t{_type(span)} {offsets}\t{covered}")
        for name, value in span.attributes.items():
            if name == "brat_type":
                continue
            if name == "note":
                notes.append((ident, str(value)))
            else:
                attrs.append((name, ident, value))
    next_t = len(spans) + 1
    events = 0
    r_count = 0
    for rel in relations:
        if "brat_event" in rel.attributes:  # an attribution event: trigger, roles
            events += 1
            trigger = rel.attributes.get("trigger")
            cue = next((s for s in spans if s.id == rel.cue), None)
            pieces = trigger or (cue.pieces() if cue else None)
            if pieces is None:
                continue
            ident = f"T{next_t}"
            next_t += 1
            trigger_type = str(rel.attributes.get("brat_type", "Attribution"))
            offsets = ";".join(f"{s} {e}" for s, e in pieces)
            covered = " ".join(text[s:e] for s, e in pieces)
            lines.append(f"{ident}\t{trigger_type} {offsets}\t{covered}")
            roles = [f"{trigger_type}:{ident}", f"Content:{tid[rel.claim]}"]
            if rel.cue is not None:
                roles.append(f"Cue:{tid[rel.cue]}")
            if rel.source is not None:
                roles.append(f"Source:{tid[rel.source]}")
            lines.append(f"E{events}\t{' '.join(roles)}")
            continue
        if rel.source is None:
            continue
        r_count += 1
        ident = f"R{r_count}"
        lines.append(f"{ident}\t{rel.label} Arg1:{tid[rel.source]} Arg2:{tid[rel.claim]}")
        if rel.cue is not None:
            notes.append((ident, f"cue={tid[rel.cue]}"))
    for n, (name, target, value) in enumerate(attrs, start=1):
        lines.append(f"A{n}\t{name} {target}" + ("" if value is True else f" {value}"))
    for n, (target, note) in enumerate(notes, start=1):
        lines.append(f"#{n}\tAnnotatorNotes {target}\t{note}")
    return "\n".join(lines) + ("\n" if lines else "")


def write_brat(docs: list[ExportDoc], out: Path) -> None:
    """A folder with a ``.txt`` and ``.ann`` file(s) per document."""
    out.mkdir(parents=True, exist_ok=True)
    for item in docs:
        stem = file_stem(item)
        (out / f"{stem}.txt").write_bytes(item.doc.text.encode("utf-8"))
        by_annotator: dict[str, tuple[list[Span], list[Relation]]] = defaultdict(lambda: ([], []))
        by_id = item.span_by_id()
        for span in item.spans:
            by_annotator[span.annotator][0].append(span)
        for rel in item.relations:
            # a stance goes with its claim's file; spans it needs from another file come too
            spans, relations = by_annotator[by_id[rel.claim].annotator]
            relations.append(rel)
            for needed in (rel.source, rel.cue):
                if needed is not None and by_id[needed] not in spans:
                    spans.append(by_id[needed])
        if not by_annotator:
            by_annotator[""] = ([], [])
        for annotator, (spans, relations) in sorted(by_annotator.items()):
            name = f"{stem}_{_UNSAFE.sub('-', annotator)}.ann" if annotator else f"{stem}.ann"
            (out / name).write_bytes(ann_text(item.doc.text, spans, relations).encode("utf-8"))
