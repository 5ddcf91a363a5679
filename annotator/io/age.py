"""age v1 files (age-encryption.org/v1): encrypted export archives that a colleague opens
with ``annotator import`` or the ``age`` tool.

An export of an encrypted project is plain text unless ``--encrypt-to`` asks for an
archive (#19). age is a small, documented, offline format with two kinds of
recipient, both supported: a passphrase (scrypt) and an X25519 public key
(``age1…``, made by ``age-keygen``). The payload is ChaCha20-Poly1305 in 64 KiB
chunks; every chunk and the header are authenticated, so a changed byte or a cut
file is refused rather than read. The whole file is held in memory: exports are
read into memory before they are written anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from annotator.io.age_crypto import (
    AuthenticationFailed,
    bech32_decode,
    bech32_encode,
    hkdf,
    open_many,
    open_sealed,
    seal,
    seal_many,
    x25519,
    x25519_base,
)

MAGIC = b"age-encryption.org/v1"
CHUNK = 64 * 1024
#: age's own work factor for passphrases (2**18 scrypt iterations, about a second).
WORK_FACTOR = 18
#: The largest work factor accepted when opening (age allows 22; hashlib caps scrypt's
#: memory at 2 GiB, and 2**20 iterations need 1 GiB).
MAX_WORK_FACTOR = 20
_SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
_X25519_LABEL = b"age-encryption.org/v1/X25519"
_ZERO_NONCE = b"\x00" * 12


class AgeError(Exception):
    """An age file could not be written or opened; the message says why."""


def is_age(head: bytes) -> bool:
    """Whether bytes start like an age file (the armoured form is not read)."""
    return head.startswith(MAGIC + b"\n")


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    if b"=" in text or b"\r" in text:
        raise AgeError("the archive's header is damaged (not age's base64)")
    try:
        return base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except ValueError:
        raise AgeError("the archive's header is damaged (not age's base64)") from None


def _stanza(kind: bytes, args: list[bytes], body: bytes) -> bytes:
    text = _b64(body)
    lines = [text[i : i + 64] for i in range(0, len(text), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append(b"")  # the body ends with a line shorter than 64 columns
    return b" ".join([b"->", kind, *args]) + b"\n" + b"\n".join(lines) + b"\n"


def _scrypt_key(passphrase: str, salt: bytes, work_factor: int) -> bytes:
    n = 1 << work_factor
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=_SCRYPT_LABEL + salt, n=n, r=8, p=1,
        maxmem=min(1024 * n + (1 << 24), 2**31 - 1), dklen=32,
    )  # fmt: skip


def parse_recipient(text: str) -> bytes:
    """The 32-byte X25519 public key of an ``age1…`` recipient; ``AgeError`` if it is not one."""
    decoded = bech32_decode(text.strip())
    if decoded is None or decoded[0] != "age" or len(decoded[1]) != 32:
        raise AgeError(f"{text.strip()!r} is not an age recipient (age1…, from age-keygen)")
    return decoded[1]


def generate_identity() -> tuple[str, str]:
    """A new X25519 key pair as age writes it: (``AGE-SECRET-KEY-1…``, ``age1…``)."""
    secret = os.urandom(32)
    return bech32_encode("age-secret-key-", secret).upper(), bech32_encode(
        "age", x25519_base(secret)
    )


def recipient_of(identity: str) -> str:
    """The ``age1…`` recipient of an ``AGE-SECRET-KEY-1…`` identity."""
    return bech32_encode("age", x25519_base(_identity_secret(identity)))


def read_identities(text: str) -> list[str]:
    """The identities in an age key file (``#`` lines and blank lines skipped)."""
    return [line.strip() for line in text.splitlines() if line.strip()
            and not line.lstrip().startswith("#")]  # fmt: skip


def _identity_secret(identity: str) -> bytes:
    decoded = bech32_decode(identity.strip())
    if decoded is None or decoded[0] != "age-secret-key-" or len(decoded[1]) != 32:
        raise AgeError("the identity is not an age secret key (AGE-SECRET-KEY-1…)")
    return decoded[1]


def encrypt(
    data: bytes,
    *,
    passphrase: str | None = None,
    recipients: list[str] | tuple[str, ...] = (),
    work_factor: int = WORK_FACTOR,
) -> bytes:
    """``data`` as an age file, for a passphrase or for one or more ``age1…`` recipients."""
    if bool(passphrase) == bool(recipients):
        raise AgeError("an archive is encrypted with a passphrase or to recipients, not both")
    file_key = os.urandom(16)
    stanzas = []
    if passphrase:
        salt = os.urandom(16)
        wrapped = seal(_scrypt_key(passphrase, salt, work_factor), _ZERO_NONCE, file_key)
        stanzas.append(_stanza(b"scrypt", [_b64(salt), str(work_factor).encode()], wrapped))
    for text in recipients:
        public = parse_recipient(text)
        ephemeral = os.urandom(32)
        share = x25519_base(ephemeral)
        try:
            shared = x25519(ephemeral, public)  # ValueError: a point of small order
        except ValueError:
            shared = b""
        if not shared.strip(b"\x00"):
            raise AgeError(f"{text.strip()!r} is not a usable age recipient")
        key = hkdf(shared, share + public, _X25519_LABEL)
        stanzas.append(_stanza(b"X25519", [_b64(share)], seal(key, _ZERO_NONCE, file_key)))
    header = MAGIC + b"\n" + b"".join(stanzas) + b"---"
    mac = hmac.new(hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    return header + b" " + _b64(mac) + b"\n" + nonce + _payload(file_key, nonce, data)


#: age chunks encrypted or opened together (1 MiB): one numpy pass for their key streams.
_BATCH = 16


def _chunk_nonce(i: int, last: bool) -> bytes:
    return i.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _payload(file_key: bytes, nonce: bytes, data: bytes) -> bytes:
    key = hkdf(file_key, nonce, b"payload")
    count = max(1, -(-len(data) // CHUNK))
    out = []
    for first in range(0, count, _BATCH):
        ids = range(first, min(first + _BATCH, count))
        nonces = [_chunk_nonce(i, i == count - 1) for i in ids]
        out += seal_many(key, nonces, [data[i * CHUNK : (i + 1) * CHUNK] for i in ids])
    return b"".join(out)


def _read_header(data: bytes) -> tuple[list[tuple[list[bytes], bytes]], bytes, bytes, int]:
    """The stanzas (arguments, body), the MAC'd header, the MAC and where the payload starts."""
    if not is_age(data):
        raise AgeError("it is not an age archive (age-encryption.org/v1)")
    pos = len(MAGIC) + 1
    stanzas: list[tuple[list[bytes], bytes]] = []
    while True:
        end = data.find(b"\n", pos)
        if end < 0:
            raise AgeError("the archive is truncated (its header has no end)")
        line = data[pos:end]
        if line.startswith(b"--- "):
            return stanzas, data[: pos + 3], _unb64(line[4:]), end + 1
        if not line.startswith(b"-> "):
            raise AgeError("the archive's header is damaged")
        args, body = line[3:].split(b" "), b""
        pos = end + 1
        while True:
            end = data.find(b"\n", pos)
            if end < 0 or end - pos > 64:
                raise AgeError("the archive's header is damaged")
            body += data[pos:end]
            short = end - pos < 64
            pos = end + 1
            if short:
                break
        stanzas.append((args, _unb64(body)))


def _unwrap(
    stanzas: list[tuple[list[bytes], bytes]], passphrase: str | None, identities: list[str]
) -> bytes:
    kinds = {args[0] for args, _ in stanzas if args}
    if b"scrypt" in kinds:
        if len(stanzas) != 1:
            raise AgeError("the archive's header is damaged (a passphrase stanza is not alone)")
        if not passphrase:
            raise AgeError("the archive is encrypted with a passphrase, and none was given")
        args, body = stanzas[0]
        if len(args) != 3 or not args[2].isdigit() or not 0 < int(args[2]) <= MAX_WORK_FACTOR:
            raise AgeError("the archive's passphrase stanza is damaged or too costly to open")
        salt = _unb64(args[1])
        try:
            return open_sealed(_scrypt_key(passphrase, salt, int(args[2])), _ZERO_NONCE, body)
        except AuthenticationFailed:
            raise AgeError("the passphrase is wrong") from None
    secrets = [_identity_secret(i) for i in identities]
    if not secrets:
        raise AgeError("the archive is encrypted to a key: give its identity file (--identity)")
    for args, body in stanzas:
        if len(args) != 2 or args[0] != b"X25519":
            continue
        share = _unb64(args[1])
        for secret in secrets:
            try:
                shared = x25519(secret, share)
            except ValueError:  # a share of the wrong size or small order: a damaged file
                raise AgeError("the archive is damaged: an X25519 stanza is not valid") from None
            key = hkdf(shared, share + x25519_base(secret), _X25519_LABEL)
            try:
                return open_sealed(key, _ZERO_NONCE, body)
            except AuthenticationFailed:
                continue
    raise AgeError("no identity given opens the archive (it is encrypted to other keys)")


def decrypt(
    data: bytes, *, passphrase: str | None = None, identities: list[str] | tuple[str, ...] = ()
) -> bytes:
    """The plaintext of an age file; ``AgeError`` (a sentence) if it cannot be opened."""
    stanzas, header, mac, start = _read_header(data)
    file_key = _unwrap(stanzas, passphrase, list(identities))
    want = hmac.new(hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, want):
        raise AgeError("the archive's header is damaged (its MAC does not match)")
    nonce, body = data[start : start + 16], data[start + 16 :]
    if len(nonce) < 16 or not body:
        raise AgeError("the archive is truncated")
    key = hkdf(file_key, nonce, b"payload")
    sealed_size = CHUNK + 16
    count = max(1, -(-len(body) // sealed_size))
    out: list[bytes] = []
    for first in range(0, count, _BATCH):
        ids = range(first, min(first + _BATCH, count))
        nonces = [_chunk_nonce(i, i == count - 1) for i in ids]
        try:
            out += open_many(key, nonces, [body[i * sealed_size : (i + 1) * sealed_size]
                                           for i in ids])  # fmt: skip
        except AuthenticationFailed:
            raise AgeError("the archive is damaged or truncated (a chunk does not check)") from None
    if count > 1 and not out[-1]:
        raise AgeError("the archive is damaged (an empty last chunk)")
    return b"".join(out)
