"""Handing devices to students, taking them back, and the history of both.

A handover form is one row of the handovers template plus details the template has no column for
(who received for the student, condition, accessories…), checked by the template's own planner, so
the window, the command line and an imported file refuse the same things with the same message.
History is never rewritten: a return or a replacement is a new event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from desktop_app.core.domain import is_late
from desktop_app.core.forms import FormResult, form_fields, parse_form
from desktop_app.core.identifiers import normalise_citizen_id
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.importing.handovers import (
    HANDOVER_DETAILS,
    RETURN_REASONS,
    HandoversPlanner,
)
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.templates.cells import Invalid, fmt_date, parse_date
from desktop_app.core.templates.spec import load_codelists, load_template
from desktop_app.core.text import clean_text

__all__ = [
    "HANDOVER_FORM_FIELDS",
    "RETURN_REASONS",
    "HistoryEvent",
    "WaitingDevice",
    "check_handovers",
    "device_history",
    "devices_waiting",
    "record_handovers",
    "record_return",
    "student_history",
]

HANDOVER_FORM_FIELDS = form_fields("handovers") + HANDOVER_DETAILS
# The district reports handovers to the department within 5 days of the school receiving the
# devices (seed 004): a device still on the shelf after that is overdue.
HANDOVER_REPORT_DAYS = 5


def _planner(today: date) -> HandoversPlanner:
    return HandoversPlanner(load_template("handovers"), load_codelists(), today)


def _parse(
    forms: Sequence[Mapping[str, Any]], planner: HandoversPlanner, today: date
) -> tuple[list[ParsedRow], list[FormResult]]:
    rows, results = [], []
    for number, form in enumerate(forms, start=1):
        row, result = parse_form("handovers", form, planner, today)
        row.row = number  # a form has no Excel row; number them for duplicate messages
        _parse_details(form, row, result)
        rows.append(row)
        results.append(result)
    return rows, results


def _parse_details(form: Mapping[str, Any], row: ParsedRow, result: FormResult) -> None:
    for name in HANDOVER_DETAILS:
        value = form.get(name)
        row.values[name] = clean_text(value) or None if isinstance(value, str) else value
    citizen_id = row.values.get("receiver_citizen_id")
    if citizen_id:
        digits = normalise_citizen_id(citizen_id)
        if not (digits.isdigit() and len(digits) == 12):
            result.errors.setdefault("receiver_citizen_id", []).append(
                "Số định danh cá nhân (CCCD) gồm đúng 12 chữ số; hãy kiểm tra lại hoặc để trống."
            )
        row.values["receiver_citizen_id"] = digits
    role = row.values.get("receiver_role")
    if role and role != "student" and not row.values.get("relationship"):
        result.errors.setdefault("relationship", []).append(
            "Hãy ghi quan hệ của người nhận thay với học sinh (ví dụ: mẹ, ông nội)."
        )


def check_handovers(
    db: Database, forms: Sequence[Mapping[str, Any]], *, today: date
) -> list[FormResult]:
    """What is wrong with each form, as ``record_handovers`` would say, without saving."""
    planner = _planner(today)
    rows, results = _parse(forms, planner, today)
    _plan(db, planner, rows, results)
    return results


def _plan(
    db: Database, planner: HandoversPlanner, rows: list[ParsedRow], results: list[FormResult]
) -> None:
    spec = planner.spec
    valid = [row for row, result in zip(rows, results, strict=True) if result.ok]
    planner.plan(valid, db.conn)
    for row, result in zip(rows, results, strict=True):
        if result.ok:
            result.add_problems(row, spec)


def record_handovers(
    db: Database,
    forms: Sequence[Mapping[str, Any]],
    *,
    today: date,
    actor: str | None = None,
) -> list[FormResult]:
    """Record several handovers (the accepted lines of a proposal) — all of them or none.

    Each result carries its form's errors and warnings; when any form has an error nothing is
    saved. Saved results carry the new handover's id in ``record_id``.
    """
    planner = _planner(today)
    rows, results = _parse(forms, planner, today)
    if not all(result.ok for result in results):
        return results
    changes = ChangeSet(source="handover") if actor is None else ChangeSet(actor, "handover")
    with write_transaction(db):
        _plan(db, planner, rows, results)
        if not all(result.ok for result in results):
            return results
        planner.write(rows, changes)
        changes.apply(db.conn)
    for row, result in zip(rows, results, strict=True):
        result.record_id = row.action.record_id
    return results


# --- returns -----------------------------------------------------------------------------------


def record_return(
    db: Database,
    *,
    serial: str,
    event_date: date | str,
    reason: str,
    note: str | None = None,
    returned_by: str | None = None,
    condition: str | None = None,
    today: date,
    actor: str | None = None,
) -> FormResult:
    """A device comes back from its student: a new event, the handover stays in the history.

    After a faulty device the student's need is open again (a replacement is due); after the
    other reasons the student counts as supported once. A returned device can be handed over
    again unless it came back faulty or was lost.
    """
    result = FormResult()
    if reason not in RETURN_REASONS:
        allowed = ", ".join(f"{code} ({label})" for code, label in RETURN_REASONS.items())
        result.errors.setdefault("reason", []).append(f"Hãy chọn lý do thu hồi: {allowed}.")
    note = clean_text(note) or None if note else None
    if reason == "other" and not note:
        result.errors.setdefault("note", []).append('Lý do "khác": hãy ghi rõ lý do ở ghi chú.')
    try:
        day = parse_date(event_date)
    except Invalid:
        result.errors.setdefault("event_date", []).append(
            f'Ngày thu hồi "{event_date}" không đúng dạng ngày/tháng/năm (ví dụ 15/03/2022).'
        )
        return result
    if day > today:
        result.errors.setdefault("event_date", []).append(
            f"Ngày thu hồi {fmt_date(day)} ở sau hôm nay ({fmt_date(today)})."
        )
    changes = ChangeSet(source="return") if actor is None else ChangeSet(actor, "return")
    with write_transaction(db):
        held = _current_holding(db, clean_text(serial))
        if held is None:
            result.errors.setdefault("serial", []).append(
                f"Thiết bị {serial} không có trong dữ liệu hoặc chưa được bàn giao cho học sinh "
                "nào, nên không có gì để thu hồi."
            )
        elif day < date.fromisoformat(held["event_date"]):
            result.errors.setdefault("event_date", []).append(
                f"Ngày thu hồi {fmt_date(day)} ở trước ngày bàn giao "
                f"{fmt_date(date.fromisoformat(held['event_date']))}."
            )
        if not result.ok or held is None:
            return result
        record = changes.insert("handover", {
            "device_id": held["device_id"], "student_id": held["student_id"], "kind": "return",
            "event_date": day.isoformat(), "reason": reason, "note": note,
            "receiver_name": clean_text(returned_by) or None if returned_by else None,
            "condition": clean_text(condition) or None if condition else None,
            "late": int(is_late("handover", day, today)), "recorded_on": today.isoformat(),
        })  # fmt: skip
        if reason == "faulty":
            need = db.execute(
                "SELECT * FROM needs WHERE student_id = ? AND deleted = 0"
                " ORDER BY survey_round DESC LIMIT 1",
                (held["student_id"],),
            ).fetchone()
            if need is not None:
                columns = [d[0] for d in db.execute("SELECT * FROM needs LIMIT 0").description]
                old = dict(zip(columns, need, strict=True))
                if old["status"] == "supplied":  # open again: a replacement is due
                    changes.update("need", old, {"status": "approved"})
        changes.apply(db.conn)
    result.record_id = record["id"]
    return result


def _current_holding(db: Database, serial: str) -> dict[str, Any] | None:
    """The device's latest event when it is a handover (someone holds it now), else None."""
    rows = fetch_dicts(
        db.conn,
        "SELECT h.* FROM handovers h JOIN devices v ON v.id = h.device_id"
        " WHERE v.serial = ? COLLATE NOCASE AND v.deleted = 0 AND h.deleted = 0"
        " ORDER BY h.event_date DESC, h.id DESC LIMIT 1",
        (serial,),
    )
    return rows[0] if rows and rows[0]["kind"] == "handover" else None


# --- history -----------------------------------------------------------------------------------


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
    receiver: str  # who received (or brought the device back)
    reason: str  # of a return, in words
    note: str
    late: bool
    minutes_no: int | None

    @property
    def description(self) -> str:
        if self.kind == "handover":
            return f"Bàn giao cho {self.student_name} ({self.student_code}, lớp {self.class_name})"
        return f"Thu hồi từ {self.student_name} ({self.student_code}): {self.reason}"


_HISTORY_SQL = """
    SELECT h.id, h.kind, h.event_date, v.serial, v.brand, v.model, s.code, s.full_name,
           s.class_name, h.receiver_role, h.receiver_name, h.relationship, h.reason, h.note,
           h.late, h.minutes_no
    FROM handovers h JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id
    WHERE h.deleted = 0 AND {where}
    ORDER BY h.event_date, h.id"""


def _history(db: Database, where: str, value: str) -> list[HistoryEvent]:
    receivers = load_codelists()["receiver"]
    events = []
    for row in db.execute(_HISTORY_SQL.format(where=where), (value,)):
        (hid, kind, day, serial, brand, model, code, name, class_name, role, receiver_name,
         relationship, reason, note, late, minutes_no) = row  # fmt: skip
        if kind == "handover" and role and role != "student":
            receiver = f"{receiver_name} ({relationship or receivers.label(role)})"
        elif kind == "handover":
            receiver = name
        else:
            receiver = receiver_name or ""
        events.append(HistoryEvent(
            hid, kind, date.fromisoformat(day), serial, f"{brand} {model}", code, name,
            class_name, receiver, RETURN_REASONS.get(reason or "", ""), note or "", bool(late),
            minutes_no,
        ))  # fmt: skip
    return events


def device_history(db: Database, serial: str) -> list[HistoryEvent]:
    return _history(db, "v.serial = ? COLLATE NOCASE", clean_text(serial))


def student_history(db: Database, student_code: str) -> list[HistoryEvent]:
    return _history(db, "s.code = ?", clean_text(student_code))


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


def devices_waiting(db: Database) -> list[WaitingDevice]:
    """Devices received but not yet handed over (nor lost or faulty), oldest first.

    Devices received more than five days ago are overdue: the district's report is due.
    """
    rows = db.execute(
        """SELECT v.serial, v.brand || ' ' || v.model, b.code, b.received_date
           FROM devices v JOIN donation_batches b ON b.id = v.batch_id
           LEFT JOIN handovers h ON h.id = (
               SELECT id FROM handovers x WHERE x.device_id = v.id AND x.deleted = 0
               ORDER BY x.event_date DESC, x.id DESC LIMIT 1)
           WHERE v.deleted = 0 AND v.device_type != 'sim'
             AND (h.id IS NULL OR (h.kind = 'return'
                                   AND COALESCE(h.reason, '') NOT IN ('faulty', 'lost')))
           ORDER BY b.received_date, v.serial"""
    ).fetchall()
    return [
        WaitingDevice(serial, device, batch, date.fromisoformat(received),
                      date.fromisoformat(received) + timedelta(days=HANDOVER_REPORT_DAYS))
        for serial, device, batch, received in rows
    ]  # fmt: skip
