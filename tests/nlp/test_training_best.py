"""``annotator train`` calls an epoch "best" only once some F1 is above zero."""

from __future__ import annotations

import re

from annotator.cli import main
from tests.nlp.test_training import _project

F1 = re.compile(r"f1=(\d+\.\d+)")


def test_no_epoch_is_best_while_every_f1_is_zero(tmp_path, capsys):
    db = str(_project(tmp_path / "p.db"))
    out = tmp_path / "model"
    args = ["--db", db, "train", "--out", str(out), "--epochs", "3", "--base", "blank"]
    assert main(args) == 0
    epochs = [line for line in capsys.readouterr().out.splitlines() if line.startswith("epoch")]
    zero = [line for line in epochs if not any(float(f) > 0 for f in F1.findall(line))]
    assert zero, f"this test needs an epoch that learnt nothing yet: {epochs}"
    assert not [line for line in zero if line.endswith("best")], epochs
    assert out.is_dir()  # a model is still saved (the last epoch)
