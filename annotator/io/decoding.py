"""Turn a file's bytes into text, trying the encodings analysts' files really come in."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from annotator.io.problems import UnreadableFile

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(slots=True, frozen=True)
class Decoded:
    """A file's text and how it was read; ``note`` is set when a fallback was used."""

    text: str
    encoding: str
    note: str | None = None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or ``UnreadableFile`` saying why not."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "is a folder") from None
    except OSError as exc:
        raise UnreadableFile(path, f"cannot be read ({exc.strerror or exc})") from None


def decode(data: bytes, path: Path, *, keep_newlines: bool = False) -> Decoded:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; fall back to cp1252.

    UTF-16 without a BOM is recognised by its NUL bytes all falling on even (big-endian)
    or odd (little-endian) positions, and read with a note. Any other file with NUL
    bytes is refused as binary. Windows line
    endings become ``\\n`` unless ``keep_newlines`` (brat offsets count them).
    """
    decoded: Decoded | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                decoded = Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(path, f"starts with a {encoding} mark but {exc}") from None
            break
    if decoded is None:
        decoded = _utf16_without_bom(data)
    if decoded is None:
        if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
            raise UnreadableFile(path, "is a binary file, not text")
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            text = data.decode("cp1252", errors="replace")
            decoded = Decoded(
                text,
                "cp1252",
                f"not valid UTF-8 (byte {exc.start}); read as Windows-1252 (cp1252)",
            )
    text = decoded.text.lstrip("\ufeff")
    if not keep_newlines and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, decoded.encoding, decoded.note)


def read_text(path: Path, *, keep_newlines: bool = False) -> Decoded:
    """Read and decode a text file (see ``decode``)."""
    return decode(read_bytes(path), path, keep_newlines=keep_newlines)


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """Text in UTF-16 with no byte-order mark, as some Windows tools save it; else None.

    Latin-script text in UTF-16 has a NUL in every other byte: at odd positions for
    little-endian, even for big-endian. It must also decode cleanly.
    """
    head = data[:8192]
    if len(data) % 2 or len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if odd >= pairs * 0.3 and even == 0:
        encoding, order = "utf-16-le", "little-endian"
    elif even >= pairs * 0.3 and odd == 0:
        encoding, order = "utf-16-be", "big-endian"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _looks_binary(text[:4096].encode("utf-8", "replace")):
        return None
    return Decoded(text, encoding, f"UTF-16 ({order}) without a byte-order mark; read as such")


def _looks_binary(head: bytes) -> bool:
    """Control characters other than whitespace are rare in text and common in binaries."""
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05


def storable(name: str) -> str:
    """A file name as text SQLite can hold: bytes that were not UTF-8 become U+FFFD."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in name)
    return name
