"""Shared fixtures: a real project file, the shared corpora, and a guard against the network."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_ANALYST", "tester")  # never ask who is annotating in tests

from annotator.core.commands import (
    AddRelation,
    AddSpan,
    SetSpanAttribute,
    SetStatus,
)
from annotator.core.history import History
from annotator.core.model import ParsedDocument, Relation, Span
from annotator.io.importer import import_paths
from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
SAMPLES = ROOT / "resources" / "samples"


class NetworkAccessError(AssertionError):
    """A test tried to open a network connection."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


LOOPBACK = frozenset({"127.0.0.1", "::1"})


def _guarded(real, loopback: bool = False):  # type: ignore[no-untyped-def]
    def connect(self: socket.socket, address: object):  # type: ignore[no-untyped-def]
        if self.family == socket.AF_UNIX:
            return real(self, address)
        if loopback and isinstance(address, tuple) and address[0] in LOOPBACK:
            return real(self, address)  # a local Dask cluster, in a test marked `loopback`
        raise NetworkAccessError(
            f"test tried to connect to {address!r}; nothing may use the network"
        )

    return connect


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "loopback: may connect to 127.0.0.1 and ::1 (nothing else)")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Any attempt to open a network connection fails the test that made it (loopback aside,
    for a test marked ``loopback``: a local Dask cluster)."""
    loopback = request.node.get_closest_marker("loopback") is not None
    monkeypatch.setattr(socket.socket, "connect", _guarded(_real_connect, loopback))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(_real_connect_ex, loopback))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh project file on disk."""
    with Store(tmp_path / "project.db") as s:
        yield s


def corpus(name: str) -> Path:
    """A folder of ../shared/corpora, or skip the test where the corpora are absent."""
    path = CORPORA / name
    if not path.exists():
        pytest.skip(f"shared corpus {name!r} not found at {path} (absent on a bare clone)")
    return path


# curly quotes, accents, an emoji (two UTF-16 units), a flag (two code points), combining marks
TEXT = (
    "Café owner Zoë Ångström 👍 said “the café was closed” 🇱🇾 on Monday.\n\n"
    "The mayor, Jose\u0301 Nu\u0303nez, denied it."
)


def _label(store, history, doc_id, words, label, occurrence=0, **attributes):
    text = store.document(doc_id).text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    cmd = history.push(AddSpan(doc_id, Span(label, start, start + len(words), annotator="ana")))
    for name, value in attributes.items():
        history.push(SetSpanAttribute(doc_id, cmd.span.id, name, value))
    return cmd.span.id


@pytest.fixture
def annotated(store):
    """The samples plus a non-ASCII article, with spans, attributes and stances, all done."""
    import_paths(store, [SAMPLES / "wire-dump.txt"])
    store.add_documents([ParsedDocument(text=TEXT, title="Café", meta={"lang": "en"})])
    history = History(store)
    ids = store.document_ids()
    cafe = ids[-1]
    source = _label(
        store, history, cafe, "Café owner Zoë Ångström", "SOURCE", source_type="named_person"
    )
    cue = _label(store, history, cafe, "said", "CUE")
    claim = _label(store, history, cafe, "the café was closed", "CLAIM", quote_type="direct")
    mayor = _label(store, history, cafe, "The mayor, Jose\u0301 Nu\u0303nez", "SOURCE")
    denied = _label(store, history, cafe, "denied", "CUE")
    history.push(AddRelation(cafe, Relation("support", source, claim, cue, annotator="ana")))
    history.push(AddRelation(cafe, Relation("deny", mayor, claim, denied, annotator="ana")))
    first = ids[0]
    gazette = _label(store, history, first, "The Coastal Gazette", "SOURCE")
    reported = _label(store, history, first, "had reported", "CUE")
    deal = _label(store, history, first, "officials were close to signing an agreement", "CLAIM")
    history.push(AddRelation(first, Relation("support", gazette, deal, reported, annotator="ana")))
    for doc_id in ids:
        history.push(SetStatus(doc_id, "done"))
    return store
