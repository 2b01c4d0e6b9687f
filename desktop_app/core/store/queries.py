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


def data_state(conn: Any) -> tuple[int, int]:
    """What the school's figures are computed from, as two numbers that move whenever it
    changes: the journal's last sequence number (every change to a record writes a journal row
    in its transaction; never reused) and the count of the changes made without one
    (``figures_stamp``, kept by triggers: a journal row's status, a journal row removed, the
    school's profile). Equal states: equal figures (``core.dashboard``'s kept figures)."""
    seq, changes = conn.execute(
        "SELECT (SELECT seq FROM sqlite_sequence WHERE name = 'outbox'),"
        " (SELECT changes FROM figures_stamp WHERE id = 1)"
    ).fetchone()
    return int(seq or 0), int(changes or 0)
