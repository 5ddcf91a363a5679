"""Track three claims across the project's own sample articles, and picture the claims view.

Usage: .venv/bin/python scripts/sample_claims.py [OUT.png] [--db PROJECT.db] [--tab NAME]

The samples (resources/samples/*.txt) are read as the importer reads them, each given a
date and an outlet as a CSV with date and outlet columns would give them (the .txt files
have neither). A few attributions are labelled by hand, then three claims are tracked
across the articles, every edit through the same commands the workbench runs. Without
--db the project is thrown away after the picture. The picture (default docs/claims.png,
1280×800) shows the claims view with the contested claim open and the chosen tab
("timeline", "sources" or "find"; the default is the timeline).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from annotator.core.claims import AddClaimMember, CreateClaim, RenameClaim, SetMemberStance
from annotator.core.commands import AddRelation, AddSpan
from annotator.core.history import History
from annotator.core.model import Relation, Span
from annotator.io.textdump import parse_dump
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
#: title start → (date, outlet): what an import with those columns would bring.
DATED = {
    "Harbour Authority Denies": ("2025-11-04", "Adriatic Wire"),
    "Ferry Operators Warn": ("2025-11-05", "Adriatic Wire"),
    "Minister Says Port Talks": ("2025-11-06", "Adriatic Wire"),
    "Cranes, Ferries": ("2025-11-15", "Dalmatian Weekly"),
    "سلطة ميناء": ("2025-11-05", "Al-Marsa"),
}
DEAL = "officials were close to signing an agreement that would give warships permanent docking"
LEASE = "the Split harbour authority was close to leasing part of the quay to a foreign navy"
#: (article, source, cue, claim words, stance) labelled by hand.
SAID = [
    ("Harbour Authority Denies", "The Coastal Gazette", "had reported", DEAL, "support"),
    ("Harbour Authority Denies", "harbour master Elena Varga", "told", DEAL, "deny"),
    ("Cranes, Ferries", "the Coastal Gazette", "reported", LEASE, "support"),
    ("Cranes, Ferries", "The harbour authority", "denied", LEASE, "deny"),
    ("Cranes, Ferries", "The statement", "called", "the Gazette's document", "support"),
    ("Cranes, Ferries", "The Gazette's editor", "denied", "the Gazette's document", "deny"),
    ("Cranes, Ferries", "Transport minister Dario Kovac", "told",
     "the talks had been about fishing quotas, not warships", "support"),
    ("Minister Says Port Talks", "Transport minister Dario Kovac", "said",
     "October's meetings with a foreign delegation at the port of Split were about fishing "
     "quotas, not warships", "support"),
    ("Minister Says Port Talks", "The ministry", "said", "the document was not genuine", "support"),
    ("Minister Says Port Talks", "Two officials who attended the meetings", "told",
     "docking rights had been raised by the visitors but were rejected at once", "support"),
]  # fmt: skip
#: Tracked claims: wording, then (article, claim words, the article's stance) per member.
TRACKED = [
    ("Warships were to get docking rights at Split's northern quay", [
        ("Harbour Authority Denies", DEAL, "disagree"),
        ("Cranes, Ferries", LEASE, "discuss"),
        ("Minister Says Port Talks", "docking rights had been raised by the visitors", "disagree"),
    ]),
    ("The Gazette's draft memorandum is not genuine", [
        ("Cranes, Ferries", "the Gazette's document", None),
        ("Minister Says Port Talks", "the document was not genuine", "agree"),
    ]),
    ("The port talks were about fishing quotas, not warships", [
        ("Cranes, Ferries", "the talks had been about fishing quotas, not warships", "agree"),
        ("Minister Says Port Talks", "October's meetings with a foreign delegation", "agree"),
    ]),
]  # fmt: skip


def build(store: Store) -> list[int]:
    """Import the samples with dates and outlets, label, track; returns the claim ids."""
    docs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for doc in parse_dump(path.read_text(encoding="utf-8"), path):
            date, outlet = next(v for k, v in DATED.items() if doc.title.startswith(k))
            doc.meta.update(date=date, outlet=outlet)
            docs.append(doc)
    store.add_documents(docs)
    history = History(store)
    ids = {store.document(i).title: i for i in store.document_ids()}

    def doc_of(start: str) -> int:
        return next(i for title, i in ids.items() if title.startswith(start))

    spans: dict[tuple[int, str, str], int] = {}

    def span(doc_id: int, words: str, label: str, near: int = 0) -> int:
        text = store.document(doc_id).text
        found = [i for i in range(len(text)) if text.startswith(words, i)]
        if not found:
            raise SystemExit(f"scripts/sample_claims.py: {words!r} is not in article {doc_id}")
        start = min(found, key=lambda i: abs(i - near))
        key = (doc_id, label, f"{start}:{words}")
        if key not in spans:
            new = Span(label, start, start + len(words), annotator="analyst")
            spans[key] = history.push(AddSpan(doc_id, new)).span.id or 0
        return spans[key]

    def claim_span(doc_id: int, words: str) -> int:
        for (d, label, key), span_id in spans.items():
            if d == doc_id and label == "CLAIM" and key.split(":", 1)[1].startswith(words):
                return span_id
        raise SystemExit(f"scripts/sample_claims.py: no CLAIM {words!r} in article {doc_id}")

    for title, source, cue, claim, stance in SAID:
        doc_id = doc_of(title)
        near = store.document(doc_id).text.find(source)
        s, c = span(doc_id, source, "SOURCE", near), span(doc_id, cue, "CUE", near)
        k = span(doc_id, claim, "CLAIM", near)
        history.push(AddRelation(doc_id, Relation(stance, s, k, c, annotator="analyst")))
    made = []
    for wording, members in TRACKED:
        first_title, first_words, first_stance = members[0]
        first = claim_span(doc_of(first_title), first_words)
        claim_id = history.push(CreateClaim.from_span(store, first)).claim_id
        assert claim_id is not None
        history.push(RenameClaim(claim_id, wording))
        if first_stance:
            history.push(SetMemberStance(claim_id, first, first_stance))
        for title, words, stance in members[1:]:
            history.push(AddClaimMember(claim_id, claim_span(doc_of(title), words), stance))
        made.append(claim_id)
    return made


def picture(db: Path, out: Path, tab: str) -> None:
    """The claims view at 1280×800, offscreen, with the contested claim open."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QDeadlineTimer, QSize
    from PySide6.QtWidgets import QApplication

    from annotator.ui.claims_view import show_claims
    from annotator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with Store(db) as store:
        window = MainWindow(store, analyst="analyst", preannotate=False)
        window.show()
        view = show_claims(window)
        view.resize(QSize(1280, 800))
        first = view.model.index(0, 0)
        view.tree.setCurrentIndex(first)
        view.tree.expand(first)
        if tab == "find":
            view.find_elsewhere()
            deadline = QDeadlineTimer(60_000)
            while view.hits.running() and not deadline.hasExpired():
                app.processEvents()
        else:
            view.tabs.setCurrentIndex(0 if tab == "sources" else 1)
        for _ in range(20):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(out))
        view.close()
        window.close()
    print(f"wrote {out}")


def main(argv: list[str]) -> int:
    db_arg = argv[argv.index("--db") + 1] if "--db" in argv else None
    tab = argv[argv.index("--tab") + 1] if "--tab" in argv else "timeline"
    rest = [a for a in argv if not a.startswith("--") and a not in (db_arg, tab)]
    out = Path(rest[0]) if rest else ROOT / "docs" / "claims.png"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(db_arg) if db_arg else Path(tmp) / "claims.db"
        with Store(db) as store:
            claims = build(store)
            print(f"tracked {len(claims)} claims in {db}")
        picture(db, out, tab)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
