"""Taking an analyst's version, or none, into the gold layer: undoable commands.

Each decision is one ``Adjudicate`` command made of the ordinary edit commands
(``AddSpan``, ``ChangeSpan``, ``DeleteSpan``, ``AddRelation``, …) in one
transaction, so undo and redo work as for every other edit. What to do is
decided when it is first done, from the store as it is then (a stance taken
into gold brings its source and claim along when gold has none there); redo
replays the same steps, so ids stay the same. "None" is remembered per article
in a project setting (the unit's key), since nothing in the gold layer shows it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from annotator.core.adjudication import Adjudication, Unit, adjudicate, gold_name, worked
from annotator.core.changes import Changes, merged
from annotator.core.commands import (
    AddRelation,
    AddSpan,
    ChangeSpan,
    Command,
    DeleteRelation,
    DeleteSpan,
    EditStore,
    SetRelationLabel,
    SetStatus,
)
from annotator.core.model import Relation, Span, Status


class AdjudicationStore(EditStore, Protocol):
    """What adjudication reads and writes beyond an ordinary edit."""

    def relations(self, doc_id: int, annotator: str | None = None) -> list[Relation]: ...
    def statuses(self, doc_id: int) -> dict[str, str]: ...
    def get_setting(self, key: str, default: str | None = None) -> str | None: ...
    def set_setting(self, key: str, value: str) -> None: ...


def none_setting(doc_id: int) -> str:
    return f"adjudication.none.{doc_id}"


def none_keys(store: AdjudicationStore, doc_id: int) -> set[str]:
    """The units of an article decided as "none"."""
    try:
        value = json.loads(store.get_setting(none_setting(doc_id)) or "[]")
    except ValueError:
        return set()
    return {str(v) for v in value} if isinstance(value, list) else set()


def read_adjudication(
    store: AdjudicationStore, doc_id: int, gold: str | None = None
) -> Adjudication:
    """The units of one article as the store has it now."""
    gold = gold or gold_name(store)
    spans, relations = store.spans(doc_id), store.relations(doc_id)
    analysts = worked(spans, relations, store.statuses(doc_id), gold)
    return adjudicate(spans, relations, analysts, gold, none_keys(store, doc_id))


@dataclass
class SetNoneDecision:
    """Remember (or forget) that nothing goes into gold at one unit."""

    doc_id: int
    key: str
    decided: bool
    text: str = "decide none"
    _before: str | None = field(default=None, repr=False)

    def do(self, store: AdjudicationStore) -> Changes:  # type: ignore[override]
        self._before = store.get_setting(none_setting(self.doc_id))
        keys = none_keys(store, self.doc_id)
        keys = keys | {self.key} if self.decided else keys - {self.key}
        store.set_setting(none_setting(self.doc_id), json.dumps(sorted(keys)))
        return Changes.of(self.doc_id)

    def undo(self, store: AdjudicationStore) -> Changes:  # type: ignore[override]
        store.set_setting(none_setting(self.doc_id), self._before or "[]")
        return Changes.of(self.doc_id)


Run = Callable[[Command], Changes]
Plan = Callable[[AdjudicationStore, Run], None]


@dataclass
class Adjudicate:
    """One adjudication decision: ordinary edit commands run as one step."""

    doc_id: int
    plan: Plan
    text: str
    _steps: list[Command] = field(default_factory=list, repr=False)
    _planned: bool = field(default=False, repr=False)

    def do(self, store: AdjudicationStore) -> Changes:  # type: ignore[override]
        with store.transaction():
            if self._planned:
                return merged([step.do(store) for step in self._steps])
            changes: list[Changes] = []

            def run(step: Command) -> Changes:
                done = step.do(store)
                self._steps.append(step)
                changes.append(done)
                return done

            self.plan(store, run)
            self._planned = True
            return merged(changes)

    def undo(self, store: AdjudicationStore) -> Changes:  # type: ignore[override]
        with store.transaction():
            return merged([step.undo(store) for step in reversed(self._steps)])

    @property
    def steps(self) -> int:
        return len(self._steps)


def _gold_copy(span: Span, gold: str) -> Span:
    return Span(
        span.label,
        span.start,
        span.end,
        dict(span.attributes),
        gold,
        list(span.fragments) if span.fragments else None,
    )


def _start(store: AdjudicationStore, doc_id: int, gold: str, run: Run) -> None:
    """The gold layer's status goes from new to in progress with its first decision."""
    if store.status(doc_id, gold) == Status.NEW:
        run(SetStatus(doc_id, Status.IN_PROGRESS, gold))


def _forget_none(store: AdjudicationStore, doc_id: int, key: str, run: Run) -> None:
    if key in none_keys(store, doc_id):
        run(SetNoneDecision(doc_id, key, False))


def _take_spans(
    store: AdjudicationStore, doc_id: int, unit: Unit, wanted: list[Span], gold: str, run: Run
) -> None:
    """Make gold's spans in ``unit`` those of ``wanted``: move, add and delete as few as can be."""
    have = sorted(unit.gold_spans, key=lambda s: (s.start, s.end))
    for label in sorted({s.label for s in have} | {s.label for s in wanted}):
        old = [s for s in have if s.label == label]
        new = sorted((s for s in wanted if s.label == label), key=lambda s: (s.start, s.end))
        exact = {tuple(s.pieces()) for s in old} & {tuple(s.pieces()) for s in new}
        old = [s for s in old if tuple(s.pieces()) not in exact]
        new = [s for s in new if tuple(s.pieces()) not in exact]
        for mine, theirs in zip(old, new, strict=False):
            if mine.fragments or theirs.fragments:
                run(DeleteSpan(doc_id, mine.id or 0))
                run(AddSpan(doc_id, _gold_copy(theirs, gold), text="take span"))
            else:
                run(ChangeSpan(doc_id, mine.id or 0, start=theirs.start, end=theirs.end))
        for mine in old[len(new) :]:
            run(DeleteSpan(doc_id, mine.id or 0))
        for theirs in new[len(old) :]:
            run(AddSpan(doc_id, _gold_copy(theirs, gold), text="take span"))


def _gold_span_for(
    store: AdjudicationStore, doc_id: int, span_key: str, like: Span, gold: str, run: Run
) -> int:
    """Gold's span in a span unit with ``like``'s label, taken from ``like``'s analyst if gold
    has none there."""
    unit = read_adjudication(store, doc_id, gold).unit(span_key)
    assert unit is not None
    found = [s for s in unit.gold_spans if s.label == like.label]
    if not found:
        _forget_none(store, doc_id, span_key, run)  # it has a gold span now
        _take_spans(store, doc_id, unit, [*unit.gold_spans, like], gold, run)
        unit = read_adjudication(store, doc_id, gold).unit(span_key)
        assert unit is not None
        found = [s for s in unit.gold_spans if s.label == like.label]
    best = min(found, key=lambda s: abs(s.start - like.start) + abs(s.end - like.end))
    return best.id or 0


def _take_stances(
    store: AdjudicationStore, doc_id: int, unit: Unit, analyst: str, gold: str, run: Run
) -> None:
    theirs = unit.relations.get(analyst, [])
    have = list(unit.gold_relations)
    if theirs:
        spans = {s.id: s for s in store.spans(doc_id, analyst)}
        first = theirs[0]
        assert unit.parts is not None
        source_key, claim_key = unit.parts
        claim = _gold_span_for(store, doc_id, claim_key, spans[first.claim], gold, run)
        source = None
        if source_key is not None and first.source is not None:
            source = _gold_span_for(store, doc_id, source_key, spans[first.source], gold, run)
        cue = None
        if first.cue is not None and first.cue in spans:
            state = read_adjudication(store, doc_id, gold)
            home = next(
                (
                    u
                    for u in state.units
                    if u.kind == "span" and first.cue in {s.id for s in u.spans.get(analyst, [])}
                ),
                None,
            )
            if home is not None:
                cue = _gold_span_for(store, doc_id, home.key, spans[first.cue], gold, run)
        for mine, rel in zip(have, theirs, strict=False):
            if mine.label != rel.label:
                run(SetRelationLabel(doc_id, mine.id or 0, rel.label))
        for rel in theirs[len(have) :]:
            made = Relation(rel.label, source, claim, cue, dict(rel.attributes), gold)
            run(AddRelation(doc_id, made, text="take stance"))
    for mine in have[len(theirs) :]:
        run(DeleteRelation(doc_id, mine.id or 0))


def take(doc_id: int, key: str, analyst: str | None, gold: str) -> Adjudicate:
    """Gold takes ``analyst``'s version of a unit (``None``: nothing goes there)."""

    def plan(store: AdjudicationStore, run: Run) -> None:
        unit = read_adjudication(store, doc_id, gold).unit(key)
        if unit is None:
            raise LookupError(f"the unit {key} is no longer in the article")
        _start(store, doc_id, gold, run)
        if analyst is None or not unit.versions.get(analyst):  # none, or a version of nothing
            for rel in unit.gold_relations:
                run(DeleteRelation(doc_id, rel.id or 0))
            for span in unit.gold_spans:
                run(DeleteSpan(doc_id, span.id or 0))
            if not unit.decided_none:
                run(SetNoneDecision(doc_id, key, True))
            return
        _forget_none(store, doc_id, key, run)
        if unit.kind == "span":
            _take_spans(store, doc_id, unit, unit.spans.get(analyst, []), gold, run)
        else:
            _take_stances(store, doc_id, unit, analyst, gold, run)

    who = "none" if analyst is None else analyst
    return Adjudicate(doc_id, plan, f"take {who} into {gold}")


def _parts_in_gold(state: Adjudication, unit: Unit) -> bool:
    """Gold has a span in each span unit the stance's source and claim (and cue) lie in."""
    name = state.analysts[0]
    homes = {s.id: u for u in state.units if u.kind == "span" for s in u.spans.get(name, [])}
    return all(
        homes[part].gold_spans
        for rel in unit.relations.get(name, [])
        for part in (rel.source, rel.claim, rel.cue)
        if part in homes
    )


def take_unanimous(doc_id: int, gold: str) -> Adjudicate:
    """Gold takes every unanimous unit it has nothing for yet: spans first, then the stances
    whose spans gold now has (a unanimous stance on a disputed claim waits for the claim)."""

    def plan(store: AdjudicationStore, run: Run) -> None:
        state = read_adjudication(store, doc_id, gold)
        todo = [u for u in state.unanimous_open if u.kind == "span"]
        if state.unanimous_open:
            _start(store, doc_id, gold, run)
        for unit in todo:
            name = state.analysts[0]
            for span in unit.spans[name]:
                run(AddSpan(doc_id, _gold_copy(span, gold), text="take span"))
        state = read_adjudication(store, doc_id, gold)
        for unit in [u for u in state.unanimous_open if u.kind == "stance"]:
            if _parts_in_gold(state, unit):  # else its source or claim is still disputed
                _take_stances(store, doc_id, unit, state.analysts[0], gold, run)

    return Adjudicate(doc_id, plan, f"take every unanimous unit into {gold}")


def describe_unit(unit: Unit, text: str, limit: int = 60) -> str:
    """A unit in a few words, for lists and the status bar (plain text)."""
    words = " ".join(text[unit.start : unit.end].split())
    if len(words) > limit:
        words = words[: limit - 1] + "…"
    return f"{unit.kind} “{words}”"


def version_text(unit: Unit, name: str | None, text: str) -> str:
    """One analyst's version of a unit as a line (``None``: the gold layer's)."""
    if unit.kind == "span":
        chosen = unit.gold_spans if name is None else unit.spans.get(name, [])
        parts = [f"{s.label} “{' '.join(s.text_in(text).split())}”" for s in chosen]
        return "; ".join(parts) or "—"
    rels = unit.gold_relations if name is None else unit.relations.get(name, [])
    return ", ".join(r.label for r in rels) or "—"
