from annotator.core.offsets import OffsetMap


def test_offsets_shift_after_astral_characters_only():
    text = "Café 👍 says “no” 🇱🇾 Libya"
    m = OffsetMap(text)
    utf16 = text.encode("utf-16-le")
    for i in range(len(text) + 1):
        j = m.to_utf16(i)
        assert utf16[: j * 2].decode("utf-16-le") == text[:i]
        assert m.from_utf16(j) == i
    plain = OffsetMap("no astral here")
    assert plain.to_utf16(5) == 5 and plain.from_utf16(5) == 5


# -- what the article view draws: core.display ---------------------------------------

import unicodedata  # noqa: E402

import pytest  # noqa: E402

from annotator.core.display import BREAK, LONG_BLOCK, DisplayText, visible  # noqa: E402


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("a\r\nb", "a \nb"),  # Qt merges CRLF into one break: the CR becomes a space
        ("a\rb", "a\nb"),  # a lone CR is a break, one for one
        ("a\r\r\nb", "a\n \nb"),
        ("\ufeffab", "\u2060ab"),  # Qt drops a leading BOM
        ("\ufffeab", "\ufffdab"),  # and a leading reversed BOM
        ("a\x00\x01\x1b\x0b\x0c\x1c\x7fb", "a\u2400\u2401\u241b\u240b\u240c\u241c\u2421b"),
        ("a\x85\x9bb", "a\ufffd\ufffdb"),  # C1 controls
        ("a\ufffc\ufdd0\ufdd1b", "a\ufffd\ufffd\ufffdb"),  # Qt's object and frame markers
        ("a\ud800b", "a\ufffdb"),  # a lone surrogate
        ("a\tb\u2028c\u2029d\u00a0e", "a\tb\u2028c\u2029d\u00a0e"),  # Qt keeps these
        ("e\u0301 \U0001f600 \U0001f1f1\U0001f1fe", "e\u0301 \U0001f600 \U0001f1f1\U0001f1fe"),
    ],
)
def test_each_character_has_a_stand_in_of_its_own_length(stored, shown):
    assert visible(stored) == shown
    assert len(shown) == len(stored) and utf16(shown) == utf16(stored)
    display = DisplayText(stored)
    assert display.text == shown and display.length() == utf16(stored)
    for i in range(len(stored) + 1):
        assert display.to_view(i) == display.to_view_end(i) == utf16(stored[:i])
        assert display.from_view(display.to_view(i)) == i


def test_strict_stand_ins_replace_every_other_unprintable_character():
    stored = "a\u200b\u202e\ufdd5\t\n\u2028 \U000e0001b"
    shown = visible(stored, strict=True)
    assert shown == "a\ufffd\ufffd\ufffd\t\n\u2028 \U000e0001b"
    assert utf16(shown) == utf16(stored)


def blocks(display: DisplayText) -> list[str]:
    return display.text.replace("\n", BREAK).split(BREAK)


def check_breaks(stored: str) -> DisplayText:
    display = DisplayText(stored)
    assert max(len(b) for b in blocks(display)) <= LONG_BLOCK
    # the display is the stand-ins with breaks between characters, nothing else
    assert display.length() == utf16(visible(stored)) + len(display.breaks)
    pieces, last = [], 0
    for cut in display.breaks:
        pieces.append(visible(stored[last:cut]))
        last = cut
    pieces.append(visible(stored[last:]))
    assert display.text == BREAK.join(pieces)
    for cut in display.breaks:
        for i in range(cut - 3, cut + 4):
            assert display.to_view_end(i) <= display.to_view(i)
            assert display.from_view(display.to_view(i)) == i
            assert display.from_view(display.to_view_end(i)) == i
        # a span ending at a break does not cover it; one starting there starts after it
        units = display.text.encode("utf-16-le", "surrogatepass")
        at = display.to_view_end(cut) * 2
        assert units[at : at + 2].decode("utf-16-le") == BREAK
        assert display.to_view(cut) == display.to_view_end(cut) + 1
    return display


def test_a_megabyte_line_is_shown_in_paragraphs_cut_after_spaces():
    stored = "\ufeff" + " ".join(f"w{n}" for n in range(250_000))[:999_000] + "\r\n"
    display = check_breaks(stored)
    assert len(display.breaks) > 300
    assert all(stored[cut - 1] == " " for cut in display.breaks)


def test_text_without_spaces_is_cut_too_but_never_before_a_combining_mark():
    stored = ("e\u0301\U0001f600x" * 3000) + "\n" + "y" * (LONG_BLOCK * 3)
    display = check_breaks(stored)
    assert display.breaks
    assert not any(unicodedata.combining(stored[cut]) for cut in display.breaks)


def test_ordinary_paragraphs_are_not_cut():
    stored = ("A paragraph of news. " * 100 + "\r\n\r\n") * 50
    assert DisplayText(stored).breaks == []


def test_a_text_full_of_control_characters_gets_the_same_stand_ins():
    stored = "\x01a\r\n\ufeff\x85" * 3000  # past the one-by-one path
    assert visible(stored) == "\u2401a \n\u2060\ufffd" * 3000
