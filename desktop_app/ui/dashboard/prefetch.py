"""The dashboard's figures: how they are read (``read_figures``), and the first reading started as
soon as the window's database is open (``prefetch``), while the window's own modules load and
its widgets are built — at 50,000 students the reads take a few hundred milliseconds, the
window's construction as long (issue 19). The dashboard takes it (``take``) instead of reading
again. Light on purpose: no widget module is imported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop_app.core.clock import best_today
from desktop_app.core.dashboard import Summary, dashboard_summary
from desktop_app.ui.common.jobs import READ, start_job, with_connection

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Figures:
    """What the dashboard shows, read together (on the read worker in the window)."""

    summary: Summary
    today: date


def read_figures(db: Database, today: date | None = None) -> Figures:
    return Figures(dashboard_summary(db, today=today), today or best_today(db))


class Prefetch(QObject):
    """One reading under way or done: ``arrived`` once ``figures`` or ``error`` is set."""

    arrived = Signal()

    def __init__(self, db_path: Path) -> None:
        super().__init__(QCoreApplication.instance())
        self.db_path = Path(db_path)
        self.figures: Figures | None = None
        self.error: BaseException | None = None
        self.done = False
        work = with_connection(self.db_path, lambda db, _state: read_figures(db))
        start_job(None, READ, "", work, self._succeeded, self._failed)

    def _succeeded(self, figures: Figures) -> None:
        self.figures, self.done = figures, True
        self.arrived.emit()

    def _failed(self, exc: BaseException) -> None:
        self.error, self.done = exc, True
        self.arrived.emit()


_PREFETCHED: dict[Path, Prefetch] = {}


def prefetch(db_path: Path) -> Prefetch:
    """Start reading the figures of ``db_path`` for the dashboard about to be built."""
    reading = Prefetch(db_path)
    _PREFETCHED[reading.db_path] = reading
    return reading


def take(db_path: Path) -> Prefetch | None:
    """The reading started for ``db_path``, once (a later refresh reads again)."""
    return _PREFETCHED.pop(Path(db_path), None)
