"""The outbox as the sync module sees it: pending changes in order, and their delivery state.

sync/ depends on this interface only, never on the tables behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

SYNC_OP = {"insert": "upsert", "update": "upsert", "delete": "delete"}


@dataclass(frozen=True)
class OutboxChange:
    seq: int
    change_id: str
    entity: str
    entity_id: str
    op: str  # "upsert" | "delete", as the sync protocol names them
    version: int
    changed_at: str
    data: dict[str, Any]


def pending_changes(db: Database, limit: int = 500, after_seq: int = 0) -> list[OutboxChange]:
    rows = db.execute(
        "SELECT seq, change_id, entity, entity_id, op, version, changed_at, data FROM outbox"
        " WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
        (after_seq, limit),
    ).fetchall()
    return [
        OutboxChange(seq, change_id, entity, entity_id, SYNC_OP[op], version, at, json.loads(data))
        for seq, change_id, entity, entity_id, op, version, at, data in rows
    ]


def outbox_counts(db: Database) -> dict[str, int]:
    found = dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())
    return {status: int(found.get(status, 0)) for status in ("pending", "sent", "rejected")}
