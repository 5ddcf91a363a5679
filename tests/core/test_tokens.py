from annotator.core.tokens import snap_to_tokens

TEXT = "An informed source in the LNA denied to Asharq Al-Awsat that it's true."


def test_partial_words_grow_to_whole_tokens_and_spaces_drop():
    s = TEXT.index("nformed")
    e = TEXT.index("sour") + 3
    assert TEXT[slice(*snap_to_tokens(TEXT, s, e))] == "informed source"
    s = TEXT.index(" Asharq")
    e = TEXT.index("Al-Awsat") + 4
    assert TEXT[slice(*snap_to_tokens(TEXT, s, e))] == "Asharq Al-Awsat"
    assert TEXT[slice(*snap_to_tokens(TEXT, TEXT.index("it's") + 1, TEXT.index("it's") + 2))] == (
        "it's"
    )


def test_whitespace_only_selection_is_nothing():
    assert snap_to_tokens(TEXT, 2, 3) is None
    assert snap_to_tokens(TEXT, 5, 5) is None


def test_sentence_and_clause_ends_and_paragraphs():
    from annotator.core.tokens import clause_end, next_paragraph, previous_paragraph, sentence_end

    text = 'He said, "It is true." Then he left.\n\nNext one: here.'
    assert text[: sentence_end(text, 0)] == 'He said, "It is true'
    assert text[: clause_end(text, 0)] == "He said"
    start = text.index("Then")
    assert text[start : sentence_end(text, start)] == "Then he left"
    para = next_paragraph(text, 0)
    assert text[para:].startswith("Next one")
    assert text[para : clause_end(text, para)] == "Next one"
    assert previous_paragraph(text, para + 3) == para
    assert previous_paragraph(text, para) == 0
