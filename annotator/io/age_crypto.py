"""The primitives of the age v1 format, from the ``cryptography`` package (OpenSSL).

Encrypted export archives (#19) are age files so that a colleague opens them with
the ``age`` tool (or ``rage``) as well as with ``annotator import``. ChaCha20-Poly1305
(RFC 8439), X25519 (RFC 7748) and HKDF-SHA-256 (RFC 5869) come from ``cryptography``,
not from code of ours: an encryption a field laptop relies on should be the audited,
constant-time one. Checked against the RFCs' test vectors and against the real ``age``
tool (tests/io/test_age.py). Imported with the first archive, not at start-up.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


class AuthenticationFailed(Exception):
    """The tag does not match: a wrong key, or changed bytes."""


def chacha20_xor(key: bytes, counter: int, nonce: bytes, data: bytes) -> bytes:
    """ChaCha20 (RFC 8439 2.4) from block ``counter``: the key stream XORed into ``data``."""
    full_nonce = counter.to_bytes(4, "little") + nonce  # OpenSSL takes counter ‖ nonce
    encryptor = Cipher(algorithms.ChaCha20(key, full_nonce), mode=None).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def poly1305(key: bytes, message: bytes) -> bytes:
    """Poly1305 (RFC 8439 2.5): the 16-byte tag of ``message`` under a one-time key."""
    from cryptography.hazmat.primitives.poly1305 import Poly1305

    return Poly1305.generate_tag(key, message)


def seal(key: bytes, nonce: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """ChaCha20-Poly1305 (RFC 8439 2.8): the ciphertext followed by its 16-byte tag."""
    return ChaCha20Poly1305(key).encrypt(nonce, plaintext, aad or None)


def open_sealed(key: bytes, nonce: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
    """The plaintext of ``seal``'s output; ``AuthenticationFailed`` if anything differs."""
    try:
        return ChaCha20Poly1305(key).decrypt(nonce, sealed, aad or None)
    except (InvalidTag, ValueError):
        raise AuthenticationFailed from None


def seal_many(key: bytes, nonces: list[bytes], plaintexts: list[bytes]) -> list[bytes]:
    """``seal`` of each plaintext under its nonce."""
    aead = ChaCha20Poly1305(key)
    return [aead.encrypt(n, p, None) for n, p in zip(nonces, plaintexts, strict=True)]


def open_many(key: bytes, nonces: list[bytes], sealed: list[bytes]) -> list[bytes]:
    """``open_sealed`` of each; ``AuthenticationFailed`` (its ``args[0]``: the index) if one
    does not check."""
    aead = ChaCha20Poly1305(key)
    out = []
    for i, (nonce, item) in enumerate(zip(nonces, sealed, strict=True)):
        try:
            out.append(aead.decrypt(nonce, item, None))
        except (InvalidTag, ValueError):
            raise AuthenticationFailed(i) from None
    return out


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF-SHA-256 (RFC 5869)."""
    return HKDF(hashes.SHA256(), length, salt or None, info).derive(ikm)


def x25519(scalar: bytes, u_bytes: bytes) -> bytes:
    """X25519 (RFC 7748 5): the shared secret of a secret scalar and a public point.

    ``ValueError`` for a point of small order (the all-zero secret), which age refuses too.
    """
    private = X25519PrivateKey.from_private_bytes(scalar)
    return private.exchange(X25519PublicKey.from_public_bytes(u_bytes))


def x25519_base(scalar: bytes) -> bytes:
    """The public key of a 32-byte secret: X25519 with the base point 9."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = X25519PrivateKey.from_private_bytes(scalar).public_key()
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _convert(data: bytes | list[int], frm: int, to: int, pad: bool) -> list[int] | None:
    acc, bits, out = 0, 0, []
    for value in data:
        acc = (acc << frm) | value
        bits += frm
        while bits >= to:
            bits -= to
            out.append((acc >> bits) & ((1 << to) - 1))
    if pad and bits:
        out.append((acc << (to - bits)) & ((1 << to) - 1))
    elif not pad and (bits >= frm or (acc << (to - bits)) & ((1 << to) - 1)):
        return None
    return out


def bech32_encode(hrp: str, data: bytes) -> str:
    """Bech32 (BIP 173) as age writes its keys: ``age1…`` and ``AGE-SECRET-KEY-1…``."""
    words = _convert(data, 8, 5, True) or []
    check = _polymod([*_hrp_expand(hrp), *words, 0, 0, 0, 0, 0, 0]) ^ 1
    words += [(check >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[w] for w in words)


def bech32_decode(text: str) -> tuple[str, bytes] | None:
    """(human-readable part, data) of a Bech32 string (either case), or None if invalid."""
    if text.lower() != text and text.upper() != text:
        return None
    text = text.lower()
    hrp, sep, rest = text.rpartition("1")
    if not sep or not hrp or len(rest) < 6 or any(c not in _BECH32 for c in rest):
        return None
    words = [_BECH32.index(c) for c in rest]
    if _polymod([*_hrp_expand(hrp), *words]) != 1:
        return None
    data = _convert(words[:-6], 5, 8, False)
    return None if data is None else (hrp, bytes(data))
