"""The keys of the USB package as the sync module sees them (one row, made by migration 008).

The school's signing key is kept here in full only where the OS has no secure keyring
(``sync.keys`` decides); until the database itself is encrypted, that private key is readable by
whoever can read the database file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.core.store.database import write_transaction
from desktop_app.core.store.outbox import utc_now


@dataclass(frozen=True)
class PackageKeys:
    signing_public: str | None = None
    signing_private: str | None = None  # only without a secure keyring
    created_at: str | None = None
    registered_endpoint: str | None = None
    registered_key_id: str | None = None
    registered_at: str | None = None
    server_key_id: str | None = None
    server_public_key: str | None = None
    server_key_source: str | None = None  # the endpoint, or the key file it was read from
    server_key_at: str | None = None


_COLUMNS = tuple(PackageKeys.__dataclass_fields__)


def package_keys(db: Database) -> PackageKeys:
    row = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM package_keys WHERE id = 1").fetchone()
    return PackageKeys(*row) if row else PackageKeys()


def save_signing_key(db: Database, public: str, private: str | None) -> None:
    """A new signing key: the registration of the old one no longer counts."""
    with write_transaction(db):
        db.execute(
            "UPDATE package_keys SET signing_public = ?, signing_private = ?, created_at = ?,"
            " registered_endpoint = NULL, registered_key_id = NULL, registered_at = NULL"
            " WHERE id = 1",
            [public, private, utc_now()],
        )


def save_server_key(db: Database, key_id: str, public_key: str, source: str) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE package_keys SET server_key_id = ?, server_public_key = ?,"
            " server_key_source = ?, server_key_at = ? WHERE id = 1",
            [key_id, public_key, source, utc_now()],
        )


def mark_registered(db: Database, endpoint: str, key_id: str) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE package_keys SET registered_endpoint = ?, registered_key_id = ?,"
            " registered_at = ? WHERE id = 1",
            [endpoint, key_id, utc_now()],
        )
