"""FNC-1 claim–article pairs from tracked claims: ``stances.csv`` and ``bodies.csv``.

``stances.csv`` has ``Headline,Body ID,Stance``: one row per tracked claim and article that
carries it (the claim's wording as headline, the document id as Body ID, the stance set on
the membership, else "discuss": a member span carries the claim, so the article is related).
``bodies.csv`` has ``Body ID,articleBody`` for those articles, text unaltered (no formula
guard: the format is read by programs, as FNC-1's own files are).
"""

from __future__ import annotations

import csv
from pathlib import Path

from annotator.io.exporting import ExportDoc
from annotator.io.safe_paths import atomic_text, inside, make_folder

STANCES_FILE = "stances.csv"
BODIES_FILE = "bodies.csv"
#: The stance of a member article when none was said.
DEFAULT_STANCE = "discuss"


def write_fnc(docs: list[ExportDoc], out: Path) -> list[Path]:
    """Write the pairs to ``out/stances.csv`` and their articles to ``out/bodies.csv``."""
    make_folder(out)
    stances, bodies = inside(out, STANCES_FILE), inside(out, BODIES_FILE)
    carrying = [item for item in docs if item.claims]
    with atomic_text(stances, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("Headline", "Body ID", "Stance"))
        for item in carrying:
            for wording, stance in item.claims:
                writer.writerow((wording, item.doc.id, stance or DEFAULT_STANCE))
    with atomic_text(bodies, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("Body ID", "articleBody"))
        for item in carrying:
            writer.writerow((item.doc.id, item.doc.text))
    return [stances, bodies]
