"""Training with no folder keeps the model in memory (#19): nothing is written anywhere."""

from __future__ import annotations

import tempfile
from pathlib import Path

from annotator.nlp.model_suggester import FORMAT, propose
from annotator.nlp.training import TrainSettings, train
from annotator.nlp.training_data import LabelledDoc
from tests.nlp.test_training import FAST, _labelled_paragraphs


def _docs() -> list[LabelledDoc]:
    """The labelled sample paragraphs as training input, with no project file to write."""
    out = []
    for i, doc in enumerate(_labelled_paragraphs(), 1):
        spans = tuple((s.start, s.end, s.label) for s in doc.spans)
        out.append(LabelledDoc(i, f"hash{i}", doc.text, "ana", spans))
    return out


def _files(root: Path) -> set[Path]:
    return set(root.rglob("*"))


def test_training_without_a_folder_writes_nothing_and_the_bytes_load_back(tmp_path, monkeypatch):
    import spacy
    from thinc.api import Config

    import annotator.nlp.model_suggester  # noqa: F401  (registers what a trained model needs)

    work, temp = tmp_path / "cwd", tmp_path / "tmp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # any temporary folder would land here
    before = _files(tmp_path)
    # a blank start on five paragraphs learns something after ~13 epochs (a few seconds)
    result = train(_docs(), None, TrainSettings(epochs=20, **FAST))
    assert _files(tmp_path) == before, "training in memory wrote a file"
    assert result.out is None
    assert isinstance(result.model_bytes, bytes) and result.model_bytes
    assert isinstance(result.config, str) and "[components.ner]" in result.config
    assert result.provenance["format"] == FORMAT and result.provenance["version"]
    assert result.best is not None and len(result.epochs) == 20
    nlp = spacy.util.load_model_from_config(Config().from_str(result.config))
    nlp.from_bytes(result.model_bytes)
    assert set(nlp.get_pipe("ner").labels) == {"SOURCE", "CUE", "CLAIM"}
    text = _docs()[0].text
    proposals = propose(nlp(text))
    assert proposals, "the model kept in memory proposes attributions on text like its training"
    # the same training into a folder gives the same model (same seed): nothing is lost in memory
    folder = train(_docs(), tmp_path / "model", TrainSettings(epochs=20, **FAST))
    assert folder.out == (tmp_path / "model").absolute()
    assert folder.model_bytes is None and folder.config is None
    on_disk = spacy.load(tmp_path / "model")
    assert propose(on_disk(text)) == proposals
