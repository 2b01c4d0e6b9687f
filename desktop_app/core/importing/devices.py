"""Template 2 — Tiếp nhận thiết bị: donors, donation batches and their devices."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.core.importing.base import (
    WriteCounts,
    changed_fields,
    fetch_dicts,
    flag_duplicates,
    iso,
)
from desktop_app.core.importing.rows import ParsedRow
from desktop_app.core.locale import fmt_date
from desktop_app.core.messages import Listing, Msg, msg
from desktop_app.core.store.changes import ChangeSet, deleted_records
from desktop_app.core.templates.spec import CodeLabel, CodeList, TemplateSpec, load_min_spec
from desktop_app.core.text import search_key

BATCH_FIELDS = ("source", "donor_name", "donor_type", "received_date")
DEVICE_FIELDS = (
    "device_type", "brand", "model", "condition", "cpu", "ram_gb", "storage_gb", "screen_inch",
    "os", "warranty_months", "accessories", "note",
)  # fmt: skip
SPEC_FIELDS = ("ram_gb", "storage_gb", "screen_inch")  # said by "below_min_spec.<field>"


def below_min_spec(device_type: str, values: dict[str, Any]) -> list[tuple[str, Msg]]:
    """(field, explanation) for what falls short of the editable, reference-only minimum spec."""
    rules = load_min_spec().get(device_type, {})
    return [
        (name, msg(f"below_min_spec.{name}", value=float(values[name]), minimum=float(minimum)))
        for name, minimum in rules.items()
        if values.get(name) is not None and float(values[name]) < float(minimum)
    ]


@dataclass
class DeviceAction:
    device: dict[str, Any]
    old: dict[str, Any] | None
    changes: dict[str, Any]


class DevicesPlanner:
    def __init__(self, spec: TemplateSpec, codelists: dict[str, CodeList]) -> None:
        self.spec = spec
        self.codelists = codelists
        self.header = {c.field: c.header for c in spec.columns}
        self.batch_ids: dict[str, str] = {}
        self.donor_ids: dict[str, str] = {}
        # Read from the database in prepare(), in the import's transaction.
        self.deleted_devices: dict[Any, dict[str, Any]] = {}  # a serial added again
        self.batches: dict[str, dict[str, Any]] = {}
        self.devices: dict[str, dict[str, Any]] = {}
        # The file's rows planned so far: their serials, each batch's first row.
        self.serials_seen: dict[str, int | str] = {}
        self.first_of_batch: dict[str, ParsedRow] = {}

    def row_check(self, row: ParsedRow) -> None:
        device_type = row.values.get("device_type")
        if not device_type:
            return
        short = below_min_spec(device_type, row.values)
        if short:
            field = short[0][0]
            row.add(
                "warning", "below_min_spec", "below_min_spec", field, self.header[field],
                device=CodeLabel("device_type", device_type),
                details=Listing((text for _, text in short), "; "),
            )  # fmt: skip

    def plan(self, rows: Sequence[ParsedRow], conn: sqlite3.Connection) -> None:
        self.prepare(conn)
        self.plan_more(rows)

    def prepare(self, conn: sqlite3.Connection) -> None:
        self.deleted_devices = deleted_records(conn, "device", lambda r: r["serial"].casefold())
        self.batches = {
            b["code"]: b
            for b in fetch_dicts(
                conn,
                "SELECT b.*, d.name AS donor_name, d.donor_type FROM donation_batches b"
                " JOIN donors d ON d.id = b.donor_id WHERE b.deleted = 0",
            )
        }
        self.devices = {
            d["serial"].casefold(): d
            for d in fetch_dicts(
                conn,
                "SELECT v.*, b.code AS batch_code FROM devices v"
                " JOIN donation_batches b ON b.id = v.batch_id WHERE v.deleted = 0",
            )
        }
        self.batch_ids = {code: b["id"] for code, b in self.batches.items()}
        self.donor_ids = {
            key: donor_id
            for key, donor_id in conn.execute("SELECT name_key, id FROM donors WHERE deleted = 0")
        }
        self.serials_seen, self.first_of_batch = {}, {}

    def plan_more(self, rows: Sequence[ParsedRow]) -> None:
        h = self.header
        flag_duplicates(rows, "serial", h["serial"], "duplicate_in_file.serial", self.serials_seen)
        batches, devices, first_of_batch = self.batches, self.devices, self.first_of_batch
        for row in rows:
            v = row.values
            code = v.get("batch_code")
            if code is None:
                continue
            batch_values = self._batch_values(v)
            first = first_of_batch.setdefault(code, row)
            stored = batches.get(code)
            for name in BATCH_FIELDS:
                if (
                    first is not row
                    and self._batch_values(first.values)[name] != batch_values[name]
                ):
                    row.add("error", "inconsistent", "inconsistent.batch", name, h[name],
                            batch=code, field_label=h[name], value=self._shown(name, v),
                            first=self._shown(name, first.values), first_row=first.place)  # fmt: skip
                elif stored is not None and stored[name] != batch_values[name]:
                    row.add("error", "inconsistent", "inconsistent.batch_db", name, h[name],
                            batch=code, field_label=h[name], value=self._shown(name, v),
                            first=self._shown_stored(name, stored))  # fmt: skip
        for row in rows:
            if row.has_errors:
                continue
            v = row.values
            device = {name: v.get(name) for name in DEVICE_FIELDS}
            old = devices.get(v["serial"].casefold())
            if old is not None and old["batch_code"] != v["batch_code"]:
                row.add("error", "duplicate_in_db", "duplicate_in_db.other_batch", "serial",
                        h["serial"], value=v["serial"], batch=old["batch_code"])  # fmt: skip
                continue
            changes = changed_fields(old, device) if old else device
            if old is not None and changes:
                row.add("warning", "duplicate_in_db", "duplicate_in_db.update_device", "serial",
                        h["serial"], value=v["serial"],
                        fields=", ".join(h[f] for f in changes))  # fmt: skip
            row.action = DeviceAction(device, old, changes)

    @staticmethod
    def _batch_values(v: dict[str, Any]) -> dict[str, Any]:
        return {
            "source": v.get("source"),
            "donor_name": v.get("donor_name"),
            "donor_type": v.get("donor_type"),
            "received_date": iso(v.get("received_date")),
        }

    def _shown(self, name: str, v: dict[str, Any]) -> str:
        value = v.get(name)
        if value is None:
            return ""
        if name == "received_date":
            return fmt_date(value)
        if name in ("source", "donor_type"):
            return self.codelists[name].label(value)
        return str(value)

    def _shown_stored(self, name: str, stored: dict[str, Any]) -> str:
        value = stored.get(name)
        if name == "received_date" and value:
            return fmt_date(date.fromisoformat(value))
        if name in ("source", "donor_type") and value:
            return self.codelists[name].label(value)
        return "" if value is None else str(value)

    def write(self, rows: Sequence[ParsedRow], changes: ChangeSet) -> WriteCounts:
        counts = WriteCounts()
        batch_ids, donor_ids = self.batch_ids, self.donor_ids  # from plan(), same transaction
        for row in rows:
            action: DeviceAction = row.action
            if action.old is not None:
                if action.changes:
                    changes.update("device", action.old, {
                        **action.changes,
                        "below_min_spec": int(bool(below_min_spec(
                            action.device["device_type"], action.device))),
                    })  # fmt: skip
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                continue
            v = row.values
            batch_id = batch_ids.get(v["batch_code"])
            if batch_id is None:
                donor_key = search_key(v["donor_name"])
                donor_id = donor_ids.get(donor_key)
                if donor_id is None:
                    donor_id = changes.insert("donor", {
                        "name": v["donor_name"], "name_key": donor_key,
                        "donor_type": v.get("donor_type"),
                    })["id"]  # fmt: skip
                donor_ids[donor_key] = donor_id
                batch_id = changes.insert("donation_batch", {
                    "code": v["batch_code"], "source": v["source"], "donor_id": donor_id,
                    "received_date": iso(v["received_date"]),
                })["id"]  # fmt: skip
                batch_ids[v["batch_code"]] = batch_id
            changes.insert_or_revive("device", {
                "batch_id": batch_id, "serial": v["serial"], **action.device,
                "below_min_spec": int(bool(below_min_spec(action.device["device_type"], v))),
            }, self.deleted_devices.get(v["serial"].casefold()))  # fmt: skip
            counts.created += 1
        return counts
