"""The consolidated reports' figures for the viewer's unit, read from the board's tables (each
school's own figures, refreshed with its data: ``board.refresh_school``)."""

from __future__ import annotations

from datetime import date

from sync.server.console.board import refresh_missing
from sync.server.console.model import NeedCount, ProgressLine, ReceiptLine, Viewer
from sync.server.console.scope import IN_SCOPE, scope_params
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
