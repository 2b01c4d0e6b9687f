"""The consolidated reports' figures for the viewer's unit, read from the board's tables."""

from __future__ import annotations

from sync.server.console.model import NeedCount, ProgressLine, ReceiptLine, Viewer
from sync.server.store import Store


def need_counts(store: Store, viewer: Viewer) -> list[NeedCount]:
    """Approved current needs asking for a device, by school, grade, category, device type."""
    raise NotImplementedError


def receipt_lines(store: Store, viewer: Viewer) -> list[ReceiptLine]:
    """Devices received, by school, source and donor."""
    raise NotImplementedError


def progress_lines(store: Store, viewer: Viewer) -> list[ProgressLine]:
    """Every donation batch of the unit's schools, with its handover progress."""
    raise NotImplementedError
