"""Merging encrypted field files (#19): a passphrase per input, or one for all."""

from __future__ import annotations

from annotator.cli import main
from annotator.core.model import ParsedDocument, Span
from annotator.store import Store
from annotator.store.encryption import PASSPHRASE_ENV

TEXT = "The minister said the port would reopen on Monday, officials confirmed."


def _field(path, analyst, passphrase=None):
    with Store(path, passphrase=passphrase) as store:
        spans = [Span("SOURCE", 4, 12, annotator=analyst), Span("CLAIM", 18, 50, annotator=analyst)]
        store.add_documents([ParsedDocument(TEXT, title="Port", spans=spans)])


def _key(path, text):
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def _analysts(base):
    with Store(base) as store:
        return sorted({s.annotator for d in store.document_ids() for s in store.spans(d)})


def test_each_encrypted_input_takes_the_passphrase_file_after_it(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    base = tmp_path / "base.db"
    Store(base).close()
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    _field(a, "ana", "alpha key")
    _field(b, "ben", "beta key")
    _field(c, "cat")  # plain
    ka, kb = _key(tmp_path / "a.key", "alpha key"), _key(tmp_path / "b.key", "beta key")
    code = main(["--db", str(base), "merge", str(a), "--passphrase-file", ka, str(c), str(b),
                 "--passphrase-file", kb, "--no-backup"])  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err + out.out
    assert _analysts(base) == ["ana", "ben", "cat"]


def test_a_wrong_or_missing_passphrase_refuses_that_file_in_a_sentence(tmp_path, capsys):
    base = tmp_path / "base.db"
    Store(base).close()
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _field(a, "ana", "alpha key")
    _field(b, "ben", "beta key")
    wrong = _key(tmp_path / "w.key", "not it")
    assert main(["--db", str(base), "merge", str(a), "--passphrase-file", wrong, str(b)]) == 1
    out = capsys.readouterr().out
    assert f"not merged: {a}: is encrypted and the passphrase is wrong" in out
    assert f"not merged: {b}: is encrypted (or not a project file)" in out
    assert "--passphrase-file" in out and "Traceback" not in out
    assert _analysts(base) == []


def test_one_passphrase_for_every_input_from_the_environment(tmp_path, capsys, monkeypatch):
    base = tmp_path / "base.db"
    Store(base, passphrase="same").close()  # the base is encrypted too
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _field(a, "ana", "same")
    _field(b, "ben", "same")
    monkeypatch.setenv(PASSPHRASE_ENV, "same")
    assert main(["--db", str(base), "merge", str(a), str(b)]) == 0, capsys.readouterr().err
    with Store(base, passphrase="same") as store:
        names = {s.annotator for d in store.document_ids() for s in store.spans(d)}
    assert names == {"ana", "ben"}
    assert (tmp_path / "base.db.before-merge").exists()
