"""A model trained on an encrypted project is kept inside it, encrypted (#19).

``annotator train`` without --out keeps the model as a row of the project and makes it
the suggester (``model:project``); --out on an encrypted project is refused unless
--plain-model says a plain folder is wanted. No article word reaches a plain file.
"""

from __future__ import annotations

from pathlib import Path

from annotator.cli import main
from annotator.core.jobs import JobContext
from annotator.nlp.project_model import PROJECT, keep_in_project
from annotator.nlp.suggesters import project_choice
from annotator.nlp.training import TrainSettings, train
from annotator.nlp.training_data import collect
from annotator.nlp.uncertainty import uncertainty_job
from annotator.store import Store
from annotator.store.encryption import PASSPHRASE_ENV, is_encrypted
from annotator.store.trained_models import ATTRIBUTION, list_models, load_model, save_model
from tests.nlp.test_training import FAST as TRAIN_FAST
from tests.nlp.test_training import _labelled_paragraphs

KEY = "correct horse battery staple"
#: Words of the training paragraphs (the model's vocabulary holds them).
WORDS = (b"Kovac", b"Bilic", b"Horvat", b"memorandum", b"warships")
FAST = ["--base", "blank", "--dev-share", "0.25"]


def _leaks(root: Path) -> dict[str, list[bytes]]:
    """Every file under ``root`` holding an article word, as UTF-8 or UTF-16."""
    found = {}
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits = [w for w in WORDS if w in data or w.decode().encode("utf-16-le") in data]
            if hits:
                found[str(path)] = hits
    return found


def _encrypted_project(path: Path) -> Path:
    with Store(path, passphrase=KEY) as store:
        store.add_documents(_labelled_paragraphs())
    return path


def test_training_an_encrypted_project_keeps_the_model_inside_and_proposes_from_it(
    tmp_path, capsys, monkeypatch
):
    db = _encrypted_project(tmp_path / "secret.db")
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(db), "train", "--epochs", "2", *FAST]) == 0
    out = capsys.readouterr().out
    assert "inside the encrypted project as the model 'attribution'" in out
    assert "suggester = model:project" in out
    with Store(db, passphrase=KEY) as store:
        (summary,) = list_models(store)
        assert (summary.name, summary.task) == (ATTRIBUTION, "attribution")
        choice = project_choice(store)
        assert choice.text() == "model:project" and choice.stored is not None
        assert choice.stored.version == summary.version
        # the same, trained long enough to propose (the command stops after 4 epochs at 0.00)
        result = train(collect(store), None, TrainSettings(epochs=20, **TRAIN_FAST))
        keep_in_project(store, result)
    assert main(["--db", str(db), "config", "suggester", "model:project"]) == 0
    assert main(["--db", str(db), "suggest"]) == 0
    with Store(db, passphrase=KEY) as store:
        version = project_choice(store).stored.version
        assert version == result.provenance["version"]
        proposals = [p for i in store.document_ids() for p in store.attribution_suggestions(i)]
    assert proposals, "the model kept in the project proposes attributions"
    assert {(p.model, p.model_version) for p in proposals} == {
        ("trained:project:attribution", version)
    }
    # active learning scores with the model kept inside, too
    batches = list(uncertainty_job(db, Path(PROJECT), "bea", JobContext(), passphrase=KEY))
    assert len(batches[-1].scores) > 0 and batches[-1].done == batches[-1].total == 5
    assert main(["--db", str(db), "config", "suggester"]) == 0
    assert "suggester = model:project" in capsys.readouterr().out
    assert is_encrypted(db)
    assert _leaks(tmp_path) == {}, "an article word reached a plain file"


def test_out_on_an_encrypted_project_is_refused_without_plain_model(tmp_path, capsys, monkeypatch):
    db = _encrypted_project(tmp_path / "secret.db")
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    out = tmp_path / "model"
    assert main(["--db", str(db), "train", "--out", str(out), "--epochs", "1", *FAST]) == 2
    err = capsys.readouterr().err
    assert "the project is encrypted and a model folder would be plain" in err
    assert "--plain-model" in err and "Traceback" not in err
    assert not out.exists()
    assert _leaks(tmp_path) == {}
    # said on purpose: the folder is written, with the notice
    args = ["--db", str(db), "train", "--out", str(out), "--plain-model", "--epochs", "1", *FAST]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert f"{out} is not encrypted" in err
    assert "vocabulary holds words of the project's articles" in err
    assert (out / "config.cfg").is_file()


def test_a_plain_project_keeps_its_folder_and_may_keep_the_model_inside(tmp_path, capsys):
    plain = tmp_path / "plain.db"
    with Store(plain) as store:
        store.add_documents(_labelled_paragraphs())
    args = ["--db", str(plain), "train", "--out", str(tmp_path / "m2"), "--epochs", "1", *FAST]
    assert main(args) == 0
    assert "is not encrypted" not in capsys.readouterr().err
    with Store(plain) as store:
        assert list_models(store) == []  # --out: a folder, as before
    assert main(["--db", str(plain), "train", "--epochs", "1", *FAST]) == 0
    assert "inside the project as the model 'attribution'" in capsys.readouterr().out
    with Store(plain) as store:
        assert [m.name for m in list_models(store)] == [ATTRIBUTION]


def test_the_suggester_refuses_model_project_when_the_project_keeps_none(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "config", "suggester", "model:project"]) == 2
    err = capsys.readouterr().err
    assert "keeps no trained model yet" in err and "annotator train" in err
    assert main(["--db", db, "config", "suggester", "--language", "ar", "model:project"]) == 2
    assert "give a model folder here" in capsys.readouterr().err


def test_a_merge_does_not_copy_the_trained_models(tmp_path):
    colleague = tmp_path / "colleague.db"
    with Store(colleague) as store:
        store.add_documents(_labelled_paragraphs()[:2])
        save_model(store, ATTRIBUTION, "attribution", {"version": "1"}, "[nlp]", b"weights")
    base = tmp_path / "base.db"
    with Store(base) as store:
        store.add_documents(_labelled_paragraphs()[2:])
    assert main(["--db", str(base), "merge", str(colleague)]) == 0
    with Store(base) as store:
        assert store.count_documents() == 5
        assert list_models(store) == [] and load_model(store, ATTRIBUTION) is None
