"""Encrypted project files (#19): nothing readable on disk, a wrong key is one sentence."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
import sqlcipher3
import sqlite_utils

from annotator.cli import main
from annotator.core.model import Span
from annotator.io.importer import import_paths
from annotator.store import Store, StoreError
from annotator.store.encryption import PASSPHRASE_ENV, PLAIN_HEADER, is_encrypted
from annotator.store.migrations import LATEST, MIGRATIONS
from tests.conftest import ROOT, SAMPLES

KEY = "correct horse battery staple"
#: Words of the sample article that must not appear anywhere on disk.
WORDS = (b"harbour", b"Coastal Gazette", b"Harbour", b"Varga")


def _leaks(path) -> list[bytes]:
    data = path.read_bytes()
    return [w for w in WORDS if w in data or w.decode().encode("utf-16-le") in data]


def _key_file(tmp_path, key: str = KEY):
    path = tmp_path / "key.txt"
    path.write_text(key + "\n", encoding="utf-8")
    return path


def test_no_article_word_reaches_the_file_or_its_wal(tmp_path):
    path = tmp_path / "secret.db"
    store = Store(path, passphrase=KEY)
    try:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        doc_id = store.document_ids()[0]
        text = store.db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        start = text.index("harbour")
        store.add_span(doc_id, Span("CLAIM", start, start + len("harbour")))
        wal = tmp_path / "secret.db-wal"
        assert wal.stat().st_size > 0  # the rows are still in the WAL, not yet checkpointed
        assert _leaks(wal) == []
        assert _leaks(path) == []
        assert is_encrypted(path)
        # search (FTS5) works on an encrypted project
        assert len(store.document_ids(query="ferry strike")) == 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        store.close()
    assert _leaks(path) == []
    with Store(path, passphrase=KEY) as again:
        assert again.count_documents() == 3
        assert [s.label for s in again.spans(doc_id)].count("CLAIM") == 1


def test_a_wrong_passphrase_is_told_apart_from_a_file_that_is_not_a_project(tmp_path):
    path = tmp_path / "secret.db"
    Store(path, passphrase=KEY).close()
    with pytest.raises(StoreError, match="is encrypted and the passphrase is wrong"):
        Store(path, passphrase="wrong")
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE other (x)").connection.close()
    with pytest.raises(StoreError, match="not an annotator project"):
        Store(plain)
    with pytest.raises(StoreError, match="is not encrypted"):
        Store(plain, passphrase=KEY)


def test_wrong_passphrase_through_the_cli_is_exit_2_and_one_sentence(tmp_path):
    path = tmp_path / "secret.db"
    Store(path, passphrase=KEY).close()
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(path), "stats"],
        env={"PATH": "/usr/bin:/bin", PASSPHRASE_ENV: "not it"},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr == f"annotator: {path} is encrypted and the passphrase is wrong\n"


def test_encrypt_in_place_then_open_with_the_passphrase(tmp_path, capsys):
    path = tmp_path / "p.db"
    assert main(["--db", str(path), "import", str(SAMPLES / "wire-dump.txt")]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "list"]) == 0
    before = capsys.readouterr().out
    assert b"harbour" in path.read_bytes()  # plain before
    key = _key_file(tmp_path)
    assert main(["--db", str(path), "--passphrase-file", str(key), "encrypt"]) == 0
    capsys.readouterr()
    assert not path.with_name("p.db-wal").exists() or _leaks(path.with_name("p.db-wal")) == []
    assert _leaks(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.txt", "p.db"]
    assert main(["--db", str(path), "--passphrase-file", str(key), "list"]) == 0
    assert capsys.readouterr().out == before


def test_decrypt_writes_a_plain_copy_the_normal_store_opens(tmp_path, capsys):
    path = tmp_path / "secret.db"
    key = _key_file(tmp_path)
    args = ["--db", str(path), "--passphrase-file", str(key)]
    assert main([*args, "--encrypt", "import", str(SAMPLES / "wire-dump.txt")]) == 0
    assert is_encrypted(path)
    out = tmp_path / "plain.db"
    assert main([*args, "decrypt", "--out", str(out)]) == 0
    capsys.readouterr()
    assert out.read_bytes()[:16] == PLAIN_HEADER
    with Store(out) as plain:
        assert plain.count_documents() == 3
        assert plain.version == LATEST
        assert plain.document_ids(query="harbour")
    assert main([*args, "decrypt", "--out", str(out)]) == 2  # never writes over a file
    assert "exists" in capsys.readouterr().err


def test_migration_backup_of_an_encrypted_project_is_encrypted(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute(f"PRAGMA key = '{KEY}'")
    db = sqlite_utils.Database(conn)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute(
        "INSERT INTO documents (content_hash, title, text, created_at, updated_at)"
        " VALUES ('h', 'Old', 'The harbour master said no.', 't', 't')"
    )
    conn.commit()
    conn.close()
    with Store(path, passphrase=KEY) as store:
        assert store.version == LATEST
        assert store.document_ids(query="harbour") == [1]
    backup = tmp_path / "old.db.bak-v1"
    assert is_encrypted(backup) and _leaks(backup) == []
    with Store(backup, passphrase=KEY) as old:  # the backup opens (and migrates) with the key
        assert old.count_documents() == 1


def test_an_encrypted_file_without_a_passphrase_says_how_to_give_one(tmp_path, capsys):
    path = tmp_path / "secret.db"
    Store(path, passphrase=KEY).close()
    assert main(["--db", str(path), "stats"]) == 2
    err = capsys.readouterr().err
    assert "--passphrase-file" in err and "Traceback" not in err


def test_merging_into_an_encrypted_project_keeps_an_encrypted_backup(tmp_path, capsys):
    colleague = tmp_path / "colleague.db"
    assert main(["--db", str(colleague), "import", str(SAMPLES / "wire-dump.txt")]) == 0
    path = tmp_path / "secret.db"
    key = _key_file(tmp_path)
    args = ["--db", str(path), "--passphrase-file", str(key)]
    assert main([*args, "--encrypt", "import", str(SAMPLES / "long-feature.txt")]) == 0
    assert main([*args, "merge", str(colleague)]) == 0
    capsys.readouterr()
    backup = tmp_path / "secret.db.before-merge"
    assert is_encrypted(backup)
    assert _leaks(path) == [] and _leaks(backup) == []
    with Store(path, passphrase=KEY) as store, Store(backup, passphrase=KEY) as before:
        assert store.count_documents() == before.count_documents() + 3


def test_rekey_refuses_the_old_passphrase_after_and_keeps_every_row(tmp_path, capsys):
    path = tmp_path / "secret.db"
    with Store(path, passphrase=KEY) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        before = [(d, store.document(d).text, store.spans(d)) for d in store.document_ids()]
    new_key = tmp_path / "new.txt"
    new_key.write_text("a new passphrase\n", encoding="utf-8")
    old = str(_key_file(tmp_path))
    code = main(["--db", str(path), "--passphrase-file", old, "rekey", "--new-passphrase-file",
                 str(new_key)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    with pytest.raises(StoreError, match="passphrase is wrong"):
        Store(path, passphrase=KEY)
    with Store(path, passphrase="a new passphrase") as store:
        after = [(d, store.document(d).text, store.spans(d)) for d in store.document_ids()]
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert after == before
    assert _leaks(path) == []
    # the old passphrase through the CLI is now one sentence and exit 2
    assert main(["--db", str(path), "--passphrase-file", old, "stats"]) == 2
    assert capsys.readouterr().err.strip().endswith("is encrypted and the passphrase is wrong")
