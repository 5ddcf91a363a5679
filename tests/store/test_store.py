import sqlite3

import pytest

from annotator.core.model import ParsedDocument, Relation, Span
from annotator.store import Store, StoreError
from annotator.store.migrations import LATEST, MIGRATIONS


def _doc(text: str, **kw) -> ParsedDocument:
    return ParsedDocument(text=text, title=text[:20], **kw)


def test_new_file_is_wal_with_latest_schema(tmp_path):
    with Store(tmp_path / "p.db") as store:
        assert store.version == LATEST
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        tables = set(store.db.table_names())
        assert {"documents", "spans", "relations", "suggestions", "document_status"} <= tables
        assert {"deletions"} <= tables and "doc_labels" not in tables


def test_migration_keeps_a_copy_of_the_old_file(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    MIGRATIONS[0](db)  # a file written before the search index existed
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO documents (content_hash, title, text, created_at, updated_at)"
        " VALUES ('h', 'Old', 'Tripoli said no.', 't', 't')"
    )
    conn.close()

    with Store(path) as store:
        assert store.version == LATEST
        assert store.document_ids(query="tripoli") == [1]  # the index covers old rows
    backup = tmp_path / "old.db.bak-v1"
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT title FROM documents").fetchone()[0] == "Old"
    old.close()


def test_refuses_files_it_does_not_understand(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not an annotator project"):
        Store(junk)
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer annotator"):
        Store(newer)
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not an annotator project"):
        Store(foreign)


def test_add_documents_keeps_spans_relations_and_skips_known_text(store):
    doc = _doc(
        "Bloomberg reported that Russia sought a base.",
        spans=[Span("SOURCE", 0, 9), Span("CUE", 10, 18), Span("CLAIM", 24, 45)],
        relations=[Relation("support", 0, 2, 1)],
    )
    first = store.add_documents([doc])
    assert len(first.ids) == 1 and first.duplicates == 0
    again = store.add_documents([_doc("Bloomberg reported that Russia sought a base.\n")])
    assert again.ids == [] and again.duplicates == 1
    doc_id = first.ids[0]
    spans = store.spans(doc_id)
    assert [(s.label, s.start, s.end) for s in spans] == [
        ("SOURCE", 0, 9),
        ("CUE", 10, 18),
        ("CLAIM", 24, 45),
    ]
    (rel,) = store.relations(doc_id)
    by_id = {s.id: s.label for s in spans}
    assert (by_id[rel.source], by_id[rel.claim], by_id[rel.cue]) == ("SOURCE", "CLAIM", "CUE")


def test_same_text_with_different_metadata_in_one_batch_stays_two_documents(store):
    result = store.add_documents(
        [
            _doc("Same body.", meta={"id": "1"}),
            _doc("Same body.", meta={"id": "2"}),
            _doc("Same body.", meta={"id": "2"}),
        ]
    )
    assert len(result.ids) == 2 and result.duplicates == 1


def test_a_failing_batch_writes_nothing(store):
    store.add_documents([_doc("Already here.")])
    store.db.execute(
        "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN new.title = 'poison'"
        " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    docs = [_doc("One.", spans=[Span("CLAIM", 0, 3)]), ParsedDocument("Two.", title="poison")]
    with pytest.raises(sqlite3.DatabaseError, match="disk trouble"):
        store.add_documents(docs)
    assert store.count_documents() == 1
    assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_search_status_and_summaries(store):
    ids = store.add_documents(
        [
            _doc("Haftar denied the talks."),
            _doc("Putin met envoys."),
            _doc("Haftar-led LNA: no base"),
        ]
    ).ids
    assert store.document_ids(query="haftar") == [ids[0], ids[2]]
    assert store.document_ids(query='LNA: "no') == [ids[2]]  # syntax characters are safe
    store.set_status(ids[1], "done")
    assert store.document_ids(status="done") == [ids[1]]
    assert store.count_documents(status="new") == 2
    store.add_span(ids[0], Span("CLAIM", 0, 5))
    summary = store.summaries([ids[0]])[0]
    assert (summary.claims, summary.sources, summary.status) == (1, 0, "new")
    with pytest.raises(ValueError):
        store.set_status(ids[0], "finished")


def test_each_write_is_visible_to_another_connection_at_once(tmp_path):
    path = tmp_path / "p.db"
    with Store(path) as store:
        (doc_id,) = store.add_documents([_doc("Text here.")]).ids
        store.add_span(doc_id, Span("CLAIM", 0, 4))
        store.set_setting("ui.last_document", str(doc_id))
        other = sqlite3.connect(path)
        assert other.execute("SELECT count(*) FROM spans").fetchone()[0] == 1
        assert other.execute(
            "SELECT value FROM settings WHERE key = 'ui.last_document'"
        ).fetchone()[0] == str(doc_id)
        other.close()


def _proposal(key: str, cue: tuple[int, int]) -> dict:
    return {
        "key": key,
        "source": (0, 9),
        "cue": cue,
        "claim": (24, 45),
        "stance": "support",
        "source_type": None,
    }


def test_proposals_come_from_the_newest_parser_version_compared_as_a_version(store):
    (doc_id,) = store.add_documents([_doc("Bloomberg reported that Russia sought a base.")]).ids
    store.save_attribution_suggestions(doc_id, [_proposal("old", (10, 18))], "parser", "3.9.0")
    store.save_attribution_suggestions(doc_id, [_proposal("new", (10, 19))], "parser", "3.10.0")
    assert [p.key for p in store.attribution_suggestions(doc_id)] == ["new"]
    store.save_attribution_suggestions(doc_id, [_proposal("rc", (10, 20))], "parser", "3.10.0rc1")
    store.save_attribution_suggestions(doc_id, [_proposal("dev", (10, 21))], "parser", "3.10")
    assert [p.key for p in store.attribution_suggestions(doc_id)] == ["rc"]


def test_version_order():
    from annotator.store.suggestions import version_key

    ordered = ["", "1", "2.0", "2.0.1", "3.9.0", "3.10", "3.10.0", "3.10.0rc1", "3.10.1", "10"]
    assert sorted(reversed(ordered), key=version_key) == ordered
