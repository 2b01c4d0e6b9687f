"""Clock sanity in process (``core.clock``): the clock is injected (a ``Clock``), the journal and
the server's last ``Date`` are real rows of a real database file. The same under a really wrong
PC clock (faketime) is in test_clock_faketime.py; the server's Date over HTTP in
tests/sync/test_clock_server.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from builders import fill_needs_and_devices

from desktop_app.core.clock import (
    BEHIND_DATA,
    OFF_SERVER,
    OK,
    Clock,
    ServerTime,
    best_today,
    clock_verdict,
    latest_change,
    load_server_time,
    parse_http_date,
    record_server_time,
)
from desktop_app.core.handovers import HandoverRequest, check_handovers, record_handovers

YEAR = timedelta(days=365)


def at(moment: datetime) -> Clock:
    return Clock(lambda: moment)


def handover(day: date, serial: str = "SN00000001", code: str = "HS000001") -> HandoverRequest:
    return HandoverRequest(serial=serial, student_code=code, handover_date=day,
                           receiver_role="student", handed_by="Lê Văn Tâm")  # fmt: skip


def test_a_clock_in_step_with_the_data_is_ok(db, tmp_path):
    fill_needs_and_devices(db, tmp_path)
    now = datetime.now(UTC)
    verdict = clock_verdict(db, at(now))
    assert verdict.state == OK and not verdict.wrong and verdict.warning() is None
    assert verdict.best_today == verdict.pc_today == now.astimezone().date()
    assert verdict.data_until == now.astimezone().date()


def test_a_clock_seven_years_behind_its_data_is_wrong_and_the_data_date_is_used(db, tmp_path):
    fill_needs_and_devices(db, tmp_path)
    latest = latest_change(db)
    assert latest is not None
    verdict = clock_verdict(db, at(latest - 7 * YEAR))
    assert verdict.state == BEHIND_DATA and verdict.wrong
    assert verdict.best_today == latest.astimezone().date() == verdict.data_until
    text = verdict.warning().text("vi")
    assert text.startswith("Ngày giờ của máy tính đang sai: máy báo ")
    assert "nhưng dữ liệu đã có đến " + latest.astimezone().strftime("%d/%m/%Y") in text
    assert "Cài đặt → Thời gian và ngôn ngữ" in text
    english = verdict.warning().text("en")
    assert "wrong" in english and "ngày" not in english.lower()
    # Less than a day behind (a time zone, a slow clock) is not "wrong".
    assert clock_verdict(db, at(latest - timedelta(hours=20))).state == OK


def test_a_correct_date_is_not_refused_nor_stored_late_on_a_clock_behind(db, tmp_path):
    fill_needs_and_devices(db, tmp_path)
    real_today = datetime.now(UTC).astimezone().date()
    wrong = at(datetime.now(UTC) - 7 * YEAR)
    pc_says = wrong.today()
    # On the PC's word the correct date is "in the future":
    assert not check_handovers(db, [handover(real_today)], today=pc_says)[0].ok
    today = best_today(db, wrong)
    assert today == real_today
    (result,) = record_handovers(db, [handover(real_today)], today=today)
    assert result.ok, result.errors
    late, recorded_on = db.execute("SELECT late, recorded_on FROM handovers").fetchone()
    assert (late, recorded_on) == (0, real_today.isoformat())


def test_the_server_date_corrects_a_clock_ahead_and_refuses_a_date_in_2031(db, tmp_path):
    fill_needs_and_devices(db, tmp_path)
    real = datetime.now(UTC)
    ahead = real + 4 * YEAR + timedelta(days=200)  # 4½ years ahead, as in the issue
    record_server_time(db, ServerTime(server_at=real, seen_at=ahead))
    verdict = clock_verdict(db, at(ahead + timedelta(hours=1)))
    # an hour after the server spoke (the day may have turned meanwhile)
    server_day = (real + timedelta(hours=1)).astimezone().date()
    assert verdict.state == OFF_SERVER and verdict.server_today == server_day
    assert verdict.best_today == (real + timedelta(hours=1)).astimezone().date()
    assert "máy chủ báo" in verdict.warning().text("vi")
    in_2031 = date(2031, 3, 1)
    assert ahead.date() > in_2031  # the PC's date would let it through
    (refused,) = check_handovers(db, [handover(in_2031)], today=verdict.best_today)
    assert not refused.ok and "handover_date" in refused.errors
    # A handover of today is not late, though the PC's date is years past its 5-day deadline.
    (ok,) = record_handovers(db, [handover(real.date())], today=verdict.best_today)
    assert ok.ok and db.execute("SELECT late FROM handovers").fetchone()[0] == 0


def test_a_clock_set_back_since_the_server_spoke_is_caught_and_a_later_fix_clears_it(db):
    real = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    record_server_time(db, ServerTime(server_at=real, seen_at=real + timedelta(seconds=3)))
    assert clock_verdict(db, at(real + timedelta(days=2))).state == OK
    # The CMOS battery went flat: the PC says 2019; time does not run backwards.
    back = clock_verdict(db, at(real - 7 * YEAR))
    assert back.state == OFF_SERVER and back.best_today == real.astimezone().date()


def test_a_journal_written_by_a_clock_the_server_found_ahead_is_no_evidence(db):
    from desktop_app.core.store.changes import ChangeSet
    from desktop_app.core.store.database import write_transaction

    real = datetime.now(UTC)
    ahead = real + 4 * YEAR
    changes = ChangeSet(source="test", now=ahead.isoformat(timespec="milliseconds"))
    changes.insert("student", {"code": "S1", "full_name": "Lò Văn Sáng", "name_key": "a",
                               "sort_key": "a", "birth_date": "2014-01-01", "gender": "Nam",
                               "class_name": "6A"})  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    # Without the server's word the PC, set right again, looks behind that journal…
    assert clock_verdict(db, at(real)).state == BEHIND_DATA
    # …but the server saw that clock 4 years ahead: the journal does not count, the PC is right.
    record_server_time(db, ServerTime(server_at=real, seen_at=ahead))
    assert clock_verdict(db, at(real + timedelta(hours=1))).state == OK


def test_the_http_date_header_is_read_and_kept(db):
    seen = datetime(2030, 6, 1, 8, 0, tzinfo=UTC)
    server_at = parse_http_date("Sun, 06 Dec 2026 18:16:11 GMT")
    assert server_at == datetime(2026, 12, 6, 18, 16, 11, tzinfo=UTC)
    assert parse_http_date("not a date") is None and parse_http_date(None) is None
    record_server_time(db, ServerTime(server_at, seen))
    kept = load_server_time(db)
    assert kept == ServerTime(server_at, seen) and kept.offset < -3 * YEAR
