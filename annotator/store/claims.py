"""Tracked claims in the project file: the ``claims`` and ``claim_members`` tables (v6).

Members name their span by uid; reads join the spans, so a member whose span was
deleted is not seen (and is seen again when undo brings the span back).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.claims import STANCES, ClaimError, ClaimMember, TrackedClaim
from annotator.core.model import new_uid
from annotator.store.rows import now

if TYPE_CHECKING:
    from annotator.store.database import Database

_CLAIM_COLUMNS = "id, uid, wording, created_at, updated_at"
_MEMBER_SQL = (
    "SELECT m.claim_id, m.span_uid, m.doc_id, s.id, m.stance, m.added_at"
    " FROM claim_members m JOIN spans s ON s.uid = m.span_uid"
)


def _member(row: tuple) -> ClaimMember:  # type: ignore[type-arg]
    return ClaimMember(*row)


class ClaimStore:
    """Reads and writes tracked claims; mixed into ``Store``."""

    db: Database

    def create_claim(
        self, wording: str, *, claim_id: int | None = None, uid: str | None = None
    ) -> int:
        """Store a claim and return its id (a redo passes the id and uid it had)."""
        stamp = now()
        with self.db.atomic():
            cur = self.db.execute(
                "INSERT INTO claims (id, uid, wording, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, uid or new_uid(), wording, stamp, stamp],
            )
        return int(claim_id if claim_id is not None else cur.lastrowid or 0)

    def restore_claim(self, claim: TrackedClaim) -> None:
        """Put back a removed claim exactly as it was (undo of a merge or removal)."""
        with self.db.atomic():
            self.db.execute(
                f"INSERT INTO claims ({_CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                [claim.id, claim.uid, claim.wording, claim.created_at, claim.updated_at],
            )

    def claim(self, claim_id: int) -> TrackedClaim:
        """One tracked claim; ``KeyError`` when there is none."""
        row = self.db.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE id = ?", [claim_id]
        ).fetchone()
        if row is None:
            raise KeyError(claim_id)
        return TrackedClaim(*row)

    def claims(self) -> list[TrackedClaim]:
        """Every tracked claim, oldest first."""
        rows = self.db.execute(f"SELECT {_CLAIM_COLUMNS} FROM claims ORDER BY id")
        return [TrackedClaim(*r) for r in rows]

    def claim_counts(self) -> dict[int, int]:
        """How many (present) member spans each claim has."""
        rows = self.db.execute(
            "SELECT c.id, count(s.id) FROM claims c LEFT JOIN claim_members m"
            " ON m.claim_id = c.id LEFT JOIN spans s ON s.uid = m.span_uid GROUP BY c.id"
        )
        return {r[0]: r[1] for r in rows}

    def rename_claim(self, claim_id: int, wording: str) -> None:
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE claims SET wording = ?, updated_at = ? WHERE id = ?",
                [wording, now(), claim_id],
            )
        if not cur.rowcount:
            raise KeyError(claim_id)

    def delete_claim(self, claim_id: int) -> None:
        """Remove a claim and its memberships (the spans stay)."""
        with self.db.atomic():
            self.db.execute("DELETE FROM claims WHERE id = ?", [claim_id])

    def claim_members(self, claim_id: int) -> list[ClaimMember]:
        """The claim's member spans that exist, by article and place."""
        rows = self.db.execute(
            f"{_MEMBER_SQL} WHERE m.claim_id = ? ORDER BY m.doc_id, s.start, s.id", [claim_id]
        )
        return [_member(r) for r in rows]

    def document_claims(self, doc_id: int) -> list[ClaimMember]:
        """The memberships of one article's spans, by claim."""
        rows = self.db.execute(
            f"{_MEMBER_SQL} WHERE m.doc_id = ? ORDER BY m.claim_id, s.start", [doc_id]
        )
        return [_member(r) for r in rows]

    def add_claim_member(
        self, claim_id: int, span_id: int, stance: str | None = None
    ) -> ClaimMember:
        """Make a stored span a member of a claim; ``KeyError`` for a missing span or claim."""
        row = self.db.execute("SELECT doc_id, uid FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise KeyError(span_id)
        self.claim(claim_id)
        member = ClaimMember(claim_id, row[1], row[0], span_id, stance, now())
        self.restore_claim_member(member)
        return member

    def restore_claim_member(self, member: ClaimMember) -> None:
        """Store a membership as it is given (also one taken away by an edit now undone)."""
        if member.stance is not None and member.stance not in STANCES:
            raise ClaimError(f"unknown stance {member.stance!r} (one of {', '.join(STANCES)})")
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO claim_members (claim_id, span_uid, doc_id, stance, added_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [member.claim_id, member.span_uid, member.doc_id, member.stance, member.added_at],
            )

    def remove_claim_member(self, claim_id: int, span_uid: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM claim_members WHERE claim_id = ? AND span_uid = ?",
                [claim_id, span_uid],
            )

    def set_member_stance(self, claim_id: int, span_uid: str, stance: str | None) -> None:
        if stance is not None and stance not in STANCES:
            raise ClaimError(f"unknown stance {stance!r} (one of {', '.join(STANCES)})")
        with self.db.atomic():
            self.db.execute(
                "UPDATE claim_members SET stance = ? WHERE claim_id = ? AND span_uid = ?",
                [stance, claim_id, span_uid],
            )

    def import_claims(self, doc_id: int, entries: list[dict[str, object]]) -> None:
        """Claims and memberships an imported document brings (our JSONL), matched by uid.

        A claim already here (same uid) keeps its wording; a member already here is kept
        as it is; an entry whose span did not come in is left out. An entry with no span
        is a claim no span carries yet: it is created (once) with no member.
        """
        for entry in entries:
            uid = str(entry["claim"])
            if entry.get("span") is None:
                if self.db.execute("SELECT 1 FROM claims WHERE uid = ?", [uid]).fetchone() is None:
                    self.create_claim(str(entry["wording"]), uid=uid)
                continue
            span_uid = str(entry["span"])
            stance = entry.get("stance")
            if stance is not None and stance not in STANCES:
                raise ClaimError(f"unknown stance {stance!r} (one of {', '.join(STANCES)})")
            if self.db.execute("SELECT 1 FROM spans WHERE uid = ?", [span_uid]).fetchone() is None:
                continue
            row = self.db.execute("SELECT id FROM claims WHERE uid = ?", [uid]).fetchone()
            claim_id = row[0] if row else self.create_claim(str(entry["wording"]), uid=uid)
            self.db.execute(
                "INSERT OR IGNORE INTO claim_members (claim_id, span_uid, doc_id, stance, added_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [claim_id, span_uid, doc_id, stance, now()],
            )
