"""Exports of an encrypted project (#19): the plain-export notice, and ``--encrypt-to``
archives that ``annotator import`` (and the age tool) read back, with no plain byte on disk."""

from __future__ import annotations

import io
import tarfile

import pytest

from annotator.cli import main
from annotator.core.model import Span, Status
from annotator.io import age
from annotator.io.importer import import_paths
from annotator.store import Store
from annotator.store.encryption import PASSPHRASE_ENV
from tests.conftest import SAMPLES

KEY = "correct horse battery staple"
ARCHIVE_KEY = "shared with a colleague"
WORDS = (b"harbour", b"Coastal Gazette", b"Varga")


def _project(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "secret.db"
    with Store(path, passphrase=KEY) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        for doc_id in store.document_ids():
            text = store.document(doc_id).text
            store.add_span(doc_id, Span("SOURCE", 0, min(5, len(text))))
            store.set_status(doc_id, Status.DONE)
    return path


def _everything_on_disk(folder) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_plain_export_of_an_encrypted_project_says_so_once(tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    db = _project(tmp_path)
    out = tmp_path / "plain.jsonl"
    assert main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.count("is plain text: anyone with the file can read it") == 1
    assert "--encrypt-to" in err
    assert b"harbour" in out.read_bytes()
    # a plain project's export says nothing of the kind
    plain_db = tmp_path / "plain.db"
    with Store(plain_db) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
    assert main(["--db", str(plain_db), "export", "--format", "jsonl", "--status", "all",
                 "--out", str(tmp_path / "p2.jsonl")]) == 0  # fmt: skip
    assert "plain text" not in capsys.readouterr().err


def test_encrypt_to_passphrase_round_trips_through_import(tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    monkeypatch.setenv("ANNOTATOR_ARCHIVE_PASSPHRASE", ARCHIVE_KEY)
    db = _project(tmp_path)
    outdir = tmp_path / "out"
    outdir.mkdir()
    out = outdir / "team.jsonl"
    code = main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out),
                 "--encrypt-to", "passphrase"])  # fmt: skip
    printed = capsys.readouterr()
    assert code == 0, printed.err
    archive = outdir / "team.jsonl.age"
    assert sorted(p.name for p in outdir.iterdir()) == ["team.jsonl.age"]
    assert "plain text" not in printed.err
    assert "encrypted for a passphrase" in printed.out
    on_disk = _everything_on_disk(outdir)
    assert all(w not in on_disk for w in WORDS)
    plain = age.decrypt(archive.read_bytes(), passphrase=ARCHIVE_KEY)
    assert b"harbour" in plain and plain.count(b"\n") == 3
    # a colleague's plain project imports it back, spans and all
    colleague = tmp_path / "colleague.db"
    monkeypatch.delenv(PASSPHRASE_ENV)
    assert main(["--db", str(colleague), "import", str(archive)]) == 0
    assert "imported 3 document(s)" in capsys.readouterr().out
    with Store(colleague) as store, Store(db, passphrase=KEY) as original:
        assert store.count_documents() == 3
        ids = store.document_ids()
        assert sum(len(store.spans(i)) for i in ids) == sum(
            len(original.spans(i)) for i in original.document_ids()
        )
    # the wrong archive passphrase: one sentence, nothing imported
    monkeypatch.setenv("ANNOTATOR_ARCHIVE_PASSPHRASE", "not it")
    other = tmp_path / "other.db"
    assert main(["--db", str(other), "import", str(archive)]) == 1
    out_text = capsys.readouterr().out
    assert "the passphrase is wrong" in out_text and "Traceback" not in out_text


def test_a_folder_export_becomes_a_tar_inside_the_archive_for_a_key(tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    db = _project(tmp_path)
    identity, recipient = age.generate_identity()
    out = tmp_path / "split"
    code = main(["--db", str(db), "export", "--format", "jsonl", "--split", "0.5",
                 "--out", str(out), "--encrypt-to", recipient])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    archive = tmp_path / "split.tar.age"
    assert archive.is_file() and not out.exists()
    assert not list(tmp_path.glob("annotator-export-*"))
    data = age.decrypt(archive.read_bytes(), identities=[identity])
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert sorted(tar.getnames()) == ["split/dev.jsonl", "split/train.jsonl"]
    keyfile = tmp_path / "me.key"
    keyfile.write_text(f"# created: today\n{identity}\n")
    colleague = tmp_path / "colleague.db"
    monkeypatch.delenv(PASSPHRASE_ENV)
    assert main(["--db", str(colleague), "import", str(archive), "--identity", str(keyfile)]) == 0
    assert "imported 3 document(s) from 2 file(s)" in capsys.readouterr().out
    # an existing archive is refused without --force
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    code = main(["--db", str(db), "export", "--format", "jsonl", "--split", "0.5",
                 "--out", str(out), "--encrypt-to", recipient])  # fmt: skip
    assert code == 2
    assert "split.tar.age" in capsys.readouterr().err


def test_encrypt_to_without_a_passphrase_is_a_sentence(tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    monkeypatch.delenv("ANNOTATOR_ARCHIVE_PASSPHRASE", raising=False)
    db = _project(tmp_path)
    code = main(["--db", str(db), "export", "--format", "jsonl", "--out",
                 str(tmp_path / "x.jsonl"), "--encrypt-to", "passphrase"])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "needs the archive's passphrase" in err and len(err.strip().splitlines()) == 1
    code = main(["--db", str(db), "export", "--format", "jsonl", "--out",
                 str(tmp_path / "x.jsonl"), "--encrypt-to", "age1nope"])  # fmt: skip
    assert code == 2
    assert "not an age recipient" in capsys.readouterr().err
    assert not list(tmp_path.glob("x.jsonl*"))


@pytest.mark.parametrize("fmt", ["spacy", "brat", "csv", "conll", "fnc"])
def test_every_format_goes_into_the_archive_and_nothing_plain_to_disk(
    tmp_path, capsys, monkeypatch, fmt
):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    monkeypatch.setenv("ANNOTATOR_ARCHIVE_PASSPHRASE", ARCHIVE_KEY)
    db = _project(tmp_path)
    outdir = tmp_path / "out"
    outdir.mkdir()
    code = main(["--db", str(db), "export", "--format", fmt, "--out", str(outdir / "x"),
                 "--encrypt-to", "passphrase", "--status", "all"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    (archive,) = list(outdir.iterdir())
    assert archive.name.endswith(".age")
    assert age.decrypt(archive.read_bytes(), passphrase=ARCHIVE_KEY)


def test_a_brat_archive_imports_with_its_annotations(tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    monkeypatch.setenv("ANNOTATOR_ARCHIVE_PASSPHRASE", ARCHIVE_KEY)
    db = _project(tmp_path)
    code = main(["--db", str(db), "export", "--format", "brat", "--out", str(tmp_path / "team"),
                 "--encrypt-to", "passphrase"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    monkeypatch.delenv(PASSPHRASE_ENV)
    desk = tmp_path / "desk.db"
    assert main(["--db", str(desk), "import", str(tmp_path / "team.tar.age")]) == 0
    assert "imported 3 document(s) from 3 file(s)" in capsys.readouterr().out
    with Store(desk) as store, Store(db, passphrase=KEY) as original:
        got = sorted(
            (s.label, s.start, s.end) for i in store.document_ids() for s in store.spans(i)
        )
        want = sorted(
            (s.label, s.start, s.end) for i in original.document_ids() for s in original.spans(i)
        )
        assert got == want and got
