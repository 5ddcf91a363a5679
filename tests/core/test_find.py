"""Find in an article: matches are stored ranges, whatever case, harakat or tatweel."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.find import TextFinder, fold


def test_a_match_after_a_dotted_capital_i_is_the_stored_word():
    # "İ".lower() is two characters: str.lower().find put every later match one to the left
    text = "İstanbul and Izmir: the mayor denied it."
    start, end = TextFinder(text).find("mayor")
    assert text[start:end] == "mayor"
    start, end = TextFinder(text).find("istanbul")
    assert text[start:end] == "İstanbul"


def test_arabic_search_without_harakat_finds_the_written_word_with_them():
    text = "قالت: «لا توجد أيُّ صفقة، والرصيف مُخصَّص للعبّارات.»"
    start, end = TextFinder(text).find("اي صفقة")
    assert text[start:end] == "أيُّ صفقة"
    start, end = TextFinder(text).find("مخصص")
    assert text[start:end] == "مُخصَّص"  # the marks after the last letter come with it


def test_tatweel_is_not_typed():
    text = "نفت سلطـــة الميناء"
    start, end = TextFinder(text).find("سلطة")
    assert text[start:end] == "سلطـــة"


def test_search_starts_at_the_cursor_and_wraps():
    text = "said, said, said"
    finder = TextFinder(text)
    assert finder.find("said", 1) == (6, 10)
    assert finder.find("said", 13) == (0, 4)
    assert finder.find("denied") is None
    assert finder.find("") is None


@given(st.text(max_size=60), st.integers(0, 59), st.integers(1, 8))
def test_every_match_folds_to_the_needle(text, at, length):
    needle = text[at : at + length]
    found = TextFinder(text).find(needle)
    if not fold(needle):
        assert found is None
        return
    assert found is not None
    start, end = found
    assert 0 <= start < end <= len(text)
    assert fold(needle) in fold(text[start:end])
