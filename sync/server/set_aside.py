"""Submissions set aside: what the worker could not apply, kept for the district to look at.

Whatever the intake could not foresee (a bug, a record the database refuses) must not stop the
worker: every later submission of every school would wait behind it. So a submission whose
applying raises is **set aside**: its transaction is rolled back, a ``set_aside`` row keeps the
reason (the exception's class and where it arose, or the database's own message — never a value
from the data, so never a child's name), each of its changes is answered ``rejected`` with code
``set_aside``, and it is ``done``: the worker goes on at once and a restart does not try it
again. Only a fault of the store itself (busy, disk full, I/O error) is not the submission's
fault: that one is left for the worker to try again later.

``songmay-server set-aside list`` shows them; ``set-aside retry`` puts them back to ``received``
(their results and set_aside rows go); the worker applies them, or sets them aside again with
one attempt more (``set_aside_retries`` remembers the attempts and who asked).
"""

from __future__ import annotations

import logging
import sqlite3
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sync.server.errors import NotFound
from sync.server.store import Store, StoreUnavailable, is_connection_fault, utc_now

log = logging.getLogger(__name__)

CODE = "set_aside"
MESSAGE = (
    "Máy chủ chưa áp dụng được lượt gửi có thay đổi này; phòng giáo dục đã được báo và sẽ kiểm "
    "tra, nhà trường không cần gửi lại. / The server could not apply the submission holding "
    "this change; the district will look into it."
)
MAX_REASON_LENGTH = 300
_SERVER_CODE = Path(__file__).resolve().parent

# A fault of the store, not of the submission: SQLite's primary result codes for a file that is
# busy, locked, full, unreadable or read-only, or memory that ran out.
_TRANSIENT_SQLITE = {
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL,
    sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PROTOCOL,
}  # fmt: skip


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` says the store cannot work now (try again later) rather than that this
    submission cannot be applied."""
    if isinstance(exc, StoreUnavailable | MemoryError):
        return True
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        return code is None or code & 0xFF in _TRANSIENT_SQLITE
    return is_connection_fault(exc)  # PostgreSQL


def reason_of(exc: BaseException) -> str:
    """What the operator reads: the exception's class and the database's message (it names
    constraints and columns, never values), or for any other exception where in the server's
    code it arose — its message might quote the data, so it is not kept."""
    name = type(exc).__name__
    if isinstance(exc, sqlite3.Error):
        detail = str(exc)
    elif (primary := _pg_integrity_message(exc)) is not None:
        # PostgreSQL's primary message of a broken constraint names it (its DETAIL, which
        # quotes the row, is left out): said as SQLite says it, whatever the database.
        name, detail = "IntegrityError", f"{primary} ({getattr(exc, 'sqlstate', '')})"
    else:
        frames = traceback.extract_tb(exc.__traceback__)
        # Where the server's own code called the database (store.py only wraps the driver).
        ours = [f for f in frames if Path(f.filename).resolve().is_relative_to(_SERVER_CODE)
                and Path(f.filename).name != "store.py"]  # fmt: skip
        where = ours or frames
        detail = (
            f"at {Path(where[-1].filename).name}:{where[-1].lineno} in {where[-1].name}"
            if where
            else ""
        )
    return f"{name}: {detail}"[:MAX_REASON_LENGTH] if detail else name


def _pg_integrity_message(exc: BaseException) -> str | None:
    """PostgreSQL's primary message for an integrity violation (SQLSTATE class 23), else None."""
    sqlstate = getattr(exc, "sqlstate", None)
    diag = getattr(exc, "diag", None)
    if not isinstance(sqlstate, str) or not sqlstate.startswith("23") or diag is None:
        return None
    primary = getattr(diag, "message_primary", None)
    return primary if isinstance(primary, str) else None


def set_aside(store: Store, seq: int, exc: BaseException) -> None:
    """Record ``seq`` as set aside and answer each of its changes (its applying was rolled
    back)."""
    reason = reason_of(exc)
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT school_code, status FROM submissions WHERE seq = ?", (seq,)
        ).fetchone()
        if row is None or row["status"] == "done":
            return  # applied meanwhile (another process), or gone
        before = conn.execute(
            "SELECT attempts FROM set_aside_retries WHERE submission_seq = ?", (seq,)
        ).fetchone()
        attempts = (before["attempts"] if before is not None else 0) + 1
        now = utc_now()
        conn.execute(
            "INSERT INTO set_aside (submission_seq, reason, set_aside_at, attempts)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (submission_seq) DO UPDATE SET"
            " reason = excluded.reason, set_aside_at = excluded.set_aside_at,"
            " attempts = excluded.attempts",
            (seq, reason, now, attempts),
        )
        conn.execute("DELETE FROM results WHERE submission_seq = ?", (seq,))
        conn.executemany(
            "INSERT INTO results (submission_seq, position, change_id, status, code, message)"
            " VALUES (?, ?, ?, 'rejected', ?, ?)",
            [
                (seq, item["position"], item["change_id"], CODE, MESSAGE)
                for item in conn.execute(
                    "SELECT position, change_id FROM submission_changes WHERE submission_seq = ?"
                    " ORDER BY position",
                    (seq,),
                ).fetchall()
            ],
        )
        conn.execute(
            "UPDATE submissions SET status = 'done', processed_at = ? WHERE seq = ?", (now, seq)
        )
    log.warning(
        "submission %d of school %s set aside (attempt %d): %s; see: songmay-server set-aside"
        " list", seq, row["school_code"], attempts, reason,
    )  # fmt: skip


LISTED = ("seq", "school_code", "submission_id", "source", "received_at", "changes",
          "set_aside_at", "attempts", "reason")  # fmt: skip


def list_set_aside(store: Store) -> list[dict[str, Any]]:
    """Every submission set aside, oldest first (the fields of ``LISTED``)."""
    with store.snapshot() as conn:
        rows = conn.execute(
            "SELECT a.submission_seq AS seq, s.school_code, s.submission_id, s.source,"
            " s.received_at, (SELECT COUNT(*) FROM submission_changes c"
            " WHERE c.submission_seq = a.submission_seq) AS changes, a.set_aside_at,"
            " a.attempts, a.reason"
            " FROM set_aside a JOIN submissions s ON s.seq = a.submission_seq"
            " ORDER BY a.submission_seq"
        ).fetchall()
    return [{name: row[name] for name in LISTED} for row in rows]


def retry(store: Store, seqs: Sequence[int] | None, *, retried_by: str) -> list[int]:
    """Put set-aside submissions (``seqs``, or all for None) back to ``received``: their results
    and set_aside rows go, the attempts so far are kept. Returns the seqs put back."""
    with store.transaction() as conn:
        rows = conn.execute(
            "SELECT submission_seq, attempts FROM set_aside ORDER BY submission_seq"
        ).fetchall()
        attempts = {row["submission_seq"]: row["attempts"] for row in rows}
        chosen = list(attempts) if seqs is None else list(dict.fromkeys(seqs))
        unknown = [seq for seq in chosen if seq not in attempts]
        if unknown:
            listed = ", ".join(str(seq) for seq in unknown)
            raise NotFound(
                f"Không có lượt gửi bị để riêng số {listed} (xem: songmay-server set-aside list)."
                f" / No set-aside submission {listed}.",
                code="not_set_aside",
            )
        now = utc_now()
        for seq in chosen:
            conn.execute(
                "INSERT INTO set_aside_retries (submission_seq, attempts, retried_at, retried_by)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (submission_seq) DO UPDATE SET"
                " attempts = excluded.attempts, retried_at = excluded.retried_at,"
                " retried_by = excluded.retried_by",
                (seq, attempts[seq], now, retried_by),
            )
            conn.execute("DELETE FROM results WHERE submission_seq = ?", (seq,))
            conn.execute("DELETE FROM set_aside WHERE submission_seq = ?", (seq,))
            conn.execute(
                "UPDATE submissions SET status = 'received', processed_at = NULL WHERE seq = ?",
                (seq,),
            )
    if chosen:
        log.info("set-aside submission(s) %s put back by %s", chosen, retried_by)
    return chosen
