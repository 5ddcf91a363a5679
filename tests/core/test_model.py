from annotator.core.model import ParsedDocument, Relation, Span, content_hash, title_from_text


def test_content_hash_ignores_line_endings_and_edges_but_not_words():
    assert content_hash("A said.\r\nB denied.\n") == content_hash("  A said.\nB denied.")
    assert content_hash("A said.") != content_hash("A denied.")


def test_validate_reports_spans_outside_text_and_dangling_relations():
    doc = ParsedDocument(text="Bloomberg reported it.", spans=[Span("SOURCE", 0, 9)])
    assert doc.validate() is None
    doc.spans.append(Span("CLAIM", 10, 99))
    assert "outside the text" in doc.validate()
    doc.spans.pop()
    doc.relations.append(Relation("support", 0, 5))
    assert "missing claim span" in doc.validate()
    assert ParsedDocument(text="  \n").validate() == "empty text"


def test_discontinuous_span_text_joins_pieces():
    span = Span("CLAIM", 0, 23, fragments=[(0, 8), (19, 23)])
    assert span.text_in("Tax cuts, he said, work.") == "Tax cuts work"


def test_title_from_text_shortens_at_a_word():
    title = title_from_text("\n" + "word " * 40)
    assert title.endswith("…") and len(title) <= 81 and not title.startswith(" ")
