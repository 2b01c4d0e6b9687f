"""Clock faults for real: ``songmay`` run under ``faketime`` (libfaketime) with the PC's date 7
years back or 4 years ahead, against a database whose journal holds today's data. The in-process
rules are in test_clock.py.

faketime is installed by .ci/run: under CI (CI=true) a missing faketime fails these tests; on a
developer's machine without it they are skipped, saying why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from builders import fill_needs_and_devices

from desktop_app.core.clock import ServerTime, record_server_time
from desktop_app.core.store.database import open_database

WARNING = "Ngày giờ của máy tính đang sai: máy báo "
YEAR = timedelta(days=365)  # faketime's "y"


@pytest.fixture(scope="module")
def faketime() -> str:
    found = shutil.which("faketime")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("faketime is not installed: .ci/run installs it (apt-get install faketime)")
        pytest.skip("faketime is not installed (apt-get install faketime) — the clock faults")
    return found


def songmay_at(
    faketime: str, offset: str, db: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    command = [faketime, "-f", offset, sys.executable, "-m", "desktop_app", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def faked_today(faketime: str, offset: str) -> date:
    """What the PC says under ``offset``: proves the fault landed."""
    out = subprocess.run([faketime, "-f", offset, sys.executable, "-c",
                          "import datetime; print(datetime.date.today().isoformat())"],
                         capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    return date.fromisoformat(out.stdout.strip())


@pytest.fixture
def school(db, tmp_path: Path) -> Path:
    fill_needs_and_devices(db, tmp_path, count=3)  # the journal: today's changes
    return tmp_path / "school.sqlite3"


def _handover_rows(path: Path) -> list[tuple[str, int, str]]:
    db = open_database(path)
    try:
        return db.execute("SELECT event_date, late, recorded_on FROM handovers").fetchall()
    finally:
        db.close()


def _record(
    faketime: str, offset: str, school: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    return songmay_at(faketime, offset, school, "handover", "record", "--student", "HS000001",
                      "--device", "SN00000001", "--receiver", "parent",
                      "--receiver-name", "Trần Thị Hoa", "--relationship", "Mẹ", "--json",
                      *extra)  # fmt: skip


def test_seven_years_back_a_correct_date_is_accepted_with_the_warning(faketime, school):
    today = date.today()
    assert faked_today(faketime, "-7y").year <= today.year - 7  # the fault landed
    result = _record(faketime, "-7y", school, "--date", today.strftime("%d/%m/%Y"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["recorded"] == 1
    assert WARNING in result.stderr and "nhưng dữ liệu đã có đến" in result.stderr
    assert "Cài đặt → Thời gian và ngôn ngữ" in result.stderr
    # Recorded on the best known date (the data's), not 2019; not late.
    assert _handover_rows(school) == [(today.isoformat(), 0, today.isoformat())]


def test_seven_years_back_a_return_and_a_consent_are_not_refused_as_future(faketime, school):
    today = date.today().strftime("%d/%m/%Y")
    assert _record(faketime, "-7y", school, "--date", today).returncode == 0
    back = songmay_at(faketime, "-7y", school, "handover", "return", "--device", "SN00000001",
                      "--reason", "moved", "--date", today)  # fmt: skip
    assert back.returncode == 0, back.stdout + back.stderr
    assert WARNING in back.stderr
    consent = songmay_at(faketime, "-7y", school, "consent", "record", "HS000002",
                         "--date", today, "--method", "paper_form")  # fmt: skip
    assert consent.returncode == 0, consent.stdout + consent.stderr
    assert WARNING in consent.stderr


def _seen_ahead(school: Path, offset: timedelta) -> None:
    """The last sync ran on this PC with its clock ``offset`` ahead: the server's Date then."""
    db = open_database(school)
    try:
        real = datetime.now(UTC)
        record_server_time(db, ServerTime(server_at=real, seen_at=real + offset))
    finally:
        db.close()


def test_four_years_ahead_a_2031_date_is_refused_by_the_server_corrected_date(faketime, school):
    assert faked_today(faketime, "+4y") >= date.today() + 4 * YEAR - timedelta(days=1)
    _seen_ahead(school, 4 * YEAR)
    result = _record(faketime, "+4y", school, "--date", "15/01/2031")
    assert result.returncode == 1, result.stdout + result.stderr
    line = json.loads(result.stdout)["lines"][0]
    assert "handover_date" in line["errors"]
    assert WARNING in result.stderr and "máy chủ báo" in result.stderr
    assert _handover_rows(school) == []


def test_four_years_ahead_a_correct_handover_is_not_stored_late(faketime, school):
    _seen_ahead(school, 4 * YEAR)
    yesterday = date.today() - timedelta(days=1)  # within the 1-day deadline
    result = _record(faketime, "+4y", school, "--date", yesterday.strftime("%d/%m/%Y"))
    assert result.returncode == 0, result.stdout + result.stderr
    ((event, late, recorded_on),) = _handover_rows(school)
    assert (event, late) == (yesterday.isoformat(), 0)
    assert recorded_on == date.today().isoformat()  # not 2030


def test_an_import_under_a_clock_behind_says_so_on_stderr(faketime, school, tmp_path):
    from builders import DEVICE_HEADERS, device_row, write_sheet

    path = write_sheet(tmp_path / "more.xlsx", DEVICE_HEADERS, [device_row(9)], sheet="Thiet bi")
    result = songmay_at(faketime, "-7y", school, "import", "devices", str(path))
    assert WARNING in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
