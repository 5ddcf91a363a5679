"""Make the README pictures with ``annotator open --screenshot`` (offscreen, 1280×800).

Usage: .venv/bin/python scripts/screenshot.py [OUT_DIR] [--size WxH] [--seed]

A throw-away project gets the project's own sample articles, with entity
suggestions from the real spaCy pipeline. The first wire article and the long
feature are labelled by hand below (each with a contested claim: one source
supports it, another denies it; the feature also has a query and a comment);
the other wire articles take the suggester's proposals, so "Who says what" has
rows from every article. Then the command line draws the long feature
(docs/screenshot-long.png: 18 entity types, the legend wrapped), the first wire
article (docs/screenshot.png) and Who says what (docs/who-says-what.png).
--seed uses ../shared/corpora/seed instead, for a look only (not the project's
text, so never committed).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.commands import AcceptSuggestion, AddRelation, AddSpan, SetStatus
from annotator.core.history import History
from annotator.core.model import Relation, Span
from annotator.core.schema import default_roles
from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline, load_parse_pipeline
from annotator.nlp.suggest import suggest_corpus
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
Attributes = dict[str, str]


@dataclass(frozen=True, slots=True)
class Said:
    """One attribution labelled by hand: source, cue and claim words, and the stance."""

    source: str
    cue: str
    claim: str
    stance: str
    source_type: str
    source_extra: Attributes = field(default_factory=dict)
    claim_attributes: Attributes = field(default_factory=dict)


LEASE = (
    "the Split harbour authority was close to leasing part of the quay to a foreign navy for "
    "twenty years"
)
DEAL = (
    "officials were close to signing an agreement that would give warships permanent docking "
    "rights at the northern quay in exchange for new cranes and dredging work"
)
FORGERY = 'the Gazette\'s document "a forgery assembled from public tender papers"'
#: The first wire article: the Gazette reports the deal, the harbour master denies it.
WIRE = [
    Said(
        "The Coastal Gazette",
        "had reported",
        DEAL,
        "support",
        "named_outlet",
        claim_attributes={"quote_type": "indirect", "check_worthiness": "CFS"},
    ),
    Said(
        "harbour master Elena Varga",
        "told",
        DEAL,
        "deny",
        "named_person",
    ),
]
#: Spans labelled in the first wire article without a stance (yet).
WIRE_SPANS = [
    (
        "A senior official at the transport ministry",
        "SOURCE",
        {"source_type": "anonymous", "anonymity_reason_given": "yes"},
    ),
    ("said", "CUE", {}),
    ("The Split harbour authority", "SOURCE", {"source_type": "named_organization"}),
    ("denied", "CUE", {}),
]
#: The long feature: two contested claims, a query, a comment, named and unnamed sources.
FEATURE = [
    Said(
        "the Coastal Gazette",
        "reported",
        LEASE,
        "support",
        "named_outlet",
        claim_attributes={"quote_type": "indirect", "check_worthiness": "CFS"},
    ),
    Said("The harbour authority", "denied", LEASE, "deny", "named_organization"),
    Said(
        "Transport minister Dario Kovac",
        "told",
        "the talks had been about fishing quotas, not warships",
        "support",
        "named_person",
        claim_attributes={"quote_type": "indirect", "check_worthiness": "CFS"},
    ),
    Said(
        "harbour master Elena Varga",
        "said",
        "I have worked on this waterfront for thirty-one years, and I have never seen a warship "
        "tie up at the northern quay",
        "support",
        "named_person",
        claim_attributes={"quote_type": "direct"},
    ),
    Said(
        "A senior official at the transport ministry",
        "said",
        'the draft was "a wish list written by the visitors, not by us"',
        "support",
        "official_unnamed",
        source_extra={"anonymity_reason_given": "yes"},
    ),
    Said("The statement", "called", FORGERY, "support", "document"),
    Said("The Gazette's editor", "denied", FORGERY, "deny", "named_person"),
    Said(
        "Opposition lawmaker Ana Peric",
        "asked",
        "Was the draft ever shown to the cabinet, yes or no?",
        "query",
        "named_person",
        claim_attributes={"quote_type": "direct"},
    ),
    Said(
        "Retired captain Ante Bozic",
        "said",
        "he had seen two grey hulls anchored off Ciovo in early October",
        "support",
        "named_person",
    ),
    Said(
        "The harbour master",
        "said",
        "he had seen two grey hulls anchored off Ciovo in early October",
        "comment",
        "named_person",
    ),
]


def nearest(text: str, words: str, anchor: int) -> int:
    """Where ``words`` occur closest to ``anchor`` (a cue near its source, a claim near its cue)."""
    found, at = [], text.find(words)
    while at >= 0:
        found.append(at)
        at = text.find(words, at + 1)
    if not found:
        raise SystemExit(f"scripts/screenshot.py: {words!r} is not in the sample article")
    return min(found, key=lambda start: abs(start - anchor))


class Labeller:
    """Labels words in one article by hand, reusing a span labelled twice (a shared claim)."""

    def __init__(self, store: Store, history: History, doc_id: int) -> None:
        self.history, self.doc_id = history, doc_id
        self.text = store.document(doc_id).text
        self.ids: dict[tuple[str, int, int], int] = {}

    def span(self, words: str, label: str, attributes: Attributes, near: int = 0) -> int:
        start = nearest(self.text, words, near)
        key = (label, start, start + len(words))
        if key not in self.ids:
            span = Span(label, *key[1:], attributes=attributes, annotator="analyst")
            self.history.push(AddSpan(self.doc_id, span))
            self.ids[key] = span.id or 0
        return self.ids[key]

    def said(self, said: Said, near: int) -> int:
        """Label one attribution and link it; returns where its source is."""
        source_at = nearest(self.text, said.source, near)
        source_type = {"source_type": said.source_type, **said.source_extra}
        source = self.span(said.source, "SOURCE", source_type, source_at)
        cue = self.span(said.cue, "CUE", {}, source_at)
        cue_at = nearest(self.text, said.cue, source_at)
        claim = self.span(said.claim, "CLAIM", said.claim_attributes, cue_at)
        relation = Relation(said.stance, source, claim, cue, annotator="analyst")
        self.history.push(AddRelation(self.doc_id, relation))
        return source_at


def label(
    store: Store,
    history: History,
    doc_id: int,
    stances: list[Said],
    spans: Sequence[tuple[str, str, Attributes]] = (),
) -> None:
    """The hand-labelled article: spans with attributes, stances, one claim contested."""
    labeller = Labeller(store, history, doc_id)
    at = 0
    for said in stances:
        at = labeller.said(said, at)
    for words, name, attributes in spans:
        labeller.span(words, name, attributes, at)
    history.push(SetStatus(doc_id, "in progress", "analyst"))


def accept_proposals(store: Store, history: History, doc_id: int) -> None:
    """The suggester's proposals for an article, accepted (as Ctrl+Shift+Enter would)."""
    for proposal in store.attribution_suggestions(doc_id):
        history.push(AcceptSuggestion(doc_id, proposal, "analyst", default_roles()))


def shoot(db: Path, out: Path, size: str, doc_id: int, view: str) -> None:
    command = [sys.executable, "-m", "annotator", "open", "--db", str(db), "--analyst"]
    command += ["analyst", "--screenshot", str(out), "--size", size, "--doc", str(doc_id)]
    subprocess.run([*command, "--view", view], check=True)


def by_title(store: Store, start: str) -> int:
    return next(i for i in store.document_ids() if store.document(i).title.startswith(start))


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
            preannotate(store, *load_entity_pipeline())
            suggest_corpus(store, *load_parse_pipeline())
            history = History(store)
            ids = store.document_ids()
            first, long = ids[0], None
            if not seed:
                first = by_title(store, "Harbour Authority Denies")
                long = by_title(store, "Cranes, Ferries")
                label(store, history, first, WIRE, WIRE_SPANS)
                label(store, history, long, FEATURE)
            for doc_id in ids:
                if doc_id not in (first, long) or seed:
                    accept_proposals(store, history, doc_id)
        if long is not None:
            shoot(db, out / "screenshot-long.png", size, long, "article")
        shoot(db, out / "screenshot.png", size, first, "article")
        shoot(db, out / "who-says-what.png", size, first, "who-says-what")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
