"""The console's logins: a random token in an HttpOnly cookie, stored hashed with its CSRF token
in ``console_sessions``; ended by logout, after ``idle`` seconds unused or ``absolute`` seconds
after the login. Only this cookie opens a console page: a school's sync token or a staff API
token never does (they live in other tables and come in another header)."""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass

from sync.server import accounts, audit
from sync.server.audit import Actor
from sync.server.auth import token_hash
from sync.server.login_guard import LoginGuard
from sync.server.store import Store

COOKIE = "songmay_console"
COOKIE_PATH = "/console"
IDLE_TIMEOUT = 30 * 60
ABSOLUTE_TIMEOUT = 12 * 3600
_TOUCH_EVERY = 30.0  # seconds between two writes of last_seen for one session


@dataclass(frozen=True)
class ConsoleSession:
    """A live console session: who, and the CSRF token its forms must carry."""

    token_hash: str
    username: str
    unit_code: str | None
    csrf_token: str


def log_in(
    store: Store, username: str, password: str, *, guard: LoginGuard | None = None,
    address: str | None = None,
) -> str:  # fmt: skip
    """Check the password like the API's staff login (same lockouts, same audit of failures),
    open a session and record the login; the session's token (for the cookie). Blocking:
    run it through ``LoginGuard.admit``."""
    staff = accounts.verify_staff(store, username, password, guard=guard, address=address)
    token, now = secrets.token_urlsafe(32), time.time()
    with store.transaction() as conn:
        conn.execute(
            "DELETE FROM console_sessions WHERE last_seen < ? OR created_at < ?",
            (now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT),
        )
        conn.execute(
            "INSERT INTO console_sessions (token_hash, username, csrf_token, created_at,"
            " last_seen, client_address) VALUES (?, ?, ?, ?, ?, ?)",
            (token_hash(token), staff.username, secrets.token_urlsafe(32), now, now, address),
        )
        audit.record(conn, Actor(staff.username, "staff", staff.unit_code), "console.login",
                     target=staff.username, address=address)  # fmt: skip
    return token


def find(
    store: Store, token: str | None, *, idle: float = IDLE_TIMEOUT,
    absolute: float = ABSOLUTE_TIMEOUT,
) -> ConsoleSession | None:  # fmt: skip
    """The live session of this cookie (its idle clock restarted), or None: no cookie, unknown,
    timed out (then deleted), or its account disabled since."""
    if not token:
        return None
    key, now = token_hash(token), time.time()
    with store.connect() as conn:
        row = conn.execute(
            "SELECT c.username, c.csrf_token, c.created_at, c.last_seen, s.unit_code, s.disabled"
            " FROM console_sessions c JOIN staff s ON s.username = c.username"
            " WHERE c.token_hash = ?",
            (key,),
        ).fetchone()
    if row is None:
        return None
    if row["disabled"] or now - row["last_seen"] > idle or now - row["created_at"] > absolute:
        with store.transaction() as conn:
            conn.execute("DELETE FROM console_sessions WHERE token_hash = ?", (key,))
        return None
    if now - row["last_seen"] > min(_TOUCH_EVERY, idle / 4):
        with store.transaction() as conn:
            conn.execute(
                "UPDATE console_sessions SET last_seen = ? WHERE token_hash = ?", (now, key)
            )
    return ConsoleSession(key, row["username"], row["unit_code"], row["csrf_token"])


def csrf_ok(session: ConsoleSession, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf_token.encode(), str(sent).encode())


def log_out(store: Store, session: ConsoleSession, *, address: str | None = None) -> None:
    """End the session and record the logout."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM console_sessions WHERE token_hash = ?", (session.token_hash,))
        audit.record(conn, Actor(session.username, "staff", session.unit_code), "console.logout",
                     target=session.username, address=address)  # fmt: skip
