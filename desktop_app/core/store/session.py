"""Who is working, as a fact of one SQLite connection.

``set_session_actor`` writes the name into a TEMP table of the connection: invisible to every other
connection and gone when it closes. ``ChangeSet.apply`` and ``access.record_access`` read it from
the connection they write with, so every change and every export is signed by the session's user
without a module global and without an ``actor=`` argument on every service. The window stamps its
own connection and each connection it opens for a job (``ui.common.jobs.with_connection``); the
command line stamps its connection with ``--user`` / ``SONGMAY_USER`` or the OS login.
"""

from __future__ import annotations

import getpass
import sqlite3

from desktop_app.core.store import driver


def default_actor() -> str:
    """The OS login: the actor when nobody was named (scripts, a database without users)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (service account, odd Windows setups)
        return "unknown"


def set_session_actor(conn: sqlite3.Connection, name: str) -> None:
    """Sign everything written through ``conn`` from now on with ``name``."""
    outer = conn.in_transaction
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS session_actor"
        " (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL)"
    )
    conn.execute("INSERT OR REPLACE INTO temp.session_actor (id, name) VALUES (1, ?)", [name])
    if not outer and conn.in_transaction:
        conn.commit()


def session_actor(conn: sqlite3.Connection) -> str | None:
    """The name set on ``conn``, or None."""
    try:
        row = conn.execute("SELECT name FROM temp.session_actor WHERE id = 1").fetchone()
    except driver.OperationalError:  # no such table: nobody was named on this connection
        return None
    return None if row is None else str(row[0])


def actor_of(conn: sqlite3.Connection, actor: str | None = None) -> str:
    """Who signs a write: the one given, else the connection's session user, else the OS login."""
    return actor or session_actor(conn) or default_actor()
