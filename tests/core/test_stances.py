from annotator.core.model import Relation, Span
from annotator.core.stances import (
    candidate_sources,
    cue_between,
    guess_source_type,
    relation_between,
)

TEXT = "Bloomberg had reported that Russia sought a base, Haftar's aide said on Monday."
#       0        9   13       22   27     34


def test_labelled_sources_come_first_then_nearer_entities_and_those_inside_last():
    claim = Span("CLAIM", 28, 49, id=3)
    spans = [Span("SOURCE", 0, 9, id=1), Span("CUE", 10, 22, id=2), claim]
    entities = [
        Span("ORG", 0, 9),
        Span("GPE", 28, 34),
        Span("PERSON", 51, 57),
        Span("DATE", 70, 76),
    ]
    found = candidate_sources(
        claim, spans, entities, source_label="SOURCE", entity_labels={"ORG", "GPE", "PERSON"}
    )
    assert [(c.span.label, c.is_entity) for c in found] == [
        ("SOURCE", False),  # the ORG entity under it is not offered again
        ("PERSON", True),
        ("GPE", True),  # inside the claim: last
    ]


def test_cue_between_source_and_claim_or_right_after_a_trailing_source():
    source, claim = Span("SOURCE", 0, 9), Span("CLAIM", 28, 49)
    cue = Span("CUE", 10, 22)
    assert cue_between(source, claim, [source, cue, claim], "CUE") is cue
    late_source, said = Span("SOURCE", 51, 63), Span("CUE", 64, 68)
    assert cue_between(late_source, claim, [late_source, said, claim], "CUE") is said
    assert cue_between(source, claim, [source, claim], "CUE") is None


def test_source_type_guesses():
    by_entity = {"PERSON": "named_person", "ORG": "named_organization"}
    assert guess_source_type("An informed source in the LNA", "ORG", by_entity) == "anonymous"
    assert guess_source_type("people familiar with the talks", None, by_entity) == "anonymous"
    assert guess_source_type("Elena Varga", "PERSON", by_entity) == "named_person"
    assert guess_source_type("a senior official", None, by_entity) == "official_unnamed"
    assert guess_source_type("the draft memorandum", None, by_entity) == "document"
    assert guess_source_type("Tomislav", None, by_entity) is None


def test_relation_between():
    rel = Relation("deny", 1, 3, 2, id=9)
    assert relation_between([rel], 1, 3) is rel
    assert relation_between([rel], 3, 1) is None
