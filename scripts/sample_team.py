"""A sample team project: the project's own sample articles labelled by three sample analysts.

Usage: .venv/bin/python scripts/sample_team.py OUT.db [--force]

The samples (``resources/samples/*.txt``) are imported with the project's
importer; the rule suggester proposes attributions on the English articles;
``ana``, ``ben`` and ``chloe`` each take those proposals as their own spans and
stances, with a few seeded variations (a claim cut one word short, a source
without its title, another stance, an attribution left out), so they mostly
agree and disagree in a few places. Their edits and statuses are dated over
ten days of November 2026: ana finishes every English article, ben all but one,
chloe two with a third in progress. Nothing depends on the clock or on chance
(the variations come from fixed seeds), so two builds give the same layers.
Used for the README pictures of adjudication and the progress view.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from annotator.core.model import Relation, Span
from annotator.core.proposals import Bounds, Proposal
from annotator.io.importer import import_paths
from annotator.nlp.model import load_parse_pipeline
from annotator.nlp.suggest import suggest_corpus
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
ANALYSTS = ("ana", "ben", "chloe")
#: The first day of work; everything is dated from here.
DAY_ONE = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
STANCES = ("support", "deny", "query", "comment")


@dataclass(frozen=True, slots=True)
class Habit:
    """How often an analyst departs from the proposal (each a chance per attribution)."""

    leave_out: float
    short_claim: float
    bare_source: float
    other_stance: float


HABITS = {
    "ana": Habit(leave_out=0.03, short_claim=0.02, bare_source=0.0, other_stance=0.02),
    "ben": Habit(leave_out=0.08, short_claim=0.06, bare_source=0.05, other_stance=0.04),
    "chloe": Habit(leave_out=0.06, short_claim=0.04, bare_source=0.08, other_stance=0.05),
}
#: (article index in title order of work, day it is finished or None, status) per analyst.
#: Days count from DAY_ONE; an article with no day is not started.
PLAN: dict[str, list[tuple[int | None, str]]] = {
    "ana": [(0, "done"), (2, "done"), (4, "done"), (6, "done")],
    "ben": [(1, "done"), (3, "done"), (6, "done"), (8, "in progress")],
    "chloe": [(2, "done"), (5, "done"), (9, "in progress"), (None, "new")],
}


def _shorter(text: str, bounds: Bounds) -> Bounds:
    """The same stretch without its last word (kept when it is one word)."""
    start, end = bounds
    cut = text.rfind(" ", start, end)
    return (start, cut) if cut > start else bounds


def _bare(text: str, bounds: Bounds) -> Bounds:
    """The same stretch without its first word ("The Coastal Gazette" → "Coastal Gazette")."""
    start, end = bounds
    cut = text.find(" ", start, end)
    return (cut + 1, end) if 0 < cut < end - 1 else bounds


class Layer:
    """One analyst's spans and stances in one article, written straight to the store."""

    def __init__(self, store: Store, doc_id: int, analyst: str) -> None:
        self.store, self.doc_id, self.analyst = store, doc_id, analyst
        self.spans: dict[tuple[str, int, int], int] = {}
        self.relations: list[int] = []

    def span(self, label: str, bounds: Bounds, attributes: dict[str, str]) -> int:
        key = (label, *bounds)
        if key not in self.spans:
            span = Span(label, *bounds, attributes=dict(attributes), annotator=self.analyst)
            self.spans[key] = self.store.add_span(self.doc_id, span)
        return self.spans[key]

    def take(self, proposal: Proposal, text: str, rng: random.Random, habit: Habit) -> bool:
        """Label one proposed attribution, as this analyst would; False when left out."""
        if rng.random() < habit.leave_out:
            return False
        claim = _shorter(text, proposal.claim) if rng.random() < habit.short_claim else None
        source = proposal.source
        if source is not None and rng.random() < habit.bare_source:
            source = _bare(text, source)
        stance = proposal.stance
        if rng.random() < habit.other_stance:
            stance = rng.choice([s for s in STANCES if s != stance])
        kind = {"source_type": proposal.source_type} if proposal.source_type else {}
        source_id = self.span("SOURCE", source, kind) if source is not None else None
        cue_id = self.span("CUE", proposal.cue, {})
        claim_id = self.span("CLAIM", claim or proposal.claim, {})
        relation = Relation(stance, source_id, claim_id, cue_id, annotator=self.analyst)
        self.relations.append(self.store.add_relation(self.doc_id, relation))
        return True


def _stamp(day: int, minute: int) -> str:
    return (DAY_ONE + timedelta(days=day, minutes=minute)).isoformat(timespec="milliseconds")


def _date(store: Store, layer: Layer, day: int) -> None:
    """Spread the layer's edits over the working day it was made on."""
    rows = [("spans", i) for i in layer.spans.values()] + [
        ("relations", i) for i in layer.relations
    ]
    for minute, (table, row_id) in enumerate(rows):
        stamp = _stamp(day, 2 * minute)
        store.db.execute(
            f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE id = ?",
            [stamp, stamp, row_id],
        )


def _set_status(store: Store, doc_id: int, analyst: str, status: str, day: int) -> None:
    store.set_status(doc_id, status, analyst)
    stamp = _stamp(day, 8 * 60)
    store.db.execute(
        "UPDATE document_status SET updated_at = ? WHERE doc_id = ? AND annotator = ?",
        [stamp, doc_id, analyst],
    )
    store.db.execute("UPDATE documents SET updated_at = ? WHERE id = ?", [stamp, doc_id])


def english_articles(store: Store) -> list[int]:
    """The English sample articles, by title: the ones the suggester proposes on."""
    ids = [i for i in store.document_ids() if store.attribution_suggestions(i)]
    return sorted(ids, key=lambda i: store.document(i).title)


def build_sample_team(path: Path) -> Path:
    """Write the sample team project to ``path`` (which must not exist yet); returns it."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists: give a new file name (or --force)")
    with Store(path) as store:
        import_paths(store, sorted(SAMPLES.glob("*.txt")))
        suggest_corpus(store, *load_parse_pipeline())
        articles = english_articles(store)
        taken: set[int] = set()
        with store.transaction():
            for analyst in ANALYSTS:
                for doc_id, (day, status) in zip(articles, PLAN[analyst], strict=True):
                    if day is None:
                        continue
                    doc = store.document(doc_id)
                    rng = random.Random(f"{analyst}/{doc.title}")
                    layer = Layer(store, doc_id, analyst)
                    for proposal in store.attribution_suggestions(doc_id):
                        if layer.take(proposal, doc.text, rng, HABITS[analyst]):
                            taken.add(proposal.id or 0)
                    _date(store, layer, day)
                    _set_status(store, doc_id, analyst, status, day)
            for doc_id in articles:  # the analysts dealt with every proposal
                for proposal in store.attribution_suggestions(doc_id):
                    state = "accepted" if proposal.id in taken else "rejected"
                    store.set_suggestion_state(proposal.id or 0, state)
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [a for a in args if not a.startswith("--")]
    if len(paths) != 1:
        print("usage: scripts/sample_team.py OUT.db [--force]", file=sys.stderr)
        return 2
    out = Path(paths[0])
    if "--force" in args:
        for extra in ("", "-wal", "-shm"):
            Path(f"{out}{extra}").unlink(missing_ok=True)
    try:
        build_sample_team(out)
    except FileExistsError as error:
        print(f"scripts/sample_team.py: {error}", file=sys.stderr)
        return 2
    print(f"wrote {out}: {', '.join(ANALYSTS)} on the sample articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
