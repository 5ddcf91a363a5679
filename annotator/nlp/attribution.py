"""Suggested attributions: who said what, with which words, from spaCy's dependency parse.

Patterns, in the order they are tried on each sentence:

- a verb of saying (``said``, ``denied``, ``had reported``…) with a subject:
  the subject's noun phrase is the SOURCE, the verb with its auxiliaries and
  negation the CUE, its complement clause the CLAIM;
- the same verb after its claim (``"…," they said`` / ``…, a source said``):
  the rest of the sentence is the CLAIM;
- ``according to X``: X is the SOURCE, the rest of the sentence the CLAIM;
- a CLAIM that sits in quotation marks is stretched to the whole quotation,
  across sentences, but never past its paragraph: a claim stays in its cue's
  paragraph, and the comma that hands a quotation over to its cue
  (``"…," she said``) belongs to the frame, not to the claim.

Each suggestion proposes a stance (deny for denials, query for questions,
support otherwise) and a source type. Plain offsets come out; spaCy objects
stay here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from annotator.core.stances import guess_source_type
from annotator.nlp.attribution_words import (
    AGENCY_NAMED,
    ASKING,
    COMPLEMENTS,
    CUE_PARTS,
    CUE_PREPOSITIONS,
    DASH_CREDIT,
    DENYING,
    ENTITY_TYPES,
    EVIDENCE,
    FRAME_END,
    HEDGES,
    NEEDS_COMPLEMENT,
    OBJECT_CONTENT,
    OUTLET_NAMES,
    OUTLET_WORDS,
    QUOTES,
    SAYING,
    SPEAKER,
    STANCE_VERBS,
    SUBJECTS,
)


@dataclass(slots=True, frozen=True)
class AttributionSuggestion:
    """One proposed attribution, as character offsets into the document."""

    cue: tuple[int, int]
    claim: tuple[int, int]
    source: tuple[int, int] | None
    stance: str
    source_type: str | None

    @property
    def key(self) -> str:
        """Identifies the suggestion across runs, so a rejection can be remembered."""
        return f"{self.cue[0]}-{self.cue[1]}:{self.claim[0]}-{self.claim[1]}"


def _chars(tokens: list[Any]) -> tuple[int, int] | None:
    """Character range of tokens, with edge punctuation and spaces dropped."""
    kept = [t for t in tokens if not t.is_space]
    while kept and ((kept[0].is_punct and kept[0].text not in '“"(') or kept[0].lower_ == "that"):
        kept = kept[1:]
    while kept and kept[-1].is_punct and kept[-1].text not in '”")':
        kept = kept[:-1]
    if not kept:
        return None
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


def _noun_phrase(head: Any, stop: set[int] | None = None) -> list[Any]:
    """The head's subtree up to the first comma after it (appositions, relative clauses out)."""
    stop = stop or set()
    tokens = [t for t in head.subtree if t.i not in stop]
    out = []
    for t in tokens:
        if t.i > head.i and t.text in {",", "—", "–", ";"}:
            break
        out.append(t)
    return out


def _cue_tokens(verb: Any) -> list[Any]:
    parts = [c for c in verb.children if c.dep_ in CUE_PARTS and c.i < verb.i + 2]
    first = min([verb.i, *[c.i for c in parts]])
    last = max([verb.i, *[c.i for c in parts if c.i > verb.i]])
    return [t for t in verb.doc[first : last + 1]]


def _stance(verb: Any, claim_tokens: list[Any]) -> str:
    negated = any(c.dep_ == "neg" for c in verb.children)
    if verb.lemma_ in DENYING or (negated and verb.lemma_ in {"confirm", "say"}):
        return "deny"
    if verb.lemma_ in ASKING or (claim_tokens and claim_tokens[-1].text == "?"):
        return "query"
    return "support"


def _outlets(text: str) -> set[str]:
    """Names the article itself calls a news agency: an outlet wherever else they appear."""
    return {(m.group(1) or m.group(2)).strip() for m in AGENCY_NAMED.finditer(text)}


@dataclass(slots=True, frozen=True)
class _Page:
    """What the rules read of a document, taken once per document.

    Why: ``doc.text`` and ``doc.ents`` build a Python object for every word on each
    access; read once per verb they were most of the rules' time (92 reads of the
    text for one 1,100-word article).
    """

    doc: Any
    text: str
    quotes: list[tuple[int, int]]
    outlets: set[str]
    ents: list[tuple[int, int, str]]

    @classmethod
    def of(cls, doc: Any) -> _Page:
        text = doc.text
        return cls(
            doc,
            text,
            [(m.start(), m.end()) for m in QUOTES.finditer(text)],
            _outlets(text),
            [(e.start_char, e.end_char, e.label_) for e in doc.ents],
        )


def _source_type(page: _Page, source: tuple[int, int] | None) -> str | None:
    """Guess the source's type; outlets, evidence and agency acronyms before the generic guess."""
    if source is None:
        return None
    start, end = source
    words = page.text[start:end]
    inside = [label for s, e, label in page.ents if start <= s and e <= end]
    label = inside[0] if len(inside) == 1 and end - start < 40 else None
    guess = guess_source_type(words, label, ENTITY_TYPES)
    if guess == "anonymous":
        return guess
    span = page.doc.char_span(start, end, alignment_mode="expand") or ()
    heads = [t for t in span if t.head.i == t.i or not start <= t.head.idx < end]
    if heads and heads[0].lemma_.lower() in EVIDENCE and heads[0].pos_ == "NOUN":
        return "document"
    bare = re.sub(r"^(?:the|[Ss]tate|[Oo]fficial|[Ss]tate-run) ", "", words)
    if OUTLET_WORDS.search(words) or OUTLET_NAMES.match(words) or bare in page.outlets:
        return "named_outlet"
    if guess == "named_person" and words.isupper() and " " not in words:
        return "named_organization"  # "SANA said": an acronym is not a person
    return guess


def _quote_around(quotes: list[tuple[int, int]], claim: tuple[int, int]) -> tuple[int, int]:
    """Stretch a claim that lies inside a quotation to the whole quotation."""
    for start, end in quotes:
        if start <= claim[0] and claim[1] <= end:  # inside: the whole quotation
            return start + 1, end - 1
        if claim[0] < start < claim[1] < end:  # "the army was "playing…": up to its close
            return claim[0], end
    return claim


def suggest_attributions(doc: Any, nested: bool = False) -> list[AttributionSuggestion]:
    """Attributions in a parsed spaCy Doc (needs the parser), in text order.

    An attribution inside another one's claim ("…, he says he is …" in a quote)
    is left out unless ``nested``: PolNeAR gives every word one attribution at
    most, and an analyst sees the outer one first.
    """
    page = _Page.of(doc)
    found: dict[tuple[int, int], AttributionSuggestion] = {}
    for suggestion in _from_layout(page.text):
        found.setdefault(suggestion.cue, suggestion)
    for token in doc:
        suggestion = None
        lemma = token.lemma_.lower()
        if (lemma in SAYING or lemma in STANCE_VERBS) and (
            token.pos_ in {"VERB", "AUX"} or token.dep_ == "ROOT"
        ):
            suggestion = _from_verb(page, token)
        elif token.lower_ == "according" and any(c.lower_ == "to" for c in token.children):
            suggestion = _from_according(page, token)
        if suggestion is not None:
            suggestion = _in_frame(page, suggestion)
        if suggestion is not None and suggestion.cue not in found:
            found[suggestion.cue] = suggestion
    suggestions = sorted(found.values(), key=lambda s: s.cue)
    if nested:
        return suggestions
    return [
        s
        for s in suggestions
        if not any(_within(s.cue, o.claim) for o in suggestions if o is not s)
    ]


def _paragraph(text: str, at: int) -> tuple[int, int]:
    """The line (paragraph) around offset ``at``: claims and sources never leave it."""
    return text.rfind("\n", 0, at) + 1, (text.find("\n", at) % (len(text) + 1))


def _in_frame(page: _Page, suggestion: AttributionSuggestion) -> AttributionSuggestion | None:
    """Keep the claim in its cue's paragraph and out of the frame's punctuation.

    ``"…," she said``: the comma hands the quotation over to the cue and is not said; a
    claim kept with its closing quotation mark (one opened inside it) ends before that
    comma, mark and all, as a span cannot skip a character.
    """
    text = page.text
    lo, hi = _paragraph(text, suggestion.cue[0])
    start, end = max(suggestion.claim[0], lo), min(suggestion.claim[1], hi)
    while start < end and text[start].isspace():
        start += 1
    frame = FRAME_END.search(text, start, end)
    if frame is not None:
        end = frame.start()
    if end - start < 2:
        return None
    source, source_type = suggestion.source, suggestion.source_type
    if source is not None and not (lo <= source[0] and source[1] <= hi):
        source, source_type = None, None
    return AttributionSuggestion(
        suggestion.cue, (start, end), source, suggestion.stance, source_type
    )


def _from_layout(text: str) -> list[AttributionSuggestion]:
    """Attributions that the page layout marks rather than a verb: speakers and credits."""
    found = []
    for m in SPEAKER.finditer(text):
        name = m.group(1)
        if len(name) < 2 or name.lower() in {"note", "update", "editor", "source", "photo"}:
            continue
        colon = m.end(1)
        claim = (m.start(2), m.end(2))
        found.append(
            AttributionSuggestion(
                (colon, colon + 1), claim, (m.start(1), m.end(1)), "support", None
            )
        )
    for m in DASH_CREDIT.finditer(text):
        quote, dash, name = m.span(1), m.span(2), m.span(3)
        found.append(
            AttributionSuggestion(
                dash,
                (quote[0] + 1, quote[1] - 1),
                (name[0], name[1] - len(m.group(3)) + len(m.group(3).rstrip())),
                "support",
                None,
            )
        )
    return found


def _within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _quote_near(doc: Any, verb: Any, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation in the verb's sentence, or ending the sentence just before it."""
    sent = verb.sent
    inside = [q for q in quotes if sent.start_char <= q[0] < sent.end_char]
    if inside:
        return min(inside, key=lambda q: abs(q[0] - verb.idx))
    if sent.start > 0:
        before = doc[sent.start - 1].sent
        ending = [  # a quotation that closes the sentence before: '"…." She said.'
            q
            for q in quotes
            if before.start_char <= q[0] < before.end_char and q[1] >= before.end_char - 2
        ]
        if ending:
            return ending[-1]
    return None


def _inherited_subject(verb: Any) -> Any | None:
    """The subject of the verb a participle or infinitive hangs on ("Trump said, adding …")."""
    head = verb.head
    for _ in range(3):
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        if head.dep_ not in {"advcl", "xcomp", "conj", "ccomp"} or head.head is head:
            return None
        head = head.head
    return None


def _from_verb(page: _Page, verb: Any) -> AttributionSuggestion | None:
    doc, quotes = page.doc, page.quotes
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if verb.lemma_ in HEDGES and (subject is None or subject.lower_ in {"i", "you", "we"}):
        return None
    cue_tokens = _cue_tokens(verb)
    preps = [
        c
        for c in verb.children
        if c.dep_ in {"prep", "prt"}
        and c.lower_ in CUE_PREPOSITIONS.get(verb.lemma_, ())
        and c.i == verb.i + 1
    ]
    # a passive subject is what was said or who was told, not the source: only "by X" is
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    source_head = subjects[0] if subjects else (agents[0] if agents else None)
    if source_head is None and verb.dep_ in {"acl", "relcl"}:  # "a source …, denied that"
        source_head = verb.head
    if source_head is None and verb.dep_ in {"advcl", "xcomp", "conj"}:
        source_head = _inherited_subject(verb)  # "…," he said, adding that … / went on to say
    complements = [c for c in verb.children if c.dep_ in COMPLEMENTS]
    quoted_claim: tuple[int, int] | None = None
    if preps:
        cue_tokens = [*cue_tokens, preps[0]]
    claim_tokens = _claim_tokens(verb, preps, complements)
    if verb.lemma_ in STANCE_VERBS and not complements:
        return None
    if not claim_tokens and verb.lemma_ not in NEEDS_COMPLEMENT and subject is not None:
        quoted_claim = _quote_near(doc, verb, quotes)  # "…," she said. / He said: "…"
    if not claim_tokens and quoted_claim is None:
        return None
    source_tokens = []
    if source_head is not None:
        # leave out clauses hanging on the source ("…, who spoke on condition of anonymity"),
        # but not the words saying whose evidence it is ("photos published by the ministry")
        kept = {"acl"} if source_head.lemma_.lower() in EVIDENCE else set()
        stop = {
            t.i
            for c in source_head.children
            if c.dep_ in {"acl", "relcl"} - kept
            for t in c.subtree
        }
        source_tokens = _noun_phrase(source_head, stop)
        beside = source_head.i + 1  # "state news agency PETRA reported": two subjects side by side
        if beside < verb.i and doc[beside].dep_ == "nsubj" and doc[beside].head is verb:
            source_tokens = [*source_tokens, *_noun_phrase(doc[beside], stop)]
        if verb.dep_ in {"acl", "relcl"}:  # the verb hangs on its source: keep what precedes it
            source_tokens = [t for t in source_tokens if t.i < verb.i]
    claim = (quoted_claim[0] + 1, quoted_claim[1] - 1) if quoted_claim else _chars(claim_tokens)
    cue = _chars(cue_tokens)
    if claim is None or cue is None:
        return None
    claim = _quote_around(quotes, claim)
    source = _chars(source_tokens) if source_tokens else None
    claimed = {t.i for t in claim_tokens}
    if source is not None and (
        any(t.i in claimed for t in source_tokens)
        or (not claimed and source[0] < claim[1] and claim[0] < source[1])
    ):
        source = None  # a source inside its own claim is a parse slip
    return AttributionSuggestion(
        cue, claim, source, _stance(verb, claim_tokens), _source_type(page, source)
    )


def _claim_tokens(verb: Any, preps: list[Any], complements: list[Any]) -> list[Any]:
    """The tokens of what ``verb`` reports, from the parse alone (quotes come later)."""
    if preps:  # "spoke of …", "according to …"
        objects = [g for g in preps[0].children if g.dep_ in {"pobj", "pcomp"}]
        if objects:
            return list(objects[0].subtree)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    predicates = [c for c in verb.children if c.dep_ in {"oprd", "xcomp"}]
    if verb.lemma_ == "call" and objects and predicates:  # called him a liar
        return [*objects[0].subtree, *predicates[0].subtree]
    if complements:
        return list(complements[0].subtree)
    if verb.lemma_ in OBJECT_CONTENT and objects:
        return list(objects[0].subtree)
    if verb.dep_ == "parataxis" or (
        verb.dep_ in {"ccomp", "advcl"}
        and verb.head.i < verb.i
        and not (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SAYING | STANCE_VERBS)
    ):
        # "…," they said / …, a source said: the claim is what the verb hangs on (but in
        # "Trump said Clinton described …" the verb is what was said, not a cue of its own)
        skip = {t.i for t in verb.subtree}
        return [t for t in verb.head.subtree if t.i not in skip]
    if verb.dep_ == "ROOT":
        quoted = [c for c in verb.children if c.dep_ in {"ccomp", "dobj"} and c.i < verb.i]
        if quoted:
            return list(quoted[0].subtree)
    return []


def _from_according(page: _Page, according: Any) -> AttributionSuggestion | None:
    quotes = page.quotes
    to = next(c for c in according.children if c.lower_ == "to")
    objects = [c for c in to.children if c.dep_ == "pobj"]
    if not objects:
        return None
    source = _chars(list(objects[0].subtree))
    cue = (according.idx, to.idx + len(to.text))
    head = according.head
    if head.lemma_.lower() in SAYING and any(c.dep_ in SUBJECTS for c in head.children):
        # "…, the source said according to Reuters": the one who said is the source; the
        # outlet only passed it on, and "the source said" is no part of what was said
        return None
    clause = head
    while clause.dep_ not in {"ROOT", "ccomp", "relcl", "parataxis"} and clause.head is not clause:
        clause = clause.head
    skip = {t.i for t in according.subtree}
    # in a quotation ('"…, according to people …," reported Bloomberg') or a relative clause
    # ("…, who according to a source has been appointed"), that clause is the claim; elsewhere
    # the sentence is ("Police said …, according to the family": PolNeAR nests the saying)
    quoted = any(q[0] < according.idx < q[1] for q in quotes)
    inner = clause.dep_ == "relcl" or (clause.dep_ == "ccomp" and quoted)
    scope = clause.subtree if inner else according.sent
    claim_tokens = [t for t in scope if t.i not in skip]
    claim = _chars(claim_tokens)
    if claim is None or source is None:
        return None
    return AttributionSuggestion(
        cue, _quote_around(quotes, claim), source, "support", _source_type(page, source)
    )
