"""A tiny stance model trained here on a handful of pairs predicts what it was shown."""

from __future__ import annotations

from annotator.claims.stance import StanceModel, StanceSettings, train_stance_model
from annotator.core.claims import STANCES

CLAIM = "Russia will get a naval base in Libya"
BODIES = {
    "agree": "Officials confirmed that Russia will get a naval base in Libya this year.",
    "disagree": "The ministry denied reports of a Russian naval base in Libya; it is a hoax.",
    "discuss": "Reports say Russia may get a base in Libya, but nothing has been decided.",
    "unrelated": "The football club won the cup final on Sunday after extra time.",
}


def _pairs():
    claims, bodies, stances = [], [], []
    for stance, body in BODIES.items():
        for suffix in ("", " More soon.", " Updated."):
            claims.append(CLAIM)
            bodies.append(body + suffix)
            stances.append(stance)
    return claims, bodies, stances


def test_a_tiny_model_learns_the_pairs_and_survives_a_round_trip(tmp_path):
    claims, bodies, stances = _pairs()
    model = train_stance_model(
        claims, bodies, stances, StanceSettings(vocabulary=200, hidden=16, epochs=300)
    )
    assert model.predict(claims, bodies) == stances
    proba = model.probabilities([CLAIM], [BODIES["unrelated"]])
    assert proba.shape == (1, len(STANCES)) and abs(proba.sum() - 1) < 1e-6
    path = tmp_path / "stance.pkl"
    model.save(path)
    assert StanceModel.load(path).predict(claims[:4], bodies[:4]) == stances[:4]


def test_unknown_stances_are_refused_by_name():
    import pytest

    with pytest.raises(ValueError, match="unknown stance"):
        train_stance_model([CLAIM], ["x"], ["support"])
