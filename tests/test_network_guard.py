"""The network guard: nothing reaches the network; a `loopback` test reaches loopback only."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import NetworkAccessError


@pytest.fixture
def listener() -> Iterator[tuple[str, int]]:
    """A socket listening on 127.0.0.1 (binding is local; only connecting is guarded)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        yield server.getsockname()
    finally:
        server.close()


def test_an_unmarked_test_cannot_connect_even_to_loopback(listener):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect(listener)


@pytest.mark.loopback
def test_a_loopback_test_reaches_127_0_0_1(listener):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect(listener)  # would raise NetworkAccessError without the marker


@pytest.mark.loopback
@pytest.mark.parametrize(
    ("family", "address"),
    [
        (socket.AF_INET, ("10.255.255.1", 8786)),
        (socket.AF_INET, ("0.0.0.0", 8786)),
        (socket.AF_INET, ("127.0.0.2", 8786)),
        (socket.AF_INET, ("localhost", 8786)),  # a name is resolved elsewhere: not a loopback IP
        (socket.AF_INET6, ("2001:db8::1", 8786, 0, 0)),
    ],
)
def test_a_loopback_test_still_cannot_reach_anything_else(family, address):
    with socket.socket(family, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect(address)
    with socket.socket(family, socket.SOCK_DGRAM) as s, pytest.raises(NetworkAccessError):
        s.connect_ex(address)
