"""Template 3 — Bàn giao: which device went to which student, and when."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.core.domain import is_late
from desktop_app.core.importing.base import WriteCounts, fetch_dicts, flag_duplicates, iso
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.templates.cells import fmt_date
from desktop_app.core.templates.spec import CodeList, TemplateSpec

# Why a device came back (a return is a new event; history is never rewritten).
RETURN_REASONS = {
    "faulty": "Thiết bị hỏng, đổi thiết bị khác",
    "moved": "Học sinh chuyển trường",
    "ineligible": "Học sinh không còn thuộc diện hỗ trợ",
    "lost": "Thiết bị bị mất",
    "other": "Lý do khác",
}
# A device that came back for these reasons is not handed out again (repair it, or it is gone).
UNAVAILABLE_AFTER = frozenset({"faulty", "lost"})
# Fields of a handover that the template has no column for; the window's form fills them.
HANDOVER_DETAILS = (
    "relationship", "receiver_citizen_id", "handed_by", "handed_by_position", "condition",
    "accessories",
)  # fmt: skip


def _dmy(iso_date: str) -> str:
    return fmt_date(date.fromisoformat(iso_date))


@dataclass
class HandoverAction:
    device: dict[str, Any]
    student: dict[str, Any]
    need: dict[str, Any]
    unchanged: bool
    record_id: str | None = None  # the handover written (or found unchanged)


class HandoversPlanner:
    def __init__(self, spec: TemplateSpec, codelists: dict[str, CodeList], today: date) -> None:
        self.spec = spec
        self.codelists = codelists
        self.today = today
        self.header = {c.field: c.header for c in spec.columns}
        # Minutes numbers run through the year; the next free one is read once in plan().
        self._next_minutes_no = 1

    def row_check(self, row: ParsedRow) -> None:
        role = row.values.get("receiver_role")
        if role and role != "student" and not row.values.get("receiver_name"):
            h = self.header["receiver_name"]
            row.add("error", "required", "required.receiver_name", "receiver_role",
                    self.header["receiver_role"], role=self.codelists["receiver"].label(role),
                    column_name=h)  # fmt: skip

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        h = self.header
        flag_duplicates(rows, "serial", h["serial"], "duplicate_in_file.serial")
        flag_duplicates(
            rows, "student_code", h["student_code"], "duplicate_in_file.handover_student"
        )
        policy_row = conn.execute("SELECT approval_policy FROM school_profile").fetchone()
        policy = policy_row[0] if policy_row else "warn"
        devices = {
            d["serial"].casefold(): d
            for d in fetch_dicts(
                conn,
                "SELECT v.id, v.serial, b.received_date FROM devices v"
                " JOIN donation_batches b ON b.id = v.batch_id WHERE v.deleted = 0",
            )
        }
        students = {
            s["code"]: s
            for s in fetch_dicts(conn, "SELECT id, code FROM students WHERE deleted = 0")
        }
        needs: dict[str, dict[str, Any]] = {}
        for stored in fetch_dicts(
            conn, "SELECT * FROM needs WHERE deleted = 0 ORDER BY student_id, survey_round"
        ):
            needs[stored["student_id"]] = stored
        # The latest event of each device tells who holds it now, and the latest event of each
        # student whether they were supported; history is never rewritten.
        holder: dict[str, dict[str, Any]] = {}
        latest_of_student: dict[str, dict[str, Any]] = {}
        first_handover: dict[str, str] = {}
        for event in fetch_dicts(
            conn,
            "SELECT h.*, s.code AS student_code FROM handovers h JOIN students s"
            " ON s.id = h.student_id WHERE h.deleted = 0 ORDER BY h.event_date, h.id",
        ):
            holder[event["device_id"]] = event
            latest_of_student[event["student_id"]] = event
            if event["kind"] == "handover":
                first_handover.setdefault(event["student_id"], event["event_date"])
        year = str(self.today.year)
        used = conn.execute(
            "SELECT MAX(minutes_no) FROM handovers WHERE substr(event_date, 1, 4) = ?", (year,)
        ).fetchone()[0]
        self._next_minutes_no = (used or 0) + 1
        for row in rows:
            if row.has_errors:
                continue
            v = row.values
            device = devices.get(v["serial"].casefold())
            student = students.get(v["student_code"])
            need = needs.get(student["id"]) if student else None
            if device is None:
                row.add("error", "not_found", "not_found.device", "serial", h["serial"],
                        value=v["serial"])  # fmt: skip
            if student is None or need is None:
                row.add("error", "not_found", "not_found.student", "student_code",
                        h["student_code"], value=v["student_code"])  # fmt: skip
            if device is None or student is None or need is None:
                continue
            current = holder.get(device["id"])
            if (
                current is not None
                and current["kind"] == "handover"
                and current["student_id"] == student["id"]
                and current["event_date"] == iso(v["handover_date"])
            ):
                row.action = HandoverAction(device, student, need, True, current["id"])
                continue
            if current is not None and current["kind"] == "handover":
                row.add("error", "duplicate_in_db", "duplicate_in_db.device_handed", "serial",
                        h["serial"], value=v["serial"], student=current["student_code"],
                        date=_dmy(current["event_date"]))  # fmt: skip
                continue
            if current is not None and current["reason"] in UNAVAILABLE_AFTER:
                row.add("error", "inconsistent", "device_unavailable", "serial", h["serial"],
                        value=v["serial"], reason=RETURN_REASONS[current["reason"]].lower(),
                        date=_dmy(current["event_date"]))  # fmt: skip
                continue
            latest = latest_of_student.get(student["id"])
            if latest is not None and not (
                latest["kind"] == "return" and latest["reason"] == "faulty"
            ):  # a faulty device is replaced; otherwise each student is supported once
                row.add("error", "already_supported", "already_supported", "student_code",
                        h["student_code"], value=v["student_code"],
                        date=_dmy(first_handover[student["id"]]))  # fmt: skip
                continue
            if need["has_device"]:
                row.add("error", "has_device", "has_device.handover", "student_code",
                        h["student_code"], value=v["student_code"])  # fmt: skip
                continue
            if need["status"] == "returned":
                row.add("error", "inconsistent", "need_returned", "student_code",
                        h["student_code"], value=v["student_code"],
                        comment=need["review_comment"] or "")  # fmt: skip
                continue
            if need["status"] not in ("approved", "supplied"):
                severity = "error" if policy == "block" else "warning"
                row.add(severity, "inconsistent", f"need_not_approved.{policy}", "student_code",
                        h["student_code"], value=v["student_code"])  # fmt: skip
                if severity == "error":
                    continue
            received = date.fromisoformat(device["received_date"])
            if v["handover_date"] < received:
                row.add("error", "date_out_of_range", "date_out_of_range.before_receipt",
                        "handover_date", h["handover_date"], value=fmt_date(v["handover_date"]),
                        receipt=fmt_date(received))  # fmt: skip
                continue
            row.action = HandoverAction(device, student, need, False)

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        counts = WriteCounts()
        for row in rows:
            action: HandoverAction = row.action
            if action.unchanged:
                counts.unchanged += 1
                continue
            v = row.values
            record = {
                "device_id": action.device["id"], "student_id": action.student["id"],
                "kind": "handover", "event_date": iso(v["handover_date"]),
                "receiver_role": v["receiver_role"], "receiver_name": v.get("receiver_name"),
                "note": v.get("note"),
                "late": int(is_late("handover", v["handover_date"], self.today)),
                "recorded_on": self.today.isoformat(),
                "minutes_no": self._next_minutes_no,
            }  # fmt: skip
            self._next_minutes_no += 1
            # Details the window's form adds to the template's columns (see core/handovers.py).
            record.update({k: v[k] for k in HANDOVER_DETAILS if v.get(k) is not None})
            action.record_id = changes.insert("handover", record)["id"]
            if action.need["status"] != "supplied":
                changes.update("need", action.need, {"status": "supplied"})
            counts.created += 1
        return counts
