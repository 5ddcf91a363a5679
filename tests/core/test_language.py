"""Language from the script (then letters or stopwords); direction by the first strong letter."""

from __future__ import annotations

import pytest

from annotator.core.language import detect, is_rtl, name, normalise, right_to_left
from tests.conftest import SAMPLES


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ((SAMPLES / "arabic-harbour.txt").read_text(encoding="utf-8"), "ar"),
        ("گفت که بندر پیشنهادی دریافت نکرده و چنین قراردادی وجود ندارد.", "fa"),
        ("Министерство транспорта заявило, что порт не будет продан.", "ru"),
        ("Міністерство заявило, що порт не буде продано і що їх не питали.", "uk"),
        ("Министарство је саопштило да луку неће продати; ђаци и њихови родитељи.", "sr"),
        ((SAMPLES / "wire-dump.txt").read_text(encoding="utf-8"), "en"),
        ("Le ministère a dit que le port ne sera pas vendu et que la ville est contre.", "fr"),
        ("Lučka uprava je rekla da se gat ne prodaje i da u tome nije bilo pregovora.", "hr"),
        ("Der Hafen wird nicht verkauft, sagte die Behörde, und das ist nicht neu.", "de"),
        ("1234 — 5678", None),
    ],
)
def test_language_from_script_and_letters(text, code):
    assert detect(text) == code


def test_codes_names_and_direction():
    assert normalise("AR") == normalise("ar-SA") == normalise("ar_EG") == "ar"
    assert normalise("Arabic") == "ar"
    assert normalise("klingon") is None and normalise(None) is None
    assert name("ar") == "Arabic (ar)" and is_rtl("ar") and is_rtl("fa") and not is_rtl("en")
    assert right_to_left("«قالت» Elena Varga") and not right_to_left("Elena Varga قالت")
    assert right_to_left("١٢٣ قالت") and not right_to_left("123 said")
