"""FNC-1 claim–article pairs from tracked claims: ``stances.csv`` and ``bodies.csv``.

``stances.csv`` has ``Headline,Body ID,Stance``: one row per tracked claim and article
whose stance an analyst set (the claim's wording as headline). FNC-1's labelled stances
are always one of agree, disagree, discuss, unrelated (its scorer reads nothing else), so
a member with no stance set is left out, never given one: the export says how many.
The Body ID is the article's own (``Body ID`` in its metadata, as an FNC-1 bodies file
imports), else its document id, and the export says how many articles used that.
``bodies.csv`` has ``Body ID,articleBody`` for the articles of the rows written, text
unaltered (no formula guard: the format is read by programs, as FNC-1's own files are).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from annotator.io.export_sink import Sink, write_through
from annotator.io.exporting import ExportDoc, Written
from annotator.io.safe_paths import atomic_text, inside, make_folder

STANCES_FILE = "stances.csv"
BODIES_FILE = "bodies.csv"
#: The metadata field an FNC-1 bodies file gives each article (kept by the CSV import).
BODY_ID = "Body ID"


def body_id(item: ExportDoc) -> str | None:
    """The article's FNC-1 Body ID from its metadata, or None when it has none."""
    value = item.doc.meta.get(BODY_ID)
    return (str(value).strip() or None) if value is not None else None


class FncSink(Sink):
    """The pairs to ``out/stances.csv`` and their articles to ``out/bodies.csv``, as they come;
    ``counts`` holds the bodies written, ``notes`` the pairs left out and ids made up."""

    def open(self) -> None:
        make_folder(self.out)
        self.paths = inside(self.out, STANCES_FILE), inside(self.out, BODIES_FILE)
        stances, bodies = (
            csv.writer(self.stack.enter_context(atomic_text(path, newline="")))
            for path in self.paths
        )
        stances.writerow(("Headline", "Body ID", "Stance"))
        bodies.writerow(("Body ID", "articleBody"))
        self.stances, self.bodies = stances, bodies
        self.unstated = self.made_up = 0

    def add(self, item: ExportDoc) -> None:
        stated = [(wording, stance) for wording, stance in item.claims if stance]
        self.unstated += len(item.claims) - len(stated)
        if not stated:
            return
        own = body_id(item)
        ident = own or str(item.doc.id)
        for wording, stance in stated:
            self.stances.writerow((wording, ident, stance))
        self.bodies.writerow((ident, item.doc.text))
        self.count += 1
        self.made_up += own is None

    def close(self) -> Written:
        notes = []
        if self.unstated:
            notes.append(
                f"left out {self.unstated} claim–article pair(s) with no stance set (FNC-1 "
                "stances are agree, disagree, discuss or unrelated): set them in the claims "
                "view to export them"
            )
        if self.made_up:
            notes.append(
                f"{self.made_up} article(s) have no {BODY_ID!r} in their metadata: their "
                f"document id is their Body ID in {self.out}"
            )
        return Written(list(self.paths), {self.out: self.count}, notes)


def write_fnc(docs: Iterable[ExportDoc], out: Path) -> Written:
    """Write the pairs to ``out/stances.csv`` and their articles to ``out/bodies.csv``."""
    result = write_through(FncSink(out), docs)
    assert isinstance(result, Written)
    return result
