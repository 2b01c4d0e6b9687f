"""The sealed USB package (format v2): the zip of v1, encrypted to the district server's key and
signed by the school's key. Shared by the client (sealing) and the server (opening); it imports
nothing of the desktop application.

    MAGIC                      b"SONGMAY-PACKAGE\\n" (16 bytes)
    header length              4 bytes, big-endian
    header                     canonical JSON: {format, version, school_code, client_id,
                               school_key_id, server_key_id, created_at, ephemeral_key, nonce,
                               ciphertext_sha256, ciphertext_bytes}
    signature                  64 bytes: Ed25519 by the school over MAGIC + length + header
    ciphertext                 AES-256-GCM of the zip

Encryption is ECIES: a fresh X25519 key pair per package, its shared secret with the server's
X25519 key through HKDF-SHA256 (salt: both public keys) gives the AES-256-GCM key; the GCM
associated data is the header's addressing fields. (HPKE would do the same; it needs a newer
``cryptography`` than the project requires.) The header names the ciphertext's hash, so the
signature covers every byte of the file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.protocol import PACKAGE_FORMAT, PACKAGE_VERSION, canonical_json

MAGIC = b"SONGMAY-PACKAGE\n"
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 64 * 1024
_HKDF_INFO = b"songmay-package v2 aes-256-gcm"
# The header's fields the AES-GCM tag binds to the ciphertext (the rest describe the ciphertext).
_ADDRESS = ("format", "version", "school_code", "client_id", "school_key_id", "server_key_id",
            "created_at")  # fmt: skip
HEADER_FIELDS = (*_ADDRESS, "ephemeral_key", "nonce", "ciphertext_sha256", "ciphertext_bytes")


class SealError(ValueError):
    """A sealed package that cannot be read, verified or opened; ``code`` says which check."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_key(text: str) -> bytes:
    """A public key as written by :func:`encode_key` (32 raw bytes, base64); ValueError else."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
    if len(raw) != 32:
        raise ValueError("not a 32-byte key")
    return raw


def key_id(raw: bytes) -> str:
    """A public key's short name: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(raw).hexdigest()[:16]


def fingerprint(raw: bytes) -> str:
    """The key id as people compare it aloud or on paper: ``1A2B-3C4D-5E6F-7081``."""
    ident = key_id(raw).upper()
    return "-".join(ident[i : i + 4] for i in range(0, len(ident), 4))


def public_raw(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


@dataclass(frozen=True)
class Sealed:
    """A package file split into its parts (nothing verified yet)."""

    header: dict[str, Any]
    signed: bytes  # MAGIC + length + header: what the signature covers
    signature: bytes
    ciphertext: bytes


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _derive(shared: bytes, ephemeral: bytes, server: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + server, info=_HKDF_INFO
    ).derive(shared)


def seal(
    payload: bytes,
    *,
    school_code: str,
    client_id: str,
    created_at: str,
    signing_key: Ed25519PrivateKey,
    server_key: bytes,
) -> bytes:
    """``payload`` encrypted to the server's X25519 public key ``server_key`` (raw) and signed."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = public_raw(ephemeral)
    secret = ephemeral.exchange(X25519PublicKey.from_public_bytes(server_key))
    header: dict[str, Any] = {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "school_code": school_code,
        "client_id": client_id,
        "school_key_id": key_id(public_raw(signing_key)),
        "server_key_id": key_id(server_key),
        "created_at": created_at,
    }
    nonce = os.urandom(12)
    aad = canonical_json(header)
    ciphertext = AESGCM(_derive(secret, ephemeral_raw, server_key)).encrypt(nonce, payload, aad)
    header |= {
        "ephemeral_key": encode_key(ephemeral_raw),
        "nonce": encode_key(nonce),
        "ciphertext_sha256": hashlib.sha256(ciphertext).hexdigest(),
        "ciphertext_bytes": len(ciphertext),
    }
    header_bytes = canonical_json(header)
    signed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    return signed + signing_key.sign(signed) + ciphertext


def split(data: bytes) -> Sealed:
    """The parts of a sealed package; SealError("malformed") when it is not one."""
    if not is_sealed(data):
        raise SealError("not_sealed")
    start = len(MAGIC) + 4
    if len(data) < start:
        raise SealError("malformed", "truncated")
    (length,) = struct.unpack(">I", data[len(MAGIC) : start])
    if length > MAX_HEADER_BYTES or len(data) < start + length + SIGNATURE_BYTES:
        raise SealError("malformed", "truncated header")
    header_bytes = data[start : start + length]
    try:
        header = json.loads(header_bytes)
    except ValueError as exc:
        raise SealError("malformed", "header is not JSON") from exc
    if not isinstance(header, dict) or set(header) != set(HEADER_FIELDS):
        raise SealError("malformed", "header fields")
    for name in HEADER_FIELDS:
        expected = int if name in ("version", "ciphertext_bytes") else str
        if not isinstance(header[name], expected) or isinstance(header[name], bool):
            raise SealError("malformed", f"header field {name}")
    end = start + length
    return Sealed(header, data[:end], data[end : end + SIGNATURE_BYTES],
                  data[end + SIGNATURE_BYTES :])  # fmt: skip


def verify(sealed: Sealed, school_key: bytes) -> bool:
    """Whether the school's Ed25519 public key ``school_key`` (raw) signed this package."""
    try:
        Ed25519PublicKey.from_public_bytes(school_key).verify(sealed.signature, sealed.signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def open_sealed(sealed: Sealed, server_key: X25519PrivateKey) -> bytes:
    """The payload; SealError("tampered") if the ciphertext is not what was signed and sealed."""
    header = sealed.header
    digest = hashlib.sha256(sealed.ciphertext).hexdigest()
    if len(sealed.ciphertext) != header["ciphertext_bytes"] or not hmac.compare_digest(
        digest, header["ciphertext_sha256"]
    ):
        raise SealError("tampered", "ciphertext hash")
    try:
        ephemeral = decode_key(header["ephemeral_key"])
        nonce = base64.b64decode(header["nonce"], validate=True)
        secret = server_key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        key = _derive(secret, ephemeral, public_raw(server_key))
        aad = canonical_json({name: header[name] for name in _ADDRESS})
        return AESGCM(key).decrypt(nonce, sealed.ciphertext, aad)
    except (InvalidTag, ValueError) as exc:
        raise SealError("tampered", "decryption") from exc
