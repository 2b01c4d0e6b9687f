"""Can the PC's clock be trusted? The best known date, and a plain warning when it is wrong.

A school PC's clock can be years off (a flat CMOS battery, a hand-set date). The application
never judges "in the future" or "late" on the clock's word alone; it asks ``best_today``:

* **the server**: the ``Date`` header of the last answer the district server gave (kept in
  ``sync_state`` with the PC's own time when it was seen). More than a day between them means
  the clock is off by that much; the best date is the PC's corrected by the difference. If the
  clock has since been set back past that moment, the server's date then is still a floor: time
  does not run backwards.
* **the data**: the latest change in the journal (``outbox.changed_at``). A PC more than a day
  behind its own data is behind; the best date is the data's (a lower bound of the true date, so
  a handover late by it is truly late). A journal written while the server found the clock ahead
  is no evidence, and is not used.

The verdict is ``ok``, ``behind_data`` or ``off_server``; ``warning()`` is the sentence shown to
the clerk at start, on the CLI's stderr and before dated facts are saved. Qt-free; the clock is
an injectable ``Clock`` (the PC's by default), never a module global.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from sqlite_utils import Database

from desktop_app.core.messages import Msg, msg
from desktop_app.core.store.database import write_transaction

TOLERANCE = timedelta(days=1)
OK, BEHIND_DATA, OFF_SERVER = "ok", "behind_data", "off_server"


def _pc_now() -> datetime:
    return datetime.now(UTC)


class Clock:
    """The PC's clock, or in tests any ``now`` (an aware datetime) injected."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or _pc_now

    def now(self) -> datetime:
        value = self._now()
        return value if value.tzinfo else value.astimezone()

    def today(self) -> date:
        return local_day(self.now())


PC_CLOCK = Clock()


def local_day(moment: datetime) -> date:
    return moment.astimezone().date()


@dataclass(frozen=True)
class ServerTime:
    """What the server's clock said (``server_at``) when the PC's said ``seen_at``."""

    server_at: datetime
    seen_at: datetime

    @property
    def offset(self) -> timedelta:
        """The server's time minus the PC's: positive when the PC is behind."""
        return self.server_at - self.seen_at


@dataclass(frozen=True)
class ClockVerdict:
    state: str  # OK | BEHIND_DATA | OFF_SERVER
    pc_today: date
    best_today: date
    data_until: date | None = None  # the day of the latest change in the journal
    server_today: date | None = None  # the server's date now, as far as it is known
    off_by: timedelta | None = None  # the true time minus the PC's (best estimate or floor)

    @property
    def wrong(self) -> bool:
        return self.state != OK

    def warning(self) -> Msg | None:
        """The sentence for the clerk, or None when the clock is fine."""
        if self.state == BEHIND_DATA:
            return msg("clock.wrong.behind_data", pc=self.pc_today, data=self.data_until)
        if self.state == OFF_SERVER:
            return msg("clock.wrong.off_server", pc=self.pc_today, server=self.server_today)
        return None


# --- what the server said --------------------------------------------------------------------


def parse_http_date(value: str | None) -> datetime | None:
    """An HTTP ``Date`` header as an aware UTC datetime; None if absent or unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def record_server_time(db: Database, observed: ServerTime) -> None:
    """Keep the server's date with the PC's time it was seen at (the last answer wins)."""
    with write_transaction(db):
        db.execute(
            "UPDATE sync_state SET server_date = ?, server_seen_at = ? WHERE id = 1",
            [observed.server_at.astimezone(UTC).isoformat(timespec="seconds"),
             observed.seen_at.astimezone(UTC).isoformat(timespec="seconds")],
        )  # fmt: skip


def load_server_time(db: Database) -> ServerTime | None:
    row = db.execute("SELECT server_date, server_seen_at FROM sync_state WHERE id = 1").fetchone()
    if not row or not row[0] or not row[1]:
        return None
    try:
        return ServerTime(_aware(row[0]), _aware(row[1]))
    except ValueError:
        return None


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# --- what the data says ----------------------------------------------------------------------


def latest_change(db: Database) -> datetime | None:
    """The time of the latest change in the journal (UTC), None when there is none."""
    row = db.execute("SELECT MAX(changed_at) FROM outbox").fetchone()
    if not row or not row[0]:
        return None
    try:
        return _aware(row[0])
    except ValueError:
        return None


# --- the verdict -----------------------------------------------------------------------------


def clock_verdict(db: Database, clock: Clock | None = None) -> ClockVerdict:
    """Is the PC's clock right, judged by the server's last ``Date`` and the journal?"""
    clock = clock or PC_CLOCK
    now = clock.now()
    pc_today = local_day(now)
    server = load_server_time(db)
    journal_trusted = True
    if server is not None:
        if now >= server.seen_at - TOLERANCE:  # not set back since: the offset still holds
            if abs(server.offset) > TOLERANCE:
                true_now = now + server.offset
                return ClockVerdict(OFF_SERVER, pc_today, local_day(true_now),
                                    server_today=local_day(true_now), off_by=server.offset)  # fmt: skip
        elif now < server.server_at - TOLERANCE:  # set back past what the server said then
            floor = local_day(server.server_at)
            return ClockVerdict(OFF_SERVER, pc_today, floor, server_today=floor,
                                off_by=server.server_at - now)  # fmt: skip
        journal_trusted = server.offset >= -TOLERANCE  # not written by a clock found ahead
    latest = latest_change(db) if journal_trusted else None
    if latest is not None and now < latest - TOLERANCE:
        data_day = local_day(latest)
        return ClockVerdict(BEHIND_DATA, pc_today, data_day, data_until=data_day,
                            off_by=latest - now)  # fmt: skip
    return ClockVerdict(OK, pc_today, pc_today,
                        data_until=local_day(latest) if latest else None)  # fmt: skip


def best_today(db: Database, clock: Clock | None = None) -> date:
    """The date every "in the future" and "late" check uses: the PC's, unless it is known
    wrong, then the server-corrected date or the journal's (see the module's note)."""
    return clock_verdict(db, clock).best_today


def clock_warning(db: Database, clock: Clock | None = None) -> Msg | None:
    return clock_verdict(db, clock).warning()
