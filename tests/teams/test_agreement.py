"""Agreement figures: our alpha against the krippendorff package, small cases by hand,
the command line, and the shared PolNeAR multi-analyst files."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import krippendorff
import numpy as np
import pytest
import spacy

from annotator.cli import main
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.io.tokenize import tokens
from annotator.store import Store
from annotator.teams.agreement import agreement
from annotator.teams.coefficients import (
    alpha_by_group,
    alpha_from_counts,
    cohen_kappa,
    counts_from_codes,
    krippendorff_alpha,
)
from annotator.teams.tokens import token_codes
from tests.conftest import corpus

HEADLINE = re.compile(r"^token_alpha=(\d\.\d{3}|n/a) units=(\d+) analysts=(\d+) documents=(\d+)$")


@pytest.mark.parametrize("seed", range(8))
def test_our_alpha_equals_the_krippendorff_package_on_the_same_matrix(seed):
    rng = np.random.default_rng(seed)
    coders, units, values = rng.integers(2, 7), rng.integers(5, 400), rng.integers(2, 6)
    data = rng.integers(0, values, size=(coders, units)).astype(float)
    agree = rng.random(units) < 0.6  # make it agree more than chance
    data[:, agree] = data[0, agree]
    data[rng.random(data.shape) < 0.2] = np.nan
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(data) == pytest.approx(expected, abs=1e-9)


def test_alpha_is_undefined_when_everyone_gives_one_value_and_one_for_full_agreement():
    assert krippendorff_alpha(np.array([[1.0, 1.0], [1.0, 1.0]])) is None
    assert krippendorff_alpha(np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]])) == 1.0
    assert alpha_from_counts(counts_from_codes(np.array([[0], [-1]]), 2)) is None


def test_cohen_kappa_by_hand():
    pairs = [("a", "a")] * 20 + [("a", "b")] * 5 + [("b", "a")] * 10 + [("b", "b")] * 15
    # po = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.4
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("support", "support")] * 3) is None and cohen_kappa([]) is None


TEXT = "Officials said that the minister told reporters the plan was dead."


def _spans(analyst: str, claim_end: int = 65) -> list[Span]:
    return [
        Span("SOURCE", 0, 9, annotator=analyst),
        Span("CUE", 10, 14, annotator=analyst),
        Span("CLAIM", 20, claim_end, annotator=analyst),
    ]


def test_a_token_inside_nested_spans_takes_the_innermost_label():
    toks = tokens(TEXT)
    starts = np.array([s for _, s, _ in toks])
    ends = np.array([e for _, _, e in toks])
    spans = [*_spans("a"), Span("SOURCE", 24, 32, annotator="a"), Span("CUE", 33, 37)]
    codes = token_codes(starts, ends, spans, {"SOURCE": 1, "CUE": 2, "CLAIM": 3})
    words = [t for t, _, _ in toks]
    by_word = dict(zip(words, codes.tolist(), strict=True))
    assert by_word["Officials"] == 1 and by_word["said"] == 2 and by_word["that"] == 0
    assert (by_word["the"], by_word["minister"], by_word["told"], by_word["plan"]) == (3, 1, 2, 3)


def _project(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    with Store(db) as store:
        ids = store.add_documents(
            [
                ParsedDocument(TEXT, title="agree", spans=_spans("ana") + _spans("bo")),
                ParsedDocument(
                    TEXT + " Again.", title="differ", spans=_spans("ana") + _spans("bo", 40)
                ),
                ParsedDocument(TEXT + " Alone.", title="alone", spans=_spans("ana")),
                ParsedDocument(TEXT + " Status.", title="status only", spans=_spans("ana")),
            ]
        ).ids
        store.set_status(ids[3], "done", "cy")  # cy looked and found nothing: all "none"
        for doc_id in ids[:2]:
            for name in ("ana", "bo"):
                s, c, k = (x.id for x in store.spans(doc_id, name))
                store.add_relation(
                    doc_id,
                    Relation(
                        "support" if name == "ana" or doc_id == ids[0] else "deny",
                        s,
                        k,
                        c,
                        annotator=name,
                    ),
                )
    return db


def test_documents_count_with_two_layers_and_the_worst_comes_first(tmp_path):
    db = _project(tmp_path)
    with Store(db) as store:
        report = agreement(store)
    assert [d.title for d in report.worst_first()] == ["status only", "differ", "agree"]
    assert report.analysts == ["ana", "bo", "cy"]
    agree = next(d for d in report.documents if d.title == "agree")
    assert agree.alpha == 1.0 and agree.labels["CLAIM"] == 1.0
    differ = next(d for d in report.documents if d.title == "differ")
    assert differ.alpha is not None and differ.alpha < 1.0 and differ.labels["SOURCE"] == 1.0
    assert report.span_f1["CLAIM"]["exact"]["ana"]["bo"] == pytest.approx(0.5)
    assert report.span_f1["CLAIM"]["overlapping"]["ana"]["bo"] == 1.0
    assert report.span_f1["SOURCE"]["exact"]["ana"]["cy"] == 0.0
    assert report.attribution_agr is not None
    assert report.attribution_pairs["ana|bo"] == 1.0
    assert report.stance_items == 2  # the two source-claim pairs ana and bo both linked


def test_the_command_prints_the_headline_first_and_filters(tmp_path, capsys):
    db = _project(tmp_path)
    assert main(["--db", str(db), "agreement"]) == 0
    out = capsys.readouterr().out.splitlines()
    found = HEADLINE.match(out[0])
    assert found and found.group(3) == "3" and found.group(4) == "3", out[0]
    assert any("worst first" in line for line in out)
    assert main(["--db", str(db), "agreement", "--analysts", "ana,bo", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["analysts"] == ["ana", "bo"] and data["documents"] == 2
    assert data["stance_agreement"]["measure"] == "cohen_kappa"
    assert [d["title"] for d in data["per_document"]] == ["differ", "agree"]
    assert main(["--db", str(db), "agreement", "--documents", "1"]) == 0
    assert capsys.readouterr().out.startswith("token_alpha=1.000 units=")
    assert main(["--db", str(db), "agreement", "--documents", "one"]) == 2
    assert "comma-separated ids" in capsys.readouterr().err
    assert main(["--db", str(tmp_path / "none.db"), "agreement"]) == 2


def _multi_analyst(folders: list[Path], tmp: Path) -> Path:
    """A brat folder of the articles two or more analysts annotated."""
    for folder in folders:
        anns = sorted((folder / "attributions").glob("*.ann"))
        counts = Counter(a.stem.rsplit("_", 1)[0] for a in anns)
        target = tmp / folder.name
        (target / "text").mkdir(parents=True)
        (target / "attributions").mkdir()
        for ann in anns:
            stem = ann.stem.rsplit("_", 1)[0]
            if counts[stem] >= 2:
                shutil.copy(ann, target / "attributions")
                shutil.copy(folder / "text" / f"{stem}.txt", target / "text")
    return tmp


@pytest.mark.parametrize(
    ("folders", "articles", "expected"),
    [
        (["polnear-annotator-training"], 4, 0.808),
        (["polnear-train", "polnear-dev"], 18, 0.773),
    ],
)
def test_polnear_alpha_lands_near_the_independent_computation(
    tmp_path, capsys, folders, articles, expected
):
    source = _multi_analyst([corpus(name) for name in folders], tmp_path / "brat")
    db = tmp_path / "polnear.db"
    assert main(["--db", str(db), "import", str(source)]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "agreement", "--labels", "SOURCE,CUE,CLAIM"]) == 0
    found = HEADLINE.match(capsys.readouterr().out.splitlines()[0])
    assert found is not None
    assert int(found.group(4)) == articles
    assert float(found.group(1)) == pytest.approx(expected, abs=0.03)


def test_alpha_by_group_equals_alpha_of_each_group():
    rng = np.random.default_rng(3)
    groups = [rng.integers(0, 3, size=(n, 4)) for n in (5, 1, 40, 12)]
    groups[1][:] = [[2, 0, 0, 0]]  # one unit, full agreement on one value: undefined
    pooled = np.concatenate(groups)
    expected = [alpha_from_counts(g) for g in groups]
    got = alpha_by_group(pooled, [len(g) for g in groups])
    assert got[1] is None and expected[1] is None
    assert got == pytest.approx(expected)


def test_an_arabic_article_is_counted_in_arabic_tokens(tmp_path):
    # "ق.م" (BC) and "د." (Dr) are one token each by spaCy's Arabic rules, three and two
    # by the English ones: the units are the document's language's tokens
    text = "كتبه د. أحمد عن قصر بني عام 300 ق.م في المدينة"
    doc = ParsedDocument(
        text,
        meta={"language": "ar"},
        spans=[Span("SOURCE", 5, 13, annotator=name) for name in ("ana", "ben")],
        status="done",
    )
    with Store(tmp_path / "ar.db") as store:
        store.add_documents([doc])
        report = agreement(store, labels=["SOURCE"])
    arabic = [t for t in spacy.blank("ar")(text) if not t.is_space]
    assert report.documents[0].tokens == len(arabic) == len(tokens(text)) - 3
