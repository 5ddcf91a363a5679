"""Dates and outlets read from whatever an import brought in a document's meta."""

from __future__ import annotations

import pytest

from annotator.core.doc_meta import document_date, document_outlet, iso_date, with_date_and_outlet


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T14:03:00+01:00", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("Tue, 05 Mar 2024 14:03:00 GMT", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("05.03.2024", "2024-03-05"),
        ("yesterday", ""),
        ("2024-13-45", ""),
        ("", ""),
    ],
)
def test_iso_date_reads_the_usual_forms_and_refuses_the_rest(value, expected):
    assert iso_date(value) == expected


def test_keys_are_found_whatever_their_case_and_the_first_usable_wins():
    meta = {"Published": "not a date", "article:published_time": "2023-11-02T08:00:00Z"}
    assert document_date(meta) == "2023-11-02"
    assert document_outlet({"og:site_name": " Coastal Gazette "}) == "Coastal Gazette"
    assert document_outlet({"Source": "Reuters", "outlet": "AP"}) == "AP"  # outlet first
    assert document_date({}) == "" and document_outlet({"outlet": 3}) == ""


def test_with_date_and_outlet_adds_canonical_keys_and_keeps_the_originals():
    meta = {"Published": "March 5, 2024", "Source": "Reuters", "lang": "en"}
    out = with_date_and_outlet(meta)
    assert out == {**meta, "date": "2024-03-05", "outlet": "Reuters"}
    assert "date" not in meta  # the caller's dict is not changed
    # a date already given in the canonical key as a usable value is left as it was
    assert with_date_and_outlet({"date": "2024-01-02"}) == {"date": "2024-01-02"}
    # an unusable date under "date" is kept, not overwritten with nothing
    assert with_date_and_outlet({"date": "soon"}) == {"date": "soon"}
