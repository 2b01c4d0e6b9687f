"""Export the database in the template layout, so that export → import changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.access import record_access
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.needs import CURRENT_NEEDS
from desktop_app.core.rules.vaccinations import CURRENT_DOSE
from desktop_app.core.school import load_school
from desktop_app.core.templates.spec import TemplateSpec, load_codelists, load_template
from desktop_app.core.templates.workbook import build_workbook, save_workbook

_QUERIES = {
    # Each live student with their current need (``rules.needs``).
    "needs": f"""
        SELECT s.code AS student_code, s.*, n.*
        FROM {CURRENT_NEEDS}
        ORDER BY s.class_name, s.name_key, s.code""",
    "devices": """
        SELECT b.code AS batch_code, b.source, d.name AS donor_name, d.donor_type,
               b.received_date, v.*
        FROM devices v JOIN donation_batches b ON b.id = v.batch_id
        JOIN donors d ON d.id = b.donor_id
        WHERE v.deleted = 0
        ORDER BY b.received_date, b.code, v.serial""",
    # Who holds each device now: the handovers ``Holdings`` says are current (bound below).
    "handovers": """
        SELECT v.serial, s.code AS student_code, h.event_date AS handover_date,
               h.receiver_role, h.receiver_name, h.handed_by, h.handed_by_position,
               h.relationship, h.receiver_citizen_id, h.receiver_address, h.note
        FROM handovers h
        JOIN devices v ON v.id = h.device_id JOIN students s ON s.id = h.student_id
        WHERE h.id IN (SELECT value FROM json_each(?)) AND v.deleted = 0
        ORDER BY h.event_date, v.serial""",
    # Each live student's current doses (``rules.vaccinations``), one row per dose.
    "vaccinations": f"""
        SELECT s.code AS student_code, s.full_name, s.birth_date, s.gender, s.class_name,
               v.dose_no, v.vaccinated_on, v.vaccine, v.lot_no, v.place, v.facility, v.note
        FROM vaccinations v JOIN students s ON s.id = v.student_id
        WHERE s.deleted = 0 AND {CURRENT_DOSE}
        ORDER BY s.class_name, s.sort_key, s.code, v.dose_no""",
}


def _parameters(db: Database, kind: str) -> tuple[Any, ...]:
    if kind != "handovers":
        return ()
    holdings = load_holdings(db.conn)
    return (json.dumps([e.id for e in holdings.by_device.values() if e.is_handover]),)


_DATE_FIELDS = {"birth_date", "received_date", "handover_date", "consent_date", "vaccinated_on"}


def _cell(spec_field: str, column_type: str, codelist: str | None, value: Any) -> Any:
    if value is None or column_type == "ignore":
        return value
    if spec_field in _DATE_FIELDS:
        return date.fromisoformat(value)
    lists = load_codelists()
    if column_type == "bool":
        return lists["yes_no"].label(str(int(value)))
    if codelist:
        return lists[codelist].label(str(value))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def export_rows(db: Database, spec: TemplateSpec) -> list[list[Any]]:
    rows = []
    records = fetch_dicts(db.conn, _QUERIES[spec.kind], _parameters(db, spec.kind))
    for number, record in enumerate(records, start=1):
        record["row_no"] = number
        rows.append([_cell(c.field, c.type, c.codelist, record.get(c.field)) for c in spec.columns])
    return rows


def export_file(db: Database, kind: str, target: Path, *, actor: str | None = None) -> int:
    """Write ``kind`` to ``target`` atomically; returns the number of data rows. The export is a
    row of the access trail (a devices list names no student: 0 students)."""
    spec = load_template(kind)
    rows = export_rows(db, spec)
    save_workbook(build_workbook(spec, rows, load_school(db)), target)
    record_access(db.conn, "export", target, _students_named(spec, rows), actor=actor)
    return len(rows)


def _students_named(spec: TemplateSpec, rows: list[list[Any]]) -> int:
    """How many students an export names, for the access trail (a dose list: each once)."""
    if spec.kind == "devices":
        return 0
    if spec.kind == "vaccinations":
        index = [c.field for c in spec.columns].index("student_code")
        return len({row[index] for row in rows})
    return len(rows)


def write_template(db: Database | None, kind: str, target: Path) -> None:
    school = load_school(db) if db is not None else None
    save_workbook(build_workbook(load_template(kind), (), school), target)
