"""Every change to a record goes through a ChangeSet, which writes the record, its audit-log row
and its outbox row together — so nothing is saved that will not be synced or audited.

Applied inside one ``write_transaction``; rows are batched with ``executemany`` because an import
can touch 100,000 records.
"""

from __future__ import annotations

import getpass
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from desktop_app.core.ids import uuid7

TABLES = {
    "school": "school_profile",
    "student": "students",
    "need": "needs",
    "donor": "donors",
    "donation_batch": "donation_batches",
    "device": "devices",
    "handover": "handovers",
}
# Columns that describe the row's bookkeeping, not the data the school reported.
BOOKKEEPING = frozenset({"version", "created_at", "updated_at", "deleted"})

Record = dict[str, Any]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (service account, odd Windows setups)
        return "unknown"


def _json(values: Mapping[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


@dataclass
class ChangeSet:
    """Changes to apply in one transaction. ``source`` says where they came from (e.g. an import)."""

    actor: str = field(default_factory=default_actor)
    source: str = "app"
    now: str = field(default_factory=utc_now)
    _groups: dict[tuple[str, str, tuple[str, ...]], list[tuple[Any, ...]]] = field(
        default_factory=dict
    )
    _audit: list[tuple[Any, ...]] = field(default_factory=list)
    _outbox: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._outbox)

    def insert(self, entity: str, record: Mapping[str, Any]) -> Record:
        """Queue a new record; returns it with id, version and timestamps filled in."""
        row: Record = {"id": uuid7(), **record, "version": 1, "created_at": self.now}
        row["updated_at"] = self.now
        row.setdefault("deleted", 0)
        columns = tuple(row)
        self._groups.setdefault(("insert", entity, columns), []).append(tuple(row.values()))
        payload = _json(_data(row))
        self._log(entity, row["id"], "insert", None, payload, "upsert", 1, payload)
        return row

    def update(self, entity: str, old: Mapping[str, Any], changes: Mapping[str, Any]) -> Record:
        """Queue new values for an existing record (``old`` is the row as read from the database)."""
        changed = {k: v for k, v in changes.items() if old.get(k) != v}
        if not changed:
            return dict(old)
        version = int(old["version"]) + 1
        new: Record = {**old, **changed, "version": version, "updated_at": self.now}
        columns = (*changed, "version", "updated_at")
        values = (*changed.values(), version, self.now, old["id"])
        self._groups.setdefault(("update", entity, columns), []).append(values)
        before = _json({k: old.get(k) for k in changed})
        after = _json(changed)
        self._log(entity, old["id"], "update", before, after, "upsert", version, _json(_data(new)))
        return new

    def delete(self, entity: str, old: Mapping[str, Any]) -> None:
        """Soft delete: the row stays (history, sync), marked deleted, and a delete is queued."""
        version = int(old["version"]) + 1
        columns = ("deleted", "version", "updated_at")
        self._groups.setdefault(("update", entity, columns), []).append(
            (1, version, self.now, old["id"])
        )
        before = _json(_data(old))
        self._log(entity, old["id"], "delete", before, None, "delete", version, before)

    def _log(
        self,
        entity: str,
        entity_id: str,
        audit_op: str,
        old_values: str | None,
        new_values: str | None,
        outbox_op: str,
        version: int,
        data: str,
    ) -> None:
        self._audit.append(
            (self.now, self.actor, entity, entity_id, audit_op, old_values, new_values, self.source)
        )
        self._outbox.append((uuid7(), entity, entity_id, outbox_op, version, self.now, data))

    def apply(self, conn: sqlite3.Connection) -> int:
        """Write everything queued; the caller owns the transaction. Returns the number of changes."""
        for (kind, entity, columns), rows in self._groups.items():
            table = TABLES[entity]
            if kind == "insert":
                marks = ",".join("?" * len(columns))
                sql = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})"
            else:
                sets = ",".join(f"{c}=?" for c in columns)
                sql = f"UPDATE {table} SET {sets} WHERE id=?"
            conn.executemany(sql, rows)
        conn.executemany(
            "INSERT INTO audit_log (at, actor, entity, entity_id, op, old_values, new_values,"
            " source) VALUES (?,?,?,?,?,?,?,?)",
            self._audit,
        )
        conn.executemany(
            "INSERT INTO outbox (change_id, entity, entity_id, op, version, changed_at, data)"
            " VALUES (?,?,?,?,?,?,?)",
            self._outbox,
        )
        count = len(self._outbox)
        self._groups.clear()
        self._audit.clear()
        self._outbox.clear()
        return count


def _data(row: Mapping[str, Any]) -> Record:
    """What the server needs of a record: its fields and version, not local bookkeeping."""
    return {k: v for k, v in row.items() if k not in BOOKKEEPING or k == "version"}
