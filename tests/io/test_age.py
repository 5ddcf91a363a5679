"""The age v1 format (encrypted export archives, #19): the primitives against their RFC
vectors, round trips, refusals, and the real ``age`` tool both ways when it is installed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from annotator.io import age, age_crypto

LADIES = (
    b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
    b"future, sunscreen would be it."
)


def test_chacha20_rfc8439_2_4_2() -> None:
    key = bytes(range(32))
    nonce = bytes.fromhex("000000000000004a00000000")
    out = age_crypto.chacha20_xor(key, 1, nonce, LADIES)
    assert out[:16].hex() == "6e2e359a2568f98041ba0728dd0d6981"
    assert out[-2:].hex() == "874d"


def test_poly1305_rfc8439_2_5_2() -> None:
    key = bytes.fromhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b")
    tag = age_crypto.poly1305(key, b"Cryptographic Forum Research Group")
    assert tag.hex() == "a8061dc1305136c6c22b8baf0c0127a9"


def test_aead_rfc8439_2_8_2() -> None:
    key = bytes(range(0x80, 0xA0))
    nonce = bytes.fromhex("070000004041424344454647")
    aad = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
    sealed = age_crypto.seal(key, nonce, LADIES, aad)
    assert sealed[:16].hex() == "d31a8d34648e60db7b86afbc53ef7ec2"
    assert sealed[-16:].hex() == "1ae10b594f09e26a7e902ecbd0600691"
    assert age_crypto.open_sealed(key, nonce, sealed, aad) == LADIES
    broken = bytes([sealed[0] ^ 1]) + sealed[1:]
    with pytest.raises(age_crypto.AuthenticationFailed):
        age_crypto.open_sealed(key, nonce, broken, aad)


def test_x25519_rfc7748_6_1() -> None:
    alice = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    bob = bytes.fromhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
    alice_pub = age_crypto.x25519_base(alice)
    assert alice_pub.hex() == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    bob_pub = age_crypto.x25519_base(bob)
    assert bob_pub.hex() == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"
    assert age_crypto.x25519(alice, bob_pub).hex() == shared
    assert age_crypto.x25519(bob, alice_pub).hex() == shared


@pytest.mark.parametrize("size", [0, 1, 64 * 1024, 64 * 1024 + 1, 200_000])
def test_passphrase_round_trip(size: int) -> None:
    data = bytes((i * 7) % 251 for i in range(size))
    sealed = age.encrypt(data, passphrase="correct horse", work_factor=10)
    assert sealed.startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert age.decrypt(sealed, passphrase="correct horse") == data


def test_wrong_passphrase_and_tampering_are_sentences() -> None:
    sealed = age.encrypt(b"the harbour closed", passphrase="one", work_factor=10)
    with pytest.raises(age.AgeError, match="passphrase is wrong"):
        age.decrypt(sealed, passphrase="two")
    cut = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(age.AgeError, match="damaged"):
        age.decrypt(cut, passphrase="one")
    with pytest.raises(age.AgeError, match="not an age"):
        age.decrypt(b"plain text", passphrase="one")
    with pytest.raises(age.AgeError, match=r"truncated|damaged"):
        age.decrypt(sealed[: len(sealed) - 5], passphrase="one")


def test_recipient_round_trip_and_plaintext_never_in_the_archive() -> None:
    identity, recipient = age.generate_identity()
    assert recipient.startswith("age1") and identity.startswith("AGE-SECRET-KEY-1")
    sealed = age.encrypt(b"Varga said the harbour", recipients=[recipient])
    assert b"harbour" not in sealed and b"Varga" not in sealed
    assert age.decrypt(sealed, identities=[identity]) == b"Varga said the harbour"
    other, _ = age.generate_identity()
    with pytest.raises(age.AgeError, match="no identity"):
        age.decrypt(sealed, identities=[other])
    with pytest.raises(age.AgeError, match="not an age recipient"):
        age.encrypt(b"x", recipients=["age1notakey"])


AGE = shutil.which("age")


@pytest.mark.skipif(AGE is None, reason="the age command is not installed (apt install age)")
def test_the_age_tool_opens_ours_and_we_open_its(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # ours -> age -d, with a recipient key (the passphrase path needs a terminal for age)
    identity, recipient = age.generate_identity()
    keyfile = tmp_path / "key.txt"
    keyfile.write_text(identity + "\n")
    ours = tmp_path / "ours.age"
    ours.write_bytes(age.encrypt(LADIES * 2000, recipients=[recipient]))
    out = subprocess.run(
        [AGE, "-d", "-i", str(keyfile), str(ours)], capture_output=True, check=True
    )
    assert out.stdout == LADIES * 2000
    # age -r -> ours
    theirs = subprocess.run(
        [AGE, "-r", recipient], input=LADIES, capture_output=True, check=True
    ).stdout
    assert age.decrypt(theirs, identities=[identity]) == LADIES
    # age-keygen's identity, read from its file as age writes it
    keygen = shutil.which("age-keygen")
    if keygen:
        made = subprocess.run([keygen], capture_output=True, check=True, text=True).stdout
        theirs_id = age.read_identities(made)
        their_recipient = age.recipient_of(theirs_id[0])
        sealed = subprocess.run(
            [AGE, "-r", their_recipient], input=b"x" * 70_000, capture_output=True, check=True
        ).stdout
        assert age.decrypt(sealed, identities=theirs_id) == b"x" * 70_000


def _age_with_terminal(args: list[str], passphrase: str, timeout: float = 30.0) -> int:
    """Run ``age`` on a pseudo-terminal (it reads passphrases only from one) and type."""
    import os
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: age, its terminal the pty
        os.execv(args[0], args)
    deadline = time.monotonic() + timeout
    seen = b""
    typed = 0
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 1024)
            except OSError:  # the child closed the terminal: it has ended
                return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            if not chunk:
                return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            seen += chunk
            if seen.lower().count(b"passphrase") > typed:
                os.write(fd, passphrase.encode() + b"\r")
                typed += 1
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    raise AssertionError(f"age did not finish: {seen!r}")


@pytest.mark.skipif(AGE is None, reason="the age command is not installed (apt install age)")
def test_the_age_tool_opens_a_passphrase_archive_and_we_open_its(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ours = tmp_path / "ours.age"
    ours.write_bytes(age.encrypt(LADIES * 1000, passphrase="field laptop 7"))
    out = tmp_path / "out.txt"
    assert _age_with_terminal([AGE, "-d", "-o", str(out), str(ours)], "field laptop 7") == 0
    assert out.read_bytes() == LADIES * 1000
    plain = tmp_path / "plain.txt"
    plain.write_bytes(LADIES)
    theirs = tmp_path / "theirs.age"
    assert _age_with_terminal([AGE, "-p", "-o", str(theirs), str(plain)], "from age") == 0
    assert age.decrypt(theirs.read_bytes(), passphrase="from age") == LADIES
