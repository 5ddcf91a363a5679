"""Shared fixtures: a real project file, the shared corpora, and a guard against the network."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANNOTATOR_ANALYST", "tester")  # never ask who is annotating in tests

from annotator.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
SAMPLES = ROOT / "resources" / "samples"


class NetworkAccessError(AssertionError):
    """A test tried to open a network connection."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded(real):  # type: ignore[no-untyped-def]
    def connect(self: socket.socket, address: object):  # type: ignore[no-untyped-def]
        if self.family == socket.AF_UNIX:
            return real(self, address)
        raise NetworkAccessError(
            f"test tried to connect to {address!r}; nothing may use the network"
        )

    return connect


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test that made it."""
    monkeypatch.setattr(socket.socket, "connect", _guarded(_real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded(_real_connect_ex))


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
