"""The dashboard's figures: how they are read (``read_figures``), and the first reading started as
soon as the window's database is open (``prefetch``), while the window's own modules load and
its widgets are built. The dashboard takes it (``take``) instead of reading again. Light on
purpose: no widget module is imported here.

Issue 19: at 200,000 students computing the figures takes about a second of Python. The figures
kept in the database when they were last computed (``core.dashboard.kept_summary``) are used when
nothing changed since: read on the GUI thread in a few milliseconds, they are on screen with the
window's first paint. Otherwise they are computed on the read worker as before, shown, and kept
for the next start once shown (``read_to_keep``, ``keep_in_background``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop_app.core.clock import best_today
from desktop_app.core.dashboard import (
    Summary,
    computed_summary,
    dashboard_summary,
    keep_summary,
    kept_summary,
)
from desktop_app.core.errors import StoreError
from desktop_app.core.store import driver
from desktop_app.ui.common.jobs import READ, run_in_background, start_job, with_connection

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Figures:
    """What the dashboard shows, read together (on the read worker in the window)."""

    summary: Summary
    today: date
    # What they were computed from (``core.dashboard.figures_stamp``): figures to keep once shown.
    stamp: str | None = None


def read_figures(db: Database, today: date | None = None) -> Figures:
    return Figures(dashboard_summary(db, today=today), today or best_today(db))


def read_to_keep(db: Database, today: date | None = None) -> Figures:
    """The figures computed from scratch (on the read worker), with their stamp: shown first,
    kept for the next start afterwards (``keep_in_background``) — a write and its fsync must not
    hold back what the clerk waits for, nor the day's backup that follows the first figures."""
    day = today or best_today(db)
    summary, stamp = computed_summary(db, today=day)
    return Figures(summary, day, stamp)


def keep_in_background(db_path: Path, figures: Figures) -> None:
    """Keep figures just shown (``read_to_keep``) on the background worker, after the day's
    backup if one is under way; unless the database changed since they were computed."""
    stamp = figures.stamp
    if stamp is None:
        return
    work = with_connection(db_path, lambda db, _state: keep_summary(db, figures.summary, stamp))
    run_in_background(work)


def kept_figures(db: Database) -> Figures | None:
    """The kept figures when nothing changed since they were computed (a few milliseconds).
    None as well when the file cannot be read: the reading on the read worker then meets the
    fault and says it as before (a damaged page: "?", left to the check of every page)."""
    try:
        day = best_today(db)
        summary = kept_summary(db, today=day)
    except (StoreError, driver.DatabaseError):
        return None
    return None if summary is None else Figures(summary, day)


class Prefetch(QObject):
    """One reading under way or done: ``arrived`` once ``figures`` or ``error`` is set."""

    arrived = Signal()

    def __init__(self, db_path: Path, kept: Figures | None = None) -> None:
        super().__init__(QCoreApplication.instance())
        self.db_path = Path(db_path)
        self.figures: Figures | None = kept
        self.error: BaseException | None = None
        self.done = kept is not None
        self.kept = kept is not None  # the kept figures: nothing was computed
        if kept is None:
            work = with_connection(self.db_path, lambda db, _state: read_to_keep(db))
            start_job(None, READ, "", work, self._succeeded, self._failed)

    def _succeeded(self, figures: Figures) -> None:
        self.figures, self.done = figures, True
        self.arrived.emit()

    def _failed(self, exc: BaseException) -> None:
        self.error, self.done = exc, True
        self.arrived.emit()


_PREFETCHED: dict[Path, Prefetch] = {}
_KEPT_COUNTS: dict[Path, dict[str, int]] = {}


def prefetch(db_path: Path, db: Database | None = None) -> Prefetch:
    """The figures of ``db_path`` for the dashboard about to be built: the kept ones read with
    ``db`` (the window's connection) when still current, else a reading started."""
    reading = Prefetch(db_path, kept_figures(db) if db is not None else None)
    _PREFETCHED[reading.db_path] = reading
    if reading.figures is not None:
        _KEPT_COUNTS[reading.db_path] = dict(reading.figures.summary.outbox)
    return reading


def take(db_path: Path) -> Prefetch | None:
    """The reading started for ``db_path``, once (a later refresh reads again)."""
    return _PREFETCHED.pop(Path(db_path), None)


def kept_counts(db_path: Path) -> dict[str, int] | None:
    """The journal's counts by status kept with the figures found current at start for
    ``db_path`` (the status bar's first figures: nothing to count), once; None when the figures
    are being computed."""
    return _KEPT_COUNTS.pop(Path(db_path), None)
