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
