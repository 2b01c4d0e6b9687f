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


@dataclass
class HandoverAction:
    device: dict[str, Any]
    student: dict[str, Any]
    need: dict[str, Any]
    unchanged: bool


class HandoversPlanner:
    def __init__(self, spec: TemplateSpec, codelists: dict[str, CodeList], today: date) -> None:
        self.spec = spec
        self.codelists = codelists
        self.today = today
        self.header = {c.field: c.header for c in spec.columns}

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
        # The latest event of each device tells who holds it now; history is never rewritten.
        holder: dict[str, dict[str, Any]] = {}
        for event in fetch_dicts(
            conn,
            "SELECT h.*, s.code AS student_code FROM handovers h JOIN students s"
            " ON s.id = h.student_id WHERE h.deleted = 0 ORDER BY h.device_id, h.event_date, h.id",
        ):
            holder[event["device_id"]] = event
        holding = {e["student_id"]: e for e in holder.values() if e["kind"] == "handover"}
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
            same = (
                current is not None
                and current["kind"] == "handover"
                and current["student_id"] == student["id"]
                and current["event_date"] == iso(v["handover_date"])
            )
            if current is not None and current["kind"] == "handover" and not same:
                row.add("error", "duplicate_in_db", "duplicate_in_db.device_handed", "serial",
                        h["serial"], value=v["serial"], student=current["student_code"],
                        date=fmt_date(date.fromisoformat(current["event_date"])))  # fmt: skip
                continue
            other = holding.get(student["id"])
            if not same and other is not None:
                row.add("error", "already_supported", "already_supported", "student_code",
                        h["student_code"], value=v["student_code"],
                        date=fmt_date(date.fromisoformat(other["event_date"])))  # fmt: skip
                continue
            if not same and need["has_device"]:
                row.add("error", "has_device", "has_device.handover", "student_code",
                        h["student_code"], value=v["student_code"])  # fmt: skip
                continue
            received = date.fromisoformat(device["received_date"])
            if v["handover_date"] < received:
                row.add("error", "date_out_of_range", "date_out_of_range.before_receipt",
                        "handover_date", h["handover_date"], value=fmt_date(v["handover_date"]),
                        receipt=fmt_date(received))  # fmt: skip
                continue
            row.action = HandoverAction(device, student, need, same)

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        counts = WriteCounts()
        for row in rows:
            action: HandoverAction = row.action
            if action.unchanged:
                counts.unchanged += 1
                continue
            v = row.values
            changes.insert("handover", {
                "device_id": action.device["id"], "student_id": action.student["id"],
                "kind": "handover", "event_date": iso(v["handover_date"]),
                "receiver_role": v["receiver_role"], "receiver_name": v.get("receiver_name"),
                "note": v.get("note"),
                "late": int(is_late("handover", v["handover_date"], self.today)),
            })  # fmt: skip
            if action.need["status"] != "supplied":
                changes.update("need", action.need, {"status": "supplied"})
            counts.created += 1
        return counts
