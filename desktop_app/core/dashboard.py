"""The figures of the Tổng quan screen: needs, devices, handovers, what is late, what waits to sync.

The counts of devices and students come from the rules layer (``rules.figures``), the same as
``songmay info``, the allocation and the reports.

Kept figures (issue 19: the window's start must not wait for work that grows with the number of
students): the last ``Summary`` computed is kept in the database (``figures_snapshot``, migration
014) with the stamp of what it was computed from (``figures_stamp``: the journal's last sequence
number, the count of changes made without a journal row, the format of this module). At start a
kept summary whose stamp is still the database's is shown as it is (``kept_summary``, a few
milliseconds); otherwise the figures are computed again and kept (``computed_summary``,
``keep_summary``). The kept summary holds results only: every figure is computed by the functions
below, never by a second formula. What depends on the day (the devices overdue) is applied to the
kept list of waiting devices when shown, with the day of that moment."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core.clock import best_today
from desktop_app.core.consent import students_without_consent
from desktop_app.core.errors import StoreError
from desktop_app.core.handovers import HANDOVER_REPORT_DAYS, WaitingDevice, devices_waiting
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.figures import Figures, school_figures
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.programme import due_date
from desktop_app.core.store import driver
from desktop_app.core.store.database import write_transaction
from desktop_app.core.store.outbox import outbox_counts
from desktop_app.core.store.queries import data_state

log = logging.getLogger("songmay.core")

# Changed whenever a figure's definition or the kept form changes: a kept summary of another
# format (or of another version of the application) is computed again.
SUMMARY_FORMAT = 1
KEEP_WAIT_MS = 50  # another write under way: keeping the figures waits this long at most


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
    # The journal's rows by status (``outbox_counts``): the status bar's figures.
    outbox: dict[str, int] = field(default_factory=dict)
    # Devices received more than HANDOVER_REPORT_DAYS days ago and still not handed over (the
    # district's report to the department is due), oldest first.
    overdue_devices: list[WaitingDevice] = field(default_factory=list)
    # Every device waiting for its student (``devices_waiting``), of which the overdue ones above.
    waiting_devices: list[WaitingDevice] = field(default_factory=list)
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
    summary.outbox = outbox_counts(db)
    summary.pending_changes = summary.outbox["pending"]
    summary.students_without_consent = students_without_consent(db)
    summary.waiting_devices = devices_waiting(db, holdings)
    return on_day(summary, today or best_today(db))


def on_day(summary: Summary, day: date) -> Summary:
    """``summary`` with its devices overdue on ``day`` (``WaitingDevice.overdue``)."""
    summary.overdue_devices = [d for d in summary.waiting_devices if d.overdue(day)]
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


# --- kept figures (migration 014) ---------------------------------------------------------------


def figures_stamp(db: Database) -> str:
    """What the figures of ``db`` are computed from, now (``queries.data_state``), with this
    module's format and the application's version. Equal stamps: the figures are the same."""
    seq, changes = data_state(db.conn)
    return f"{SUMMARY_FORMAT}/{__version__}/{seq}/{changes}"


def computed_summary(db: Database, *, today: date | None = None) -> tuple[Summary, str]:
    """The figures computed from scratch, with the stamp of the state they were read from (one
    read transaction: a write committed meanwhile is in neither or in both)."""
    conn = db.conn
    if conn.in_transaction:
        return dashboard_summary(db, today=today), figures_stamp(db)
    conn.execute("BEGIN")
    try:
        stamp = figures_stamp(db)
        summary = dashboard_summary(db, today=today)
    finally:
        conn.execute("COMMIT")
    return summary, stamp


def keep_summary(db: Database, summary: Summary, stamp: str) -> bool:
    """Keep ``summary`` (computed at ``stamp``) for the next start, unless the database changed
    since (then False: figures of an earlier state are never kept as current). A file that
    cannot be written (read-only, full), or another write under way (an import holds the file
    for seconds: the figures it computed are not held back waiting for it), keeps nothing;
    the figures are shown all the same and kept by a later reading or when the window closes."""
    conn = db.conn
    waits = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {KEEP_WAIT_MS}")
    try:
        with write_transaction(db):
            if figures_stamp(db) != stamp:
                return False
            db.execute(
                "INSERT OR REPLACE INTO figures_snapshot (id, stamp, data, computed_at)"
                " VALUES (1, ?, ?, ?)",
                [stamp, json.dumps(_kept_form(summary), ensure_ascii=False),
                 datetime.now(UTC).isoformat(timespec="seconds")],
            )  # fmt: skip
    except (StoreError, driver.DatabaseError) as exc:
        log.warning("the dashboard's figures were not kept: %s", type(exc).__name__)
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waits)}")
    return True


def kept_summary(db: Database, *, today: date | None = None) -> Summary | None:
    """The kept figures if nothing changed since they were computed (None: compute them)."""
    try:
        row = db.execute("SELECT stamp, data FROM figures_snapshot WHERE id = 1").fetchone()
        if row is None or row[0] != figures_stamp(db):
            return None
        summary = _from_kept_form(json.loads(row[1]))
    except (driver.DatabaseError, ValueError, KeyError, TypeError) as exc:
        log.warning("the kept dashboard figures were not used: %s", type(exc).__name__)
        return None
    return on_day(summary, today or best_today(db))


def keep_current(db: Database) -> bool:
    """Compute and keep the figures unless the kept ones are still current (a few milliseconds
    then); True when they were computed. For the end of a session: the next start shows them
    with its first paint."""
    if kept_summary(db) is not None:
        return False
    summary, stamp = computed_summary(db)
    keep_summary(db, summary, stamp)
    return True


def _kept_form(summary: Summary) -> dict[str, Any]:
    return {
        "figures": summary.figures.as_dict(),
        "needs_by_category": list(summary.needs_by_category.items()),
        "devices_by_source": summary.devices_by_source,
        "late": [
            [
                i.kind,
                [list(f) for f in i.facts],
                i.happened_on.isoformat(),
                i.due_on.isoformat(),
                i.recorded_on.isoformat(),
            ]
            for i in summary.late
        ],
        "outbox": summary.outbox,
        "students_without_consent": summary.students_without_consent,
        "overdue_days": summary.overdue_days,
        "waiting_devices": [
            [d.serial, d.device, d.batch_code, d.received_date.isoformat(), d.due.isoformat()]
            for d in summary.waiting_devices
        ],
    }


def _from_kept_form(data: dict[str, Any]) -> Summary:
    kept = dict(data["figures"])
    kept["needs_by_category"] = {int(k): int(v) for k, v in kept["needs_by_category"].items()}
    day = date.fromisoformat
    outbox = {str(k): int(v) for k, v in data["outbox"].items()}
    return Summary(
        figures=Figures(**kept),
        needs_by_category={int(k): int(v) for k, v in data["needs_by_category"]},
        devices_by_source={str(k): int(v) for k, v in data["devices_by_source"].items()},
        late=[
            LateItem(
                kind,
                tuple((str(k), str(v)) for k, v in facts),
                day(happened),
                day(due),
                day(recorded),
            )
            for kind, facts, happened, due, recorded in data["late"]
        ],
        pending_changes=outbox["pending"],
        outbox=outbox,
        overdue_days=int(data["overdue_days"]),
        students_without_consent=int(data["students_without_consent"]),
        waiting_devices=[
            WaitingDevice(serial, device, batch, day(received), day(due))
            for serial, device, batch, received, due in data["waiting_devices"]
        ],
    )
