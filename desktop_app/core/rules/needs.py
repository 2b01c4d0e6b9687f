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
from dataclasses import dataclass
from enum import StrEnum

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
        """Approved by the district: "supplied" comes after "approved" (a replacement's need is
        already supplied)."""
        return self in (NeedStatus.APPROVED, NeedStatus.SUPPLIED)


def status_after_change(status: str) -> NeedStatus:
    """The school changed the need's data: a reviewed need must be reviewed again."""
    if status in (NeedStatus.APPROVED, NeedStatus.RETURNED):
        return NeedStatus.PROPOSED
    return NeedStatus(status)


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


@dataclass(frozen=True, slots=True)
class CurrentNeed:
    student_id: str
    need_id: str
    survey_round: str
    category: int
    requested_device: str
    status: str
    has_device: bool
    review_comment: str | None

    @property
    def approved(self) -> bool:
        return NeedStatus(self.status).approved


_CURRENT_NEEDS_SQL = (
    "SELECT n.student_id, n.id, n.survey_round, n.category, n.requested_device, n.status,"
    f" n.has_device, n.review_comment FROM {CURRENT_NEEDS}"
)


def load_current_needs(conn: sqlite3.Connection) -> dict[str, CurrentNeed]:
    """The current need of every live student that has one, by student id."""
    needs = {}
    for student_id, need_id, round_, category, device, status, has_device, comment in conn.execute(
        _CURRENT_NEEDS_SQL
    ):
        needs[student_id] = CurrentNeed(
            student_id, need_id, round_, category, device, status, bool(has_device), comment
        )
    return needs
