"""Tracked claims no span carries yet (typed, or their spans deleted), for the JSONL export.

A JSONL record names the claims its spans carry; a claim with no member has no record
of its own, so the first record carries it too, as ``{"claim": uid, "wording": ...}``
with no ``span`` (the importer creates the claim, matched by uid, with no member).
A project without such claims exports exactly as before.
"""

from __future__ import annotations

from annotator.io.exporting import ExportDoc
from annotator.store import Store


def claims_without_members(store: Store) -> list[dict[str, str | None]]:
    """Each tracked claim with no (present) member span, oldest first."""
    counts = store.claim_counts()
    return [{"claim": c.uid, "wording": c.wording} for c in store.claims() if not counts.get(c.id)]


def carry_claims_without_members(store: Store, docs: list[ExportDoc]) -> list[str]:
    """Put the memberless claims on the first record; a note when there is none to carry them."""
    loose = claims_without_members(store)
    if not loose:
        return []
    if not docs:
        return [
            f"left out {len(loose)} tracked claim(s) with no member: the export holds no "
            "record to carry them (export with --status all, or add a member first)"
        ]
    docs[0].tracked.extend(loose)
    return []


def claims_to_carry(
    store: Store, has_records: bool
) -> tuple[list[dict[str, str | None]], list[str]]:
    """The memberless claims for the first record of a streamed export (``Selection.lead``),
    or a note when the export holds no record to carry them."""
    loose = claims_without_members(store)
    if loose and not has_records:
        return [], [
            f"left out {len(loose)} tracked claim(s) with no member: the export holds no "
            "record to carry them (export with --status all, or add a member first)"
        ]
    return loose, []
