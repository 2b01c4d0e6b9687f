"""Named users, the session's actor, and the access trail: every export, report, minutes PDF,
backup, copy, USB copy and USB package is one row of ``access_log`` with who and how many."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from builders import fill_needs_and_devices
from test_cli import songmay

from desktop_app.core.access import audit_entries, list_access, pending_students
from desktop_app.core.importing.export import export_file
from desktop_app.core.reports import export_donor_report, export_needs_summary
from desktop_app.core.safekeeping import backups
from desktop_app.core.safekeeping.encrypted import export_encrypted
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import open_database, write_transaction
from desktop_app.core.store.schema import migrations
from desktop_app.core.store.session import default_actor, session_actor, set_session_actor
from desktop_app.core.users import (
    MAX_FAILURES,
    PinGuard,
    UserError,
    add_user,
    find_user,
    list_users,
    set_pin,
    update_user,
    verify_pin,
)
from sync.keys import accept_server_key
from sync.package import export_package
from sync.sealing import encode_key

PASSPHRASE = "ngựa vằn gặm cỏ bên bờ sông Đà"


@pytest.fixture
def school(db, tmp_path: Path):
    fill_needs_and_devices(db, tmp_path, count=3)
    db.execute("DELETE FROM access_log")  # the backups the imports made: not what is tested
    db.conn.commit()
    return db


def rows(db) -> list[tuple[str, str, str, int | None]]:
    return [(r.actor, r.kind, r.target, r.students) for r in list_access(db.conn)]


# -- users and PINs --------------------------------------------------------------------------------


def test_a_pin_is_stored_as_a_salted_hash_never_as_itself(db, tmp_path):
    hoa = add_user(db.conn, "Lê Thị Hoa", "clerk", "482913")
    add_user(db.conn, "Nguyễn Văn Tâm", "principal", "482913")
    db.close()
    data = b"".join(p.read_bytes() for p in tmp_path.glob("school.sqlite3*"))
    assert b"482913" not in data
    db = open_database(tmp_path / "school.sqlite3")
    hashes = [r[0] for r in db.execute("SELECT pin_hash FROM users")]
    assert len(set(hashes)) == 2 and all(h.startswith("scrypt$") for h in hashes)  # salted
    assert verify_pin(db.conn, hoa.id, "482913") and not verify_pin(db.conn, hoa.id, "482914")
    db.close()


def test_user_rules_name_role_pin_and_unique_names(db):
    with pytest.raises(UserError) as no_name:
        add_user(db.conn, "  ", "clerk")
    assert no_name.value.code == "name_required"
    with pytest.raises(UserError) as short:
        add_user(db.conn, "Lê Thị Hoa", "clerk", "12")
    assert short.value.code == "pin_invalid"
    with pytest.raises(UserError):
        add_user(db.conn, "Lê Thị Hoa", "janitor")
    hoa = add_user(db.conn, "Lê Thị Hoa", "clerk")
    with pytest.raises(UserError) as taken:
        add_user(db.conn, "le thi hoa", "teacher")  # the same name, accents and case aside
    assert taken.value.code == "name_taken"
    assert not hoa.has_pin and set_pin(db.conn, hoa.id, "5555").has_pin
    assert not set_pin(db.conn, hoa.id, None).has_pin
    renamed = update_user(db.conn, hoa.id, name="Lê Thị Hòa", role="accountant")
    assert (renamed.display_name, renamed.role) == ("Lê Thị Hòa", "accountant")
    update_user(db.conn, hoa.id, active=False)
    assert list_users(db.conn) == [] and len(list_users(db.conn, include_inactive=True)) == 1
    assert find_user(db.conn, "Lê Thị Hòa") is None  # a deactivated user cannot sign


def test_after_five_wrong_pins_the_next_try_must_wait(db):
    hoa = add_user(db.conn, "Lê Thị Hoa", "clerk", "4829")
    now = [100.0]
    guard = PinGuard(delay_s=30, clock=lambda: now[0])
    for _ in range(MAX_FAILURES):
        assert not guard.attempt(db.conn, hoa.id, "0000")
    with pytest.raises(UserError) as wait:
        guard.attempt(db.conn, hoa.id, "4829")  # even the right one, until the delay is over
    assert wait.value.code == "pin_wait" and "30" in wait.value.message
    now[0] += 31
    assert guard.attempt(db.conn, hoa.id, "4829")


# -- the session's actor ---------------------------------------------------------------------------


def test_changes_are_signed_by_the_connections_session_user_and_only_that_connection(db, tmp_path):
    other = open_database(tmp_path / "school.sqlite3")
    set_session_actor(db.conn, "Lê Thị Hoa")
    assert session_actor(db.conn) == "Lê Thị Hoa" and session_actor(other.conn) is None
    for conn_db, code in ((db, "A1"), (other, "A2")):
        changes = ChangeSet()
        changes.insert("student", {"code": code, "full_name": "X", "name_key": "x",
                                   "sort_key": "x", "birth_date": "2012-01-01", "gender": "Nam",
                                   "class_name": "6A"})  # fmt: skip
        with write_transaction(conn_db):
            changes.apply(conn_db.conn)
    signed = dict(
        db.execute(
            "SELECT json_extract(new_values, '$.code'), actor FROM audit_log"
            " WHERE entity = 'student'"
        )
    )
    assert signed == {"A1": "Lê Thị Hoa", "A2": default_actor()}
    explicit = ChangeSet(actor="district")
    explicit.update("school", next(db["school_profile"].rows), {"name": "Trường THCS Y"})
    with write_transaction(db):
        explicit.apply(db.conn)
    assert db.execute("SELECT actor FROM audit_log ORDER BY id DESC").fetchone()[0] == "district"
    other.close()


def test_a_database_of_an_earlier_version_opens_with_no_users_and_signs_with_the_os_login(
    tmp_path,
):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    from sqlite_utils import Database

    old = Database(conn)
    migrations.apply(old, stop_before="006_users_access")
    conn.close()
    db = open_database(path)
    assert list_users(db.conn) == []
    from desktop_app.core.school import save_school

    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    assert db.execute("SELECT actor FROM audit_log").fetchone()[0] == default_actor()
    db.close()


# -- one row per access, from the core function ---------------------------------------------------


def test_exports_and_reports_each_write_one_row_with_the_session_user_and_the_count(
    school, tmp_path
):
    set_session_actor(school.conn, "Lê Thị Hoa")
    assert export_file(school, "needs", tmp_path / "out" / "nhu-cau.xlsx") == 3
    export_file(school, "devices", tmp_path / "thiet-bi.xlsx")
    export_needs_summary(school, tmp_path / "tong-hop.xlsx")
    export_donor_report(school, tmp_path / "nha-tai-tro.xlsx", actor="Nguyễn Văn Tâm")
    assert rows(school) == [
        ("Lê Thị Hoa", "export", "nhu-cau.xlsx", 3),  # the file's name, not its folder
        ("Lê Thị Hoa", "export", "thiet-bi.xlsx", 0),
        ("Lê Thị Hoa", "report", "tong-hop.xlsx", 3),
        ("Nguyễn Văn Tâm", "report", "nha-tai-tro.xlsx", 0),
    ]


def test_backups_copies_and_usb_copies_each_write_one_row_in_the_database_itself(school, tmp_path):
    path = tmp_path / "school.sqlite3"
    backups.make_backup(path, "manual", actor="Lê Thị Hoa")
    backups.write_copy(path, tmp_path / "usb" / "ban-sao.sqlite3", actor="Lê Thị Hoa")
    export_encrypted(path, tmp_path / "usb" / "ma-hoa.smenc", PASSPHRASE, log2_n=10,
                     actor="Nguyễn Văn Tâm")  # fmt: skip
    made = backups.backup_if_due(path, actor="Lê Thị Hoa")
    assert made is not None
    trail = rows(school)
    assert [(a, k, n) for a, k, _t, n in trail] == [
        ("Lê Thị Hoa", "backup", 3), ("Lê Thị Hoa", "copy", 3),
        ("Nguyễn Văn Tâm", "usb_copy", 3), ("Lê Thị Hoa", "backup", 3),
    ]  # fmt: skip
    assert trail[2][2] == "ma-hoa.smenc" and trail[3][2] == made.name


def test_an_import_backs_up_first_and_the_backup_is_signed_by_the_importer(db, tmp_path):
    set_session_actor(db.conn, "Lê Thị Hoa")
    fill_needs_and_devices(db, tmp_path, count=2)
    trail = rows(db)
    assert [(a, k) for a, k, _t, _n in trail] == [("Lê Thị Hoa", "backup")] * 2
    assert trail[0][3] == 0 and trail[1][3] == 2  # before the first import: no student yet
    actors = {r[0] for r in db.execute("SELECT DISTINCT actor FROM audit_log WHERE source LIKE "
                                       "'import:%'")}  # fmt: skip
    assert actors == {"Lê Thị Hoa"}


def test_a_usb_sync_package_writes_one_row_with_the_students_it_carries(school, tmp_path):
    set_session_actor(school.conn, "Lê Thị Hoa")
    assert pending_students(school.conn) == 3
    accept_server_key(school, {"public_key": encode_key(bytes(range(32)))}, source="test")
    export_package(school, tmp_path / "goi.zip", school_code="66001")
    assert rows(school)[-1] == ("Lê Thị Hoa", "sync_package", "goi.zip", 3)


# -- the command line -------------------------------------------------------------------------------


def test_the_command_line_signs_with_user_then_songmay_user_then_the_os_login(school, tmp_path):
    path = tmp_path / "school.sqlite3"
    add_user(school.conn, "Lê Thị Hoa", "clerk", "4829")
    add_user(school.conn, "Nguyễn Văn Tâm", "principal")
    school.close()
    assert songmay("--user", "le thi hoa", "export", "needs", tmp_path / "a.xlsx",
                   db=path).returncode == 0  # fmt: skip
    os.environ["SONGMAY_USER"] = "Nguyễn Văn Tâm"
    try:
        assert songmay("report", "summary", tmp_path / "b.xlsx", db=path).returncode == 0
        assert songmay("backup", db=path).returncode == 0
        refused = songmay("--user", "Ai Đó", "export", "needs", tmp_path / "c.xlsx", db=path)
    finally:
        del os.environ["SONGMAY_USER"]
    assert refused.returncode != 0 and "Ai Đó" in refused.stderr
    assert not (tmp_path / "c.xlsx").exists()
    db = open_database(path)
    assert [(a, k, n) for a, k, _t, n in rows(db)][-3:] == [
        ("Lê Thị Hoa", "export", 3), ("Nguyễn Văn Tâm", "report", 3),
        ("Nguyễn Văn Tâm", "backup", 3),
    ]  # fmt: skip
    db.close()


def test_once_the_school_has_users_a_command_must_say_who_is_working(school, tmp_path):
    path = tmp_path / "school.sqlite3"
    add_user(school.conn, "Lê Thị Hoa", "clerk")
    school.close()
    nameless = songmay("export", "needs", tmp_path / "a.xlsx", db=path)
    assert nameless.returncode != 0 and "--user" in nameless.stderr
    assert "Traceback" not in nameless.stderr and not (tmp_path / "a.xlsx").exists()
    assert songmay("--user", "Lê Thị Hoa", "export", "needs", tmp_path / "a.xlsx",
                   db=path).returncode == 0  # fmt: skip


def test_consent_forms_are_a_row_of_the_trail(school, tmp_path):
    path = tmp_path / "school.sqlite3"
    school.close()
    done = songmay("--user", "Lê Văn Tâm", "consent", "form", "--all", "--out",
                   tmp_path / "phieu.pdf", db=path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    trail = json.loads(songmay("audit", "--access", "--json", db=path).stdout)
    assert [(e["actor"], e["what"], e["target"], e["students"]) for e in trail] == [
        ("Lê Văn Tâm", "consent_forms", "phieu.pdf", 3)
    ]


def test_cli_minutes_pdf_and_the_audit_command(school, tmp_path):
    path = tmp_path / "school.sqlite3"
    school.close()
    recorded = songmay("--user", "Lê Văn Tâm", "handover", "record", "--proposal",
                       "--handed-by", "Lê Văn Tâm", db=path)  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    minutes = songmay("--user", "Lê Văn Tâm", "minutes", "--all", "--out",
                      tmp_path / "bb.pdf", db=path)  # fmt: skip
    assert minutes.returncode == 0, minutes.stderr
    trail = json.loads(songmay("audit", "--access", "--json", db=path).stdout)
    assert [(e["actor"], e["what"], e["target"], e["students"]) for e in trail] == [
        ("Lê Văn Tâm", "minutes_pdf", "bb.pdf", 3)
    ]
    everything = json.loads(songmay("audit", "--json", "--since", "01/01/2020", db=path).stdout)
    assert {"minutes_pdf", "insert handover"} <= {e["what"] for e in everything}
    assert {e["actor"] for e in everything if e["what"] == "insert handover"} == {"Lê Văn Tâm"}
    db = open_database(path)
    assert len(audit_entries(db.conn, access_only=True)) == 1
    db.close()
