"""A format's writer as a sink: documents go in one at a time, so an export holds one at a time.

Each format has a ``Sink``: entered, it opens its file(s) under temporary names; ``add``
writes one document; leaving the block without an error puts the files in place and sets
``result`` (the files, with how many documents each holds); leaving it with an error
(a cancel too) removes what it had started, so the target keeps what it had. The old
``write_FORMAT(docs, out)`` functions feed their list through the same sink.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.io.exporting import ExportDoc, Written


class Sink:
    """One export target of one format (``force``: existing files may be replaced)."""

    def __init__(self, out: Path, *, force: bool = False) -> None:
        self.out = out
        self.force = force
        self.count = 0
        self.result: Written | None = None
        self.stack = ExitStack()

    def open(self) -> None:
        """Open the file(s) (under temporary names, in ``self.stack``)."""

    def add(self, item: ExportDoc) -> None:
        raise NotImplementedError

    def close(self) -> Written:
        """Finish the files (still temporary: they are put in place when the stack closes)."""
        from annotator.io.exporting import Written

        return Written([self.out], {self.out: self.count})

    def __enter__(self) -> Sink:
        self.stack.__enter__()
        try:
            self.open()
        except BaseException as exc:
            self.stack.__exit__(type(exc), exc, exc.__traceback__)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if kind is None:
            try:
                result = self.close()
            except BaseException as error:
                self.stack.__exit__(type(error), error, error.__traceback__)
                raise
            self.stack.__exit__(None, None, None)
            self.result = result
            return False
        return bool(self.stack.__exit__(kind, exc, tb))


def write_through(sink: Sink, docs: Iterable[ExportDoc]) -> Written:
    """Feed ``docs`` through ``sink``; the files it wrote."""
    with sink:
        for item in docs:
            sink.add(item)
    assert sink.result is not None
    return sink.result
