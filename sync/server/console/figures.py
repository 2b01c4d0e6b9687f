"""The consolidated reports' figures for the viewer's unit, read from the board's tables (each
school's own figures, refreshed with its data: ``board.refresh_school``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sync.server.console.board import refresh_missing
from sync.server.console.model import (
    NeedCount,
    ProgressLine,
    ReceiptLine,
    SchoolVaccination,
    Viewer,
)
from sync.server.console.scope import IN_SCOPE, scope_params, visible_school
from sync.server.console.vaccination_board import decode, total
from sync.server.store import Store

_SCHOOLS = (
    "JOIN schools s ON s.code = t.school_code JOIN units u ON u.code = s.unit_code"
    f" WHERE s.disabled = 0 AND {IN_SCOPE}"
)


def need_counts(store: Store, viewer: Viewer) -> list[NeedCount]:
    """Approved current needs asking for a device, by school, grade, category, device type."""
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        rows = conn.execute(
            "SELECT t.school_code, s.name, t.grade, t.category, t.requested_device, t.count"
            f" FROM board_need_counts t {_SCHOOLS} AND t.review_state = 'approved'"
            " ORDER BY t.school_code, t.grade, t.category, t.requested_device",
            scope_params(viewer),
        ).fetchall()
    return [NeedCount(r[0], r[1], int(r[2]), int(r[3]), r[4], int(r[5])) for r in rows]


def receipt_lines(store: Store, viewer: Viewer) -> list[ReceiptLine]:
    """Devices received, by school, source and donor."""
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        rows = conn.execute(
            "SELECT t.school_code, s.name, COALESCE(t.source, ''), COALESCE(t.donor, ''),"
            " COUNT(*), SUM(t.devices), SUM(t.handed_over)"
            f" FROM board_batches t {_SCHOOLS} GROUP BY t.school_code, s.name, t.source, t.donor"
            " ORDER BY t.school_code, 3, 4",
            scope_params(viewer),
        ).fetchall()
    return [ReceiptLine(r[0], r[1], r[2], r[3], int(r[4]), int(r[5] or 0), int(r[6] or 0))
            for r in rows]  # fmt: skip


def progress_lines(store: Store, viewer: Viewer) -> list[ProgressLine]:
    """Every donation batch of the unit's schools, with its handover progress."""
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        rows = conn.execute(
            "SELECT t.school_code, s.name, t.batch_code, t.received_date, t.devices,"
            " t.handed_over, t.handed_within_5, t.handed_within_7, t.last_handover"
            f" FROM board_batches t {_SCHOOLS} AND t.received_date IS NOT NULL"
            " ORDER BY t.received_date, t.school_code, t.batch_code",
            scope_params(viewer),
        ).fetchall()
    return [
        ProgressLine(
            r[0],
            r[1],
            r[2],
            date.fromisoformat(r[3]),
            int(r[4]),
            int(r[5]),
            int(r[6]),
            int(r[7]),
            date.fromisoformat(r[8]) if r[8] else None,
        )
        for r in rows
    ]


# --- vaccinations (CSDL 4.9) -------------------------------------------------------------------


def vaccination_schools(store: Store, viewer: Viewer) -> list[SchoolVaccination]:
    """Every enabled school in scope with its coverage by grade (none for a school without
    students), by code."""
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        rows = conn.execute(
            "SELECT s.code, s.name, s.level, b.last_sync_at, b.vaccinations"
            " FROM schools s JOIN units u ON u.code = s.unit_code"
            " LEFT JOIN school_board b ON b.school_code = s.code"
            f" WHERE s.disabled = 0 AND {IN_SCOPE} ORDER BY s.code",
            scope_params(viewer),
        ).fetchall()
    return [_school(r) for r in rows]


def vaccination_school(store: Store, viewer: Viewer, code: str) -> SchoolVaccination:
    """One school's coverage by grade; NotFound (as unknown) when out of the viewer's scope."""
    with store.snapshot() as conn:
        visible_school(conn, viewer, code)
    refresh_missing(store, viewer)
    with store.snapshot() as conn:
        row = conn.execute(
            "SELECT s.code, s.name, s.level, b.last_sync_at, b.vaccinations FROM schools s"
            " LEFT JOIN school_board b ON b.school_code = s.code WHERE s.code = ?", (code,),
        ).fetchone()  # fmt: skip
    return _school(row)


def _school(row: Any) -> SchoolVaccination:
    grades = decode(row["vaccinations"])
    return SchoolVaccination(row["code"], row["name"], row["level"], row["last_sync_at"],
                             total(grades), grades)  # fmt: skip
