"""A small real project with tracked claims, for the store, model and view tests."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.claims import AddClaimMember, CreateClaim, SetMemberStance
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span

BASE = "Russia will get a naval base in Libya"
ARTICLES = [
    (
        "Gazette: base deal",
        "The Coastal Gazette reported that Russia will get a naval base in Libya next year.",
        {"Published": "March 3, 2024", "Source": "Coastal Gazette"},
    ),
    (
        "Wire: port denial",
        "Harbour master Elena Varga denied that Russia will get a naval base in Libya.",
        {"date": "2024-03-05T10:00:00Z", "outlet": "Wire Service"},
    ),
    (
        "Herald: fishing quotas",
        "The minister said fishing quotas will rise. Nobody mentioned a naval base.",
        {},
    ),
]


@dataclass
class ClaimsProject:
    docs: list[int]
    claim_spans: list[int]  # the CLAIM span of each article
    base: int  # the tracked claim with two members, contested
    quotas: int  # the tracked claim with one member


def _span(store, history, doc_id, words, label):
    from annotator.core.commands import AddSpan

    text = store.document(doc_id).text
    start = text.index(words)
    return history.push(
        AddSpan(doc_id, Span(label, start, start + len(words), annotator="ana"))
    ).span.id


def build(store, history: History | None = None) -> ClaimsProject:
    """Three articles (two carry the base claim: one supports, one denies), two tracked claims."""
    from annotator.core.commands import AddRelation

    history = history or History(store)
    docs = store.add_documents(
        [ParsedDocument(text=t, title=title, meta=meta) for title, t, meta in ARTICLES]
    ).ids
    claims = [
        _span(store, history, docs[0], BASE + " next year", "CLAIM"),
        _span(store, history, docs[1], BASE, "CLAIM"),
        _span(store, history, docs[2], "fishing quotas will rise", "CLAIM"),
    ]
    for doc, words, stance, claim in (
        (docs[0], "The Coastal Gazette", "support", claims[0]),
        (docs[1], "Harbour master Elena Varga", "deny", claims[1]),
        (docs[2], "The minister", "support", claims[2]),
    ):
        source = _span(store, history, doc, words, "SOURCE")
        history.push(AddRelation(doc, Relation(stance, source, claim, annotator="ana")))
    base = history.push(CreateClaim.from_span(store, claims[0])).claim_id
    history.push(AddClaimMember(base, claims[1]))
    history.push(SetMemberStance(base, claims[1], "disagree"))
    quotas = history.push(CreateClaim.from_span(store, claims[2])).claim_id
    return ClaimsProject(docs, claims, base, quotas)
