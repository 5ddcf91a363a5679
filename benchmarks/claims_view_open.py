"""How long the claims view takes to open with N tracked claims (goal: 200 ms at 1,000).

Usage: nice -n 10 .venv/bin/python benchmarks/claims_view_open.py [--claims 1000] [--members 3]

Builds a throw-away project (one article per member, a CLAIM and a SOURCE span with a
stance in each, a date and an outlet in its meta), then times the view's first show
(reading every claim's row, laying out the tree, reading the current claim's members
and drawing) five times and prints the median and the slowest wall time, the median
CPU time of this process (less moved by other jobs on a shared machine than the wall
time is), and the baseline of reading the claims' rows alone (``claim_rows``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build(store, claims: int, members: int) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.model import ParsedDocument, Relation, Span

    docs = []
    for c in range(claims):
        for m in range(members):
            text = f"Outlet {m} said that claim number {c} is {'true' if m % 2 else 'false'}."
            docs.append(
                ParsedDocument(
                    text=text,
                    title=f"Article {c}-{m}",
                    meta={
                        "date": f"2024-{1 + m % 12:02d}-{1 + c % 28:02d}",
                        "outlet": f"Outlet {m}",
                    },
                    spans=[
                        Span("SOURCE", 0, 8, annotator="a"),
                        Span("CLAIM", 19, len(text) - 1, annotator="a"),
                    ],
                    relations=[Relation("support" if m % 2 else "deny", 0, 1, annotator="a")],
                )
            )
    store.add_documents(docs)
    rows = store.db.execute(
        "SELECT s.doc_id, s.uid FROM spans s WHERE s.label = 'CLAIM' ORDER BY s.doc_id"
    ).fetchall()
    with store.db.atomic():
        for c in range(claims):
            claim_id = store.create_claim(f"Claim number {c}")
            for doc_id, uid in rows[c * members : (c + 1) * members]:
                store.db.execute(
                    "INSERT INTO claim_members (claim_id, span_uid, doc_id, stance, added_at)"
                    " VALUES (?, ?, ?, NULL, '')",
                    [claim_id, uid, doc_id],
                )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--members", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from annotator.core.history import History
    from annotator.core.schema import default_roles
    from annotator.store import Store
    from annotator.store.claim_overview import claim_rows
    from annotator.ui.claims_view import ClaimsView

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "b.db") as store:
        build(store, args.claims, args.members)
        rows, opens, cpu = [], [], []
        for _ in range(5):
            t = time.perf_counter()
            claim_rows(store)
            rows.append(time.perf_counter() - t)
            t, c = time.perf_counter(), time.process_time()
            view = ClaimsView(store, History(store), default_roles(), lambda: None)
            view.show_current()
            app.processEvents()
            opens.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            view.close()
            view.deleteLater()
            app.processEvents()  # the closed view goes before the next is timed
    ms = [x * 1000 for x in opens]
    print(
        f"claims={args.claims} members={args.members * args.claims} "
        f"open_median_ms={statistics.median(ms):.0f} open_slowest_ms={max(ms):.0f} "
        f"open_cpu_median_ms={statistics.median(cpu) * 1000:.0f} "
        f"rows_only_median_ms={statistics.median(rows) * 1000:.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
