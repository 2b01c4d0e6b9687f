"""The district's review decisions, applied to the school's data.

The district owns the decision (approved / returned with a comment); the school owns everything
else, so a decision never conflicts with a local edit: it only sets the student's latest need's
``status`` and ``review_comment``. It is recorded like every other change (a ChangeSet with source
"district", in the journal and the audit log), but its journal rows are marked delivered at once:
they came from the server, and sending them back would be an echo.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from desktop_app.core.rules.needs import current_need_of, status_after_decision
from desktop_app.core.store.changes import ChangeSet, utc_now
from desktop_app.core.store.database import write_transaction
from desktop_app.core.store.outbox import set_feedback_cursor

DECISIONS = ("approved", "returned")


@dataclass
class ReviewOutcome:
    applied: int = 0
    already_known: int = 0  # the same cursor again: nothing done
    unknown_students: list[str] = field(default_factory=list)  # kept, reported, not an error

    @property
    def received(self) -> int:
        return self.applied + len(self.unknown_students)


@dataclass(frozen=True)
class ReceivedDecision:
    cursor: str
    student_code: str
    decision: str
    comment: str | None
    decided_at: str | None
    reviewer: str | None
    received_at: str
    outcome: str  # "applied" | "unknown_student"
    student_id: str | None = None  # the student on this machine (None: unknown here)
    full_name: str | None = None


def apply_decisions(
    db: Database, decisions: Iterable[Mapping[str, Any]], next_cursor: Any = None
) -> ReviewOutcome:
    """Apply decisions in cursor order, with the cursor update, in one transaction. Idempotent:
    a cursor already received is skipped. Raises ValueError on a decision that is not one."""
    outcome = ReviewOutcome()
    now = utc_now()
    with write_transaction(db):
        before = db.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0]
        for decision in decisions:
            kind = decision.get("decision")
            if kind not in DECISIONS:
                raise ValueError(f"unknown review decision: {kind!r}")
            cursor = str(decision["cursor"])
            if db.execute("SELECT 1 FROM review_decisions WHERE cursor = ?", [cursor]).fetchone():
                outcome.already_known += 1
                continue
            code = str(decision["student_code"])
            need = _latest_need(db, code)
            comment = decision.get("comment")
            if need is None:
                outcome.unknown_students.append(code)
            else:
                # A need whose device was handed over stays "supplied" (``rules.needs``).
                status = status_after_decision(need["status"], kind)
                changes: dict[str, Any] = {"review_comment": comment, "status": status.value}
                reviewer = str(decision.get("reviewer") or "district")
                change_set = ChangeSet(actor=reviewer, source="district", now=now)
                change_set.update("need", need, changes)
                change_set.apply(db.conn)
                outcome.applied += 1
            db.execute(
                "INSERT INTO review_decisions (cursor, student_code, decision, comment,"
                " decided_at, reviewer, received_at, need_id, outcome)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                [cursor, code, kind, comment, decision.get("decided_at"),
                 decision.get("reviewer"), now, need["id"] if need else None,
                 "applied" if need else "unknown_student"],
            )  # fmt: skip
        db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ? WHERE seq > ? AND source = 'district'"
            " AND status = 'pending'",
            [now, before],
        )
        if next_cursor is not None:
            set_feedback_cursor(db, str(next_cursor))
    return outcome


def _latest_need(db: Database, student_code: str) -> dict[str, Any] | None:
    return current_need_of(db.conn, student_code=student_code)


def received_decisions(db: Database, limit: int = 200) -> list[ReceivedDecision]:
    """The latest decisions received, newest first (for the window)."""
    rows = db.execute(
        "SELECT r.cursor, r.student_code, r.decision, r.comment, r.decided_at, r.reviewer,"
        " r.received_at, r.outcome, s.id, s.full_name FROM review_decisions r"
        " LEFT JOIN needs n ON n.id = r.need_id LEFT JOIN students s ON s.id = n.student_id"
        " ORDER BY r.received_at DESC, r.rowid DESC LIMIT ?",
        [limit],
    ).fetchall()
    return [ReceivedDecision(*row) for row in rows]
