"""The attribution suggester with the real parser, and accepting or rejecting its proposals."""

import pytest

from annotator.core.commands import AcceptSuggestion, RejectSuggestion
from annotator.core.history import History
from annotator.io.importer import import_paths
from annotator.nlp.attribution import suggest_attributions
from annotator.nlp.model import load_parse_pipeline
from annotator.nlp.suggest import suggest_corpus
from annotator.store import Store
from tests.conftest import SAMPLES, corpus


@pytest.fixture(scope="module")
def parser():
    return load_parse_pipeline()


def _find(text, suggestions, cue):
    return next(s for s in suggestions if text[s.cue[0] : s.cue[1]] == cue)


def test_the_seed_attributions_are_suggested_with_their_stance(store, parser):
    nlp, _ = parser
    import_paths(store, [corpus("seed") / "asharq-al-awsat-2024-12.txt"])
    text = store.document(store.document_ids()[0]).text
    found = suggest_attributions(nlp(text))
    lna = _find(text, found, "denied")
    assert text[slice(*lna.source)] == "An informed source in the Libyan National Army (LNA)"
    assert text[slice(*lna.claim)].startswith("the military was planning on reaching")
    assert (lna.stance, lna.source_type) == ("deny", "anonymous")
    bloomberg = _find(text, found, "had reported")
    assert text[slice(*bloomberg.source)] == "Bloomberg"
    assert text[slice(*bloomberg.claim)].startswith("Russia was seeking to strike")
    assert bloomberg.stance == "support"


def test_according_to_and_a_quote_after_its_source(parser):
    nlp, _ = parser
    text = (
        "Warships may dock in Tobruk, according to people familiar with the talks.\n\n"
        '"We will not allow it," the minister said. "Never."'
    )
    found = suggest_attributions(nlp(text))
    according = _find(text, found, "according to")
    assert text[slice(*according.source)] == "people familiar with the talks"
    assert text[slice(*according.claim)] == "Warships may dock in Tobruk"
    assert according.source_type == "anonymous"
    said = _find(text, found, "said")
    assert text[slice(*said.source)] == "the minister"
    assert text[slice(*said.claim)].startswith("We will not allow it")


def test_accept_reject_and_rejection_survives_a_new_run(tmp_path, parser):
    nlp, info = parser
    path = tmp_path / "p.db"
    with Store(path) as store:
        import_paths(store, [SAMPLES / "wire-dump.txt"])
        assert suggest_corpus(store, nlp, info) == 3
        assert suggest_corpus(store, nlp, info) == 0  # idempotent
        doc = store.document_ids()[0]
        open_ = store.attribution_suggestions(doc)
        assert len(open_) >= 3
        history = History(store)
        history.push(AcceptSuggestion(doc, open_[0], "ana"))
        (rel,) = store.relations(doc)
        assert rel.annotator == "ana" and rel.label == open_[0].stance
        assert len(store.attribution_suggestions(doc)) == len(open_) - 1
        history.undo()
        assert store.relations(doc) == [] and store.spans(doc) == []
        history.redo()
        assert len(store.relations(doc)) == 1
        history.push(RejectSuggestion(doc, open_[1].id))
        rejected_key = open_[1].key
    with Store(path) as store:  # reopened, and a newer parser version runs again
        info2 = type(info)(info.name, info.version + ".1", info.source)
        suggest_corpus(store, nlp, info2)
        keys = {s.key for s in store.attribution_suggestions(doc)}
        assert rejected_key not in keys


def test_transcript_speakers_and_dash_credits(parser):
    nlp, _ = parser
    text = (
        "PENCE: Well, look, the ticket is strong.\n\n"
        "“He never answered the question.” ― Ana Peric\n\n"
        "Note: this story was updated."
    )
    found = suggest_attributions(nlp(text))
    speaker = _find(text, found, ":")
    assert text[slice(*speaker.source)] == "PENCE"
    assert text[slice(*speaker.claim)] == "Well, look, the ticket is strong."
    credit = _find(text, found, "―")
    assert text[slice(*credit.source)] == "Ana Peric"
    assert text[slice(*credit.claim)] == "He never answered the question."
    assert all(text[s.source[0] : s.source[1]] != "Note" for s in found if s.source)


def _claims(text, found):
    return [text[slice(*s.claim)] for s in found]


def test_a_quotation_before_its_cue_ends_before_the_comma(parser):
    nlp, _ = parser
    text = (
        '"The bridge will reopen to traffic in March," the mayor said.\n\n'
        "“Talks with the unions are going well,” she added, without giving a date."
    )
    found = suggest_attributions(nlp(text))
    assert (
        text[slice(*_find(text, found, "said").claim)]
        == "The bridge will reopen to traffic in March"
    )
    assert text[slice(*_find(text, found, "added").claim)] == "Talks with the unions are going well"


def test_a_claim_never_comes_from_another_paragraph(parser):
    nlp, _ = parser
    text = (
        "The vote was delayed twice in October. "
        "The council has not declared plans for the depot.\n\n"
        'A spokesman told reporters that the budget "will be balanced by the spring".'
    )
    found = suggest_attributions(nlp(text))
    paragraph_break = text.index("\n\n")
    for s in found:
        assert (s.cue[0] < paragraph_break) == (s.claim[0] < paragraph_break), text[slice(*s.claim)]
        assert (s.cue[0] < paragraph_break) == (s.claim[1] <= paragraph_break)
    told = _find(text, found, "told")
    assert text[slice(*told.claim)].startswith("the budget")


def test_a_cue_before_its_source_after_a_quotation(parser):
    nlp, _ = parser
    text = (
        '"Fuel prices will rise again before the winter, according to two traders familiar '
        'with the matter," reported Bloomberg.'
    )
    found = suggest_attributions(nlp(text))
    reported = _find(text, found, "reported")
    assert text[slice(*reported.source)] == "Bloomberg"
    assert text[slice(*reported.claim)] == (
        "Fuel prices will rise again before the winter, according to two traders familiar "
        "with the matter"
    )


def test_according_to_an_outlet_after_a_verb_of_saying(parser):
    nlp, _ = parser
    text = "The ferry service was suspended on Tuesday, the official said according to Reuters."
    found = suggest_attributions(nlp(text))
    said = _find(text, found, "said")
    assert text[slice(*said.source)] == "the official"
    assert text[slice(*said.claim)] == "The ferry service was suspended on Tuesday"
    assert not [c for c in _claims(text, found) if "said" in c]
    assert "Reuters" not in {text[slice(*s.source)] for s in found if s.source}


def test_evidence_that_shows_is_a_document_source_with_its_whole_phrase(parser):
    nlp, _ = parser
    text = "Satellite images published by the ministry showed that the runway had been extended."
    found = suggest_attributions(nlp(text))
    showed = _find(text, found, "showed")
    assert text[slice(*showed.source)] == "Satellite images published by the ministry"
    assert showed.source_type == "document"
    assert text[slice(*showed.claim)] == "the runway had been extended"


def test_a_news_agency_is_an_outlet_wherever_it_is_named(parser):
    nlp, _ = parser
    text = (
        "Police closed the coastal road on Monday, state news agency PETRA reported. "
        "Two shelters were opened near the port, PETRA said.\n\n"
        "The storm flooded the harbour, Bloomberg reported."
    )
    found = suggest_attributions(nlp(text))
    types = {text[slice(*s.source)]: s.source_type for s in found if s.source}
    assert "PETRA" in types and all(v == "named_outlet" for v in types.values()), types
    assert len(types) == 3
