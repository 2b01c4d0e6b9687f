"""The server's ``Date`` over real HTTP on loopback (the project's reference server): a sync
keeps it with the PC's time it came at, and a PC clock off by more than a day is then known
wrong (``core.clock``). The PC's clock is injected into the client (a ``Clock``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from test_client_support import FAST, PASSWORD, SCHOOL, USER, add_students, memory_keyring

from desktop_app.core.clock import OFF_SERVER, OK, Clock, clock_verdict, load_server_time
from sync.account import Account
from sync.client import SyncClient
from sync.transport import Transport

YEAR = timedelta(days=365)


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


def _sync(url: str, db, offset: timedelta):
    pc = Clock(lambda: datetime.now(UTC) + offset)
    transport = Transport(url, timeouts=FAST.timeouts, retry=FAST.retry, clock=pc)
    client = SyncClient(Account(url, SCHOOL, USER), lambda: PASSWORD, settings=FAST,
                        transport=transport)  # fmt: skip
    with memory_keyring():
        report = client.run(db)
    return report, pc


def test_a_sync_on_a_clock_four_years_ahead_makes_it_known_wrong(server, db):
    add_students(db, 3)
    assert load_server_time(db) is None
    report, pc = _sync(server.url, db, 4 * YEAR)
    assert report.ok, report.error
    kept = load_server_time(db)
    assert kept is not None
    assert abs(kept.offset + 4 * YEAR) < timedelta(minutes=1)  # the server's Date, really
    verdict = clock_verdict(db, pc)
    assert verdict.state == OFF_SERVER
    assert verdict.best_today == datetime.now(UTC).astimezone().date()
    assert "máy chủ báo" in verdict.warning().text("vi")


def test_a_sync_on_a_right_clock_is_ok_and_clears_an_old_offset(server, db):
    add_students(db, 2)
    _sync(server.url, db, 4 * YEAR)
    report, pc = _sync(server.url, db, timedelta(minutes=3))  # a few minutes off is fine
    assert report.ok, report.error
    assert clock_verdict(db, pc).state == OK
    assert abs(load_server_time(db).offset) < timedelta(minutes=5)
