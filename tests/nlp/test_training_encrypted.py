"""A model trained on an encrypted project (#19): its folder is plain, and the command says so."""

from __future__ import annotations

from annotator.cli import main
from annotator.store import Store
from annotator.store.encryption import PASSPHRASE_ENV
from tests.nlp.test_training import _labelled_paragraphs

KEY = "correct horse battery staple"


def test_training_on_an_encrypted_project_warns_that_the_model_is_plain(
    tmp_path, capsys, monkeypatch
):  # type: ignore[no-untyped-def]
    db = tmp_path / "secret.db"
    with Store(db, passphrase=KEY) as store:
        store.add_documents(_labelled_paragraphs())
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    out = tmp_path / "model"
    assert (
        main(["--db", str(db), "train", "--out", str(out), "--epochs", "1", "--base", "blank"]) == 0
    )
    err = capsys.readouterr().err
    assert f"{out} is not encrypted" in err
    assert "vocabulary holds words of the project's articles" in err
    # a plain project's training says nothing of the kind
    plain = tmp_path / "plain.db"
    with Store(plain) as store:
        store.add_documents(_labelled_paragraphs())
    monkeypatch.delenv(PASSPHRASE_ENV)
    assert main(["--db", str(plain), "train", "--out", str(tmp_path / "m2"), "--epochs", "1",
                 "--base", "blank"]) == 0  # fmt: skip
    assert "is not encrypted" not in capsys.readouterr().err
