"""Every change to a record goes through a ChangeSet, which writes the record and its journal row
(the outbox entry, which is also the audit-log entry) together — nothing is saved that will not
be synced and audited.

Applied inside one ``write_transaction``; rows are batched with ``executemany`` because an import
can touch 100,000 records.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from desktop_app.core.ids import uuid7
from desktop_app.core.store.session import actor_of, default_actor

TABLES = {  # in the order the foreign keys need: a record's parents come before it
    "school": "school_profile",
    "student": "students",
    "need": "needs",
    "donor": "donors",
    "donation_batch": "donation_batches",
    "device": "devices",
    "handover": "handovers",
    "vaccination": "vaccinations",
}
# Columns that describe the row's local bookkeeping, not the data the school reported.
BOOKKEEPING = frozenset({"created_at", "updated_at", "deleted"})

__all__ = [
    "BOOKKEEPING",
    "TABLES",
    "ChangeSet",
    "Record",
    "default_actor",
    "deleted_records",
    "utc_now",
]  # fmt: skip

Record = dict[str, Any]
_TIMESTAMP = re.compile(r"[0-9T:.+\-]+")

# One encoder for all: json.dumps() with options builds a new encoder on every call.
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class ChangeSet:
    """Changes to apply in one transaction. ``source`` says where they came from (e.g. an import).
    ``actor`` None: whoever the connection's session names when applied (``store.session``)."""

    actor: str | None = None
    source: str = "app"
    now: str = field(default_factory=utc_now)
    _groups: dict[tuple[str, str, tuple[str, ...]], list[tuple[Any, ...]]] = field(
        default_factory=dict
    )
    _journal: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._journal)

    def insert(self, entity: str, record: Mapping[str, Any]) -> Record:
        """Queue a new record; returns it with id, version and timestamps filled in."""
        data: Record = {"id": uuid7(), **record, "version": 1}
        self._groups.setdefault(("insert", entity, tuple(data)), []).append(tuple(data.values()))
        self._log(entity, data["id"], "insert", 1, None, _json(data))
        data.update(created_at=self.now, updated_at=self.now, deleted=0)
        return data

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
        self._log(entity, old["id"], "update", version, before, _json(_data(new)))
        return new

    def insert_or_revive(
        self, entity: str, record: Mapping[str, Any], deleted: Mapping[str, Any] | None
    ) -> Record:
        """A new record, or — when the clerk deleted one with the same unique key (a student's
        code, a device's serial) — that one brought back with these values: the key is still
        taken by the deleted row, and the journal and the server keep one history for it."""
        if deleted is None:
            return self.insert(entity, record)
        return self.update(entity, deleted, {**record, "deleted": 0})

    def delete(self, entity: str, old: Mapping[str, Any]) -> None:
        """Soft delete: the row stays (history, sync), marked deleted, and a delete is queued."""
        version = int(old["version"]) + 1
        columns = ("deleted", "version", "updated_at")
        self._groups.setdefault(("update", entity, columns), []).append(
            (1, version, self.now, old["id"])
        )
        before = _json(_data(old))
        self._log(entity, old["id"], "delete", version, before, before)

    def _log(
        self, entity: str, entity_id: str, op: str, version: int, old: str | None, data: str
    ) -> None:
        self._journal.append((uuid7(), entity, entity_id, op, version, self.now, old, data))

    def apply(self, conn: sqlite3.Connection) -> int:
        """Write everything queued; the caller owns the transaction. Returns the number of changes."""
        if not _TIMESTAMP.fullmatch(self.now):  # it is written into the SQL text below
            raise ValueError(f"not a timestamp: {self.now!r}")
        # Parents before children (a new student before their need, a device before its
        # handover), whatever order the changes were queued in: TABLES lists them so.
        order = {entity: index for index, entity in enumerate(TABLES)}
        groups = sorted(self._groups.items(), key=lambda group: order[group[0][1]])
        for (kind, entity, columns), rows in groups:
            table = TABLES[entity]
            if kind == "insert":  # the bookkeeping columns are the same for the whole set
                marks = ",".join("?" * len(columns))
                sql = (
                    f"INSERT INTO {table} ({','.join(columns)}, created_at, updated_at, deleted)"
                    f" VALUES ({marks}, '{self.now}', '{self.now}', 0)"
                )
            else:
                sets = ",".join(f"{c}=?" for c in columns)
                sql = f"UPDATE {table} SET {sets} WHERE id=?"
            conn.executemany(sql, rows)
        actor = actor_of(conn, self.actor)
        conn.executemany(
            "INSERT INTO outbox (change_id, entity, entity_id, op, version, changed_at, actor,"
            " source, old_values, data) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(*row[:6], actor, self.source, *row[6:]) for row in self._journal],
        )
        count = len(self._journal)
        self._groups.clear()
        self._journal.clear()
        return count


def deleted_records(
    conn: sqlite3.Connection, entity: str, key: Callable[[Mapping[str, Any]], Any]
) -> dict[Any, Record]:
    """The deleted records of ``entity`` by ``key`` (see ``ChangeSet.insert_or_revive``)."""
    cursor = conn.execute(f"SELECT * FROM {TABLES[entity]} WHERE deleted = 1")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return {key(row): row for row in rows}


def _data(row: Mapping[str, Any]) -> Record:
    """What the server needs of a record: its fields and version, not local bookkeeping."""
    return {k: v for k, v in row.items() if k not in BOOKKEEPING}
