"""What models propose: entity suggestions and attribution suggestions, with provenance."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from annotator.core.model import Span
from annotator.core.proposals import Proposal
from annotator.store.pending_imports import visible
from annotator.store.rows import STORED_LANGUAGE_SQL, now

if TYPE_CHECKING:
    from annotator.store.database import Database


def version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Order model versions as versions: numbers by value; words after numbers ("rc" after 0)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.lower())
        for part in re.findall(r"\d+|[^\W\d_]+", version)
    )


class SuggestionStore:
    """Reads and writes model suggestions; mixed into ``Store``."""

    db: Database

    def pending_preannotation(self, model: str, version: str) -> list[int]:
        """Documents this model version has not seen yet, in import order."""
        sql = (
            f"SELECT d.id FROM documents d WHERE {visible('d.id')} AND NOT EXISTS (SELECT 1"
            " FROM preannotated p WHERE p.doc_id = d.id AND p.model = ? AND p.model_version = ?)"
            " ORDER BY d.id"
        )
        return [row[0] for row in self.db.execute(sql, [model, version])]

    def is_preannotated(self, doc_id: int, model: str, version: str) -> bool:
        """Whether this model version has seen the document (even if it found nothing)."""
        row = self.db.execute(
            "SELECT 1 FROM preannotated WHERE doc_id = ? AND model = ? AND model_version = ?",
            [doc_id, model, version],
        ).fetchone()
        return row is not None

    def texts(self, ids: list[int]) -> list[tuple[int, str]]:
        """(id, text) for these documents, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = dict(self.db.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", ids))
        return [(i, found[i]) for i in ids if i in found]

    def stored_languages(self, ids: list[int]) -> dict[int, str]:
        """The language each document's metadata gives ("" for none), without its text."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = f"SELECT d.id, {STORED_LANGUAGE_SQL} FROM documents d WHERE d.id IN ({marks})"
        return dict(self.db.execute(sql, ids))

    def save_suggestions(
        self, results: Iterable[tuple[int, list[tuple[str, int, int]]]], model: str, version: str
    ) -> int:
        """Store what a model found in some documents, and that it saw them, in one transaction.

        A document this model version has already seen is left as it is, so the
        call is idempotent. Returns how many documents were new to it.
        """
        stamp = now()
        saved = 0
        with self.db.atomic():
            for doc_id, ents in results:
                cur = self.db.conn.execute(
                    "INSERT OR IGNORE INTO preannotated (doc_id, model, model_version, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (doc_id, model, version, stamp),
                )
                if cur.rowcount == 0:
                    continue
                saved += 1
                self.db.conn.executemany(
                    'INSERT INTO suggestions (doc_id, label, start, "end", model, model_version)'
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(doc_id, label, start, end, model, version) for label, start, end in ents],
                )
        return saved

    def suggestions(
        self, doc_id: int, model: str | None = None, version: str | None = None
    ) -> list[Span]:
        """Entity suggestions on a document from one model version (default: the newest run)."""
        if model is None or version is None:
            row = self.db.execute(
                "SELECT model, model_version FROM preannotated WHERE doc_id = ?"
                " ORDER BY created_at DESC LIMIT 1",
                [doc_id],
            ).fetchone()
            if row is None:
                return []
            model, version = row
        rows = self.db.execute(
            'SELECT id, label, start, "end" FROM suggestions WHERE doc_id = ? AND model = ?'
            ' AND model_version = ? ORDER BY start, "end"',
            [doc_id, model, version],
        )
        return [Span(id=r[0], label=r[1], start=r[2], end=r[3], annotator=model) for r in rows]

    # -- attribution suggestions ------------------------------------------------------

    def pending_suggestions(self, model: str, version: str) -> list[int]:
        """Documents this parser version has not proposed attributions for yet."""
        sql = (
            f"SELECT d.id FROM documents d WHERE {visible('d.id')} AND NOT EXISTS (SELECT 1"
            " FROM suggested x WHERE x.doc_id = d.id AND x.model = ? AND x.model_version = ?)"
            " ORDER BY d.id"
        )
        return [row[0] for row in self.db.execute(sql, [model, version])]

    def save_attribution_suggestions(
        self,
        doc_id: int,
        rows: Iterable[Proposal | Mapping[str, Any]],
        model: str,
        version: str,
    ) -> int:
        """Store proposals for a document in one transaction.

        A proposal the analyst already accepted or rejected (by any parser
        version) is not proposed again. Suggesters may hand plain records
        (``key``, ``source``, ``cue``, ``claim``, ``stance``, ``source_type``):
        they become ``Proposal``s here, at the store's edge.
        """
        proposals = [r if isinstance(r, Proposal) else Proposal.from_mapping(r) for r in rows]
        rejected = {
            r[0]
            for r in self.db.execute(
                "SELECT key FROM attribution_suggestions WHERE doc_id = ? AND state != 'open'",
                [doc_id],
            )
        }
        saved = 0
        with self.db.atomic():
            cur = self.db.conn.execute(
                "INSERT OR IGNORE INTO suggested (doc_id, model, model_version) VALUES (?, ?, ?)",
                (doc_id, model, version),
            )
            if cur.rowcount == 0:
                return 0
            for row in proposals:
                if row.key in rejected:
                    continue
                self.db.conn.execute(
                    "INSERT OR IGNORE INTO attribution_suggestions (doc_id, key, source_start,"
                    " source_end, cue_start, cue_end, claim_start, claim_end, stance, source_type,"
                    " model, model_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        row.key,
                        *(row.source or (None, None)),
                        *row.cue,
                        *row.claim,
                        row.stance,
                        row.source_type,
                        model,
                        version,
                    ),
                )
                saved += 1
        return saved

    def has_attribution_run(
        self, doc_id: int, model: str | None = None, version: str | None = None
    ) -> bool:
        """Whether any parser version (or this model's version) has proposed for this document."""
        sql, params = "SELECT 1 FROM suggested WHERE doc_id = ?", [doc_id]
        if model is not None:
            sql += " AND model = ? AND model_version = ?"
            params += [model, version]
        return self.db.execute(sql + " LIMIT 1", params).fetchone() is not None

    def attribution_runs(self) -> list[str]:
        """The suggesters (by model name) that have proposed attributions in this project."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT model FROM suggested ORDER BY 1")]

    def drop_proposals(self, models: Iterable[str]) -> int:
        """Forget these suggesters' open proposals and that they ran, in one transaction.

        Accepted and rejected ones stay (a rejection still holds if they run again).
        Returns how many open proposals went.
        """
        names = list(models)
        if not names:
            return 0
        marks = ",".join("?" * len(names))
        with self.db.atomic():
            cur = self.db.conn.execute(
                f"DELETE FROM attribution_suggestions WHERE state = 'open' AND model IN ({marks})",
                names,
            )
            self.db.conn.execute(f"DELETE FROM suggested WHERE model IN ({marks})", names)
        return cur.rowcount

    def count_open_suggestions(self) -> int:
        """Proposals over the corpus that wait for the analyst."""
        sql = "SELECT count(*) FROM attribution_suggestions WHERE state = 'open'"
        return int(self.db.execute(sql).fetchone()[0])

    def attribution_suggestions(self, doc_id: int, state: str = "open") -> list[Proposal]:
        """Proposals on a document from each parser's newest version, in text order.

        Versions compare as versions ("3.10.0" is newer than "3.9.0"), not as text.
        """
        newest: dict[str, str] = {}
        for model, version in self.db.execute(
            "SELECT DISTINCT model, model_version FROM attribution_suggestions WHERE doc_id = ?",
            [doc_id],
        ):
            if model not in newest or version_key(version) > version_key(newest[model]):
                newest[model] = version
        if not newest:
            return []
        runs = " OR ".join("(model = ? AND model_version = ?)" for _ in newest)
        rows = self.db.execute(
            "SELECT id, key, source_start, source_end, cue_start, cue_end, claim_start,"
            " claim_end, stance, source_type, state, model, model_version"
            " FROM attribution_suggestions"
            f" WHERE doc_id = ? AND state = ? AND ({runs}) ORDER BY cue_start, id",
            [doc_id, state, *(x for pair in newest.items() for x in pair)],
        )
        return [
            Proposal(
                id=r[0],
                key=r[1],
                source=(r[2], r[3]) if r[2] is not None else None,
                cue=(r[4], r[5]),
                claim=(r[6], r[7]),
                stance=r[8],
                source_type=r[9],
                state=r[10],
                model=r[11],
                model_version=r[12],
            )
            for r in rows
        ]

    def set_suggestion_state(self, suggestion_id: int, state: str) -> str:
        """Mark a proposal open, accepted or rejected; returns its previous state."""
        with self.db.atomic():
            before = self.db.execute(
                "SELECT state FROM attribution_suggestions WHERE id = ?", [suggestion_id]
            ).fetchone()
            if before is None:
                raise KeyError(suggestion_id)
            self.db.execute(
                "UPDATE attribution_suggestions SET state = ? WHERE id = ?", [state, suggestion_id]
            )
        return str(before[0])
