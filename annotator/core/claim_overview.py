"""What the claims view shows, without Qt: each tracked claim with its members, contested first.

A member row carries what an analyst asks of a claim across articles: which article
(and outlet, and date) carries it, in which words, who says it there and with which
stance, and how the article stands toward it. A claim is *contested* when one source
supports it and another denies it, or one article agrees and another disagrees.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core.claims import TrackedClaim

NO_OUTLET = "(no outlet)"


@dataclass(frozen=True, slots=True)
class MemberSource:
    """A source linked to a member span, with its stance (a relation label: support, deny…)."""

    name: str
    stance: str


@dataclass(frozen=True, slots=True)
class MemberRow:
    """One CLAIM span that carries a tracked claim, with what its article says about it."""

    claim_id: int
    span_id: int
    doc_id: int
    title: str
    text: str
    start: int
    end: int
    stance: str | None = None  # the article's stance toward the claim (agree, disagree…)
    sources: tuple[MemberSource, ...] = ()
    date: str = ""  # YYYY-MM-DD when the import gave one
    outlet: str = ""


def effective_stance(member: MemberRow) -> str | None:
    """The article's stance as set; else read from its sources (support → agree, deny →
    disagree, both or anything else → discuss); ``None`` with neither."""
    if member.stance:
        return member.stance
    said = {s.stance for s in member.sources}
    if not said:
        return None
    if said == {"support"}:
        return "agree"
    if said == {"deny"}:
        return "disagree"
    return "discuss"


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    """A tracked claim and its members, with the counts the view sorts and shows by."""

    claim: TrackedClaim
    members: tuple[MemberRow, ...] = ()

    @property
    def stances(self) -> frozenset[str]:
        """Every source stance and article stance said about the claim."""
        said = {s.stance for m in self.members for s in m.sources}
        return frozenset(said | {m.stance for m in self.members if m.stance})

    @property
    def contested(self) -> bool:
        return is_contested(self.stances)

    @property
    def articles(self) -> int:
        return len({m.doc_id for m in self.members})

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members if m.outlet})

    def dates(self) -> tuple[str, str]:
        """The first and last date among the members ("" when none is known)."""
        known = sorted(m.date for m in self.members if m.date)
        return (known[0], known[-1]) if known else ("", "")


#: The order a claim's row lists its sources' stances in (others after, by name).
STANCE_ORDER = ("support", "deny", "query", "comment")


def stance_order(label: str) -> tuple[int, str]:
    """Sort key putting ``STANCE_ORDER`` first, then any other stance by name."""
    return (STANCE_ORDER.index(label) if label in STANCE_ORDER else len(STANCE_ORDER), label)


class ClaimRow(NamedTuple):
    """A claim's line in the claims view: its counts, read without reading its members.

    The store counts these in SQL (``claim_rows``) so the view opens at the cost of one
    query whatever the number of members; ``claim_row`` counts the same from a summary.
    A named tuple: a thousand of them are made each time the view opens (a frozen
    dataclass takes three times as long to make).
    """

    claim: TrackedClaim
    articles: int = 0
    spans: int = 0
    sources: int = 0
    stance_counts: tuple[tuple[str, int], ...] = ()  # per source stance, in ``stance_order``
    contested: bool = False
    first: str = ""  # the first and last member date ("" when none is known)
    last: str = ""
    outlets: tuple[str, ...] = ()  # sorted


def is_contested(said: Iterable[str]) -> bool:
    """Support and denial, or an agreeing and a disagreeing article, among ``said``."""
    said = set(said)
    return ("support" in said and "deny" in said) or ("agree" in said and "disagree" in said)


def claim_row(summary: ClaimSummary) -> ClaimRow:
    """The row of a claim whose members are read (what ``claim_rows`` counts in SQL)."""
    counts: dict[str, int] = {}
    for member in summary.members:
        for source in member.sources:
            counts[source.stance] = counts.get(source.stance, 0) + 1
    first, last = summary.dates()
    return ClaimRow(
        summary.claim,
        summary.articles,
        len(summary.members),
        sum(counts.values()),
        tuple(sorted(counts.items(), key=lambda kv: stance_order(kv[0]))),
        summary.contested,
        first,
        last,
        tuple(summary.outlets),
    )


def summarize(claims: Iterable[TrackedClaim], members: Iterable[MemberRow]) -> list[ClaimSummary]:
    """Each claim with its members (by date): contested claims first, then by articles, then
    oldest."""
    by_claim: dict[int, list[MemberRow]] = {}
    for member in members:
        by_claim.setdefault(member.claim_id, []).append(member)

    def order(m: MemberRow) -> tuple[bool, str, int, int]:  # by date, the undated last
        return (not m.date, m.date, m.doc_id, m.start)

    out = [ClaimSummary(c, tuple(sorted(by_claim.get(c.id, ()), key=order))) for c in claims]
    out.sort(key=lambda s: (not s.contested, -s.articles, s.claim.id))
    return out


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def sources_by_stance(
    members: Sequence[MemberRow],
) -> tuple[list[str], list[tuple[str, dict[str, int]]]]:
    """The stances used (in first-seen order) and, per source, how often it took each.

    Sources are grouped by their words, whatever the case and spacing; each row is named
    as the source was first written. Rows keep the order sources are first met.
    """
    stances: dict[str, None] = {}
    rows: dict[str, tuple[str, dict[str, int]]] = {}
    for member in members:
        for source in member.sources:
            stances.setdefault(source.stance, None)
            name = " ".join(source.name.split()) or "(no source)"
            _, counts = rows.setdefault(_key(name), (name, {}))
            counts[source.stance] = counts.get(source.stance, 0) + 1
    return list(stances), list(rows.values())


def timeline(members: Sequence[MemberRow]) -> dict[str, list[tuple[str, str]]]:
    """Per outlet, the dated members' (date, stance), oldest first; undated or stance-less
    members are left out (they have no place on a time axis)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for member in members:
        stance = effective_stance(member)
        if member.date and stance:
            out.setdefault(member.outlet or NO_OUTLET, []).append((member.date, stance))
    return {outlet: sorted(points) for outlet, points in out.items()}
