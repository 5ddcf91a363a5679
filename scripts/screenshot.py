"""Make the README pictures with ``annotator open --screenshot`` (offscreen, 1280×800).

Usage: .venv/bin/python scripts/screenshot.py [OUT_DIR] [--size WxH] [--seed]

A throw-away project gets the project's own sample articles: the first one is
labelled by hand below (a contested claim: the Gazette reports it, the harbour
master denies it), the other two take the suggester's proposals, so "Who says
what" has rows from every article. Then the command line draws the article view
(docs/screenshot.png) and Who says what (docs/who-says-what.png). --seed uses
../shared/corpora/seed instead, for a look only (not the project's text, so
never committed).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from annotator.core.commands import AcceptSuggestion, AddRelation, AddSpan, SetStatus
from annotator.core.history import History
from annotator.core.model import Relation, Span
from annotator.core.schema import default_roles
from annotator.io.importer import import_paths
from annotator.nlp.model import load_parse_pipeline
from annotator.nlp.suggest import suggest_corpus
from annotator.store import Store

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
#: (claim words, source words, cue words, stance) linked after labelling
SAMPLE_STANCES = [
    ("officials were close to signing", "The Coastal Gazette", "had reported", "support"),
    ("officials were close to signing", "harbour master Elena Varga", "told", "deny"),
]


def label_first(store: Store, history: History, doc_id: int) -> None:
    """The hand-labelled first article: spans with attributes, and a contested claim."""
    text = store.document(doc_id).text
    ids: dict[str, int] = {}
    for words, label, attributes in SAMPLE_LABELS:
        start = text.index(words)
        span = Span(label, start, start + len(words), attributes=attributes, annotator="analyst")
        history.push(AddSpan(doc_id, span))
        ids[words] = span.id or 0
    for claim, source, cue, stance in SAMPLE_STANCES:
        claim_id = next(i for words, i in ids.items() if words.startswith(claim))
        relation = Relation(stance, ids[source], claim_id, ids[cue], annotator="analyst")
        history.push(AddRelation(doc_id, relation))
    history.push(SetStatus(doc_id, "in progress"))


def accept_proposals(store: Store, history: History, doc_id: int) -> None:
    """The suggester's proposals for an article, accepted (as Ctrl+Shift+Enter would)."""
    for proposal in store.attribution_suggestions(doc_id):
        history.push(AcceptSuggestion(doc_id, proposal, "analyst", default_roles()))


def shoot(db: Path, out: Path, size: str, doc_id: int, view: str) -> None:
    command = [sys.executable, "-m", "annotator", "open", "--db", str(db), "--analyst"]
    command += ["analyst", "--screenshot", str(out), "--size", size, "--doc", str(doc_id)]
    subprocess.run([*command, "--view", view], check=True)


def main() -> int:
    args = sys.argv[1:]
    size = args[args.index("--size") + 1] if "--size" in args else "1280x800"
    rest = [a for a in args if not a.startswith("--") and a != size]
    out = Path(rest[0]) if rest else ROOT / "docs"
    seed = "--seed" in args
    source = ROOT.parent / "shared" / "corpora" / "seed" if seed else ROOT / "resources" / "samples"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shot.db"
        with Store(db) as store:
            import_paths(store, sorted(source.glob("*.txt")))
            suggest_corpus(store, *load_parse_pipeline())
            history = History(store)
            first, *others = store.document_ids()
            if not seed:
                label_first(store, history, first)
            for doc_id in others if not seed else [first, *others]:
                accept_proposals(store, history, doc_id)
        shoot(db, out / "screenshot.png", size, first, "article")
        shoot(db, out / "who-says-what.png", size, first, "who-says-what")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
