"""brat standoff: ``NAME.txt`` and one ``NAME.ann`` per annotator (``NAME_ANNOTATOR.ann``).

``T`` spans (discontinuous ones with ``;``), ``R`` stances whose type is the
stance label, ``A`` attributes and ``#`` notes; a stance's cue goes in a note
on its relation (brat relations have two arguments), and each span's and
stance's lasting uid in a ``#`` note of its own type (``uid``, which brat keeps
but does not show as an annotator's note). Spans imported from brat
keep their original type names (Source, Cue, Content), so a PolNeAR document
comes back out as PolNeAR; attribution events come back as ``E`` lines.
Reading the export with the brat importer gives the same annotations. A document's
metadata (an FNC-1 Body ID, a date, an outlet) goes beside its text in ``NAME.meta.json``,
which brat ignores and our import reads: two documents with one text and different
metadata come back as two.

File names come from stored metadata, which anyone's import may have set, so
they are reduced to a plain base name (``safe_paths.safe_name``), made unique
in the export (``article``, ``article-2``) and never let one stem read as
another's ``STEM_ANALYST`` (the importer pairs ``NAME_*.ann`` with ``NAME.txt``).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from annotator.core.model import Relation, Span
from annotator.io.brat import META_SUFFIX, UID_NOTE, meta_text
from annotator.io.export_sink import Sink, write_through
from annotator.io.exporting import ExportDoc, Written
from annotator.io.safe_paths import (
    CAPTURE,
    TEMP_PREFIX,
    ExportError,
    NameSet,
    describe_os_error,
    inside,
    make_folder,
    safe_name,
    write_bytes,
)

_UNSAFE = re.compile(r"[^\w.-]+")


def file_stem(item: ExportDoc) -> str:
    """A safe base name for a document: its origin's where it has one, else id and title."""
    origin = item.doc.origin
    base = re.split(r"[/\\]", origin)[-1]
    if base.endswith(".txt") and ":" not in origin:
        stem = safe_name(base[:-4])
        if stem:
            return stem
    title = _UNSAFE.sub("-", item.doc.title.lower()).strip("-")[:40]
    return safe_name(f"{item.doc.id:06d}-{title or 'article'}")


class Stems:
    """The stems of one export: unique, and none is another's ``STEM_`` (compared without case).

    The importer reads ``a_b.ann`` and ``a_b_x.ann`` as analysts of ``a.txt``, so
    ``a_b`` may not be written beside ``a`` (it becomes ``a-b``) nor ``a`` beside
    ``a_b`` (it becomes ``a-2``). The first document keeps its name; the rule
    depends only on the order of the documents.
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._heads: set[str] = set()  # x for every taken stem that starts with "x_"

    def _under_taken(self, key: str) -> bool:
        return any(key[:i] in self._taken for i, ch in enumerate(key) if ch == "_")

    def _clash(self, key: str) -> bool:
        return key in self._taken or key in self._heads or self._under_taken(key)

    def claim(self, stem: str) -> str:
        """``stem``, or the first free variant of it."""
        base = stem.replace("_", "-") if self._under_taken(stem.casefold()) else stem
        candidate, n = base, 1
        while self._clash(candidate.casefold()):
            n += 1
            candidate = f"{base}-{n}"
        key = candidate.casefold()
        self._taken.add(key)
        self._heads.update(key[:i] for i, ch in enumerate(key) if ch == "_")
        return candidate


def _type(span: Span) -> str:
    """The brat type a span was imported with (Source for SOURCE), else its label."""
    return str(span.attributes.get("brat_type", span.label))


def ann_text(text: str, spans: list[Span], relations: list[Relation]) -> str:
    """The ``.ann`` lines for one annotator's spans and relations."""
    lines: list[str] = []
    tid: dict[int, str] = {}
    notes: list[tuple[str, str]] = []
    uids: list[tuple[str, str]] = []
    attrs: list[tuple[str, str, object]] = []
    for n, span in enumerate(spans, start=1):
        ident = f"T{n}"
        tid[span.id or 0] = ident
        if span.uid:
            uids.append((ident, span.uid))
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
            if rel.uid:
                uids.append((f"E{events}", rel.uid))
            continue
        if rel.source is None:
            continue
        r_count += 1
        ident = f"R{r_count}"
        lines.append(f"{ident}\t{rel.label} Arg1:{tid[rel.source]} Arg2:{tid[rel.claim]}")
        if rel.cue is not None:
            notes.append((ident, f"cue={tid[rel.cue]}"))
        if rel.uid:
            uids.append((ident, rel.uid))
    for n, (name, target, value) in enumerate(attrs, start=1):
        lines.append(f"A{n}\t{name} {target}" + ("" if value is True else f" {value}"))
    for n, (target, note) in enumerate(notes, start=1):
        lines.append(f"#{n}\tAnnotatorNotes {target}\t{note}")
    for n, (target, uid) in enumerate(uids, start=len(notes) + 1):
        lines.append(f"#{n}\t{UID_NOTE} {target}\t{uid}")
    return "\n".join(lines) + ("\n" if lines else "")


class BratSink(Sink):
    """A folder with a ``.txt`` and ``.ann`` file(s) per document, written as they come.

    The files wait in a hidden folder inside ``out`` (importers skip names that start with a
    dot) and move in when the export has finished, so a cancelled or failed export adds
    nothing. ``result`` names only the files that replaced one already there (what an
    export into a used folder reports); ``counts`` says how many documents.
    """

    def open(self) -> None:
        make_folder(self.out)
        self.stems = Stems()
        self.before = set(os.listdir(self.out))
        self.replaced: list[Path] = []
        self.stage: Path | None = None
        if CAPTURE.get() is None:  # an archive keeps its files in memory: nothing to stage
            self.stage = self.out / f"{TEMP_PREFIX}{secrets.token_hex(6)}.part"
            make_folder(self.stage, self.out)
            self.stack.callback(self._clear_stage)

    def _clear_stage(self) -> None:
        if self.stage is not None:
            shutil.rmtree(self.stage, ignore_errors=True)

    def _put(self, name: str, text: str) -> None:
        target = inside(self.out, name)  # a link there to elsewhere is refused, as ever
        write_bytes(inside(self.stage, name) if self.stage else target, text.encode("utf-8"))
        if name in self.before:
            self.replaced.append(self.out / name)

    def add(self, item: ExportDoc) -> None:
        self.count += 1
        put = self._put
        stem = self.stems.claim(file_stem(item))
        put(f"{stem}.txt", item.doc.text)
        if item.doc.meta:  # brat has no place for it; our import reads it back (META_SUFFIX)
            put(f"{stem}{META_SUFFIX}", meta_text(item.doc.meta))
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
        analysts = NameSet()
        for annotator, (spans, relations) in sorted(by_annotator.items()):
            if annotator:
                name = f"{stem}_{analysts.claim(safe_name(annotator, fallback='analyst'))}.ann"
            else:
                name = f"{stem}.ann"
            put(name, ann_text(item.doc.text, spans, relations))

    def close(self) -> Written:
        if self.stage is not None:
            try:
                with os.scandir(self.stage) as entries:
                    for entry in entries:
                        os.replace(entry.path, self.out / entry.name)
            except OSError as exc:
                raise ExportError(describe_os_error(exc, self.out)) from None
        return Written(self.replaced, {self.out: self.count})


def write_brat(docs: Iterable[ExportDoc], out: Path) -> list[Path]:
    """A folder with a ``.txt`` and ``.ann`` file(s) per document."""
    return write_through(BratSink(out), docs)
