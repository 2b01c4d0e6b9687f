"""The school's keys for the USB package (``sync.sealing``).

- The signing key (Ed25519), made once per school database. Its private half is a secret: in the
  OS keyring where there is a secure one (like the sync password, ``sync.credentials``), else in
  the database (``desktop_app.core.store.package_keys``). Its public half is registered with the
  server after each login that has not registered it yet, or given to the district on paper or a
  file (``songmay sync show-key``: the key and a short fingerprint to compare).
- The district server's public key (X25519), fetched at login, or read from a file the district
  gives (``songmay-server server-key``); without it no package can be written.
"""

from __future__ import annotations

import base64
import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlite_utils import Database

from desktop_app.core.messages import msg
from desktop_app.core.store.outbox import sync_state
from desktop_app.core.store.package_keys import (
    mark_registered,
    package_keys,
    save_server_key,
    save_signing_key,
)
from sync import protocol
from sync.credentials import Credentials
from sync.errors import BadSetting, SyncError
from sync.sealing import decode_key, encode_key, fingerprint, key_id, public_raw

SERVICE = "songmay-package-key"


class ServerKeyMissing(SyncError):
    code = "server_key_missing"

    def __init__(self) -> None:
        super().__init__(msg("sync.package.no_server_key"))


class SigningKeyring(Credentials):
    """The school's private signing key in the OS keyring, under the database's client id."""

    def __init__(self, service: str = SERVICE) -> None:
        super().__init__(service)


@dataclass(frozen=True)
class SchoolKey:
    private: Ed25519PrivateKey

    @property
    def raw(self) -> bytes:
        return public_raw(self.private)

    @property
    def public_key(self) -> str:
        return encode_key(self.raw)

    @property
    def key_id(self) -> str:
        return key_id(self.raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.raw)


def school_key(db: Database, secrets: SigningKeyring | None = None) -> SchoolKey:
    """The school's signing key, made the first time (kept in the keyring where secure)."""
    secrets = secrets or SigningKeyring()
    entry = sync_state(db).client_id
    kept = package_keys(db)
    if kept.signing_public:
        private = kept.signing_private or secrets.get(entry)
        if private:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(private))
            if encode_key(public_raw(key)) == kept.signing_public:
                return SchoolKey(key)
    # None yet, or its private half lost (another Windows profile): a new one, to register again.
    key = Ed25519PrivateKey.generate()
    private_text = encode_key(key.private_bytes_raw())
    in_keyring = secrets.set(entry, private_text)
    save_signing_key(db, encode_key(public_raw(key)), None if in_keyring else private_text)
    return SchoolKey(key)


class Caller(Protocol):
    """What :func:`exchange_keys` needs of the sync client: an authorised JSON request, and
    one without login (the server key is public)."""

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]: ...

    def call_public(self, method: str, path: str) -> dict[str, Any]: ...


def exchange_keys(
    db: Database, caller: Caller, endpoint: str, secrets: SigningKeyring | None = None
) -> None:
    """Fetch and keep the server's key; register the school's key unless this server has it."""
    answer = caller.call_public("GET", protocol.SERVER_KEY_PATH)
    accept_server_key(db, answer, source=endpoint)
    key = school_key(db, secrets)
    kept = package_keys(db)
    if kept.registered_endpoint == endpoint and kept.registered_key_id == key.key_id:
        return
    body = {"public_key": key.public_key, "client_id": sync_state(db).client_id}
    caller.call("POST", protocol.KEYS_PATH, json_body=body)
    mark_registered(db, endpoint, key.key_id)


def accept_server_key(db: Database, answer: object, *, source: str) -> str:
    """Keep the server key of a ``GET /server-key`` answer (or its file); its key id."""
    if not isinstance(answer, dict):
        raise BadSetting.of("sync.package.bad_server_key", source=source)
    try:
        raw = decode_key(str(answer.get("public_key")))
    except ValueError:
        raise BadSetting.of("sync.package.bad_server_key", source=source) from None
    if answer.get("key_id") not in (None, key_id(raw)):
        raise BadSetting.of("sync.package.bad_server_key", source=source)
    save_server_key(db, key_id(raw), encode_key(raw), source)
    return key_id(raw)


def read_server_key_file(db: Database, path: Path) -> str:
    """A server key file the district gave (``songmay-server server-key --output``)."""
    try:
        answer = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BadSetting.of("sync.package.bad_server_key", source=str(path)) from None
    return accept_server_key(db, answer, source=str(path))


def server_key(db: Database) -> bytes:
    """The district server's public key (raw); ServerKeyMissing if never received."""
    kept = package_keys(db)
    if not kept.server_public_key:
        raise ServerKeyMissing()
    with contextlib.suppress(ValueError):
        return decode_key(kept.server_public_key)
    raise ServerKeyMissing()
