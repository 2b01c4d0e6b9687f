"""Read-only summaries of the local database (``songmay info``)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.rules.figures import school_figures
from desktop_app.core.school import load_school
from desktop_app.core.store.outbox import outbox_counts

if TYPE_CHECKING:
    from sqlite_utils import Database

_COUNTS = {
    "students": "SELECT COUNT(*) FROM students WHERE deleted = 0",
    "needs": "SELECT COUNT(*) FROM needs WHERE deleted = 0",
    "donors": "SELECT COUNT(*) FROM donors WHERE deleted = 0",
    "donation_batches": "SELECT COUNT(*) FROM donation_batches WHERE deleted = 0",
    "devices": "SELECT COUNT(*) FROM devices WHERE deleted = 0",
}


def database_info(db: Database, path: Path) -> dict[str, Any]:
    return connection_info(db.conn, path)


def connection_info(conn: Any, path: Path) -> dict[str, Any]:
    """``database_info`` over a bare connection (``database.open_read_only``: no sqlite-utils)."""
    counts = {name: conn.execute(sql).fetchone()[0] for name, sql in _COUNTS.items()}
    figures = school_figures(conn)
    counts["handed_over"] = figures.devices_held
    return {
        "database": str(path),
        "school": asdict(load_school(conn)),
        "counts": counts,
        "figures": figures.as_dict(),
        "outbox": outbox_counts(conn),
    }
