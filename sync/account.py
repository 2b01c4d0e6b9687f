"""The sync account: endpoint, school code and username in the database (sync_state); the password
only in the OS keyring, or asked each time where there is no secure one."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlite_utils import Database

from desktop_app.core.store.outbox import save_account, sync_state
from sync.credentials import Credentials, account_key
from sync.errors import BadSetting, NotLoggedIn, PasswordMissing

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

PasswordProvider = Callable[[], str]


@dataclass(frozen=True)
class Account:
    endpoint: str
    school_code: str
    username: str
    ca_bundle: str | None = None

    @property
    def key(self) -> str:
        return account_key(self.endpoint, self.school_code, self.username)


def check_endpoint(url: str) -> str:
    """The endpoint, normalised; https is required except on this machine (a district office's
    test server, the tests)."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadSetting.of("sync.endpoint.invalid", url=url)
    if parts.username or parts.password:
        raise BadSetting.of("sync.endpoint.credentials")
    if parts.query or parts.fragment:
        raise BadSetting.of("sync.endpoint.query", url=url)
    if parts.scheme == "http" and not _loopback(parts.hostname):
        raise BadSetting.of("sync.endpoint.https")
    return text


def _loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_ca_bundle(path: str | None) -> str | None:
    if path is None:
        return None
    bundle = Path(path).expanduser()
    if not bundle.is_file():
        raise BadSetting.of("sync.ca_bundle.missing", path=str(bundle))
    return str(bundle.resolve())


def make_account(
    endpoint: str, school_code: str, username: str, ca_bundle: str | None = None
) -> Account:
    school, user = school_code.strip(), username.strip()
    if not school or not user:
        raise BadSetting.of("sync.account.incomplete")
    return Account(check_endpoint(endpoint), school, user, check_ca_bundle(ca_bundle))


def load_account(db: Database) -> Account:
    state = sync_state(db)
    if not (state.endpoint and state.school_code and state.username):
        raise NotLoggedIn()
    return Account(state.endpoint, state.school_code, state.username, state.ca_bundle)


def store_account(db: Database, account: Account, password: str, credentials: Credentials) -> bool:
    """Keep the account (in the database) and the password (in the keyring only). False when the
    password could not be kept securely and will be asked each time."""
    save_account(db, account.endpoint, account.school_code, account.username, account.ca_bundle)
    return credentials.set(account.key, password)


def keyring_password(account: Account, credentials: Credentials) -> PasswordProvider:
    """A provider reading the keyring when asked (the password is not held longer than needed)."""

    def provide() -> str:
        password = credentials.get(account.key)
        if not password:
            raise PasswordMissing.of("sync.password.not_stored")
        return password

    return provide
