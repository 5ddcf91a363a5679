"""Ranking a claim over a small corpus made here: the article that carries it comes first."""

from __future__ import annotations

from annotator.claims.rank import match_any, rank_articles, sentences
from annotator.core.model import ParsedDocument

ARTICLES = [
    ("Football", "The club won the cup final on Sunday. Fans celebrated in the streets."),
    (
        "Libya talks",
        "Diplomats met in Rome on Monday. Officials said Russia will get a naval base in "
        "Libya under the deal. The ministry did not comment.",
    ),
    ("Weather", "Heavy rain is expected in the north. A naval parade was cancelled."),
    ("Moscow", "Russia announced new grain exports to Egypt. Prices fell."),
]


def test_the_article_carrying_the_claim_ranks_first_with_its_sentence(store):
    ids = store.add_documents([ParsedDocument(text=t, title=h) for h, t in ARTICLES]).ids
    hits = rank_articles(store, "Russia to get a naval base in Libya", top=3)
    assert hits[0].doc_id == ids[1]
    assert hits[0].sentence == (
        "Officials said Russia will get a naval base in Libya under the deal."
    )
    text = store.document(ids[1]).text
    assert text[hits[0].start : hits[0].end] == hits[0].sentence
    assert ids[0] not in [h.doc_id for h in hits]  # shares no word with the claim
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_entity_suggestions_lift_the_article_that_names_them(store):
    ids = store.add_documents(
        [
            ParsedDocument(text="Tobruk port talks went on. A base deal is near."),
            ParsedDocument(text="Tobruk port talks went on. A base deal is near!"),
        ]
    ).ids
    store.save_suggestions([(ids[1], [("GPE", 0, 6)])], "test", "1")
    hits = rank_articles(store, "A base deal for Tobruk", top=2)
    assert [h.doc_id for h in hits] == [ids[1], ids[0]]
    assert hits[0].entities == 1.0 and hits[1].entities == 0.0


def test_claims_of_stop_words_or_odd_characters_find_nothing_and_do_not_fail(store):
    store.add_documents([ParsedDocument(text="It is what it is.")])
    assert rank_articles(store, "it is") == []
    assert rank_articles(store, 'base" OR -: *') == []
    assert match_any('say "no"') == '"say"'


def test_sentences_keep_offsets():
    text = "One. Two!\n\nThree?  Four"
    assert [text[s:e] for s, e in sentences(text)] == ["One.", "Two!", "Three?", "Four"]
