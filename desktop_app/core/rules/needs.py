"""A student's need and its review: which need is current, and how its status moves.

A student may have one need per survey round (needs are reviewed every 6 months, seed 003). The
**current need** is the one of the latest round, of a live (not deleted) student. Its status:

    proposed ──district approves──▶ approved ──handover──▶ supplied
        ▲   └──district returns──▶ returned                   │
        └──── the school changes the need (approved/returned) │
                              approved ◀──faulty device back──┘

A decision of the district never changes a supplied need (it only adds its comment).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Container, Mapping
from enum import StrEnum
from typing import Any

from desktop_app.core.messages import Msg, msg


class NeedStatus(StrEnum):
    PROPOSED = "proposed"  # đề xuất: waiting for the district's review
    APPROVED = "approved"  # đã duyệt
    RETURNED = "returned"  # trả lại: the district sent it back with a comment
    SUPPLIED = "supplied"  # đã cấp: the student received a device

    @property
    def label(self) -> Msg:
        return msg(f"need_status.{self.value}")

    @property
    def approved(self) -> bool:
        return is_approved(self)


def is_approved(status: str) -> bool:
    """Approved by the district: "supplied" comes after "approved" (a replacement's need is
    already supplied)."""
    return status in _APPROVED


_APPROVED = frozenset({NeedStatus.APPROVED.value, NeedStatus.SUPPLIED.value})


def status_after_change(status: str) -> NeedStatus:
    """The school changed the need's data: a reviewed need must be reviewed again."""
    if status in (NeedStatus.APPROVED, NeedStatus.RETURNED):
        return NeedStatus.PROPOSED
    return NeedStatus(status)


def status_after_student_change(status: str) -> NeedStatus:
    """The school corrected the student's own record (a name, a birth date), not the need: a
    returned need goes back for review with it, as the district's comment may have been about
    the record; any other need keeps its status."""
    return NeedStatus.PROPOSED if status == NeedStatus.RETURNED else NeedStatus(status)


def status_after_decision(status: str, decision: str) -> NeedStatus:
    """The district approved or returned the need ("approved" | "returned")."""
    if status == NeedStatus.SUPPLIED:
        return NeedStatus.SUPPLIED
    return NeedStatus(decision)


def status_after_faulty_return(status: str) -> NeedStatus:
    """The student's device came back faulty: the need is open again for a replacement."""
    return NeedStatus.APPROVED if status == NeedStatus.SUPPLIED else NeedStatus(status)


# ``n`` is a student's current need when no later survey round has one. Queries that start from
# the needs with this test are several times faster than looking up each student's latest need.
LATEST_NEED = (
    "NOT EXISTS (SELECT 1 FROM needs m WHERE m.student_id = n.student_id AND m.deleted = 0"
    " AND m.survey_round > n.survey_round)"
)
# Live students joined to their current need (``s`` and ``n``), for the queries that list them.
CURRENT_NEEDS = (
    f"needs n CROSS JOIN students s ON s.id = n.student_id"
    f" WHERE s.deleted = 0 AND n.deleted = 0 AND {LATEST_NEED}"
)


def current_need_of(
    conn: sqlite3.Connection, *, student_id: str | None = None, student_code: str | None = None
) -> dict[str, Any] | None:
    """The current need of one live student (by id or code), as stored; None when they have
    none. The same rule as ``LATEST_NEED``."""
    where, key = (
        ("s.id = ?", student_id) if student_id is not None else ("s.code = ?", student_code)
    )
    cursor = conn.execute(f"SELECT n.* FROM {CURRENT_NEEDS} AND {where}", (key,))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def latest_need_rows(conn: sqlite3.Connection, columns: str) -> dict[str, tuple[Any, ...]]:
    """``columns`` of every live student's current need, by student id: the same rule as
    ``LATEST_NEED``, read as one scan of the needs (50,000 students: ~70 ms instead of ~150)."""
    latest: dict[str, tuple[Any, ...]] = {}
    get = latest.get
    for row in conn.execute(
        f"SELECT student_id, survey_round, {columns} FROM needs WHERE deleted = 0"
    ):
        current = get(row[0])
        if current is None or row[1] > current[1]:
            latest[row[0]] = row
    for (student_id,) in conn.execute("SELECT id FROM students WHERE deleted = 1"):
        latest.pop(student_id, None)
    return latest


def current_need_records(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Every live student's current need as stored (all its columns), by student id."""
    cursor = conn.execute("SELECT * FROM needs WHERE deleted = 0")
    names = [d[0] for d in cursor.description]
    student, round_ = names.index("student_id"), names.index("survey_round")
    latest: dict[str, tuple[Any, ...]] = {}
    for row in cursor:
        current = latest.get(row[student])
        if current is None or row[round_] > current[round_]:
            latest[row[student]] = row
    for (student_id,) in conn.execute("SELECT id FROM students WHERE deleted = 1"):
        latest.pop(student_id, None)
    return {key: dict(zip(names, row, strict=True)) for key, row in latest.items()}


def current_needs(
    needs: Mapping[str, Mapping[str, Any]], live_students: Container[str]
) -> dict[str, str]:
    """The id of each live student's current need among ``needs`` (records by id, each with
    ``student_id`` and ``survey_round``), by student id: the same rule as ``LATEST_NEED``, for
    records read elsewhere than this database (the district server's copies)."""
    latest: dict[str, tuple[str, str]] = {}  # student id -> (survey round, need id)
    for need_id, need in needs.items():
        student = need.get("student_id")
        if not isinstance(student, str) or student not in live_students:
            continue
        survey_round = str(need.get("survey_round") or "")
        current = latest.get(student)
        if current is None or survey_round > current[0]:
            latest[student] = (survey_round, need_id)
    return {student: need_id for student, (_, need_id) in latest.items()}
