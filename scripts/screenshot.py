"""Grab the workbench on an article with entities and labelled spans to a PNG (offscreen).

Usage: .venv/bin/python scripts/screenshot.py [OUT.png] [--seed]
Without --seed it shows the project's own sample article (the README picture);
--seed shows the first article of ../shared/corpora/seed, for a look only (not
the project's text, so not committed).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store
from annotator.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_LABELS = [
    ("The Coastal Gazette", "SOURCE", {"source_type": "named_outlet"}),
    ("had reported", "CUE", {}),
    (
        "officials were close to signing an agreement that would give warships permanent docking "
        "rights at the northern quay in exchange for new cranes and dredging work",
        "CLAIM",
        {"quote_type": "indirect", "check_worthiness": "CFS"},
    ),
    ("harbour master Elena Varga", "SOURCE", {"source_type": "named_person"}),
    ("told", "CUE", {}),
    (
        "A senior official at the transport ministry",
        "SOURCE",
        {"source_type": "anonymous", "anonymity_reason_given": "yes"},
    ),
    ("said", "CUE", {}),
    ("The Split harbour authority", "SOURCE", {"source_type": "named_organization"}),
    ("denied", "CUE", {}),
]
#: (claim words, source words, stance) linked after labelling
SAMPLE_STANCES = [
    ("officials were close to signing", "The Coastal Gazette", "support"),
    ("officials were close to signing", "harbour master Elena Varga", "deny"),
]
SEED_STANCES = [
    ("the military was planning", "An informed source", "deny"),
    ("Russia was seeking to strike", "Bloomberg", "support"),
]
SEED_LABELS = [
    (
        "An informed source in the Libyan National Army (LNA)",
        "SOURCE",
        {"source_type": "anonymous"},
    ),
    ("denied", "CUE", {}),
    (
        "the military was planning on reaching an agreement with Russia to allow it to set up a "
        "military base in the country",
        "CLAIM",
        {},
    ),
    ("Bloomberg", "SOURCE", {"source_type": "named_outlet"}),
    ("had reported", "CUE", {}),
    (
        "Russia was seeking to strike a defense agreement between Russian President Vladimir Putin"
        " and Haftar when the latter visited Moscow in September",
        "CLAIM",
        {},
    ),
]


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = "--seed" in sys.argv
    out = Path(args[0]) if args else ROOT / "docs" / "screenshot.png"
    source = (
        (ROOT.parent / "shared" / "corpora" / "seed")
        if seed
        else (ROOT / "resources" / "samples" / "wire-dump.txt")
    )
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "shot.db") as store:
        import_paths(store, sorted(source.glob("*.txt")) if seed else [source])
        preannotate(store, *load_entity_pipeline())
        window = MainWindow(store, analyst="analyst", preannotate=False)
        window.resize(1440, 820)
        window.show()
        text = window.article.toPlainText()
        for words, label, attributes in SEED_LABELS if seed else SAMPLE_LABELS:
            start = text.index(words)
            window.article.select_range(start, start + len(words))
            span = window.editor.label_selection(label)
            for name, value in attributes.items():
                window.editor.set_attribute(span.id, name, value)
        spans = window.article.spans()
        claim_id = None
        for claim_words, source_words, stance in SEED_STANCES if seed else SAMPLE_STANCES:
            claim = next(x for x in spans if text[x.start : x.end].startswith(claim_words))
            window.jump_to_span(claim.id)
            index = next(
                i
                for i, c in enumerate(window.editor.candidates())
                if text[c.span.start : c.span.end].startswith(source_words)
            )
            window.editor.stance_for(index, stance)
            claim_id = claim_id or claim.id
        window.jump_to_span(claim_id)
        window.article.set_caret(0)
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
