"""The staff who use this PC and their optional PIN (who is working now: ``store.session``)."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.errors import SongMayError
from desktop_app.core.ids import uuid7
from desktop_app.core.store import driver
from desktop_app.core.store.changes import utc_now
from desktop_app.core.store.session import default_actor

# The text module (its tables and patterns) is loaded by the functions that spell names.

ROLES = ("principal", "clerk", "accountant", "teacher", "other")
PIN_MIN, PIN_MAX = 4, 12
MAX_FAILURES = 5  # then each further try waits FAILURE_DELAY_S
FAILURE_DELAY_S = 30.0
# scrypt at 2^15 × 8 (32 MB, ~0.1 s): a stolen database file gives no PIN for free; a short PIN
# stays guessable offline, which is why the database itself is what must be protected.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1


class UserError(SongMayError):
    code = "user_error"


@dataclass(frozen=True)
class User:
    id: str
    display_name: str
    role: str
    has_pin: bool
    active: bool


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex): never the PIN itself."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, maxmem=64 * 1024 * 1024
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        found = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
            maxmem=64 * 1024 * 1024,
        )  # fmt: skip
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def check_pin(pin: str) -> None:
    """A PIN is 4 to 12 digits (typed on any keyboard, remembered by a clerk)."""
    if not (pin.isdigit() and pin.isascii() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise UserError.of("users.pin_invalid", code="pin_invalid", low=PIN_MIN, high=PIN_MAX)


def _row(row: sqlite3.Row | tuple[Any, ...]) -> User:
    return User(row[0], row[1], row[2], bool(row[3]), bool(row[4]))


_COLUMNS = "id, display_name, role, pin_hash IS NOT NULL, active"


def list_users(conn: sqlite3.Connection, *, include_inactive: bool = False) -> list[User]:
    where = "" if include_inactive else "WHERE active = 1"
    rows = conn.execute(f"SELECT {_COLUMNS} FROM users {where} ORDER BY display_name").fetchall()
    return [_row(row) for row in rows]


def get_user(conn: sqlite3.Connection, user_id: str) -> User:
    row = conn.execute(f"SELECT {_COLUMNS} FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None:
        raise UserError.of("users.not_found", code="user_not_found")
    return _row(row)


def find_user(conn: sqlite3.Connection, name: str) -> User | None:
    """The active user called ``name`` (case and accents ignored), if any."""
    from desktop_app.core.text import search_key

    row = conn.execute(
        f"SELECT {_COLUMNS} FROM users WHERE name_key = ? AND active = 1", [search_key(name)]
    ).fetchone()
    return None if row is None else _row(row)


def _clean_name(name: str) -> str:
    from desktop_app.core.text import clean_text

    name = clean_text(name)
    if not name:
        raise UserError.of("users.name_required", code="name_required")
    return name


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError.of("users.role_invalid", code="role_invalid", role=role)


def _write(conn: sqlite3.Connection, sql: str, params: list[Any]) -> None:
    """One statement, committed unless the caller holds a transaction."""
    outer = conn.in_transaction
    try:
        conn.execute(sql, params)
    except driver.IntegrityError as exc:
        if not outer and conn.in_transaction:
            conn.rollback()
        raise UserError.of("users.name_taken", code="name_taken") from exc
    if not outer and conn.in_transaction:
        conn.commit()


def add_user(conn: sqlite3.Connection, name: str, role: str, pin: str | None = None) -> User:
    from desktop_app.core.text import search_key

    name = _clean_name(name)
    _check_role(role)
    pin_hash = None
    if pin:
        check_pin(pin)
        pin_hash = hash_pin(pin)
    user_id, now = uuid7(), utc_now()
    _write(
        conn,
        "INSERT INTO users (id, display_name, name_key, role, pin_hash, active, created_at,"
        " updated_at) VALUES (?,?,?,?,?,1,?,?)",
        [user_id, name, search_key(name), role, pin_hash, now, now],
    )
    return get_user(conn, user_id)


def update_user(
    conn: sqlite3.Connection,
    user_id: str,
    *,
    name: str | None = None,
    role: str | None = None,
    active: bool | None = None,
) -> User:
    from desktop_app.core.text import search_key

    get_user(conn, user_id)
    sets: dict[str, Any] = {}
    if name is not None:
        sets["display_name"] = _clean_name(name)
        sets["name_key"] = search_key(sets["display_name"])
    if role is not None:
        _check_role(role)
        sets["role"] = role
    if active is not None:
        sets["active"] = int(active)
    if sets:
        sets["updated_at"] = utc_now()
        assignments = ", ".join(f"{column} = ?" for column in sets)
        _write(conn, f"UPDATE users SET {assignments} WHERE id = ?", [*sets.values(), user_id])
    return get_user(conn, user_id)


def set_pin(conn: sqlite3.Connection, user_id: str, pin: str | None) -> User:
    """A new PIN, or none (``None`` or empty: the user opens without one)."""
    get_user(conn, user_id)
    pin_hash = None
    if pin:
        check_pin(pin)
        pin_hash = hash_pin(pin)
    _write(
        conn,
        "UPDATE users SET pin_hash = ?, updated_at = ? WHERE id = ?",
        [pin_hash, utc_now(), user_id],
    )
    return get_user(conn, user_id)


def verify_pin(conn: sqlite3.Connection, user_id: str, pin: str) -> bool:
    row = conn.execute("SELECT pin_hash FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None:
        return False
    return row[0] is None or pin_matches(pin, row[0])


@dataclass
class PinGuard:
    """Counts wrong PINs per user; after ``MAX_FAILURES`` each further try must wait. One guard
    lives as long as the window (a restart starts again: the point is to slow guessing at the
    keyboard, the hash is what protects a copied file)."""

    delay_s: float = FAILURE_DELAY_S
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _blocked_until: dict[str, float] = field(default_factory=dict)

    def wait_left(self, user_id: str) -> float:
        return max(0.0, self._blocked_until.get(user_id, 0.0) - self.clock())

    def attempt(self, conn: sqlite3.Connection, user_id: str, pin: str) -> bool:
        """True when the PIN is right. ``UserError`` (``pin_wait``) while the user must wait."""
        left = self.wait_left(user_id)
        if left > 0:
            raise UserError.of("users.pin_wait", code="pin_wait", seconds=math.ceil(left))
        if verify_pin(conn, user_id, pin):
            self._failures.pop(user_id, None)
            return True
        failures = self._failures.get(user_id, 0) + 1
        self._failures[user_id] = failures
        if failures >= MAX_FAILURES:
            self._blocked_until[user_id] = self.clock() + self.delay_s
        return False

    def failures(self, user_id: str) -> int:
        return self._failures.get(user_id, 0)


def cli_actor(conn: sqlite3.Connection, user: str | None, env_user: str | None) -> str:
    """The command line's actor: ``--user``, else ``SONGMAY_USER``, else the OS login. A name
    that matches a user of this PC is written as that user spells it; another name is refused
    when the school has users (a typo must not sign the journal as nobody)."""
    wanted = user or env_user
    if not wanted:
        login = default_actor()
        if not list_users(conn) or find_user(conn, login) is not None:
            return login
        raise UserError.of("users.cli_needed", code="user_needed", login=login)
    found = find_user(conn, wanted)
    if found is not None:
        return found.display_name
    if list_users(conn):
        raise UserError.of("users.cli_unknown", code="user_not_found", name=wanted)
    from desktop_app.core.text import clean_text

    return clean_text(wanted) or default_actor()
