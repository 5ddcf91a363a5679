"""The claims tables: created by migration v6, which keeps everything already stored."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from annotator.core.model import ParsedDocument, Span
from annotator.store import Store
from annotator.store.migrations import LATEST, MIGRATIONS


def test_v5_file_migrates_to_claims_and_keeps_its_data(tmp_path):
    path = tmp_path / "v5.db"
    conn = sqlite3.connect(path)
    db = sqlite_utils.Database(conn)
    for migration in MIGRATIONS[:5]:
        migration(db)
    db.execute("PRAGMA user_version = 5")
    db.execute(
        "INSERT INTO documents (content_hash, title, text, created_at, updated_at)"
        " VALUES ('h', 'Old', 'Tripoli said no base.', 't', 't')"
    )
    db.execute(
        'INSERT INTO spans (doc_id, label, start, "end", uid, created_at, updated_at)'
        " VALUES (1, 'CLAIM', 14, 21, 'u-1', 't', 't')"
    )
    conn.commit()
    conn.close()

    with Store(path) as store:
        assert store.version == LATEST >= 6
        assert store.document(1).text == "Tripoli said no base."
        span_id = store.spans(1)[0].id
        claim_id = store.create_claim("No base")
        member = store.add_claim_member(claim_id, span_id)
        assert (member.doc_id, member.span_uid) == (1, "u-1")
    with Store(path) as store:  # and it is all on disk
        assert [c.wording for c in store.claims()] == ["No base"]
        assert [m.span_id for m in store.claim_members(claim_id)] == [span_id]
    assert (tmp_path / "v5.db.bak-v5").exists()


def test_members_follow_the_span_uid_and_go_with_their_document(store):
    ids = store.add_documents(
        [ParsedDocument(text="They said it rained.", spans=[Span("CLAIM", 10, 19)])]
    ).ids
    span_id = store.spans(ids[0])[0].id
    claim_id = store.create_claim("It rained")
    store.add_claim_member(claim_id, span_id, stance="agree")
    assert store.claim_counts() == {claim_id: 1}
    assert [(m.doc_id, m.stance) for m in store.document_claims(ids[0])] == [(ids[0], "agree")]
    store.db.execute("DELETE FROM documents WHERE id = ?", [ids[0]])
    assert store.claim_members(claim_id) == []
    assert [c.id for c in store.claims()] == [claim_id]  # the claim itself stays
