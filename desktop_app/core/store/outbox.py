"""The outbox as the sync module sees it: pending changes in order, and their delivery state.

sync/ depends on this interface only, never on the tables behind it.

A row's life: ``pending`` (``submission_id`` NULL) → put into a submission (``submission_id`` set,
still ``pending``: in flight) → answered: ``sent`` (accepted or duplicate) or ``rejected`` (with the
server's code and message). A rejected row goes back to ``pending`` when the clerk asks for it.
Each edit is its own row, so a record edited while an older row of it is in flight is not lost:
only the rows of the answered submission are marked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from desktop_app.core.store.database import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database

SYNC_OP = {"insert": "upsert", "update": "upsert", "delete": "delete"}
STATUSES = ("pending", "sent", "rejected")
_COLUMNS = "seq, change_id, entity, entity_id, op, version, changed_at, data"
_CHUNK = 500  # parameters per statement, well under SQLite's limit


@dataclass(frozen=True)
class OutboxChange:
    seq: int
    change_id: str
    entity: str
    entity_id: str
    op: str  # "upsert" | "delete", as the sync protocol names them
    version: int
    changed_at: str
    data: dict[str, Any]


def _changes(rows: Iterable[tuple[Any, ...]]) -> list[OutboxChange]:
    return [
        OutboxChange(seq, change_id, entity, entity_id, SYNC_OP[op], version, at, json.loads(data))
        for seq, change_id, entity, entity_id, op, version, at, data in rows
    ]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def pending_changes(db: Database, limit: int = 500, after_seq: int = 0) -> list[OutboxChange]:
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
        (after_seq, limit),
    ).fetchall()
    return _changes(rows)


def unassigned_pages(db: Database, page_size: int = 500) -> Iterator[list[OutboxChange]]:
    """Pending changes not yet put into a submission, in seq order, one page at a time (50,000
    changes never sit in memory at once). ``+status`` keeps SQLite on the seq range scan: through
    the status index it would sort every pending row again for each page."""
    after = 0
    while True:
        rows = db.execute(
            f"SELECT {_COLUMNS} FROM outbox WHERE +status = 'pending' AND submission_id IS NULL"
            " AND seq > ? ORDER BY seq LIMIT ?",
            (after, page_size),
        ).fetchall()
        if not rows:
            return
        yield _changes(rows)
        after = rows[-1][0]


def assign_submission(db: Database, submission_id: str, seqs: Sequence[int]) -> int:
    """Record that these rows go out in submission ``submission_id`` — before it is sent, so a
    client that crashes resends the same rows under the same key. Returns the rows assigned
    (a row answered or reassigned meanwhile is left alone)."""
    assigned = 0
    with write_transaction(db):
        for start in range(0, len(seqs), _CHUNK):
            chunk = list(seqs[start : start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            assigned += db.execute(
                "UPDATE outbox SET submission_id = ?, attempts = attempts + 1"
                f" WHERE seq IN ({marks}) AND status = 'pending' AND submission_id IS NULL",
                [submission_id, *chunk],
            ).rowcount
    return assigned


def note_attempt(db: Database, submission_id: str) -> None:
    """A submission in flight is sent again (after a crash or an interrupted run)."""
    with write_transaction(db):
        db.execute(
            "UPDATE outbox SET attempts = attempts + 1"
            " WHERE status = 'pending' AND submission_id IS NOT NULL AND submission_id = ?",
            [submission_id],
        )


def in_flight_submissions(db: Database) -> list[str]:
    """Submissions sent (or about to be) and not yet answered, oldest first."""
    rows = db.execute(
        "SELECT submission_id, MIN(seq) FROM outbox"
        " WHERE status = 'pending' AND submission_id IS NOT NULL"
        " GROUP BY submission_id ORDER BY 2"
    ).fetchall()
    return [submission_id for submission_id, _ in rows]


def submission_changes(db: Database, submission_id: str) -> list[OutboxChange]:
    """The unanswered rows of one submission, in the order they were sent."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE status = 'pending' AND submission_id IS NOT NULL"
        " AND submission_id = ? ORDER BY seq",
        [submission_id],
    ).fetchall()
    return _changes(rows)


def release_submission(db: Database, submission_id: str, seqs: Sequence[int] | None = None) -> int:
    """Take rows (all, or ``seqs``) out of an unanswered submission, e.g. to split one the server
    found too large; they go out again in a new submission with a new key."""
    with write_transaction(db):
        if seqs is None:
            return int(
                db.execute(
                    "UPDATE outbox SET submission_id = NULL WHERE status = 'pending'"
                    " AND submission_id IS NOT NULL AND submission_id = ?",
                    [submission_id],
                ).rowcount
            )
        released = 0
        for start in range(0, len(seqs), _CHUNK):
            chunk = list(seqs[start : start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            released += db.execute(
                f"UPDATE outbox SET submission_id = NULL WHERE seq IN ({marks})"
                " AND status = 'pending' AND submission_id = ?",
                [*chunk, submission_id],
            ).rowcount
        return released


@dataclass(frozen=True)
class ChangeResult:
    change_id: str
    status: str  # "accepted" | "rejected" | "duplicate"
    code: str | None = None
    message: str | None = None


@dataclass
class MarkedResults:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    unanswered: int = 0  # rows of the submission the answer did not mention: sent again later
    refused: list[ChangeResult] = field(default_factory=list)


def mark_results(
    db: Database, submission_id: str, results: Iterable[ChangeResult], at: str | None = None
) -> MarkedResults:
    """Record the server's answer to one submission, in one transaction. Only rows that are in
    this submission and still unanswered are marked, so answering twice changes nothing; rows the
    answer does not mention leave the submission and go out again later."""
    at = at or utc_now()
    by_status: dict[str, list[ChangeResult]] = {"accepted": [], "duplicate": [], "rejected": []}
    for result in results:
        by_status.setdefault(result.status, []).append(result)
    where = " WHERE change_id = ? AND status = 'pending' AND submission_id = ?"
    marked = MarkedResults()
    with write_transaction(db):
        conn = db.conn
        for status in ("accepted", "duplicate"):
            count = conn.executemany(
                "UPDATE outbox SET status = 'sent', sent_at = ?, reject_code = NULL,"
                " reject_message = NULL" + where,
                [(at, r.change_id, submission_id) for r in by_status[status]],
            ).rowcount
            setattr(marked, "accepted" if status == "accepted" else "duplicates", max(count, 0))
        marked.rejected = max(
            conn.executemany(
                "UPDATE outbox SET status = 'rejected', reject_code = ?, reject_message = ?"
                + where,
                [(r.code, r.message, r.change_id, submission_id) for r in by_status["rejected"]],
            ).rowcount,
            0,
        )
        marked.refused = by_status["rejected"]
        if marked.accepted:
            _clear_superseded(db, at, [r.change_id for r in by_status["accepted"]])
        marked.unanswered = max(
            db.execute(
                "UPDATE outbox SET submission_id = NULL WHERE status = 'pending'"
                " AND submission_id IS NOT NULL AND submission_id = ?",
                [submission_id],
            ).rowcount,
            0,
        )
    return marked


def _clear_superseded(db: Database, at: str, accepted: list[str]) -> None:
    """A refused change whose record the server has since accepted in a newer version (the
    clerk's fix) is settled: the server would answer it "duplicate, stale version" anyway."""
    refused = db.execute(
        "SELECT seq, entity, entity_id, version FROM outbox WHERE status = 'rejected'"
    ).fetchall()
    if not refused:
        return
    newest: dict[tuple[str, str], int] = {}
    for start in range(0, len(accepted), _CHUNK):
        chunk = accepted[start : start + _CHUNK]
        for entity, entity_id, version in db.execute(
            "SELECT entity, entity_id, version FROM outbox"
            f" WHERE change_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            newest[entity, entity_id] = max(version, newest.get((entity, entity_id), 0))
    settled = [
        (at, seq)
        for seq, entity, entity_id, version in refused
        if newest.get((entity, entity_id), 0) > version
    ]
    db.conn.executemany(
        "UPDATE outbox SET status = 'sent', sent_at = ? WHERE seq = ? AND status = 'rejected'",
        settled,
    )


@dataclass(frozen=True)
class RefusedChange:
    """A change the server set aside, as the window lists it."""

    seq: int
    change_id: str
    entity: str
    entity_id: str
    label: str  # the record's code, name or serial: what the clerk recognises
    code: str | None
    message: str | None
    changed_at: str
    op: str = ""  # what the clerk did: "insert" | "update" | "delete"
    student_id: str | None = None  # the student the record is (or belongs to), to open it


# What names a record for the clerk, by entity, first found wins.
_LABEL_FIELDS = {
    "student": ("code", "full_name"),
    "need": ("student_code", "survey_round"),
    "device": ("serial", "model"),
    "donation_batch": ("code",),
    "donor": ("name",),
    "school": ("code", "name"),
    "handover": ("event_date",),
    "vaccination": ("vaccinated_on",),
}


def _label(entity: str, data: dict[str, Any]) -> str:
    parts = [str(data[f]) for f in _LABEL_FIELDS.get(entity, ()) if data.get(f)]
    if entity == "student" and len(parts) == 2:
        return f"{parts[0]} — {parts[1]}"
    return " ".join(parts) or str(data.get("id", ""))


def refused_changes(db: Database, limit: int = 1000) -> list[RefusedChange]:
    """Refused changes with the server's reasons, oldest first. A need, handover or dose is named
    by its student's code when the student is known locally."""
    rows = db.execute(
        "SELECT o.seq, o.change_id, o.entity, o.entity_id, o.reject_code, o.reject_message,"
        " o.changed_at, o.data, s.code, s.full_name, o.op, s.id FROM outbox o"
        " LEFT JOIN students s ON o.entity IN ('need', 'handover', 'vaccination')"
        " AND s.id = json_extract(o.data, '$.student_id')"
        " WHERE o.status = 'rejected' ORDER BY o.seq LIMIT ?",
        [limit],
    ).fetchall()
    refused = []
    for (
        seq,
        change_id,
        entity,
        entity_id,
        code,
        message,
        at,
        data,
        s_code,
        s_name,
        op,
        s_id,
    ) in rows:
        record = json.loads(data)
        label = _label(entity, record)
        if s_code:
            label = f"{s_code} — {s_name}" + (f" ({label})" if label else "")
        student_id = entity_id if entity == "student" else s_id
        refused.append(RefusedChange(
            seq, change_id, entity, entity_id, label, code, message, at, op, student_id
        ))  # fmt: skip
    return refused


def requeue_refused(db: Database, seqs: Sequence[int] | None = None) -> int:
    """Put refused changes (all, or ``seqs``) back in the queue, after the clerk fixed the record.
    The fix itself is a newer change of the record and goes out after them; a server that already
    holds a newer version answers the old one as a duplicate."""
    with write_transaction(db):
        reset = (
            "UPDATE outbox SET status = 'pending', submission_id = NULL, reject_code = NULL,"
            " reject_message = NULL WHERE status = 'rejected'"
        )
        if seqs is None:
            return max(db.execute(reset).rowcount, 0)
        count = 0
        for start in range(0, len(seqs), _CHUNK):
            chunk = list(seqs[start : start + _CHUNK])
            count += db.execute(
                reset + f" AND seq IN ({','.join('?' * len(chunk))})", chunk
            ).rowcount
        return count


def outbox_counts(db: Database) -> dict[str, int]:
    """The school's own changes by status. The district's decisions are journaled too, but they
    came from the server and were never sent (``reviews.apply_decisions``): not counted."""
    found = dict(db.execute(
        "SELECT status, COUNT(*) FROM outbox WHERE source != 'district' GROUP BY status"
    ).fetchall())  # fmt: skip
    return {status: int(found.get(status, 0)) for status in STATUSES}


# --- where the sync stands (one row; made with its client_id by migration 003) -----------------


@dataclass(frozen=True)
class SyncState:
    client_id: str
    endpoint: str | None = None
    school_code: str | None = None
    username: str | None = None
    ca_bundle: str | None = None
    last_sync_at: str | None = None  # the last run that finished without error
    last_result: dict[str, Any] | None = None  # the last run's report, finished or not
    feedback_cursor: str | None = None


def sync_state(db: Database) -> SyncState:
    row = db.execute(
        "SELECT client_id, endpoint, school_code, username, ca_bundle, last_sync_at, last_result,"
        " feedback_cursor FROM sync_state WHERE id = 1"
    ).fetchone()
    client_id, endpoint, school, username, ca_bundle, last_at, last_result, cursor = row
    return SyncState(
        client_id, endpoint, school, username, ca_bundle, last_at,
        json.loads(last_result) if last_result else None, cursor,
    )  # fmt: skip


def save_account(
    db: Database, endpoint: str, school_code: str, username: str, ca_bundle: str | None = None
) -> None:
    """Another endpoint or school starts the review feedback from the beginning."""
    with write_transaction(db):
        old = db.execute("SELECT endpoint, school_code FROM sync_state WHERE id = 1").fetchone()
        same = tuple(old) == (endpoint, school_code)
        db.execute(
            "UPDATE sync_state SET endpoint = ?, school_code = ?, username = ?, ca_bundle = ?,"
            " feedback_cursor = CASE WHEN ? THEN feedback_cursor END WHERE id = 1",
            [endpoint, school_code, username, ca_bundle, int(same)],
        )


def record_sync_result(db: Database, result: dict[str, Any], *, finished: bool) -> None:
    with write_transaction(db):
        db.execute(
            "UPDATE sync_state SET last_result = ?,"
            " last_sync_at = CASE WHEN ? THEN ? ELSE last_sync_at END WHERE id = 1",
            [json.dumps(result, ensure_ascii=False), int(finished), result.get("finished_at")],
        )


def set_feedback_cursor(db: Database, cursor: str | None) -> None:
    """Inside the caller's transaction: the cursor moves with the decisions it covers."""
    db.execute("UPDATE sync_state SET feedback_cursor = ? WHERE id = 1", [cursor])
