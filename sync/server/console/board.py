"""The schools board: each school's figures, kept in ``school_board``."""

from __future__ import annotations

from sync.server.console.model import BoardRow, Viewer
from sync.server.store import Connection, Store


def refresh_school(conn: Connection, school_code: str) -> None:
    """Recompute one school's board row, batches and need counts in ``conn``'s transaction."""
    raise NotImplementedError


def school_board(store: Store, viewer: Viewer) -> list[BoardRow]:
    """Every school the viewer may see, by code."""
    raise NotImplementedError
