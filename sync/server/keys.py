"""The keys of the sealed USB package (``sync.sealing``).

- The server's X25519 key pair, made on first start: the private key in ``package-key.pem``
  (mode 0600) in the data folder, beside the database; its public key is published
  (``GET /api/v1/server-key``) and schools encrypt their packages to it.
- Each school's Ed25519 public key, which signs its packages: registered by the school's client
  after login (``POST /api/v1/keys``), or by the district operator from what a school that has
  never been online gives on paper or a file (``songmay-server register-key``). A new key
  replaces the old one; every registration is kept in ``key_registrations`` and logged.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.sealing import decode_key, encode_key, fingerprint, key_id, public_raw
from sync.server.auth import check_code, school_exists
from sync.server.errors import BadRequest, NotFound, ServerError
from sync.server.store import Connection, Store, utc_now

KEY_FILENAME = "package-key.pem"
MAX_CLIENT_ID_LENGTH = 128

log = logging.getLogger("sync.server.keys")


class KeyFileError(ServerError):
    status, exit_code, code = 500, 1, "server_key_unreadable"


def server_key(data_dir: Path) -> X25519PrivateKey:
    """The server's package key, made (0600) the first time."""
    path = Path(data_dir) / KEY_FILENAME
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    key = X25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd, temp = tempfile.mkstemp(prefix=f".{KEY_FILENAME}.", dir=path.parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            return _read_key(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    log.info("made the server's package key %s in %s", key_id(public_raw(key)), path)
    return key


def _read_key(path: Path) -> X25519PrivateKey:
    data = path.read_bytes()
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError as exc:
        raise KeyFileError(
            f"Tệp khóa của máy chủ {path} bị hỏng: không mở được gói dữ liệu nào. Hãy chép lại "
            "tệp từ bản sao lưu. / The server's package key file is damaged."
        ) from exc
    if not isinstance(key, X25519PrivateKey):
        raise KeyFileError(f"Tệp {path} không phải khóa X25519. / Not an X25519 key.")
    return key


@dataclass(frozen=True)
class PublicKey:
    key_id: str
    public_key: str

    def as_dict(self) -> dict[str, str]:
        return {"key_id": self.key_id, "public_key": self.public_key}


def server_public_key(store: Store) -> PublicKey:
    raw = public_raw(server_key(store.data_dir))
    return PublicKey(key_id(raw), encode_key(raw))


@dataclass(frozen=True)
class Registered:
    school_code: str
    key_id: str
    fingerprint: str
    replaced: bool

    def as_dict(self) -> dict[str, object]:
        return {"school_code": self.school_code, "key_id": self.key_id,
                "fingerprint": self.fingerprint, "replaced": self.replaced}  # fmt: skip


def check_public_key(public_key: str) -> bytes:
    """A school's public key as ``songmay sync show-key`` prints it → its 32 raw bytes."""
    try:
        return decode_key(public_key)
    except ValueError:
        raise BadRequest(
            "Khóa công khai của trường không hợp lệ (cần 32 byte, mã hóa base64, như lệnh "
            "songmay sync show-key in ra). / The school's public key is not valid.",
            code="invalid_key",
        ) from None


def register_school_key(
    store: Store,
    school_code: str,
    public_key: str,
    *,
    client_id: str | None,
    source: str,
    registered_by: str,
) -> Registered:
    """Keep ``public_key`` as the school's package signing key (replacing any other)."""
    code = check_code(school_code)
    raw = check_public_key(public_key)
    if client_id is not None and not (0 < len(client_id) <= MAX_CLIENT_ID_LENGTH):
        raise BadRequest("Mã máy (client_id) không hợp lệ.", code="invalid_client_id")
    ident = key_id(raw)
    now = utc_now()
    with store.transaction() as conn:
        if not school_exists(conn, code):
            raise NotFound(
                f"Trường {code} chưa có trên máy chủ: hãy thêm trường trước (add-school).",
                code="school_unknown",
            )
        row = conn.execute(
            "SELECT key_id FROM school_keys WHERE school_code = ?", (code,)
        ).fetchone()
        previous = row["key_id"] if row else None
        conn.execute(
            "INSERT INTO school_keys (school_code, public_key, key_id, client_id, source,"
            " registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (school_code) DO UPDATE SET public_key = excluded.public_key,"
            " key_id = excluded.key_id, client_id = excluded.client_id,"
            " source = excluded.source, registered_by = excluded.registered_by,"
            " registered_at = excluded.registered_at",
            (code, encode_key(raw), ident, client_id, source, registered_by, now),
        )
        conn.execute(
            "INSERT INTO key_registrations (school_code, key_id, previous_key_id, client_id,"
            " source, registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (code, ident, previous, client_id, source, registered_by, now),
        )
    replaced = previous is not None and previous != ident
    log.info("school %s registered package key %s (%s, by %s%s)", code, ident, source,
             registered_by, f", replacing {previous}" if replaced else "")  # fmt: skip
    return Registered(code, ident, fingerprint(raw), replaced)


@dataclass(frozen=True)
class SchoolKey:
    school_code: str
    raw: bytes
    key_id: str
    client_id: str | None


def school_key(conn: Connection, school_code: str) -> SchoolKey | None:
    row = conn.execute(
        "SELECT school_code, public_key, key_id, client_id FROM school_keys WHERE school_code = ?",
        (school_code,),
    ).fetchone()
    return _school_key(row) if row else None


def schools_with_key(conn: Connection, ident: str) -> list[SchoolKey]:
    """The schools whose registered key has this id (to name who really signed a package)."""
    rows = conn.execute(
        "SELECT school_code, public_key, key_id, client_id FROM school_keys WHERE key_id = ?",
        (ident,),
    ).fetchall()
    return [_school_key(row) for row in rows]


def _school_key(row: Any) -> SchoolKey:
    return SchoolKey(row["school_code"], decode_key(row["public_key"]), row["key_id"],
                     row["client_id"])  # fmt: skip
