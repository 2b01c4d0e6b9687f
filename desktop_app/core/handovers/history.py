"""The history of a device or a student, where a device stands now, and the devices still
waiting for a student."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from desktop_app.core.handovers.request import HANDOVER_REPORT_DAYS
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.holdings import (
    DeviceState,
    Holdings,
    ReturnReason,
    Support,
    load_holdings,
)
from desktop_app.core.rules.programme import goes_with_a_device
from desktop_app.core.rules.receivers import (
    default_relationship,
    receiver_list,
    receives_in_person,
    relationship_label,
)
from desktop_app.core.templates.spec import CodeLabel
from desktop_app.core.text import clean_text


@dataclass(frozen=True)
class HistoryEvent:
    """One line of a device's or a student's history, oldest first."""

    handover_id: str
    kind: str  # "handover" | "return"
    event_date: date
    serial: str
    device: str  # brand and model
    student_code: str
    student_name: str
    class_name: str
    receiver: str  # who received (or brought the device back); a Msg when it names a role
    reason: str  # of a return, in words (a Msg: ``text(lang)`` says it in another language)
    note: str
    late: bool
    minutes_no: int | None

    @property
    def description(self) -> Msg:
        if self.kind == "handover":
            return msg("history.handover", name=self.student_name, code=self.student_code,
                       class_name=self.class_name)  # fmt: skip
        return msg("history.return", name=self.student_name, code=self.student_code,
                   reason=self.reason)  # fmt: skip


_HISTORY_SQL = """
    SELECT h.id, h.kind, h.event_date, v.serial, v.brand, v.model, s.code, s.full_name,
           s.class_name, h.receiver_role, h.receiver_name, h.relationship, h.reason, h.note,
           h.late, h.minutes_no
    FROM handovers h JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id
    WHERE h.deleted = 0 AND {where}
    ORDER BY h.event_date, h.id"""


def _history(db: Database, where: str, value: str) -> list[HistoryEvent]:
    receivers = receiver_list()
    events = []
    for row in db.execute(_HISTORY_SQL.format(where=where), (value,)):
        (hid, kind, day, serial, brand, model, code, name, class_name, role, receiver_name,
         relationship, reason, note, late, minutes_no) = row  # fmt: skip
        receiver: str
        if kind == "handover" and not receives_in_person(role):
            # The relationship the clerk wrote, else the role's (said in the reader's language;
            # an imported handover stores the role's default, which is the program's words).
            if relationship == default_relationship(role):
                relationship = None
            said: str = (
                relationship
                or relationship_label(role)
                or (CodeLabel("receiver", role) if role in receivers.codes else role)
            )
            receiver = (
                msg("history.receiver", name=receiver_name, relationship=said)
                if receiver_name
                else said
            )
        elif kind == "handover":
            receiver = name
        else:
            receiver = receiver_name or ""
        why = ReturnReason(reason).label if reason in set(ReturnReason) else ""
        events.append(HistoryEvent(
            hid, kind, date.fromisoformat(day), serial, f"{brand} {model}", code, name,
            class_name, receiver, why, note or "", bool(late), minutes_no,
        ))  # fmt: skip
    return events


def device_history(db: Database, serial: str) -> list[HistoryEvent]:
    return _history(db, "v.serial = ? COLLATE NOCASE", clean_text(serial))


def student_history(db: Database, student_code: str) -> list[HistoryEvent]:
    return _history(db, "s.code = ?", clean_text(student_code))


@dataclass(frozen=True)
class Standing:
    """Where one device stands now: its state, and the latest event of its history (the
    handover by which its student holds it, when it is held)."""

    state: DeviceState
    latest: HistoryEvent | None

    @property
    def holder(self) -> HistoryEvent | None:
        return self.latest if self.state is DeviceState.HELD else None


def device_standing(db: Database, serial: str) -> Standing | None:
    """None when there is no such device."""
    found = db.execute(
        "SELECT id FROM devices WHERE serial = ? COLLATE NOCASE AND deleted = 0",
        (clean_text(serial),),
    ).fetchone()
    if found is None:
        return None
    state = load_holdings(db.conn, device_id=found[0]).device_state(found[0])
    history = device_history(db, serial)
    return Standing(state, history[-1] if history else None)


def held_by_student(db: Database, student_code: str) -> HistoryEvent | None:
    """The handover by which the student holds a device now (None when they hold none)."""
    found = db.execute(
        "SELECT id FROM students WHERE code = ? AND deleted = 0", (clean_text(student_code),)
    ).fetchone()
    if found is None:
        return None
    holdings = load_holdings(db.conn, student_id=found[0])
    if holdings.support(found[0]) is not Support.HOLDING:
        return None
    held = holdings.last_handover[found[0]]
    return next(e for e in student_history(db, student_code) if e.handover_id == held.id)


# --- devices waiting for a student ---------------------------------------------------------------


@dataclass(frozen=True)
class WaitingDevice:
    serial: str
    device: str
    batch_code: str
    received_date: date
    due: date  # the district must report handovers by then

    def overdue(self, today: date) -> bool:
        return today > self.due


def devices_waiting(db: Database, holdings: Holdings | None = None) -> list[WaitingDevice]:
    """Available devices (not SIMs: they go with a device), oldest batch first. Devices received
    more than five days ago are overdue: the district's report is due."""
    holdings = holdings or load_holdings(db.conn)
    rows = db.execute(
        "SELECT v.id, v.serial, v.brand || ' ' || v.model, b.code, b.received_date, v.device_type"
        " FROM devices v JOIN donation_batches b ON b.id = v.batch_id"
        " WHERE v.deleted = 0 ORDER BY b.received_date, v.serial"
    ).fetchall()
    return [
        WaitingDevice(serial, device, batch, date.fromisoformat(received),
                      date.fromisoformat(received) + timedelta(days=HANDOVER_REPORT_DAYS))
        for device_id, serial, device, batch, received, device_type in rows
        if holdings.is_available(device_id) and not goes_with_a_device(device_type)
    ]  # fmt: skip
