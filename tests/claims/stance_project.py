"""A small real project for training the claim–article stance model on the analysts' labels.

Eight tracked claims, each carried by four articles whose stance the analyst set through
the claims commands (agree, disagree, discuss, and agree again in other words), plus
articles on other subjects: 32 labelled pairs, and other articles to sample unrelated
pairs from.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.claims import AddClaimMember, CreateClaim, SetMemberStance
from annotator.core.commands import AddSpan
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Span

CLAIMS = [
    "Russia will get a naval base in Libya",
    "the port of Split will close in May",
    "the central bank will raise interest rates",
    "the mayor of Zadar will resign next week",
    "farmers will get a fuel subsidy this winter",
    "the bridge to the island will open in June",
    "the airline will cancel its winter flights",
    "the old shipyard will be sold to investors",
]
#: Each article as (template, stance); ``{c}`` is the claim, the CLAIM span.
TEMPLATES = [
    ("Officials confirmed on Monday that {c}. The agreement was signed.", "agree"),
    ("The ministry denied that {c}, calling the reports false and a hoax.", "disagree"),
    ("Reports say {c}, but nothing has been decided and talks go on.", "discuss"),
    ("It is now certain that {c}, the spokeswoman announced, confirming the plan.", "agree"),
]
OTHER = [
    "The football club won the cup final on Sunday after extra time.",
    "Heavy rain is expected along the coast for the rest of the week.",
    "A new exhibition of old maps opened at the city museum.",
    "The school choir sang at the festival and won a prize.",
    "Tourists crowded the beaches as the summer season began early.",
    "The library will stay open late during the exam period.",
]


@dataclass
class StanceProject:
    claims: list[int]  # tracked claim ids, in CLAIMS order
    others: list[int]  # the articles no claim runs through
    labelled: int  # pairs with a stance set


def build_stance_project(store, history: History | None = None) -> StanceProject:
    """The articles, their CLAIM spans, the tracked claims and the stances, via commands."""
    history = history or History(store)
    docs = []
    for c, claim in enumerate(CLAIMS):
        for t, (template, _stance) in enumerate(TEMPLATES):
            docs.append(ParsedDocument(text=template.format(c=claim), title=f"Claim {c}, {t}"))
    docs += [ParsedDocument(text=text, title=f"Other {i}") for i, text in enumerate(OTHER)]
    ids = store.add_documents(docs).ids
    claim_ids = []
    for c, claim in enumerate(CLAIMS):
        spans = []
        for t, (template, _stance) in enumerate(TEMPLATES):
            doc = ids[c * len(TEMPLATES) + t]
            start = template.format(c=claim).index(claim)
            span = Span("CLAIM", start, start + len(claim), annotator="ana")
            spans.append(history.push(AddSpan(doc, span)).span.id)
        claim_id = history.push(CreateClaim.from_span(store, spans[0])).claim_id
        for span_id in spans[1:]:
            history.push(AddClaimMember(claim_id, span_id))
        for span_id, (_template, stance) in zip(spans, TEMPLATES, strict=True):
            history.push(SetMemberStance(claim_id, span_id, stance))
        claim_ids.append(claim_id)
    others = ids[len(CLAIMS) * len(TEMPLATES) :]
    return StanceProject(claim_ids, others, len(CLAIMS) * len(TEMPLATES))
