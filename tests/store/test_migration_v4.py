"""A project file written before analyst layers opens with everything there and uids given."""

import sqlite3
import uuid

import sqlite_utils

from annotator.store import Store
from annotator.store.migrations import LATEST, MIGRATIONS

V3 = 3  # the schema before analyst layers, lasting ids and per-analyst status


def _version_3_file(path):
    """A file as the annotator of schema version 3 wrote it, with two analysts' work."""
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for migration in MIGRATIONS[:V3]:
        migration(db)
    db.execute(f"PRAGMA user_version = {V3}")
    t = "2024-05-01T10:00:00.000+00:00"
    rows = [
        (1, "h1", "Base", "Bloomberg reported that Russia sought a base.", "done"),
        (2, "h2", "Talks", "Haftar denied the talks.", "in progress"),
        (3, "h3", "Quiet", "Nothing was said.", "skipped"),
        (4, "h4", "Fresh", "Untouched text.", "new"),
    ]
    for doc_id, digest, title, text, status in rows:
        db.execute(
            "INSERT INTO documents (id, content_hash, title, text, status, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [doc_id, digest, title, text, status, t, t],
        )
    spans = [
        (1, 1, "SOURCE", 0, 9, "ana"),
        (2, 1, "CUE", 10, 18, "ana"),
        (3, 1, "CLAIM", 24, 45, "ana"),
        (4, 1, "CLAIM", 24, 45, "bo"),
        (5, 2, "SOURCE", 0, 6, ""),
    ]
    for span_id, doc_id, label, start, end, annotator in spans:
        db.execute(
            'INSERT INTO spans (id, doc_id, label, start, "end", annotator, created_at,'
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [span_id, doc_id, label, start, end, annotator, t, t],
        )
    db.execute(
        "INSERT INTO relations (id, doc_id, label, source_span_id, claim_span_id, cue_span_id,"
        " annotator, created_at, updated_at) VALUES (1, 1, 'support', 1, 3, 2, 'ana', ?, ?)",
        [t, t],
    )
    db.execute("INSERT INTO settings (key, value) VALUES ('nlp.model', 'en_core_web_sm')")
    conn.commit()
    conn.close()


def test_a_version_3_file_is_brought_forward_with_uids_statuses_and_a_backup(tmp_path):
    path = tmp_path / "field.db"
    _version_3_file(path)
    with Store(path) as store:
        assert store.version == LATEST > V3
        assert [store.document(i).title for i in store.document_ids()] == [
            "Base",
            "Talks",
            "Quiet",
            "Fresh",
        ]
        spans = store.spans(1)
        assert [(s.id, s.label, s.annotator) for s in spans] == [
            (1, "SOURCE", "ana"),
            (2, "CUE", "ana"),
            (3, "CLAIM", "ana"),
            (4, "CLAIM", "bo"),
        ]
        (rel,) = store.relations(1)
        assert (rel.source, rel.claim, rel.cue, rel.annotator) == (1, 3, 2, "ana")
        uids = [s.uid for i in (1, 2) for s in store.spans(i)] + [rel.uid]
        assert len(set(uids)) == 6
        assert all(uuid.UUID(u).version == 4 and str(uuid.UUID(u)) == u for u in uids)
        assert store.analysts(1) == ["ana", "bo"] and store.analysts(2) == [""]
        # the old status goes to each analyst who worked on the document, or to ""
        assert store.statuses(1) == {"ana": "done", "bo": "done"}
        assert store.statuses(2) == {"": "in progress"}
        assert store.statuses(3) == {"": "skipped"} and store.statuses(4) == {}
        assert store.status(1) == "done" and store.document_ids(status="skipped") == [3]
        assert store.get_setting("nlp.model") == "en_core_web_sm"
        assert "doc_labels" not in store.db.table_names()
        assert store.deletions() == []
        # the new code writes to the old rows as to new ones
        store.delete_span(4)
        assert [(d.kind, d.annotator) for d in store.deletions(1)] == [("span", "bo")]
    backup = sqlite3.connect(tmp_path / f"field.db.bak-v{V3}")
    assert backup.execute("PRAGMA user_version").fetchone()[0] == V3
    assert backup.execute("SELECT count(*) FROM spans").fetchone()[0] == 5
    backup.close()
    with Store(path) as again:  # opening again changes nothing
        assert [s.uid for s in again.spans(1)] == uids[:3]
