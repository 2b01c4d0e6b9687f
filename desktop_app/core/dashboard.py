"""The figures of the Tổng quan screen: needs, devices, handovers, what is late, what waits to sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from desktop_app.core.domain import due_date
from desktop_app.core.handovers import HANDOVER_REPORT_DAYS, WaitingDevice, devices_waiting
from desktop_app.core.store.outbox import outbox_counts
from desktop_app.core.store.queries import DEVICE_LAST_EVENT, LATEST_NEED


@dataclass(frozen=True)
class LateItem:
    kind: str  # "receipt" | "handover"
    label: str  # what it is, in Vietnamese: the batch code or the device and student
    happened_on: date
    due_on: date
    recorded_on: date


@dataclass
class Summary:
    needs_by_category: dict[int, int] = field(default_factory=dict)
    devices_by_source: dict[str, int] = field(default_factory=dict)
    handed_over: int = 0
    devices_available: int = 0
    students_waiting: int = 0
    late: list[LateItem] = field(default_factory=list)
    pending_changes: int = 0
    # Devices received more than HANDOVER_REPORT_DAYS days ago and still not handed over (the
    # district's report to the department is due), oldest first.
    overdue_devices: list[WaitingDevice] = field(default_factory=list)
    overdue_days: int = HANDOVER_REPORT_DAYS

    @property
    def devices_total(self) -> int:
        return sum(self.devices_by_source.values())


def dashboard_summary(db: Database, *, today: date | None = None) -> Summary:
    summary = Summary()
    summary.needs_by_category = {category: 0 for category in (1, 2, 3, 4)} | dict(
        db.execute(
            "SELECT n.category, COUNT(*) FROM needs n CROSS JOIN students s ON s.id = n.student_id"
            f" WHERE s.deleted = 0 AND n.deleted = 0 AND {LATEST_NEED} GROUP BY n.category"
        ).fetchall()
    )
    summary.devices_by_source = {"4.8.3.1": 0, "4.8.3.2": 0} | dict(
        db.execute(
            "SELECT b.source, COUNT(*) FROM devices v JOIN donation_batches b"
            " ON b.id = v.batch_id WHERE v.deleted = 0 GROUP BY b.source"
        ).fetchall()
    )
    summary.handed_over = db.execute(
        f"SELECT COUNT(*) FROM devices v WHERE v.deleted = 0 AND {DEVICE_LAST_EVENT} = 'handover'"
    ).fetchone()[0]
    summary.devices_available = summary.devices_total - summary.handed_over
    summary.students_waiting = db.execute(
        "SELECT COUNT(*) FROM needs n JOIN students s ON s.id = n.student_id"
        " WHERE n.deleted = 0 AND s.deleted = 0 AND n.has_device = 0"
        " AND n.status IN ('proposed', 'approved')"
        " AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.student_id = s.id"
        " AND h.kind = 'handover' AND h.deleted = 0)"
    ).fetchone()[0]
    summary.late = late_records(db)
    summary.pending_changes = outbox_counts(db)["pending"]
    day = today or date.today()
    summary.overdue_devices = [d for d in devices_waiting(db) if d.overdue(day)]
    return summary


def late_records(db: Database) -> list[LateItem]:
    """Receipts and handovers recorded after their deadline (the letters allow 1 day)."""
    late: list[LateItem] = []
    for code, received, created in db.execute(
        "SELECT code, received_date, created_at FROM donation_batches WHERE deleted = 0"
    ):
        happened, recorded = date.fromisoformat(received), date.fromisoformat(created[:10])
        if recorded > due_date("receipt", happened):
            late.append(LateItem("receipt", f"Đợt tài trợ {code}", happened,
                                 due_date("receipt", happened), recorded))  # fmt: skip
    for serial, student, name, happened_text, created in db.execute(
        "SELECT v.serial, s.code, s.full_name, h.event_date, h.created_at FROM handovers h"
        " JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id"
        " WHERE h.deleted = 0 AND h.kind = 'handover'"
    ):
        happened, recorded = date.fromisoformat(happened_text), date.fromisoformat(created[:10])
        if recorded > due_date("handover", happened):
            late.append(LateItem("handover", f"Thiết bị {serial} → {name} ({student})",
                                 happened, due_date("handover", happened), recorded))  # fmt: skip
    return sorted(late, key=lambda item: item.happened_on)
