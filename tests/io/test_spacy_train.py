"""The exported DocBin is real training data: ``spacy train`` consumes it."""

import subprocess
import sys

from annotator.io.exporting import export
from annotator.io.importer import import_paths
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from tests.conftest import SAMPLES


def test_spacy_train_runs_on_the_exported_train_and_dev_files(annotated, tmp_path):
    import_paths(annotated, [SAMPLES / "wire-dump.txt"])
    preannotate(annotated, *load_entity_pipeline())
    written = export(
        annotated,
        "spacy",
        tmp_path / "data",
        status=None,
        include_suggestions=True,
        train=0.75,
        seed=1,
    )
    assert list(written.values()) == [3, 1]
    config = tmp_path / "config.cfg"
    run = [sys.executable, "-m", "spacy"]
    subprocess.run(
        [
            *run,
            "init",
            "config",
            str(config),
            "--lang",
            "en",
            "--pipeline",
            "ner,spancat",
            "--optimize",
            "efficiency",
        ],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [
            *run,
            "train",
            str(config),
            "--output",
            str(tmp_path / "model"),
            "--paths.train",
            str(tmp_path / "data" / "train.spacy"),
            "--paths.dev",
            str(tmp_path / "data" / "dev.spacy"),
            "--training.max_steps",
            "4",
            "--training.eval_frequency",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    model = tmp_path / "model" / "model-last"
    assert (model / "config.cfg").exists() and (model / "ner").is_dir()
    assert (model / "spancat").is_dir()
