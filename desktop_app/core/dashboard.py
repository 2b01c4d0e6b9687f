"""The figures of the Tổng quan screen: needs, devices, handovers, what is late, what waits to sync.

The counts of devices and students come from the rules layer (``rules.figures``), the same as
``songmay info``, the allocation and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlite_utils import Database

from desktop_app.core.clock import best_today
from desktop_app.core.consent import students_without_consent
from desktop_app.core.handovers import HANDOVER_REPORT_DAYS, WaitingDevice, devices_waiting
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.figures import Figures, school_figures
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.programme import due_date
from desktop_app.core.store.outbox import outbox_counts


@dataclass(frozen=True)
class LateItem:
    kind: str  # "receipt" | "handover"
    facts: tuple[tuple[str, str], ...]  # the batch code, or the device and student
    happened_on: date
    due_on: date
    recorded_on: date

    @property
    def label(self) -> Msg:
        """What it is, in words (made when shown: a school may have thousands of late items)."""
        return msg(f"late.{self.kind}", **dict(self.facts))


@dataclass
class Summary:
    figures: Figures
    needs_by_category: dict[int, int] = field(default_factory=dict)
    devices_by_source: dict[str, int] = field(default_factory=dict)
    late: list[LateItem] = field(default_factory=list)
    pending_changes: int = 0
    # Devices received more than HANDOVER_REPORT_DAYS days ago and still not handed over (the
    # district's report to the department is due), oldest first.
    overdue_devices: list[WaitingDevice] = field(default_factory=list)
    overdue_days: int = HANDOVER_REPORT_DAYS
    # Live students with no parent's consent recorded (``rules.consent``).
    students_without_consent: int = 0

    @property
    def devices_total(self) -> int:
        return self.figures.devices_total

    @property
    def handed_over(self) -> int:
        return self.figures.devices_held

    @property
    def devices_available(self) -> int:
        return self.figures.devices_available

    @property
    def students_waiting(self) -> int:
        return self.figures.students_waiting


def dashboard_summary(db: Database, *, today: date | None = None) -> Summary:
    holdings = load_holdings(db.conn)
    summary = Summary(school_figures(db.conn, holdings))
    summary.needs_by_category = dict(summary.figures.needs_by_category)
    summary.devices_by_source = {"4.8.3.1": 0, "4.8.3.2": 0} | dict(
        db.execute(
            "SELECT b.source, COUNT(*) FROM devices v JOIN donation_batches b"
            " ON b.id = v.batch_id WHERE v.deleted = 0 GROUP BY b.source"
        ).fetchall()
    )
    summary.late = late_records(db)
    summary.pending_changes = outbox_counts(db)["pending"]
    summary.students_without_consent = students_without_consent(db)
    day = today or best_today(db)
    summary.overdue_devices = [d for d in devices_waiting(db, holdings) if d.overdue(day)]
    return summary


def late_records(db: Database) -> list[LateItem]:
    """Receipts and handovers recorded after their deadline (the letters allow 1 day)."""
    late: list[LateItem] = []
    for code, received, created in db.execute(
        "SELECT code, received_date, created_at FROM donation_batches WHERE deleted = 0"
    ):
        happened, recorded = date.fromisoformat(received), date.fromisoformat(created[:10])
        if recorded > due_date("receipt", happened):
            late.append(LateItem("receipt", (("batch", code),), happened,
                                 due_date("receipt", happened), recorded))  # fmt: skip
    for serial, student, name, happened_text, created in db.execute(
        "SELECT v.serial, s.code, s.full_name, h.event_date, h.created_at FROM handovers h"
        " JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id"
        " WHERE h.deleted = 0 AND h.kind = 'handover'"
    ):
        happened, recorded = date.fromisoformat(happened_text), date.fromisoformat(created[:10])
        if recorded > due_date("handover", happened):
            facts = (("serial", serial), ("name", name), ("code", student))
            late.append(LateItem("handover", facts, happened, due_date("handover", happened),
                                 recorded))  # fmt: skip
    return sorted(late, key=lambda item: item.happened_on)
