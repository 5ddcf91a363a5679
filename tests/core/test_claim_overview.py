"""The claims view's rows without Qt: contested first, sources × stance, dates per outlet."""

from __future__ import annotations

from annotator.core.claim_overview import (
    ClaimSummary,
    MemberRow,
    MemberSource,
    effective_stance,
    sources_by_stance,
    summarize,
    timeline,
)
from annotator.core.claims import TrackedClaim


def _m(claim, span, stance=None, sources=(), date="", outlet="", doc=1):
    return MemberRow(
        claim,
        span,
        doc,
        f"Article {doc}",
        "words",
        0,
        5,
        stance,
        tuple(MemberSource(n, s) for n, s in sources),
        date,
        outlet,
    )


def test_contested_claims_come_first_then_the_most_carried():
    claims = [
        TrackedClaim(1, "u1", "quiet"),
        TrackedClaim(2, "u2", "busy"),
        TrackedClaim(3, "u3", "disputed"),
    ]
    members = [
        _m(2, 10),
        _m(2, 11, doc=2),
        _m(2, 12, doc=3),
        _m(3, 20, sources=[("Gazette", "support")]),
        _m(3, 21, sources=[("harbour master", "deny")]),
        _m(1, 30),
    ]
    out = summarize(claims, members)
    assert [s.claim.id for s in out] == [3, 2, 1]
    assert [s.contested for s in out] == [True, False, False]
    assert out[1].articles == 3


def test_agree_and_disagree_articles_also_make_a_claim_contested():
    summary = ClaimSummary(TrackedClaim(1, "u", "w"), (_m(1, 1, "agree"), _m(1, 2, "disagree")))
    assert summary.contested
    assert not ClaimSummary(TrackedClaim(1, "u", "w"), (_m(1, 1, "agree"),)).contested


def test_sources_by_stance_counts_each_source_once_per_member_and_ignores_case():
    members = [
        _m(1, 1, sources=[("The Gazette", "support"), ("Elena Varga", "deny")]),
        _m(1, 2, sources=[("the  gazette", "support")]),
        _m(1, 3, sources=[("Elena Varga", "query")]),
    ]
    stances, rows = sources_by_stance(members)
    assert stances == ["support", "deny", "query"]
    assert rows == [("The Gazette", {"support": 2}), ("Elena Varga", {"deny": 1, "query": 1})]


def test_effective_stance_prefers_the_article_stance_then_the_sources():
    assert effective_stance(_m(1, 1, "discuss", [("a", "deny")])) == "discuss"
    assert effective_stance(_m(1, 1, None, [("a", "deny")])) == "disagree"
    assert effective_stance(_m(1, 1, None, [("a", "support")])) == "agree"
    assert effective_stance(_m(1, 1, None, [("a", "support"), ("b", "deny")])) == "discuss"
    assert effective_stance(_m(1, 1, None, [("a", "comment")])) == "discuss"
    assert effective_stance(_m(1, 1)) is None


def test_timeline_groups_dated_members_by_outlet_and_skips_the_undated():
    members = [
        _m(1, 1, "agree", date="2024-03-02", outlet="Gazette"),
        _m(1, 2, "disagree", date="2024-03-01", outlet="Gazette"),
        _m(1, 3, "agree", date="2024-03-04"),
        _m(1, 4, "agree", outlet="Wire"),
    ]
    assert timeline(members) == {
        "Gazette": [("2024-03-01", "disagree"), ("2024-03-02", "agree")],
        "(no outlet)": [("2024-03-04", "agree")],
    }
