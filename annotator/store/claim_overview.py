"""The claims view's rows from the project file: claims with their counts, members on demand.

``claim_rows`` reads every claim's line (articles, spans, sources by stance, dates,
outlets, contested or not) in one query, counted by SQLite, so the view opens without
reading a member; ``member_rows`` reads the members of one claim (or of all) when they
are shown. Dates and outlets are the canonical ``meta.date`` / ``meta.outlet`` the
importers write, read in SQL; other metas go through ``document_date`` and
``document_outlet`` (registered as SQL functions), so both reads agree.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from annotator.core.claim_overview import (
    ClaimRow,
    ClaimSummary,
    MemberRow,
    MemberSource,
    stance_order,
    summarize,
)
from annotator.core.claims import TrackedClaim
from annotator.core.doc_meta import document_date, document_outlet

_UNIT, _RECORD = "\x1f", "\x1e"  # separators no stance label is written with

#: meta.date (``dv``) when it is already a valid YYYY-MM-DD; else what ``document_date`` reads.
_DATE = """CASE WHEN dv >= '0001-01-01' AND date(dv, '+0 days') IS dv THEN dv
    ELSE annotator_doc_date(meta) END"""
#: meta.outlet (``ov``) when plain ASCII, trimmed and single-spaced; else ``document_outlet``.
_OUTLET = """CASE WHEN ov <> '' AND ov NOT GLOB '*[^ -~]*' AND ov NOT GLOB '[[{]*'
        AND ov = trim(ov) AND instr(ov, '  ') = 0
    THEN ov ELSE annotator_doc_outlet(meta) END"""
#: Each JSON value read once per row (a CASE would otherwise parse the meta for each use).
_META = "d.meta, d.meta ->> '$.date' AS dv, d.meta ->> '$.outlet' AS ov"

_CLAIM_ROWS = f"""
    WITH raw AS MATERIALIZED (
        SELECT m.claim_id, s.id AS span_id, m.doc_id, m.stance, {_META}
        FROM claim_members m
        JOIN spans s ON s.uid = m.span_uid
        JOIN documents d ON d.id = m.doc_id),
    mem AS MATERIALIZED (
        SELECT claim_id, span_id, doc_id, stance, {_DATE} AS day, {_OUTLET} AS outlet FROM raw),
    per_claim AS (
        SELECT claim_id, count(*) AS spans, count(DISTINCT doc_id) AS articles,
               min(NULLIF(day, '')) AS first, max(NULLIF(day, '')) AS last,
               max(stance = 'agree') AS agree, max(stance = 'disagree') AS disagree,
               json_group_array(DISTINCT outlet) FILTER (WHERE outlet <> '') AS outlets
        FROM mem GROUP BY claim_id),
    said AS (
        SELECT mem.claim_id, r.label, count(*) AS n
        FROM relations r
        JOIN mem ON mem.span_id = r.claim_span_id
        JOIN spans src ON src.id = r.source_span_id
        GROUP BY mem.claim_id, r.label),
    per_said AS (
        SELECT claim_id, sum(n) AS sources,
               group_concat(label || char(31) || n, char(30)) AS counts,
               max(label = 'support') AS support, max(label = 'deny') AS deny,
               max(label = 'agree') AS agree, max(label = 'disagree') AS disagree
        FROM said GROUP BY claim_id)
    SELECT c.id, c.uid, c.wording, c.created_at, c.updated_at,
           coalesce(p.articles, 0) AS articles, coalesce(p.spans, 0), coalesce(ps.sources, 0),
           ps.counts,
           coalesce((ps.support AND ps.deny)
                    OR ((p.agree OR ps.agree) AND (p.disagree OR ps.disagree)), 0) AS contested,
           p.first, p.last, p.outlets
    FROM claims c
    LEFT JOIN per_claim p ON p.claim_id = c.id
    LEFT JOIN per_said ps ON ps.claim_id = c.id
    ORDER BY contested DESC, articles DESC, c.id"""


def _members_sql(where: str) -> str:
    return f"""
    SELECT claim_id, span_id, doc_id, title, words, start, "end", stance, {_DATE}, {_OUTLET}
    FROM (
        SELECT m.claim_id, s.id AS span_id, m.doc_id, d.title,
               substr(d.text, s.start + 1, s."end" - s.start) AS words, s.start, s."end",
               m.stance, {_META}
        FROM claim_members m
        JOIN spans s ON s.uid = m.span_uid
        JOIN documents d ON d.id = m.doc_id
        {where})
    ORDER BY claim_id, doc_id, start, span_id"""


_SOURCES = """
    SELECT r.claim_span_id, r.label, substr(d.text, src.start + 1, src."end" - src.start)
    FROM relations r
    JOIN spans src ON src.id = r.source_span_id
    JOIN documents d ON d.id = r.doc_id
    WHERE r.claim_span_id IN (
        SELECT s.id FROM claim_members m JOIN spans s ON s.uid = m.span_uid {where}) {docs}
    ORDER BY r.claim_span_id, src.start, r.id"""
#: With one claim, the article index narrows the relations read to its members' articles.
_ONE_CLAIMS_DOCS = "AND r.doc_id IN (SELECT doc_id FROM claim_members WHERE claim_id = ?)"


def _meta(meta: str | None) -> dict[str, Any]:
    try:
        parsed = json.loads(meta) if meta else {}
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _doc_date(meta: str | None) -> str:
    return document_date(_meta(meta))


def _doc_outlet(meta: str | None) -> str:
    return document_outlet(_meta(meta))


def _functions(store: Any) -> None:
    """Let SQL read a date or outlet the way ``doc_meta`` does (once per connection)."""
    for name, fn in (("annotator_doc_date", _doc_date), ("annotator_doc_outlet", _doc_outlet)):
        store.db.register_function(fn, deterministic=True, name=name)


@lru_cache(maxsize=4096)
def _counts(counts: str | None) -> tuple[tuple[str, int], ...]:
    """The per-stance counts SQL joined (label and count, unit- and record-separated) as
    pairs in ``stance_order``; cached, as many claims share the same few."""
    if not counts:
        return ()
    pairs = [(label, int(n)) for label, n in (part.split(_UNIT) for part in counts.split(_RECORD))]
    pairs.sort(key=lambda pair: stance_order(pair[0]))
    return tuple(pairs)


@lru_cache(maxsize=4096)
def _outlets(names: str | None) -> tuple[str, ...]:
    """A JSON array of outlet names, sorted (cached: claims share their outlets)."""
    return tuple(sorted(json.loads(names))) if names else ()


def claim_rows(store: Any) -> list[ClaimRow]:
    """Every tracked claim's row, contested first, then by articles, then oldest."""
    _functions(store)
    return [
        ClaimRow(TrackedClaim(cid, uid, wording, created, updated), articles, spans, sources,
                 _counts(counts), bool(contested), first or "", last or "", _outlets(outlets))
        for (cid, uid, wording, created, updated, articles, spans, sources, counts, contested,
             first, last, outlets) in store.db.execute(_CLAIM_ROWS)
    ]  # fmt: skip


def member_rows(store: Any, claim_id: int | None = None) -> list[MemberRow]:
    """Every present member of every claim (or of one), by claim, article and place."""
    _functions(store)
    where, args = ("WHERE m.claim_id = ?", [claim_id]) if claim_id is not None else ("", [])
    docs, doc_args = (_ONE_CLAIMS_DOCS, [claim_id]) if claim_id is not None else ("", [])
    sources: dict[int, list[MemberSource]] = {}
    for span_id, label, words in store.db.execute(
        _SOURCES.format(where=where, docs=docs), args + doc_args
    ):
        sources.setdefault(span_id, []).append(MemberSource(" ".join(words.split()), label))
    return [
        MemberRow(claim, span_id, doc_id, title or "", words or "", start, end, stance,
                  tuple(sources.get(span_id, ())), date or "", outlet or "")
        for claim, span_id, doc_id, title, words, start, end, stance, date, outlet
        in store.db.execute(_members_sql(where), args)
    ]  # fmt: skip


def claim_summary(store: Any, claim: TrackedClaim) -> ClaimSummary:
    """One claim with its members read (by date, as ``summarize`` orders them)."""
    return summarize([claim], member_rows(store, claim.id))[0]


def claim_summaries(store: Any) -> list[ClaimSummary]:
    """Every tracked claim with its members: contested first (see ``summarize``)."""
    return summarize(store.claims(), member_rows(store))
