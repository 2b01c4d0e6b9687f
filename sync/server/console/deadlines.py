"""What is late now, and what becomes late within the next 48 hours.

A donation batch's devices are to be handed over and reported by the district within 5 days of
their receipt, and by the province within 7 (``rules.programme.DEADLINES``): a batch with a
device not yet handed over is late the day after its due date, and "soon" from two days before.
A district watches its 5-day deadline; a province both.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from desktop_app.core.rules.programme import due_date
from sync.server.console.board import refresh_missing
from sync.server.console.model import DeadlineItem, Viewer
from sync.server.console.scope import IN_SCOPE, scope_params
from sync.server.store import Store

HORIZON = timedelta(hours=48)
Deadline = Literal["district_report", "department_report"]


def watched(viewer: Viewer) -> tuple[Deadline, ...]:
    if viewer.unit_kind == "province":
        return ("district_report", "department_report")
    return ("district_report",)


def deadline_items(store: Store, viewer: Viewer, today: date) -> list[DeadlineItem]:
    """Batches late now or due within 48 hours, late first, then by due date."""
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        rows = conn.execute(
            "SELECT b.school_code, s.name, b.batch_id, b.batch_code, b.received_date, b.devices,"
            " b.handed_over FROM board_batches b JOIN schools s ON s.code = b.school_code"
            " JOIN units u ON u.code = s.unit_code"
            f" WHERE s.disabled = 0 AND b.received_date IS NOT NULL AND {IN_SCOPE}"
            " AND b.handed_over < b.devices",
            scope_params(viewer),
        ).fetchall()
    items = []
    soon_until = today + timedelta(days=HORIZON.days)
    for row in rows:
        received = date.fromisoformat(row["received_date"])
        for deadline in watched(viewer):
            due = due_date(deadline, received)
            if today > due:
                state: Literal["late", "soon"] = "late"
            elif due <= soon_until:
                state = "soon"
            else:
                continue
            items.append(DeadlineItem(
                school_code=row["school_code"], school_name=row["name"],
                batch_id=row["batch_id"], batch_code=row["batch_code"], received_date=received,
                devices=int(row["devices"]), handed_over=int(row["handed_over"]),
                deadline=deadline, due=due, state=state,
            ))  # fmt: skip
    items.sort(key=lambda i: (i.state != "late", i.due, i.school_code, i.batch_code or ""))
    return items
