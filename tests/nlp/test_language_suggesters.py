"""#17: the attribution suggester is a setting per language; the English rules never
propose on Arabic text, and ``suggest`` says which documents it skipped and why."""

from __future__ import annotations

from annotator.cli import main
from annotator.nlp.language_suggesters import suggester_setting
from annotator.store import Store
from tests.ui.test_language_models import arabic_model, project

NO_SUGGESTER = (
    "no attribution proposals for Arabic (ar): the English rules do not read it"
    " (annotator config suggester --language ar)"
)


def test_config_suggester_per_language(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "config", "suggester", "--language", "ar"]) == 0
    assert "suggester for Arabic (ar) is not set" in capsys.readouterr().out
    assert main(["--db", db, "config", "suggester", "--language", "ar", "rules"]) == 0
    assert capsys.readouterr().out.strip() == "suggester for Arabic (ar) = rules"
    with Store(tmp_path / "p.db") as store:
        assert store.get_setting(suggester_setting("ar")) == "rules"
        assert store.get_setting("nlp.suggester") is None  # English keeps the project's own
    assert main(["--db", db, "config", "suggester", "--language", "ar", "guesswork"]) == 2
    err = capsys.readouterr().err
    assert "unknown suggester 'guesswork'" in err and "Arabic (ar) keeps" in err
    assert main(["--db", db, "config", "suggester", "--language", "en", "rules"]) == 2
    assert "annotator config suggester rules" in capsys.readouterr().err
    assert main(["--db", db, "config", "suggester", "--language", "a1", "rules"]) == 2


def test_suggest_skips_arabic_without_its_own_suggester_and_says_why(tmp_path, capsys):
    db = project(tmp_path)
    assert main(["--db", str(db), "suggest"]) == 0
    out = capsys.readouterr().out
    assert f"skipped 1 document(s): 1 — {NO_SUGGESTER}" in out
    with Store(db) as store:
        arabic, english = store.document_ids()
        assert store.has_attribution_run(english)
        assert not store.has_attribution_run(arabic)  # the English rules left it alone
    # rules for Arabic need a parser of its own: the entity ruler has none, and it says so
    folder = arabic_model(tmp_path / "ar_model")
    assert main(["--db", str(db), "config", "model", "--language", "ar", str(folder)]) == 0
    assert main(["--db", str(db), "config", "suggester", "--language", "ar", "rules"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "suggest"]) == 0
    out = capsys.readouterr().out
    assert "1 — no attribution proposals for Arabic (ar): spaCy pipeline" in out
    assert "has no dependency parser" in out


def arabic_parser(folder):
    """A real (untrained) Arabic pipeline with a parser: what the rules need to run."""
    import spacy

    nlp = spacy.blank("ar")
    parser = nlp.add_pipe("parser")
    for label in ("ROOT", "nsubj"):
        parser.add_label(label)
    nlp.initialize()
    nlp.meta["name"] = "parsed"
    nlp.to_disk(folder)
    return folder


def test_arabic_articles_are_read_by_the_suggester_set_for_arabic(tmp_path, capsys):
    db = project(tmp_path)
    folder = arabic_parser(tmp_path / "ar_parser")
    assert main(["--db", str(db), "config", "model", "--language", "ar", str(folder)]) == 0
    assert main(["--db", str(db), "config", "suggester", "--language", "ar", "rules"]) == 0
    assert main(["--db", str(db), "suggest"]) == 0
    assert "skipped" not in capsys.readouterr().out
    with Store(db) as store:
        arabic, english = store.document_ids()
        runs = store.db.execute(
            "SELECT DISTINCT model, doc_id FROM suggested ORDER BY doc_id"
        ).fetchall()
        assert [(m.split("_")[0], d) for m, d in runs] == [("ar", arabic), ("en", english)]
