"""The district's review decisions, applied to the school's data.

The district owns the decision (approved / returned with a comment); the school owns everything
else, so a decision never conflicts with a local edit: it only sets the student's latest need's
``status`` and ``review_comment``. It is recorded like every other change (a ChangeSet with source
"district", in the journal and the audit log), but its journal rows are marked delivered at once:
they came from the server, and sending them back would be an echo.

A returned need is the school's to fix. Two questions about it are answered here, once, for every
screen: what the district said and when (``district_return``: the student form shows it), and
whether the school has corrected the student or the need since, and whether that correction reached
the server (``follow_ups``: the decisions list shows it). Both are read from the journal (the
outbox) and the need rows; the need's status is the rules layer's (``rules.needs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from desktop_app.core.locale import local_moment
from desktop_app.core.rules.needs import NeedStatus, current_need_of, status_after_decision
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
    # For a returned need of a student on this machine: corrected since, and sent? (``follow_ups``)
    follow_up: FollowUp | None = None

    @property
    def returned(self) -> bool:
        return self.decision == NeedStatus.RETURNED

    @property
    def decided_on(self) -> date | None:
        """The day of the decision, on this computer's calendar (the day it arrived when the
        server did not say)."""
        return local_day(self.decided_at) or local_day(self.received_at)


class Correction(StrEnum):
    """Where the school is with a returned need."""

    NOT_CORRECTED = "not_corrected"  # nothing changed since the decision: the clerk's to fix
    SETTLED = "settled"  # nothing changed, but the need no longer stands returned (decided again)
    WAITING = "waiting"  # corrected; the correction waits to be sent (or is on its way)
    SENT = "sent"  # corrected, and the server received the correction
    REFUSED = "refused"  # corrected, but the server refused the correction (Đồng bộ page)


@dataclass(frozen=True)
class FollowUp:
    """What became of a returned need: ``corrected_at`` is the school's latest change to the
    student or their need since the decision, ``sent_at`` when the server received the last of
    those changes (UTC ISO stamps, as the journal writes them)."""

    state: Correction
    corrected_at: str | None = None
    sent_at: str | None = None

    @property
    def corrected_on(self) -> date | None:
        return local_day(self.corrected_at)

    @property
    def sent_on(self) -> date | None:
        return local_day(self.sent_at)


@dataclass(frozen=True)
class DistrictReturn:
    """The district's return of a student's current need, as the student form shows it."""

    comment: str | None
    decided_on: date | None  # None when no decision was received for it (e.g. old data)


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
    """The latest decisions received, newest first (for the window); a returned need's says
    whether it was corrected and sent since (``follow_ups``)."""
    rows = db.execute(
        "SELECT r.cursor, r.student_code, r.decision, r.comment, r.decided_at, r.reviewer,"
        " r.received_at, r.outcome, s.id, s.full_name FROM review_decisions r"
        " LEFT JOIN needs n ON n.id = r.need_id LEFT JOIN students s ON s.id = n.student_id"
        " ORDER BY r.received_at DESC, r.rowid DESC LIMIT ?",
        [limit],
    ).fetchall()
    decisions = [ReceivedDecision(*row) for row in rows]
    found = follow_ups(db, decisions)
    return [replace(d, follow_up=found.get(d.cursor)) for d in decisions]


def follow_ups(db: Database, decisions: Sequence[ReceivedDecision]) -> dict[str, FollowUp]:
    """For each returned decision about a student on this machine (by cursor): was the student or
    their need changed by the school since the decision arrived, and did the server receive those
    changes? One read of the journal for all of them.

    A correction is any change the school recorded (a form, an import; not the district's own)
    to the student's record or to one of their needs after the decision was received: saving
    either sends the need back for review (``rules.needs.status_after_change``). The state is
    that of the correction's journal rows: one still waiting → WAITING; else one refused →
    REFUSED; else SENT, on the day the last of them was delivered. Without a correction it is
    NOT_CORRECTED while the student's current need still stands returned, else SETTLED (the
    district decided again, or the device was handed over)."""
    returned = [d for d in decisions if d.returned and d.student_id is not None]
    if not returned:
        return {}
    since = min(d.received_at for d in returned)
    students = {d.student_id for d in returned}
    rows = db.execute(
        "SELECT o.entity, o.entity_id, o.changed_at, o.status, o.sent_at, n.student_id"
        " FROM outbox o LEFT JOIN needs n ON o.entity = 'need' AND n.id = o.entity_id"
        " WHERE o.entity IN ('student', 'need') AND o.source != 'district' AND o.changed_at >= ?"
        " ORDER BY o.seq",
        [since],
    ).fetchall()
    changes: dict[str, list[tuple[str, str, str | None]]] = {}
    for entity, entity_id, changed_at, status, sent_at, need_student in rows:
        student = entity_id if entity == "student" else need_student
        if student in students:
            changes.setdefault(student, []).append((changed_at, status, sent_at))
    still_returned: dict[str, bool] = {}
    found: dict[str, FollowUp] = {}
    for decision in returned:
        student = decision.student_id
        assert student is not None
        after = [c for c in changes.get(student, ()) if c[0] >= decision.received_at]
        if not after and student not in still_returned:
            need = current_need_of(db.conn, student_id=student)
            still_returned[student] = need is not None and need["status"] == NeedStatus.RETURNED
        found[decision.cursor] = _follow_up(after, still_returned.get(student, True))
    return found


def _follow_up(changes: Sequence[tuple[str, str, str | None]], still_returned: bool) -> FollowUp:
    if not changes:
        return FollowUp(Correction.NOT_CORRECTED if still_returned else Correction.SETTLED)
    corrected = max(c[0] for c in changes)
    statuses = {c[1] for c in changes}
    if "pending" in statuses:
        return FollowUp(Correction.WAITING, corrected)
    if "rejected" in statuses:
        return FollowUp(Correction.REFUSED, corrected)
    return FollowUp(Correction.SENT, corrected, max(c[2] or "" for c in changes) or None)


def district_return(db: Database, student_id: str) -> DistrictReturn | None:
    """The district's comment on the student's current need and the day it was decided, when
    that need stands returned (``rules.needs``); None otherwise."""
    need = current_need_of(db.conn, student_id=student_id)
    if need is None or need["status"] != NeedStatus.RETURNED:
        return None
    row = db.execute(
        "SELECT comment, decided_at, received_at FROM review_decisions"
        " WHERE need_id = ? AND decision = ? ORDER BY received_at DESC, rowid DESC LIMIT 1",
        [need["id"], NeedStatus.RETURNED.value],
    ).fetchone()
    if row is None:
        return DistrictReturn(need["review_comment"], None)
    comment, decided_at, received_at = row
    return DistrictReturn(
        need["review_comment"] or comment, local_day(decided_at) or local_day(received_at)
    )


def local_day(stamp: str | None) -> date | None:
    """The day of an ISO time stamp on this computer's calendar; None when there is none or it
    cannot be read."""
    moment = local_moment(stamp)
    return moment.date() if moment is not None else None
