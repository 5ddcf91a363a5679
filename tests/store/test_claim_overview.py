"""Member rows of tracked claims read from a real project file in two queries."""

from __future__ import annotations

from annotator.core.claim_overview import MemberSource
from annotator.core.commands import DeleteSpan
from annotator.core.history import History
from annotator.store.claim_overview import claim_summaries, member_rows
from tests.claims.project import BASE, build


def test_member_rows_carry_title_words_sources_stance_date_and_outlet(store):
    p = build(store)
    rows = member_rows(store)
    assert [(r.claim_id, r.span_id) for r in rows] == [
        (p.base, p.claim_spans[0]),
        (p.base, p.claim_spans[1]),
        (p.quotas, p.claim_spans[2]),
    ]
    gazette, wire, herald = rows
    assert gazette.title == "Gazette: base deal" and gazette.text == BASE + " next year"
    assert gazette.sources == (MemberSource("The Coastal Gazette", "support"),)
    assert (gazette.date, gazette.outlet, gazette.stance) == ("2024-03-03", "Coastal Gazette", None)
    assert (wire.date, wire.outlet, wire.stance) == ("2024-03-05", "Wire Service", "disagree")
    assert (herald.date, herald.outlet) == ("", "")
    assert [r.span_id for r in member_rows(store, p.quotas)] == [p.claim_spans[2]]


def test_summaries_put_the_contested_claim_first_and_forget_deleted_spans(store):
    p = build(store)
    history = History(store)
    assert [s.claim.id for s in claim_summaries(store)] == [p.base, p.quotas]
    history.push(DeleteSpan(p.docs[1], p.claim_spans[1]))
    first = claim_summaries(store)[0]
    assert first.claim.id == p.base and not first.contested and len(first.members) == 1


def _odd_project(store):
    """The fixture plus claims the aggregate query must count as the members would."""
    from annotator.core.claims import AddClaimMember, CreateClaim, SetMemberStance
    from annotator.core.commands import AddRelation, AddSpan
    from annotator.core.model import ParsedDocument, Relation, Span

    p = build(store)
    history = History(store)
    metas = [
        {"date": "2024-02-30", "Published": "4 March 2024", "outlet": " Le\u00a0Monde  "},
        {"date": "2024-03-01T08:00:00Z", "outlet": "Zeitung, Süd"},
        {"pubDate": "Tue, 05 Mar 2024 14:03:00 GMT", "og:site_name": "Wire, Inc."},
    ]
    text = "Ana said the port will close. Bo denied the port will close."
    docs = store.add_documents([ParsedDocument(text=text, meta=m) for m in metas]).ids
    claims = []
    for doc in docs:
        claim = history.push(AddSpan(doc, Span("CLAIM", 9, 28, annotator="ana"))).span.id
        for start, end, label in ((0, 3, "support"), (30, 32, "deny")):
            source = history.push(AddSpan(doc, Span("SOURCE", start, end, annotator="ana"))).span
            history.push(AddRelation(doc, Relation(label, source.id, claim, annotator="ana")))
        claims.append(claim)
    port = history.push(CreateClaim.from_span(store, claims[0])).claim_id
    for claim in claims[1:]:
        history.push(AddClaimMember(port, claim))
    history.push(SetMemberStance(port, claims[2], "agree"))
    history.push(CreateClaim("nobody carries this yet"))
    history.push(SetMemberStance(p.base, p.claim_spans[1], None))  # contested by sources alone
    return p, port


def test_claim_rows_count_in_sql_what_the_members_say(store):
    from annotator.core.claim_overview import claim_row
    from annotator.core.doc_meta import document_date, document_outlet
    from annotator.store.claim_overview import claim_rows

    p, port = _odd_project(store)
    rows = claim_rows(store)
    assert rows == [claim_row(s) for s in claim_summaries(store)]
    for m in member_rows(store):  # SQL reads dates and outlets as doc_meta does
        meta = store.document(m.doc_id).meta
        assert (m.date, m.outlet) == (document_date(meta), document_outlet(meta))
    by_id = {r.claim.id: r for r in rows}
    assert [r.claim.id for r in rows][:2] == [port, p.base]  # contested, then most articles
    assert by_id[port].outlets == ("Le Monde", "Wire, Inc.", "Zeitung, Süd")
    assert (by_id[port].first, by_id[port].last) == ("2024-03-01", "2024-03-05")
    assert by_id[port].stance_counts == (("support", 3), ("deny", 3))
    assert (by_id[port].articles, by_id[port].spans, by_id[port].sources) == (3, 3, 6)
    assert rows[-1].claim.wording == "nobody carries this yet" and rows[-1].spans == 0
