"""``annotator train --task claim-stance``: the project's own stance labels train the model
that the claims view's "find in other articles" proposes stances with."""

from __future__ import annotations

import json

from annotator.claims.proposals import STANCE_MODEL_SETTING, find_hits
from annotator.claims.stance_training import MIN_PAIRS, collect_pairs
from annotator.cli import main
from annotator.core.claims import STANCES
from annotator.core.model import ParsedDocument
from annotator.store import Store
from tests.claims.project import build
from tests.claims.stance_project import CLAIMS, TEMPLATES, build_stance_project

DENIAL = "The government denied that the airline will cancel its winter flights; it is false."


def test_pairs_are_the_set_stances_plus_unrelated_articles_sampled_per_claim(store):
    p = build_stance_project(store)
    pairs = collect_pairs(store, seed=0)
    assert pairs.labelled == p.labelled == 32 and pairs.unset == 0
    assert pairs.counts() == {"agree": 16, "disagree": 8, "discuss": 8, "unrelated": 64}
    members = {c: {m.doc_id for m in store.claim_members(c)} for c in p.claims}
    wording = {store.claim(c).wording: c for c in p.claims}
    for claim, doc, stance in zip(pairs.claims, pairs.doc_ids, pairs.stances, strict=True):
        assert (doc in members[wording[claim]]) == (stance != "unrelated")
    again = collect_pairs(store, seed=0)
    assert again.doc_ids == pairs.doc_ids  # the sample is seeded
    assert collect_pairs(store, seed=1).doc_ids != pairs.doc_ids


def test_train_writes_the_model_and_the_setting_then_hits_carry_a_stance(tmp_path, capsys):
    db, out = tmp_path / "p.db", tmp_path / "models" / "stance.pkl"
    with Store(db) as store:
        build_stance_project(store)
        denial = store.add_documents([ParsedDocument(text=DENIAL, title="Denial")]).ids[0]
    assert main(["--db", str(db), "train", "--task", "claim-stance", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "32 labelled pair(s)" in printed and "64 unrelated" in printed
    assert "epoch" in printed and f"saved the claim stance model to {out}" in printed
    assert "dev:" in printed and "fnc_relative=" in printed
    provenance = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert provenance["task"] == "claim-stance" and provenance["pairs"]["agree"] == 16
    with Store(db) as store:
        assert store.get_setting(STANCE_MODEL_SETTING) == str(out)
        airline = next(c for c in store.claims() if c.wording == CLAIMS[6])
        members = frozenset(m.doc_id for m in store.claim_members(airline.id))
        found = find_hits(store, airline.id, airline.wording, exclude=members)
    assert found.note == "Stances proposed by stance.pkl."
    assert all(h.stance in STANCES for h in found.proposals)
    top = found.proposals[0]
    assert (top.doc_id, top.stance) == (denial, "disagree")


def test_without_out_the_model_goes_beside_the_project_file(tmp_path, capsys):
    db = tmp_path / "newsroom.db"
    with Store(db) as store:
        build_stance_project(store)
    assert main(["--db", str(db), "train", "--task", "claim-stance", "--epochs", "5"]) == 0
    out = tmp_path / "newsroom.claim-stance.pkl"
    assert out.is_file() and f"to {out}" in capsys.readouterr().out
    with Store(db) as store:
        assert store.get_setting(STANCE_MODEL_SETTING) == str(out)


def test_too_few_labelled_pairs_are_refused_with_the_counts(tmp_path, capsys):
    db, out = tmp_path / "p.db", tmp_path / "stance.pkl"
    with Store(db) as store:
        build(store)  # one member with a stance set, two without
    assert main(["--db", str(db), "train", "--task", "claim-stance", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"1 claim–article pair has a stance set; training needs at least {MIN_PAIRS}" in err
    assert "2 member(s) have none" in err and "keys 1–4" in err
    assert "Traceback" not in err and not out.exists()
    with Store(db) as store:
        assert store.get_setting(STANCE_MODEL_SETTING) is None


def test_attribution_training_is_not_stance_training(tmp_path, capsys):
    db = tmp_path / "p.db"
    with Store(db) as store:
        build(store)
    # without --task, the attribution model (kept inside the project without --out, #19)
    assert main(["--db", str(db), "train"]) == 2
    assert "no finished article has SOURCE, CUE or CLAIM labels" in capsys.readouterr().err


def test_templates_cover_every_related_stance():
    assert {s for _t, s in TEMPLATES} == set(STANCES) - {"unrelated"}
