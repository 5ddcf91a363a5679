"""A spaCy DocBin written in bounded memory, byte for byte what ``DocBin.to_bytes`` gives.

``DocBin`` keeps every document's token array in memory until ``to_bytes`` (~40 KB per
short article with user data): a 100,000-article export needed gigabytes. Its bytes are
``zlib.compress(msgpack({version, attrs, tokens, spaces, lengths, strings, cats, flags,
span_groups, user_data}))``, where each big field is the documents' pieces one after
another. ``DocBinSpool`` lets spaCy's own ``DocBin.add`` make each document's pieces,
moves them at once into one spool file per field (compressed with zlib's fastest level)
and at the end writes the msgpack framing and the spools through one zlib stream, which
gives the same bytes as compressing the whole message at once. What stays in memory is
the set of strings (the vocabulary: it grows with the distinct words, not the articles)
and four bytes per document. With an encrypted archive being made (``CAPTURE``) the spools
stay in memory: no plain byte reaches the disk.
"""

from __future__ import annotations

import io
import struct
import tempfile
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.io.safe_paths import CAPTURE

FIELDS = ("tokens", "spaces", "cats", "flags", "span_groups", "user_data")
#: Bytes moved through zlib at a time when the file is written.
CHUNK = 1 << 20


def bin_header(size: int) -> bytes:
    """msgpack's header of a ``bin`` of ``size`` bytes."""
    if size < 1 << 8:
        return b"\xc4" + struct.pack(">B", size)
    if size < 1 << 16:
        return b"\xc5" + struct.pack(">H", size)
    return b"\xc6" + struct.pack(">I", size)


class _Spool:
    """Bytes appended in order, kept compressed in a temporary file (or memory), read back once."""

    def __init__(self, folder: Path | None) -> None:
        self.file: IO[bytes] = (
            io.BytesIO() if folder is None or CAPTURE.get() is not None
            else tempfile.TemporaryFile(dir=folder, prefix=".annotator-")  # noqa: SIM115
        )  # fmt: skip
        self._zip = zlib.compressobj(1)
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        self.file.write(self._zip.compress(data))

    def chunks(self) -> Iterator[bytes]:
        self.file.write(self._zip.flush())
        self.file.seek(0)
        unzip = zlib.decompressobj()
        while block := self.file.read(CHUNK):
            yield unzip.decompress(block)
        yield unzip.flush()

    def close(self) -> None:
        self.file.close()


class DocBinSpool:
    """``DocBin(store_user_data=True)`` whose documents wait on disk; ``write_to`` writes it."""

    def __init__(self, folder: Path | None = None) -> None:
        from spacy.tokens import DocBin

        self._one = DocBin(store_user_data=True)  # makes each document's pieces, then emptied
        self._spools = {name: _Spool(folder) for name in FIELDS}
        self._lengths = array("i")
        self._strings: set[str] = set()
        self.count = 0

    def add(self, doc: Any) -> None:
        """One document, as ``DocBin.add`` stores it."""
        from srsly import msgpack_dumps

        one = self._one
        one.add(doc)
        tokens = one.tokens.pop()
        self._lengths.append(len(tokens))
        self._spools["tokens"].write(tokens.tobytes("C"))
        self._spools["spaces"].write(one.spaces.pop().tobytes("C"))
        for name in ("cats", "flags", "span_groups", "user_data"):
            self._spools[name].write(msgpack_dumps(getattr(one, name).pop()))
        self._strings |= one.strings
        one.strings.clear()
        self.count += 1

    def write_to(self, fh: IO[bytes]) -> None:
        """The DocBin's bytes, as ``DocBin.to_bytes()`` would give them, into ``fh``."""
        from srsly import msgpack_dumps
        from srsly.msgpack import Packer

        packer = Packer(use_bin_type=True)
        out = zlib.compressobj()

        def put(data: bytes) -> None:
            if data:
                fh.write(out.compress(data))

        def key(name: str) -> None:
            put(msgpack_dumps(name))

        def spool_bin(name: str) -> None:
            key(name)
            put(bin_header(self._spools[name].size))
            for block in self._spools[name].chunks():
                put(block)

        def spool_list(name: str) -> None:
            key(name)
            put(packer.pack_array_header(self.count))
            for block in self._spools[name].chunks():
                put(block)

        put(packer.pack_map_header(10))
        key("version")
        put(msgpack_dumps(self._one.version))
        key("attrs")
        put(msgpack_dumps(self._one.attrs))
        spool_bin("tokens")
        spool_bin("spaces")
        key("lengths")
        put(msgpack_dumps(self._lengths.tobytes()))
        key("strings")
        put(msgpack_dumps(sorted(self._strings)))
        for name in ("cats", "flags", "span_groups", "user_data"):
            spool_list(name)
        fh.write(out.flush())

    def close(self) -> None:
        for spool in self._spools.values():
            spool.close()
