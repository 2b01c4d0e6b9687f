"""The audit trail: every login, failed login, lockout, review and account change, in order.

A row is written by the same transaction as what it records (:func:`record` takes that
transaction's connection), so the trail never claims what did not happen nor misses what did.
It names accounts, schools and units — never a password, a token or a child's name.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sync.server.store import Connection, Store, utc_now

ACTOR_KINDS = ("school", "staff", "operator")
COLUMNS = ("seq", "at", "actor", "actor_kind", "action", "target", "unit_code", "outcome",
           "client_address")  # fmt: skip


@dataclass(frozen=True)
class Actor:
    """Who acts: a school's account, a staff account, or the operator at the server's console."""

    name: str
    kind: str
    unit_code: str | None = None


# Set while a command runs at the server's console: "local:<the computer's login>", kept as the
# client_address of what the command records (a review "--user lan" then shows who typed it).
_console: ContextVar[str | None] = ContextVar("songmay_console", default=None)


def os_login() -> str:
    """The computer's login name of whoever runs this process."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "operator"


def operator() -> Actor:
    """The person running a ``songmay-server`` command (the computer's login name)."""
    return Actor(os_login(), "operator")


@contextmanager
def at_console() -> Iterator[str]:
    """Inside: every row recorded without a client address gets ``local:<OS login>``."""
    where = f"local:{os_login()}"
    token = _console.set(where)
    try:
        yield where
    finally:
        _console.reset(token)


def record(
    conn: Connection, actor: Actor, action: str, *, target: str | None = None,
    unit_code: str | None = None, outcome: str = "ok", address: str | None = None,
) -> None:  # fmt: skip
    conn.execute(
        "INSERT INTO audit (at, actor, actor_kind, action, target, unit_code, outcome,"
        " client_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (utc_now(), actor.name, actor.kind, action, target, unit_code or actor.unit_code,
         outcome, address or _console.get()),
    )  # fmt: skip


def entries(
    store: Store, *, since: str | None = None, actor: str | None = None, limit: int = 10_000
) -> list[dict[str, Any]]:
    """The trail, oldest first: from ``since`` (an ISO date or time, UTC), of one ``actor``."""
    where, params = [], []
    if since:
        where.append("at >= ?")
        params.append(since)
    if actor:
        where.append("actor = ?")
        params.append(actor)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    with store.connect() as conn:
        rows = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM audit{clause} ORDER BY seq LIMIT ?",
            (*params, limit),
        ).fetchall()
    return [{key: row[key] for key in COLUMNS} for row in rows]
