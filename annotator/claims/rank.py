"""Where does a claim appear? Rank articles, and the sentence in each that carries it.

Three signals, each cheap on CPU and offline: BM25 from the FTS5 index (which also picks
the candidates, so ranking does not read the whole corpus), TF-IDF cosine over the
candidates, and entity overlap (the claim's names among an article's stored entity
suggestions). The best sentence of a hit is the one closest to the claim by TF-IDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from annotator.store.pending_imports import visible

#: How many BM25 candidates the finer signals look at.
POOL = 200
#: Weights of BM25 (scaled to the best candidate), TF-IDF cosine and entity overlap.
WEIGHTS = (0.45, 0.4, 0.15)

_WORD = re.compile(r"\w+", re.UNICODE)
_NAME = re.compile(r"\b[A-Z][\w'-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article as ranking sees it; ``bm25`` as FTS5 gives it (lower is better)."""

    doc_id: int
    title: str
    text: str
    bm25: float = 0.0
    entities: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked article with its best sentence (``start``/``end`` in the article's text)."""

    doc_id: int
    title: str
    score: float
    bm25: float
    cosine: float
    entities: float
    start: int
    end: int
    sentence: str


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a plain splitter at ., ! or ? and at line breaks."""
    out: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            out.append(_trim(text, start, match.start()))
        start = match.end()
    if text[start:].strip():
        out.append(_trim(text, start, len(text)))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def content_words(text: str) -> list[str]:
    """The words of a claim that say something (no stop words), lowercased, once each."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if word not in ENGLISH_STOP_WORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)


def match_any(text: str) -> str:
    """An FTS5 query that matches an article holding any of the claim's words."""
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in content_words(text))


def names(text: str) -> frozenset[str]:
    """The capitalised words of a claim, lowercased: what its entities are made of."""
    return frozenset(w.lower() for w in _NAME.findall(text) if w.lower() not in ENGLISH_STOP_WORDS)


def rank_candidates(claim: str, candidates: list[Candidate], top: int = 10) -> list[Hit]:
    """Order the candidates by the three signals and find each hit's best sentence."""
    if not candidates or not content_words(claim):
        return []
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([c.title + "\n" + c.text for c in candidates])
    except ValueError:  # only stop words in every candidate
        return []
    query = vectorizer.transform([claim])
    cosine = (matrix @ query.T).toarray().ravel()
    best_bm25 = min(c.bm25 for c in candidates)
    bm25 = np.array([c.bm25 / best_bm25 if best_bm25 < 0 else 0.0 for c in candidates])
    wanted = names(claim)
    overlap = np.array(
        [len(wanted & c.entities) / len(wanted) if wanted else 0.0 for c in candidates]
    )
    w_bm25, w_cos, w_ent = WEIGHTS
    score = w_bm25 * bm25 + w_cos * cosine + w_ent * overlap
    order = np.argsort(-score, kind="stable")[:top]
    hits = []
    for i in order:
        c = candidates[int(i)]
        start, end = best_sentence(vectorizer, query, c.text)
        hits.append(
            Hit(
                c.doc_id,
                c.title,
                float(score[i]),
                float(c.bm25),
                float(cosine[i]),
                float(overlap[i]),
                start,
                end,
                c.text[start:end],
            )
        )
    return hits


def best_sentence(vectorizer: TfidfVectorizer, query: Any, text: str) -> tuple[int, int]:
    """The sentence of ``text`` closest to the claim (the first one on a tie)."""
    bounds = sentences(text)
    if not bounds:
        return 0, 0
    vectors = vectorizer.transform([text[s:e] for s, e in bounds])
    scores = (vectors @ query.T).toarray().ravel()
    return bounds[int(np.argmax(scores))]


def candidates(store: Any, claim: str, pool: int = POOL) -> list[Candidate]:
    """The ``pool`` articles BM25 ranks best for the claim, with their entity words."""
    query = match_any(claim)
    if not query:
        return []
    store.update_search_index()
    rows = store.db.execute(
        "SELECT f.rowid, bm25(documents_fts) AS r FROM documents_fts f"
        f" WHERE documents_fts MATCH ? AND {visible('f.rowid')} ORDER BY r LIMIT ?",
        [query, pool],
    ).fetchall()
    if not rows:
        return []
    rank = {doc_id: score for doc_id, score in rows}
    marks = ",".join("?" * len(rank))
    docs = store.db.execute(
        f"SELECT id, title, text FROM documents WHERE id IN ({marks})", list(rank)
    ).fetchall()
    ents = _entity_words(store, {i: x for i, _t, x in docs})
    out = [Candidate(i, t, x, rank[i], ents.get(i, frozenset())) for i, t, x in docs]
    return sorted(out, key=lambda c: (c.bm25, c.doc_id))


def _entity_words(store: Any, texts: dict[int, str]) -> dict[int, frozenset[str]]:
    """Per article, the lowercased words of its entity suggestions (newest run)."""
    out: dict[int, frozenset[str]] = {}
    for doc_id, text in texts.items():
        spans = store.suggestions(doc_id)
        if spans:
            words = {w.lower() for s in spans for w in _WORD.findall(text[s.start : s.end])}
            out[doc_id] = frozenset(words)
    return out


def rank_articles(store: Any, claim: str, top: int = 10, pool: int = POOL) -> list[Hit]:
    """The articles of the project that best carry ``claim``, best first."""
    return rank_candidates(claim, candidates(store, claim, pool), top)
