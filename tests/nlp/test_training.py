"""Training attribution proposals on the project's own labels, and using the trained model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.nlp.model_suggester import PROVENANCE, read_provenance
from annotator.nlp.suggesters import Suggester, parse_choice, project_choice
from annotator.nlp.training import TrainingError, TrainSettings, train
from annotator.nlp.training_data import collect, pick_layer
from annotator.store import Store
from tests.conftest import SAMPLES

# "Dario Kovac said on Thursday that …": the analysts' notion of an attribution in these tests
SAID = re.compile(
    r"\b((?:[A-Z][a-z]+ )?[A-Z][a-z]+) (said|says|told reporters|denied|added) "
    r"(?:on \w+ )?(?:that )?([^.\n]{8,})\."
)
FAST = {"base": "blank", "dev_share": 0.25, "patience": 100, "batch_words": 20}


def _labelled_paragraphs() -> list[ParsedDocument]:
    """Paragraphs of the sample articles with their "X said that Y" attributions labelled."""
    text = (SAMPLES / "wire-dump.txt").read_text(encoding="utf-8")
    docs = []
    for para in re.split(r"\n\s*\n", text):
        found = list(SAID.finditer(para))
        if not found:
            continue
        spans, relations = [], []
        for m in found:
            base = len(spans)
            for group, label in ((1, "SOURCE"), (2, "CUE"), (3, "CLAIM")):
                spans.append(Span(label, m.start(group), m.end(group), annotator="ana"))
            relations.append(Relation("support", base, base + 2, base + 1, annotator="ana"))
        docs.append(ParsedDocument(para, spans=spans, relations=relations, status="done"))
    return docs


def _project(path: Path) -> Path:
    with Store(path) as store:
        store.add_documents(_labelled_paragraphs())
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project of labelled sample paragraphs and a model trained on them (a few seconds)."""
    root = tmp_path_factory.mktemp("training")
    db = _project(root / "project.db")
    with Store(db) as store:
        docs = collect(store)
    train(docs, root / "model", TrainSettings(epochs=20, **FAST))
    return db, root / "model"


def test_one_layer_per_article_chosen_the_same_way_every_time(store):
    doc = _labelled_paragraphs()[0]
    doc.spans += [Span(s.label, s.start, s.end, annotator="bea") for s in doc.spans]
    doc.spans.append(Span("CUE", 0, 3, annotator="bea"))
    store.add_documents([doc])
    (only,) = collect(store)
    assert only.annotator == "bea"  # the layer with more spans; never both copies
    assert len(only.spans) == 4
    assert pick_layer({"ana": 3, "bea": 3}) == "ana"  # type: ignore[arg-type]
    assert pick_layer({"ana": 9, "gold": 1}) == "gold"  # type: ignore[arg-type]
    (ana,) = collect(store, annotator="ana")
    assert (ana.annotator, len(ana.spans)) == ("ana", 3)
    assert collect(store, status="new") == []


def test_the_model_proposes_spans_and_its_provenance_is_stored(trained):
    _, model = trained
    provenance = read_provenance(model)
    assert provenance["documents"] == 5
    assert len(provenance["train"]) == 4 and len(provenance["dev"]) == 1
    assert len(provenance["data_hash"]) == 64 and provenance["spacy_version"].startswith("3.")
    assert provenance["settings"]["base"] == "blank"
    assert set(provenance["scores"]) == {"SOURCE", "CUE", "CLAIM"}
    suggester = Suggester(parse_choice(f"model:{model}"))
    train_text = _labelled_paragraphs()[0].text
    ((info, proposals),) = next(suggester.runs([train_text]))
    assert info.name == "trained:model" and info.version == provenance["version"]
    assert proposals, "the trained model proposes attributions on a text like its training data"
    assert all(train_text[slice(*p.claim)].strip() for p in proposals)


def test_switching_suggester_changes_the_proposals_and_keeps_their_provenance(trained, tmp_path):
    _, model = trained
    db = _project(tmp_path / "p.db")
    assert main(["--db", str(db), "config", "suggester", f"model:{model}"]) == 0
    assert main(["--db", str(db), "suggest"]) == 0
    with Store(db) as store:
        ids = store.document_ids()
        choice = project_choice(store)
        assert choice.kind == "model"
        version = read_provenance(model)["version"]
        assert store.pending_suggestions("trained:model", version) == []
        proposals = [p for i in ids for p in store.attribution_suggestions(i)]
        assert {(p.model, p.model_version) for p in proposals} == {("trained:model", version)}
        from_model = {(p.cue, p.claim) for p in proposals}
    assert from_model
    assert main(["--db", str(db), "config", "suggester", "rules"]) == 0
    rules = Suggester(parse_choice("rules"))
    assert rules.info.name.startswith("en_")
    with Store(db) as store:
        texts = [t for _, t in store.texts(ids)]
    from_rules = {(p.cue, p.claim) for runs in rules.runs(texts) for _, ps in runs for p in ps}
    assert from_rules and from_rules != from_model


def test_config_refuses_a_folder_without_a_trained_model(tmp_path, capsys, trained):
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "config", "suggester", f"model:{tmp_path}"]) == 2
    err = capsys.readouterr().err
    assert PROVENANCE in err and "annotator train" in err and "Traceback" not in err
    assert main(["--db", db, "config", "suggester", "both"]) == 2
    assert "needs a trained model" in capsys.readouterr().err
    assert main(["--db", db, "config", "suggester", "maybe"]) == 2
    assert main(["--db", db, "config", "suggester"]) == 0
    assert "rules are used" in capsys.readouterr().out


def _version(model: Path) -> str:
    return json.loads((model / PROVENANCE).read_text(encoding="utf-8"))["version"]


def test_failed_and_interrupted_trainings_leave_the_previous_model_in_use(trained, tmp_path):
    db, model = trained
    before = _version(model)
    with Store(db) as store:
        docs = collect(store)
        assert main(["--db", str(db), "config", "suggester", f"model:{model}"]) == 0

    with pytest.raises(TrainingError, match="no finished article"):
        train([], model, TrainSettings(**FAST))
    with pytest.raises(TrainingError, match="at least 2 labelled articles"):
        train(docs[:1], model, TrainSettings(**FAST))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(TrainingError, match="a-file"):
        train(docs, blocker / "model", TrainSettings(**FAST))

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt  # what Ctrl-C raises, in the middle of an epoch

    with pytest.raises(KeyboardInterrupt):
        train(docs, model, TrainSettings(epochs=3, **FAST), on_batch=interrupt)

    def fail(score: object, best: bool) -> None:
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        train(docs, model, TrainSettings(epochs=3, **FAST), on_epoch=fail)

    assert _version(model) == before
    assert sorted(p.name for p in model.parent.iterdir() if p.name.startswith(".")) == []
    with Store(db) as store:
        suggester = Suggester(project_choice(store))
    assert suggester.info.version == before


def test_max_minutes_keeps_the_best_epoch_so_far_and_says_so(trained, tmp_path):
    db, _ = trained
    with Store(db) as store:
        docs = collect(store)
    result = train(docs, tmp_path / "m", TrainSettings(epochs=50, max_minutes=1e-6, **FAST))
    assert result.stopped == "max-minutes"
    assert read_provenance(tmp_path / "m")["stopped"] == "max-minutes"


def test_cli_train_prints_epochs_and_refuses_a_project_without_finished_labels(tmp_path, capsys):
    db = str(_project(tmp_path / "p.db"))
    out = tmp_path / "model"
    args = ["--db", db, "train", "--out", str(out), "--epochs", "2", "--base", "blank"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "epoch  1" in printed and "CLAIM p=" in printed and "config suggester" in printed
    assert read_provenance(out)["documents"] == 5
    empty = str(tmp_path / "empty.db")
    assert main(["--db", empty, "train", "--out", str(tmp_path / "other")]) == 2
    err = capsys.readouterr().err
    assert "no finished article" in err and "--status all" in err
    assert not (tmp_path / "other").exists()


def test_both_keeps_the_rules_proposals_only_where_the_model_has_none():
    from annotator.nlp.attribution import AttributionSuggestion
    from annotator.nlp.suggesters import merge

    model = [AttributionSuggestion((10, 14), (15, 40), (0, 9), "support", None)]
    same_claim = AttributionSuggestion((50, 54), (20, 30), None, "support", None)
    elsewhere = AttributionSuggestion((60, 64), (65, 90), (41, 59), "deny", None)
    assert merge(model, [same_claim, elsewhere]) == [elsewhere]
    assert merge([], [same_claim]) == [same_claim]


@pytest.mark.parametrize(
    ("cue", "claim", "stance"),
    [
        ("said", "it was closed", "support"),
        ("denied", "it was closed", "deny"),
        ("did not confirm", "the report", "deny"),
        ("didn't say", "it was closed", "deny"),
        ("asked", "whether it was closed", "query"),
        ("said", "was it closed?", "query"),
    ],
)
def test_the_models_proposals_take_the_rules_stance_from_the_cue(cue, claim, stance):
    from annotator.nlp.model_suggester import group

    text = f"Ana {cue} {claim}"
    spans = [(0, 3, "SOURCE"), (4, 4 + len(cue), "CUE"), (5 + len(cue), len(text), "CLAIM")]
    (proposal,) = group(text, spans)
    assert (proposal.source, proposal.stance) == ((0, 3), stance)


def test_uncertainty_ranks_coin_tosses_over_sure_spans_and_scores_articles(trained):
    from annotator.nlp.model_suggester import load_trained
    from annotator.nlp.uncertainty import article_uncertainty, most_uncertain, uncertainties

    assert article_uncertainty({}) == 0.0
    assert article_uncertainty({"a": 1.0, "b": 0.01}) == 0.0  # sure: implausible ones ignored
    assert article_uncertainty({"a": 0.5}) == 1.0
    assert 0 < article_uncertainty({"a": 0.9, "b": 0.3}) < article_uncertainty({"a": 0.6})
    assert most_uncertain({1: 0.2, 2: 0.9, 3: 0.9}, lambda d: False) == 2
    assert most_uncertain({1: 0.2, 2: 0.9, 3: 0.9}, lambda d: d == 3, current=2) == 1
    assert most_uncertain({1: 0.2}, lambda d: True) is None
    _, model = trained
    nlp, _ = load_trained(model)
    labelled = _labelled_paragraphs()[0].text
    scores = uncertainties(nlp, [labelled, "The weather was fine.", labelled])
    assert all(0.0 <= s <= 1.0 for s in scores) and scores[0] == scores[2]
