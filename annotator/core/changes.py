"""What an edit changed, so each view refreshes only that (after Anki's ``OpChanges``).

Every command's ``do`` and ``undo`` returns a ``Changes``; ``History`` hands it
to its listeners. Ids are store ids: a listener re-reads the rows it names (a
row that is gone was removed), so it never has to reload a whole article.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields


def _ids(values: Iterable[int | None]) -> frozenset[int]:
    return frozenset(v for v in values if v is not None)


@dataclass(frozen=True, slots=True)
class Changes:
    """Documents touched and the spans, relations, statuses and proposals an edit changed."""

    documents: frozenset[int] = field(default_factory=frozenset)
    spans_added: frozenset[int] = field(default_factory=frozenset)
    spans_changed: frozenset[int] = field(default_factory=frozenset)
    spans_removed: frozenset[int] = field(default_factory=frozenset)
    relations_added: frozenset[int] = field(default_factory=frozenset)
    relations_changed: frozenset[int] = field(default_factory=frozenset)
    relations_removed: frozenset[int] = field(default_factory=frozenset)
    #: documents whose status changed
    status: frozenset[int] = field(default_factory=frozenset)
    #: ids of proposed attributions whose state changed (accepted, rejected, reopened)
    proposals: frozenset[int] = field(default_factory=frozenset)
    #: ids of tracked claims created, renamed, removed or whose members changed
    claims: frozenset[int] = field(default_factory=frozenset)
    #: documents whose metadata changed (their language: tokenizer, models, the Lang column)
    meta: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls,
        doc_id: int,
        *,
        spans_added: Iterable[int | None] = (),
        spans_changed: Iterable[int | None] = (),
        spans_removed: Iterable[int | None] = (),
        relations_added: Iterable[int | None] = (),
        relations_changed: Iterable[int | None] = (),
        relations_removed: Iterable[int | None] = (),
        status: bool = False,
        proposals: Iterable[int | None] = (),
    ) -> Changes:
        """The changes of one edit in one document (``None`` ids are left out)."""
        return cls(
            documents=frozenset({doc_id}),
            spans_added=_ids(spans_added),
            spans_changed=_ids(spans_changed),
            spans_removed=_ids(spans_removed),
            relations_added=_ids(relations_added),
            relations_changed=_ids(relations_changed),
            relations_removed=_ids(relations_removed),
            status=frozenset({doc_id}) if status else frozenset(),
            proposals=_ids(proposals),
        )

    def __or__(self, other: Changes) -> Changes:
        """Both edits' changes: what a batch of edits changed."""
        return Changes(
            **{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        )

    @property
    def spans(self) -> frozenset[int]:
        """Every span id added, changed or removed."""
        return self.spans_added | self.spans_changed | self.spans_removed

    @property
    def relations(self) -> frozenset[int]:
        """Every relation id added, changed or removed."""
        return self.relations_added | self.relations_changed | self.relations_removed

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()


def merged(parts: Iterable[Changes]) -> Changes:
    """One change set for several edits."""
    out = NOTHING
    for part in parts:
        out = out | part
    return out
