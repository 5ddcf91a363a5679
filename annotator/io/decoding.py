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


def decode(
    data: bytes, path: Path, *, keep_newlines: bool = False, encoding: str | None = None
) -> Decoded:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; else detect the code page.

    UTF-16 without a BOM is recognised by its NUL bytes all falling on even (big-endian)
    or odd (little-endian) positions, and read with a note. Any other file with NUL
    bytes is refused as binary. Other bytes are given to charset-normalizer (Windows-1256
    and ISO-8859-6 for Arabic, the Cyrillic and Latin code pages), and the note says which
    code page was used and how sure the guess is; ``encoding`` (``--encoding``) overrides
    every guess. Windows line endings become ``\\n`` unless ``keep_newlines`` (brat
    offsets count them).
    """
    if encoding is not None:
        return _finish(_given(data, path, encoding), keep_newlines)
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
            from annotator.io.file_kind import binary_reason  # a project: use merge

            raise UnreadableFile(path, binary_reason(data, path))
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            decoded = _detected(data, exc.start)
    return _finish(decoded, keep_newlines)


def _finish(decoded: Decoded, keep_newlines: bool) -> Decoded:
    """Drop a leading byte-order mark; Windows line endings to ``\\n`` unless kept."""
    text = decoded.text.lstrip("\ufeff")
    if not keep_newlines and "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text, decoded.encoding, decoded.note)


def read_text(path: Path, *, keep_newlines: bool = False, encoding: str | None = None) -> Decoded:
    """Read and decode a text file (see ``decode``)."""
    return decode(read_bytes(path), path, keep_newlines=keep_newlines, encoding=encoding)


def check_encoding(name: str) -> str | None:
    """Why ``name`` is not an encoding Python can read (for ``--encoding``), or None."""
    try:
        codecs.lookup(name)
    except LookupError:
        return f"unknown encoding {name!r}; try e.g. cp1256, iso8859_6, cp1251, koi8_r, cp1250"
    return None


def label(codec: str) -> str:
    """A code page's common name: cp1256 -> Windows-1256, iso8859_6 -> ISO-8859-6."""
    name = codecs.lookup(codec).name
    if name.startswith("cp") and name[2:].isdigit():
        return f"Windows-{name[2:]}" if name[2:].startswith("12") else f"code page {name[2:]}"
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name.split("-", 1)[1]
    if name == "latin-1" or name == "iso8859-1":
        return "ISO-8859-1"
    return name.upper().replace("_", "-")


def _given(data: bytes, path: Path, encoding: str) -> Decoded:
    """The bytes read as the encoding the analyst named, or a sentence saying why not."""
    problem = check_encoding(encoding)
    if problem:
        raise UnreadableFile(path, problem)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1].hex()
        raise UnreadableFile(
            path,
            f"is not {label(encoding)} text (byte {exc.start}: 0x{byte});"
            " try another --encoding, or leave it out to let the import guess",
        ) from None
    name = codecs.lookup(encoding).name
    wide = name.startswith(("utf-16", "utf-32"))
    if wide and data and b"\x00" not in data[:8192] and not data.startswith(_WIDE_BOMS):
        # UTF-16 and UTF-32 text of spaces and newlines has NUL bytes; these bytes have none
        raise UnreadableFile(path, wrong_encoding(data, path, encoding, "has no NUL bytes"))
    return Decoded(text, name, f"read as {label(encoding)} as given")


_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def wrong_encoding(data: bytes, path: Path, encoding: str, why: str) -> str:
    """A sentence for bytes that do not look like the ``--encoding`` given: ``why``, and
    the encoding the import would have guessed, to use instead."""
    try:
        guessed = decode(data, path).encoding
    except UnreadableFile:
        guessed = None
    looks = (
        f"the bytes look like {label(guessed)} ({guessed}): leave out --encoding, or give "
        f"--encoding {guessed}"
        if guessed
        else "leave out --encoding to let the import guess, or name another"
    )
    return f"does not look like {label(encoding)} text as given ({why}); {looks}"


#: Latin code pages that often decode the same bytes alike; Windows-1252 wins a tie.
_WESTERN = "cp1252"


def _detected(data: bytes, bad_byte: int) -> Decoded:
    """Not UTF-8: the code page charset-normalizer finds likeliest, with how sure it is.

    Where several Latin code pages read the bytes equally well, Windows-1252 is
    taken (as before); one that reads them better (Windows-1250 for Croatian) wins.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    if best is None:
        text = data.decode(_WESTERN, errors="replace")
        note = (
            f"not valid UTF-8 (byte {bad_byte}); read as Windows-1252 (cp1252), a guess:"
            " no code page reads it cleanly — give --encoding NAME if the text looks wrong"
        )
        return Decoded(text, _WESTERN, note)
    codec = best.encoding
    if _WESTERN in best.could_be_from_charset:
        codec = _WESTERN
    else:
        western = next((m for m in matches if m.encoding == _WESTERN), None)
        if western is not None and (western.chaos, -western.coherence) <= (
            best.chaos,
            -best.coherence,
        ):
            codec = _WESTERN
    rivals = {m.encoding for m in matches if str(m) != str(best)} - {codec}
    if best.chaos == 0 and best.coherence >= 0.5:
        sure = "sure" if not rivals else "fairly sure"
    else:
        sure = "a guess"
    language = best.language if best.language and best.language != "Unknown" else None
    looks = f", text looks {language}" if language else ""
    note = (
        f"not valid UTF-8 (byte {bad_byte}); read as {label(codec)} ({codec}), {sure}{looks}"
        " — give --encoding NAME if the text looks wrong"
    )
    return Decoded(data.decode(codec, errors="replace"), codec, note)


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
