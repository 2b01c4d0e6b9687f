"""``songmay --lang en sync …`` against the real reference server: what the client says is
English; the school's records and the server's own reasons stay as they are."""

from __future__ import annotations

import json

import pytest
from languages import is_vietnamese, vietnamese_lines
from test_client_support import PASSWORD, SCHOOL, USER, add_students, memory_keyring
from test_client_sync import songmay

from desktop_app.core.store import outbox
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


@pytest.fixture
def db_path(db, tmp_path):
    return str(tmp_path / "school.sqlite3")


def add_a_device_the_server_refuses(db) -> None:
    changes = ChangeSet(source="test")
    changes.insert("device", {"batch_id": "b", "device_type": "tablet", "brand": "X",
                              "model": "Y", "serial": " ", "condition": "new"})  # fmt: skip
    db.execute("PRAGMA foreign_keys = OFF")
    with write_transaction(db):
        changes.apply(db.conn)


def school_data(db) -> set[str]:
    """The records and the server's reasons, which no language setting translates."""
    refused = outbox.refused_changes(db)
    return {"Trường THCS Ea Tu", *(r.label for r in refused), *(r.message or "" for r in refused)}


def test_login_run_status_refused_requeue_and_package_speak_english(
    db, db_path, server, capsys, monkeypatch, tmp_path
):
    add_students(db, 3)
    add_a_device_the_server_refuses(db)
    outputs = []

    def en(*args, stdin=None):
        code, out, err = songmay(capsys, monkeypatch, "--db", db_path, "--lang", "en", *args,
                                 stdin=stdin)  # fmt: skip
        outputs.append(out + err)
        return code, out, err

    with memory_keyring():
        code, out, _ = en("sync", "login", "--endpoint", server.url, "--school", SCHOOL,
                          "--username", USER, "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        assert code == 0 and out.startswith(f"Logged in to the server {server.url} as {USER}")
        assert "secure password store" in out
        code, out, _ = en("sync", "run")
        assert code == 1 and out.startswith("Sent 5 changes: accepted 4,")
        assert "  Refused [missing_field] " in out and "Fix the records above" in out
        data = school_data(db)  # the refused record and the server's reason, before requeue
        code, out, _ = en("sync", "status")
        assert code == 0 and "Waiting: 0 · Sent: 4 · Refused: 1" in out
        assert "Last successful sync: " in out
        assert en("sync", "refused")[0] == 0
        code, out, _ = en("sync", "requeue")
        assert code == 0 and out.strip() == "1 refused change is back in the sending queue."
        code, out, _ = en("sync", "export-package", str(tmp_path / "package.zip"))
        assert code == 0 and out.startswith("Wrote 1 change (1 submissions) to ")
    assert vietnamese_lines("\n".join(outputs), data) == []


def test_what_stopped_a_sync_is_kept_and_said_again_in_the_readers_language(
    db, db_path, server, capsys, monkeypatch
):
    add_students(db, 1)
    outbox.save_account(db, server.url, SCHOOL, USER)
    code, out, err = songmay(capsys, monkeypatch, "--db", db_path, "--lang", "en", "sync", "run",
                             "--json", "--password-stdin", stdin="wrong password")  # fmt: skip
    assert code == 2 and json.loads(out)["error"].startswith("The server refused the login")
    code, out, err = songmay(capsys, monkeypatch, "--db", db_path, "--lang", "en", "sync", "run",
                             "--password-stdin", stdin="wrong password")  # fmt: skip
    assert err.startswith("Error: The server refused the login: the school code, username or")
    assert vietnamese_lines(out + err) == []
    code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "--lang", "en", "sync", "status")
    assert "The last sync stopped part-way: The server refused the login" in out
    assert vietnamese_lines(out) == []
    # The run was in English; the clerk who reads the status in Vietnamese reads it in Vietnamese.
    code, out, _ = songmay(capsys, monkeypatch, "--db", db_path, "sync", "status")
    assert "Lần đồng bộ trước dừng giữa chừng: Máy chủ không chấp nhận đăng nhập" in out
    assert is_vietnamese(out)
