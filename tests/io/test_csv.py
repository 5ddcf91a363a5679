from pathlib import Path

import pytest

from annotator.core.model import ParsedDocument
from annotator.io.csvfile import parse_csv
from annotator.io.problems import Problem, UnreadableFile

CSV = (
    "Body ID,articleBody\n"
    '1,"First line.\nSecond line with ""quotes"", and a comma."\n'
    "2,Plain body.\n"
    "3\n"
    '4,"   "\n'
    '5,"Last, after bad rows."\n'
)


def _split(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, ParsedDocument)]
    problems = [i for i in items if isinstance(i, Problem)]
    return docs, problems


def test_bodies_with_newlines_and_quotes_come_through_intact():
    docs, _ = _split(parse_csv(CSV, Path("b.csv")))
    assert [d.text for d in docs] == [
        'First line.\nSecond line with "quotes", and a comma.',
        "Plain body.",
        "Last, after bad rows.",
    ]
    assert docs[0].meta == {"Body ID": "1"}
    assert docs[0].title == "First line."
    assert [d.line for d in docs] == [2, 4, 7]


def test_bad_rows_are_reported_with_their_line_and_skipped():
    _, problems = _split(parse_csv(CSV, Path("b.csv")))
    assert [(p.line, p.reason) for p in problems] == [
        (5, "expected 2 fields, found 1"),
        (6, "empty text in column 'articleBody'"),
    ]
    assert str(problems[0]) == "b.csv:5: expected 2 fields, found 1"


def test_text_column_detected_by_length_or_named():
    text = "id;headline;notes\n7;Port denies talks;The port said on Tuesday it was not in talks.\n"
    docs, _ = _split(parse_csv(text, Path("x.csv")))
    assert docs[0].text == "The port said on Tuesday it was not in talks."
    assert docs[0].title == "Port denies talks"
    docs, _ = _split(parse_csv(text, Path("x.csv"), text_column="headline"))
    assert docs[0].text == "Port denies talks"
    with pytest.raises(UnreadableFile, match="no column 'body'"):
        list(parse_csv(text, Path("x.csv"), text_column="body"))


def test_tsv_and_empty_file():
    docs, _ = _split(parse_csv("text\tsource\nA body, with comma.\twire\n", Path("t.tsv")))
    assert docs[0].text == "A body, with comma."
    assert docs[0].meta == {"source": "wire", "outlet": "wire"}  # a source column names the outlet
    with pytest.raises(UnreadableFile, match="empty"):
        list(parse_csv("", Path("e.csv")))
