"""Field files for the merge tests: copies of a base project, edited as an analyst would."""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store

TEXTS = [
    "Bloomberg reported that Russia sought a naval base in Libya.",
    "The mayor, Jose Nunez, denied that the ferry strike had ended.",
]


def make_base(path: Path) -> Path:
    """A base project holding two articles and no annotations."""
    with Store(path) as store:
        store.add_documents(
            [ParsedDocument(text, title=f"article {i}") for i, text in enumerate(TEXTS)]
        )
    return path


def copy_project(source: Path, dest: Path) -> Path:
    """A field laptop's copy of a project (as handed out, or as brought back)."""
    with Store(source) as store:
        store.backup(dest)
    return dest


def label(store: Store, doc_id: int, words: str, name: str, analyst: str, **attributes: str) -> int:
    text = store.document(doc_id).text
    start = text.index(words)
    return store.add_span(
        doc_id,
        Span(name, start, start + len(words), attributes=dict(attributes), annotator=analyst),
    )


def attribution(store: Store, doc_id: int, analyst: str, source: str, cue: str, claim: str) -> int:
    """A SOURCE, CUE and CLAIM with a support stance between them; returns the stance id."""
    s = label(store, doc_id, source, "SOURCE", analyst)
    c = label(store, doc_id, cue, "CUE", analyst)
    k = label(store, doc_id, claim, "CLAIM", analyst)
    return store.add_relation(doc_id, Relation("support", s, k, c, annotator=analyst))


def field_project(path: Path, texts: list[str]) -> Path:
    """A field project: each text "Officials … said that the bridge N will close", with ana's
    attribution over it and her status done."""
    with Store(path) as store:
        store.add_documents([ParsedDocument(t, title=f"a{n}") for n, t in enumerate(texts)])
        for n, doc in enumerate(store.document_ids()):
            attribution(store, doc, "ana", "Officials", "said", f"the bridge {n} will close")
            store.set_status(doc, "done", "ana")
    return path


def set_times(path: Path, table: str, uid: str, created: str, updated: str) -> None:
    """Give an annotation known edit times, so tests do not depend on the clock."""
    with Store(path) as store, store.transaction():
        store.db.execute(
            f"UPDATE {table} SET created_at = ?, updated_at = ? WHERE uid = ?",
            [created, updated, uid],
        )


def export_jsonl(db: Path, out: Path) -> bytes:
    assert (
        main(
            [
                "--db",
                str(db),
                "export",
                "--format",
                "jsonl",
                "--status",
                "all",
                "--out",
                str(out),
                "--force",
            ]
        )
        == 0
    )
    return out.read_bytes()


def layers(db: Path) -> dict[tuple[str, str], list[tuple]]:
    """(content hash, analyst) -> sorted spans and stances, by their places and labels."""
    out: dict[tuple[str, str], list[tuple]] = {}
    with Store(db) as store:
        for doc_id in store.document_ids():
            digest = store.document(doc_id).content_hash
            spans = {s.id: s for s in store.spans(doc_id)}
            for s in spans.values():
                out.setdefault((digest, s.annotator), []).append(
                    ("span", s.label, tuple(s.pieces()), tuple(sorted(s.attributes.items())))
                )
            for r in store.relations(doc_id):
                where = [
                    None if i is None else tuple(spans[i].pieces())
                    for i in (r.source, r.claim, r.cue)
                ]
                out.setdefault((digest, r.annotator), []).append(("stance", r.label, *where))
    return {k: sorted(v, key=repr) for k, v in out.items()}
