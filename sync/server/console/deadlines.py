"""What is late now, and what becomes late within the next 48 hours."""

from __future__ import annotations

from datetime import date

from sync.server.console.model import DeadlineItem, Viewer
from sync.server.store import Store


def deadline_items(store: Store, viewer: Viewer, today: date) -> list[DeadlineItem]:
    """Batches late now or due within 48 hours, late first, then by due date."""
    raise NotImplementedError
