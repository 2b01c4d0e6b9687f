"""Read-only summaries of the local database."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import outbox_counts

# ``n`` is a student's current need when no later survey round has one. Queries that start from
# the needs with this test are several times faster than looking up each student's latest need.
LATEST_NEED = (
    "NOT EXISTS (SELECT 1 FROM needs m WHERE m.student_id = n.student_id AND m.deleted = 0"
    " AND m.survey_round > n.survey_round)"
)

# The latest event ("handover" or "return") of device ``v``: it says whether a student holds the
# device now. History is never rewritten, so this one rule answers it everywhere.
DEVICE_LAST_EVENT = (
    "(SELECT h.kind FROM handovers h WHERE h.device_id = v.id AND h.deleted = 0"
    " ORDER BY h.event_date DESC, h.id DESC LIMIT 1)"
)

_COUNTS = {
    "students": "SELECT COUNT(*) FROM students WHERE deleted = 0",
    "needs": "SELECT COUNT(*) FROM needs WHERE deleted = 0",
    "donors": "SELECT COUNT(*) FROM donors WHERE deleted = 0",
    "donation_batches": "SELECT COUNT(*) FROM donation_batches WHERE deleted = 0",
    "devices": "SELECT COUNT(*) FROM devices WHERE deleted = 0",
    "handed_over": "SELECT COUNT(DISTINCT student_id) FROM handovers"
    " WHERE kind = 'handover' AND deleted = 0",
}


def database_info(db: Database, path: Path) -> dict[str, Any]:
    counts = {name: db.execute(sql).fetchone()[0] for name, sql in _COUNTS.items()}
    return {
        "database": str(path),
        "school": asdict(load_school(db)),
        "counts": counts,
        "outbox": outbox_counts(db),
    }
