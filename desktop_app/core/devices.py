"""Donation batches and devices as the Tiếp nhận thiết bị screen shows and edits them.

A device form is one row of the devices template and is saved by the template's own planner,
so batch consistency, serial uniqueness and the minimum specification are checked as on import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.core.clock import best_today
from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult, display_values, form_fields, parse_form
from desktop_app.core.importing.base import fetch_dicts
from desktop_app.core.importing.devices import DevicesPlanner
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.messages import msg
from desktop_app.core.rules.holdings import DeviceState, load_holdings
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.templates.spec import load_codelists, load_template
from desktop_app.core.text import search_key

FORM_FIELDS = form_fields("devices")

_DEVICE_SQL = """
    SELECT v.*, b.code AS batch_code, b.source, b.received_date, d.name AS donor_name,
           d.donor_type
    FROM devices v JOIN donation_batches b ON b.id = v.batch_id
    JOIN donors d ON d.id = b.donor_id
    WHERE v.deleted = 0"""


@dataclass(frozen=True)
class BatchRow:
    id: str
    code: str
    source: str
    donor: str
    received_date: date
    devices: int
    handed_over: int


@dataclass(frozen=True)
class DeviceRow:
    id: str
    serial: str
    device_type: str
    brand: str
    model: str
    condition: str
    batch_code: str
    below_min_spec: bool
    state: DeviceState  # available, held by a student, faulty or lost (``rules.holdings``)

    @property
    def handed_over(self) -> bool:
        """A student holds it now."""
        return self.state is DeviceState.HELD


def list_batches(db: Database) -> list[BatchRow]:
    holdings = load_holdings(db.conn)
    held: dict[str, int] = {}
    for batch_id, device_id in db.execute("SELECT batch_id, id FROM devices WHERE deleted = 0"):
        held[batch_id] = held.get(batch_id, 0) + (holdings.holder(device_id) is not None)
    rows = db.execute(
        "SELECT b.id, b.code, b.source, d.name, b.received_date, COUNT(v.id)"
        " FROM donation_batches b JOIN donors d ON d.id = b.donor_id"
        " LEFT JOIN devices v ON v.batch_id = b.id AND v.deleted = 0"
        " WHERE b.deleted = 0 GROUP BY b.id ORDER BY b.received_date DESC, b.code"
    ).fetchall()
    return [
        BatchRow(i, code, source, donor, date.fromisoformat(day), count, held.get(i, 0))
        for i, code, source, donor, day, count in rows
    ]


def list_devices(db: Database, *, batch_id: str | None = None, text: str = "") -> list[DeviceRow]:
    """Devices of one batch (or all), filtered by serial, brand or model, newest batch first."""
    sql, params = _DEVICE_SQL, []
    if batch_id:
        sql += " AND v.batch_id = ?"
        params.append(batch_id)
    if text.strip():
        sql += " AND (v.serial LIKE ? OR v.brand LIKE ? OR v.model LIKE ?)"
        params += [f"%{text.strip()}%"] * 3
    sql += " ORDER BY b.received_date DESC, v.serial"
    holdings = load_holdings(db.conn)
    return [
        DeviceRow(
            id=r["id"],
            serial=r["serial"],
            device_type=r["device_type"],
            brand=r["brand"],
            model=r["model"],
            condition=r["condition"],
            batch_code=r["batch_code"],
            below_min_spec=bool(r["below_min_spec"]),
            state=holdings.device_state(r["id"]),
        )
        for r in fetch_dicts(db.conn, sql, params)
    ]


def load_device_form(db: Database, device_id: str) -> dict[str, str]:
    found = fetch_dicts(db.conn, _DEVICE_SQL + " AND v.id = ?", [device_id])
    if not found:
        raise SongMayError.of("device.not_found", code="not_found")
    return display_values("devices", found[0])


def _read_form(
    db: Database, raw: Mapping[str, Any], device_id: str | None, today: date
) -> tuple[ParsedRow, FormResult, DevicesPlanner]:
    """The form parsed as a row of the devices template, and the serial checked: a new device's
    serial is not taken, an edited device keeps its own."""
    planner = DevicesPlanner(load_template("devices"), load_codelists())
    row, result = parse_form("devices", raw, planner, today)
    if not result.ok:
        return row, result, planner
    stored = db.execute(
        "SELECT id FROM devices WHERE serial = ? COLLATE NOCASE AND deleted = 0",
        [row.values["serial"]],
    ).fetchone()
    if device_id is None and stored is not None:
        result.add_error("serial", msg("device.serial_taken", serial=row.values["serial"]))
    elif device_id is not None and (stored is None or stored[0] != device_id):
        result.add_error("serial", msg("device.serial_fixed"))
    return row, result, planner


def _plan(db: Database, row: ParsedRow, result: FormResult, planner: DevicesPlanner) -> None:
    """The batch and the stored devices, checked as an import checks a row."""
    planner.plan([row], db.conn)
    result.add_problems(row, planner.spec)
    result.warnings.pop("serial", None)  # an update is what the clerk asked for here


def check_device_form(
    db: Database,
    raw: Mapping[str, Any],
    *,
    device_id: str | None = None,
    today: date | None = None,
) -> FormResult:
    """What ``save_device`` would say about the form, without saving (a form re-checks what the
    clerk types)."""
    row, result, planner = _read_form(db, raw, device_id, today or best_today(db))
    if result.ok:
        _plan(db, row, result, planner)
    return result


def save_device(
    db: Database,
    raw: Mapping[str, Any],
    *,
    device_id: str | None = None,
    today: date | None = None,
) -> FormResult:
    """Add a device (and its batch and donor when new), or update ``device_id``.

    The serial is the device's identity: to correct a wrong serial, delete the device and add it
    again (possible while it has not been handed over).
    """
    row, result, planner = _read_form(db, raw, device_id, today or best_today(db))
    if not result.ok:
        return result
    with write_transaction(db):
        _plan(db, row, result, planner)
        if not result.ok:
            return result
        changes = ChangeSet(source="form")
        planner.write([row], changes)
        changes.apply(db.conn)
    found = db.execute(
        "SELECT id FROM devices WHERE serial = ? COLLATE NOCASE AND deleted = 0",
        [row.values["serial"]],
    ).fetchone()
    result.record_id = found[0]
    return result


def delete_device(db: Database, device_id: str) -> None:
    """Delete a device that never reached a student (recorded, synced, audited)."""
    with write_transaction(db):
        found = fetch_dicts(db.conn, "SELECT * FROM devices WHERE id = ? AND deleted = 0",
                            [device_id])  # fmt: skip
        if not found:
            raise SongMayError.of("device.not_found", code="not_found")
        if db.execute("SELECT 1 FROM handovers WHERE device_id = ? AND deleted = 0 LIMIT 1",
                      [device_id]).fetchone():  # fmt: skip
            raise SongMayError.of("device.has_history", code="has_handover",
                                  serial=found[0]["serial"])  # fmt: skip
        changes = ChangeSet(source="form")
        changes.delete("device", found[0])
        changes.apply(db.conn)


def donor_names(db: Database) -> list[str]:
    names = [r[0] for r in db.execute("SELECT name FROM donors WHERE deleted = 0")]
    return sorted(names, key=search_key)
