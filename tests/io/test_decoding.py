import codecs

import pytest

from annotator.io.decoding import read_text
from annotator.io.problems import UnreadableFile

TEXT = "“Quoted,” said Łukasz — café\nline two"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_read_exactly(tmp_path, data, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    decoded = read_text(path)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.note is None


def test_cp1252_fallback_is_reported(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("“Smart quotes” and café".encode("cp1252"))
    decoded = read_text(path)
    assert decoded.text == "“Smart quotes” and café"
    assert decoded.encoding == "cp1252"
    assert "Windows-1252" in decoded.note


def test_crlf_becomes_lf_unless_asked_to_keep(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"one\r\ntwo\r\n")
    assert read_text(path).text == "one\ntwo\n"
    assert read_text(path, keep_newlines=True).text == "one\r\ntwo\r\n"


def test_binary_and_missing_files_are_refused_clearly(tmp_path):
    png = tmp_path / "photo.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UnreadableFile, match="binary"):
        read_text(png)
    with pytest.raises(UnreadableFile, match="no such file"):
        read_text(tmp_path / "gone.txt")
    with pytest.raises(UnreadableFile, match="folder"):
        read_text(tmp_path)
