"""#17: ``annotator preannotate`` counts the documents its pipeline leaves alone (another
language) in its progress, and says at the end how many, in which language, and why."""

from __future__ import annotations

from annotator.cli import main
from annotator.nlp.entities import preannotate
from annotator.nlp.model import load_entity_pipeline
from annotator.store import Store
from tests.ui.test_language_models import arabic_model, project


def test_progress_reaches_the_total_with_skipped_documents_counted(tmp_path):
    db = project(tmp_path)
    folder = arabic_model(tmp_path / "ar_model")
    nlp, info = load_entity_pipeline(str(folder))
    seen: list[tuple[int, int]] = []
    with Store(db) as store:
        result = preannotate(
            store, nlp, info, batch_size=1, on_progress=lambda p: seen.append((p.seen, p.total))
        )
    assert result.done == 1 and dict(result.skipped) == {"en": 1}
    assert seen[-1] == (2, 2)  # the bar ends full, not at 1 of 2


def test_the_command_says_how_many_were_skipped_and_how_to_read_them(tmp_path, capsys):
    db = project(tmp_path)
    folder = arabic_model(tmp_path / "ar_model")
    assert main(["--db", str(db), "preannotate"]) == 0
    out = capsys.readouterr().out
    assert "pre-annotated 1 document(s)" in out
    assert (
        "skipped 1 document(s) in another language than the pipeline's, which needs its own"
        " model: 1 in Arabic (ar) (set one with annotator config model --language ar PATH)"
    ) in out
    assert main(["--db", str(db), "config", "model", "--language", "ar", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "preannotate"]) == 0  # the English one is done: only ar left
    assert f"1 in Arabic (ar) (annotator preannotate --model {folder})" in capsys.readouterr().out
    assert main(["--db", str(db), "preannotate", "--model", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "pre-annotated 1 document(s) with ar_harbour_names 0.1.0" in out
    assert "1 in English (en) (annotator preannotate without --model reads them)" in out
