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
from pathlib import Path

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


def write_fnc(docs: list[ExportDoc], out: Path) -> Written:
    """Write the pairs to ``out/stances.csv`` and their articles to ``out/bodies.csv``;
    ``counts`` holds the bodies written, ``notes`` the pairs left out and ids made up."""
    make_folder(out)
    stances, bodies = inside(out, STANCES_FILE), inside(out, BODIES_FILE)
    pairs = [(item, wording, stance) for item in docs for wording, stance in item.claims]
    stated = [(item, wording, stance) for item, wording, stance in pairs if stance]
    carrying = list({id(item): item for item, _, _ in stated}.values())
    ids = {id(item): body_id(item) or str(item.doc.id) for item in carrying}
    with atomic_text(stances, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("Headline", "Body ID", "Stance"))
        for item, wording, stance in stated:
            writer.writerow((wording, ids[id(item)], stance))
    with atomic_text(bodies, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("Body ID", "articleBody"))
        for item in carrying:
            writer.writerow((ids[id(item)], item.doc.text))
    notes = []
    if unstated := len(pairs) - len(stated):
        notes.append(
            f"left out {unstated} claim–article pair(s) with no stance set (FNC-1 stances are "
            "agree, disagree, discuss or unrelated): set them in the claims view to export them"
        )
    if made_up := sum(1 for item in carrying if body_id(item) is None):
        notes.append(
            f"{made_up} article(s) have no {BODY_ID!r} in their metadata: their document id "
            f"is their Body ID in {out}"
        )
    return Written([stances, bodies], {out: len(carrying)}, notes)
