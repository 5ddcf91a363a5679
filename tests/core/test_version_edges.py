"""How one analyst's span differs from the others', named by its edge words."""

from __future__ import annotations

from annotator.core.model import Span
from annotator.core.version_edges import edge_marks

TEXT = "Yesterday the Coastal Gazette reported it for twenty years."


def at(words: str, label: str = "SOURCE") -> list[Span]:
    start = TEXT.index(words)
    return [Span(label, start, start + len(words))]


def test_a_missing_first_word_and_another_label():
    marks = edge_marks(
        {
            "ana": at("the Coastal Gazette"),
            "ben": at("Coastal Gazette"),
            "chloe": at("the Coastal Gazette", "CLAIM"),
        },
        TEXT,
    )
    # ben lacks "the"; chloe labels the same words otherwise: each lane says its label
    assert marks == {"ana": "SOURCE +the…", "ben": "SOURCE −the…", "chloe": "CLAIM +the…"}


def test_same_versions_and_empty_lanes_have_no_marks():
    same = at("for twenty years")
    marks = edge_marks({"ana": same, "ben": same, "c": []}, TEXT)
    assert marks == {"ana": "", "ben": "", "c": ""}


def test_an_edge_inside_a_word_keeps_the_word_in_sight():
    marks = edge_marks({"ana": at("for twenty years"), "ben": at("for twenty year")}, TEXT)
    assert marks == {"ana": "…year+s", "ben": "…year−s"}
    starts = edge_marks({"ana": at("Coastal"), "ben": at("oastal")}, TEXT)
    assert starts == {"ana": "[+C]oastal…", "ben": "[−C]oastal…"}
