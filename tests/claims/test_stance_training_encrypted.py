"""``train --task claim-stance`` on an encrypted project keeps the model inside it (#19)."""

from __future__ import annotations

from annotator.claims.proposals import STANCE_MODEL_SETTING, find_hits, find_job
from annotator.cli import main
from annotator.core.claims import STANCES
from annotator.core.jobs import JobContext
from annotator.core.model import ParsedDocument
from annotator.store import Store
from annotator.store.encryption import PASSPHRASE_ENV
from annotator.store.trained_models import list_models
from tests.claims.stance_project import CLAIMS, build_stance_project

KEY = "correct horse battery staple"
DENIAL = "The government denied that the airline will cancel its winter flights; it is false."
#: Words of the project's articles (the model's TF-IDF vocabulary holds them).
WORDS = (b"shipyard", b"Zadar", b"airline", b"subsidy")


def _leaks(root) -> list[str]:
    return [
        str(p) for p in root.rglob("*") if p.is_file() and any(w in p.read_bytes() for w in WORDS)
    ]


def test_the_stance_model_of_an_encrypted_project_stays_inside_it(tmp_path, capsys, monkeypatch):
    db = tmp_path / "secret.db"
    with Store(db, passphrase=KEY) as store:
        build_stance_project(store)
        denial = store.add_documents([ParsedDocument(text=DENIAL, title="Denial")]).ids[0]
    monkeypatch.setenv(PASSPHRASE_ENV, KEY)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "stance.pkl"
    args = ["--db", str(db), "train", "--task", "claim-stance", "--epochs", "5"]
    assert main([*args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the stance model file would be plain" in err and "--plain-model" in err
    assert not out.exists()
    assert main(args) == 0
    assert "kept the claim stance model inside the encrypted project" in capsys.readouterr().out
    assert not (tmp_path / "secret.claim-stance.pkl").exists()
    assert _leaks(tmp_path) == []
    with Store(db, passphrase=KEY) as store:
        assert store.get_setting(STANCE_MODEL_SETTING) == "project"
        assert [m.name for m in list_models(store)] == ["claim-stance"]
        airline = next(c for c in store.claims() if c.wording == CLAIMS[6])
        members = frozenset(m.doc_id for m in store.claim_members(airline.id))
        found = find_hits(store, airline.id, airline.wording, exclude=members)
    assert found.note == "Stances proposed by the stance model kept in the project."
    assert all(h.stance in STANCES for h in found.proposals)
    assert any(h.doc_id == denial for h in found.proposals)
    # the claims view's search runs on a worker with its own connection: it needs the passphrase
    (again,) = find_job(db, airline.id, airline.wording, members, JobContext(), passphrase=KEY)
    assert again.note == found.note and again.proposals == found.proposals
    # a plain file on purpose, said once more
    assert main([*args, "--out", str(out), "--plain-model"]) == 0
    assert f"{out} is not encrypted" in capsys.readouterr().err
    assert out.is_file()
