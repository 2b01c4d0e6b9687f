"""Read-only summaries of the local database (``songmay info``)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop_app.core.rules.figures import school_figures
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import outbox_counts

_COUNTS = {
    "students": "SELECT COUNT(*) FROM students WHERE deleted = 0",
    "needs": "SELECT COUNT(*) FROM needs WHERE deleted = 0",
    "donors": "SELECT COUNT(*) FROM donors WHERE deleted = 0",
    "donation_batches": "SELECT COUNT(*) FROM donation_batches WHERE deleted = 0",
    "devices": "SELECT COUNT(*) FROM devices WHERE deleted = 0",
}


def database_info(db: Database, path: Path) -> dict[str, Any]:
    counts = {name: db.execute(sql).fetchone()[0] for name, sql in _COUNTS.items()}
    figures = school_figures(db.conn)
    counts["handed_over"] = figures.devices_held
    return {
        "database": str(path),
        "school": asdict(load_school(db)),
        "counts": counts,
        "figures": figures.as_dict(),
        "outbox": outbox_counts(db),
    }
