"""The window's part of sync, against the real reference server on loopback: logging in through the
dialog, "Đồng bộ ngay" and the toolbar's F9, refused changes with their reasons (open the record,
send again), review decisions coming back, Cancel mid-run, the automatic retry when the server
answers again, the password without a secure keyring, and the USB package."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import keyring
import pytest
from builders import fill_needs_and_devices
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from dialogs import answering
from keyring.backends import fail
from loopback import PASSWORD, SCHOOL, USER
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.locale import fmt_date
from desktop_app.core.store import outbox
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.store.package_keys import package_keys
from desktop_app.ui.common.table_model import FLAGGED
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.sync.login_dialog import LoginDialog, PasswordDialog
from desktop_app.ui.sync.models import DecisionTableModel, RefusedTableModel
from desktop_app.ui.sync.page import TAB_DECISIONS, TAB_REFUSED, SyncPage
from sync.account import make_account, store_account
from sync.client import SyncReport, SyncSettings
from sync.credentials import SERVICE, Credentials
from sync.keys import SERVICE as KEY_SERVICE
from sync.keys import accept_server_key
from sync.sealing import encode_key, is_sealed, open_sealed, public_raw, split
from sync.transport import RetryPolicy, Timeouts

pytest.importorskip("fastapi", reason="the reference server needs the 'server' extra")
pytest.importorskip("uvicorn", reason="the reference server needs the 'server' extra")
from sync.server.testing import ServerThread

SYNC_MS = 20_000
FAST = SyncSettings(
    timeouts=Timeouts(connect=2.0, read=5.0),
    retry=RetryPolicy(attempts=3, base=0.01, cap=0.05, max_retry_after=0.2),
    poll_first=0.005, poll_max=0.05, poll_timeout=20.0,
)  # fmt: skip


def make_window(qtbot: QtBot, db: Database, db_path: Path, settings: QSettings,
                sync_settings: SyncSettings = FAST) -> MainWindow:  # fmt: skip
    """The main window; after its one probe at start (with an account) nothing polls or probes
    by itself: the tests drive the watcher."""
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000, probe_ms=3_600_000,
                        sync_settings=sync_settings)  # fmt: skip
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def sync_page(window: MainWindow) -> SyncPage:
    window.show_section("sync")
    page = window.current_page()
    assert isinstance(page, SyncPage)
    return page


def choose(table: QTableView, row: int) -> None:
    """Select exactly this row. Not ``selectRow``: in a multi-selection table it toggles when
    Qt believes Ctrl is held (a modifier left over from another test's key clicks)."""
    selection = table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(table.model().index(row, 0), flags.ClearAndSelect | flags.Rows)


def fill_login(server: ServerThread, school: list[str] | None = None):
    """What the clerk types into the login dialog (the school's code is there already)."""

    def fill(dialog: LoginDialog) -> None:
        if school is not None:
            school.append(dialog.school_edit.text())
        dialog.endpoint_edit.setText(server.url)
        dialog.username_edit.setText(USER)
        dialog.password_edit.setText(PASSWORD)

    return fill


def log_in(db: Database, server: ServerThread) -> None:
    """What the login dialog leaves behind, without the dialog."""
    store_account(db, make_account(server.url, SCHOOL, USER), PASSWORD, Credentials())


def sync_and_wait(qtbot: QtBot, controller: SyncController, start: Any) -> SyncReport:
    with qtbot.waitSignal(controller.finished, timeout=SYNC_MS) as finished:
        start()
    report = finished.args[0]
    assert isinstance(report, SyncReport)
    return report


def add_students(db: Database, count: int, start: int = 0, **fields: Any) -> list[dict[str, Any]]:
    base = {"full_name": "Lò Văn Sáng", "name_key": "lo van sang", "sort_key": "sang lo van",
            "birth_date": "2010-01-01", "gender": "Nam", "class_name": "6A"}  # fmt: skip
    changes = ChangeSet(source="test")
    rows = [
        changes.insert("student", {"code": f"S{n:06d}", **base, **fields})
        for n in range(start, start + count)
    ]
    with write_transaction(db):
        changes.apply(db.conn)
    return rows


def edit_student(db: Database, student_id: str, **values: Any) -> None:
    cursor = db.execute("SELECT * FROM students WHERE id = ?", [student_id])
    old = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    changes = ChangeSet(source="test")
    changes.update("student", old, values)
    with write_transaction(db):
        changes.apply(db.conn)


def assert_password_in_no_file(window: MainWindow, folder: Path) -> None:
    """Not in the window's settings, the database (and its WAL), the log, the server's files."""
    window.save_settings()
    needles = [PASSWORD.encode(), PASSWORD.encode("utf-16-le")]
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "school.sqlite3" for p in files) and any(p.suffix == ".ini" for p in files)
    for path in files:
        content = path.read_bytes()
        assert not any(needle in content for needle in needles), path


def local_counts(db: Database) -> dict[str, Any]:
    tables = ("students", "needs", "devices", "handovers")
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t} WHERE deleted = 0").fetchone()[0]
              for t in tables}  # fmt: skip
    return {"school": SCHOOL, **counts}


# --- logging in and syncing ----------------------------------------------------------------------


def test_sync_without_an_account_asks_to_log_in_then_sends_everything_and_shows_zero_waiting(
    qtbot, db, db_path, settings, tmp_path, server, memory_keyring
):
    fill_needs_and_devices(db, tmp_path, count=3)
    total = outbox.outbox_counts(db)["pending"]
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    assert page.cards["pending"].value_label.text() == str(total)
    # the window's first count is read off the GUI thread
    qtbot.waitUntil(lambda: window.sync_action.text() == f"Đồng bộ ({total})", timeout=SYNC_MS)

    school: list[str] = []
    with answering(qtbot) as answers:
        answers.dialog(LoginDialog, fill=fill_login(server, school), button="Đăng nhập")
        with qtbot.waitSignal(window.sync.finished, timeout=SYNC_MS) as finished:
            qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert school == [SCHOOL]  # from the school profile

    assert report.ok and (report.sent, report.accepted, report.pending) == (total, total, 0)
    passwords = {k: v for k, v in memory_keyring.store.items() if k[0] == SERVICE}
    assert passwords == {(SERVICE, f"{server.url}|{SCHOOL}|{USER}"): PASSWORD}
    # the run also fetched the district's package key and registered the school's signing key
    assert (KEY_SERVICE, state_client_id(db)) in memory_keyring.store
    assert package_keys(db).registered_endpoint == server.url and package_keys(db).server_key_id
    state = outbox.sync_state(db)
    assert (state.endpoint, state.school_code, state.username) == (server.url, SCHOOL, USER)
    assert server.stats(SCHOOL) == {**local_counts(db), "changes_applied": total}
    assert page.cards["pending"].value_label.text() == "0"
    assert page.cards["sent"].value_label.text() == str(total)
    assert page.last_label.text().startswith("Lần đồng bộ gần nhất: ")
    assert f"đã gửi {total} thay đổi" in page.result_label.text()
    assert page.username_label.text() == USER and page.login_button.text() == "Đổi tài khoản…"
    assert window.pending_label.text() == "Thay đổi chờ đồng bộ: 0"
    assert window.sync_action.text() == "Đồng bộ"
    assert window.network_label.text() == "Trực tuyến"
    assert_password_in_no_file(window, tmp_path)


def test_a_wrong_password_is_said_in_the_dialog_and_nothing_is_kept(
    qtbot, db, db_path, settings, server, memory_keyring
):
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    with answering(qtbot) as answers:
        answers.leave_open(LoginDialog)
        qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    dialog = window.sync.login_dialog
    assert isinstance(dialog, LoginDialog)
    dialog.endpoint_edit.setText(server.url)
    dialog.username_edit.setText(USER)
    dialog.password_edit.setText("sai mật khẩu")
    dialog.login_button.click()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=SYNC_MS)
    assert "không đúng" in dialog.error_label.text() and dialog.isVisible()
    assert dialog.login_button.isEnabled()
    assert outbox.sync_state(db).endpoint is None and memory_keyring.store == {}
    dialog.endpoint_edit.setText("http://dongbo.example.vn")  # plain http off this machine
    dialog.login_button.click()
    assert "https://" in dialog.error_label.text()
    dialog.reject()


def test_without_a_secure_keyring_the_password_is_asked_at_each_sync_and_kept_nowhere(
    qtbot, db, db_path, settings, tmp_path, server, no_keyring
):
    add_students(db, 2)
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    notes: list[str] = []

    def note_and_fill(dialog: LoginDialog) -> None:
        notes.append(dialog.keyring_note.text())
        fill_login(server)(dialog)

    with answering(qtbot) as answers:
        answers.dialog(LoginDialog, fill=note_and_fill, button="Đăng nhập")
        said = answers.message_box(button="Đóng", text="hỏi mật khẩu mỗi lần đồng bộ")
        qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    assert "không có kho mật khẩu an toàn" in notes[0] and said.title == "Đã đăng nhập"
    assert "Hỏi mỗi lần đồng bộ" in page.password_label.text()

    def type_password(dialog: PasswordDialog) -> None:
        dialog.password_edit.setText(PASSWORD)

    with answering(qtbot) as answers:
        answers.dialog(PasswordDialog, fill=type_password, button="Đồng bộ")
        report = sync_and_wait(
            qtbot, window.sync,
            lambda: qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton),
        )  # fmt: skip
    assert report.ok and report.accepted == outbox.outbox_counts(db)["sent"] > 0
    assert_password_in_no_file(window, tmp_path)


# --- refused changes and decisions ---------------------------------------------------------------


def test_a_refused_change_shows_its_reason_opens_its_record_and_is_sent_again(
    qtbot, db, db_path, settings, server, memory_keyring
):
    add_students(db, 3)
    (bad,) = add_students(
        db, 1, start=100, code="HS-NONAME", full_name=" ", consent_date="2025-08-15"
    )
    log_in(db, server)
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    report = sync_and_wait(qtbot, window.sync, page.sync_button.click)
    assert report.ok and report.rejected == 1

    model = page.refused_model
    assert model.rowCount() == 1 and page.tabs.currentIndex() == TAB_REFUSED
    cell = lambda column: model.data(model.index(0, column))  # noqa: E731
    assert cell(RefusedTableModel.RECORD).startswith("HS-NONAME")
    assert (cell(RefusedTableModel.KIND), cell(RefusedTableModel.ACTION)) == (
        "Học sinh",
        "Thêm mới",
    )
    assert cell(RefusedTableModel.CODE) == "missing_field"
    assert "Họ và tên" in cell(RefusedTableModel.REASON)
    assert model.data(model.index(0, 0), FLAGGED) is True
    assert page.tabs.tabText(TAB_REFUSED) == "Thay đổi bị từ chối (1)"
    assert page.cards["rejected"].value_label.text() == "1"
    assert not page.resend_button.isEnabled()

    choose(page.refused_table, 0)
    page.open_button.click()
    assert window.current_key() == "students"
    students = window.current_page()
    assert students.selected_student_id() == bad["id"]
    form = next(d for d in students.findChildren(StudentDialog) if d.isVisible())
    assert form._student_id == bad["id"]
    form.reject()

    page = sync_page(window)  # nothing fixed: sent again, refused again, for the same reason
    choose(page.refused_table, 0)
    report = sync_and_wait(qtbot, window.sync, page.resend_button.click)
    assert (report.sent, report.rejected) == (1, 1)
    assert page.message_label.text() == "Đã đưa 1 thay đổi trở lại hàng chờ gửi."
    assert page.refused_model.rowCount() == 1

    edit_student(db, bad["id"], full_name="Lò Thị Mai")  # the clerk's fix
    window.notify_data_changed()
    choose(page.refused_table, 0)
    report = sync_and_wait(qtbot, window.sync, page.resend_button.click)
    assert report.ok and page.refused_model.rowCount() == 0
    assert outbox.outbox_counts(db) == {"pending": 0, "sent": outbox.outbox_counts(db)["sent"],
                                        "rejected": 0}  # fmt: skip
    assert server.stats(SCHOOL)["students"] == 4
    assert page.tabs.tabText(TAB_REFUSED) == "Thay đổi bị từ chối (0)"


def test_review_decisions_come_back_with_f9_and_show_in_the_table(
    qtbot, db, db_path, settings, tmp_path, server, memory_keyring
):
    fill_needs_and_devices(db, tmp_path, count=3, approved=False)
    log_in(db, server)
    window = make_window(qtbot, db, db_path, settings)
    with qtbot.waitActive(window):
        window.activateWindow()
    assert sync_and_wait(qtbot, window.sync, window.sync_action.trigger).ok
    server.review(SCHOOL, "HS000002", approve=False, comment="Thiếu giấy chứng nhận hộ nghèo")
    server.review(SCHOOL, "HS000003", approve=True)
    window.show_section("students")  # F9 works from any page
    report = sync_and_wait(qtbot, window.sync, lambda: qtbot.keyClick(window, Qt.Key.Key_F9))
    assert (report.ok, report.decisions, report.sent) == (True, 2, 0)

    page = sync_page(window)
    model = page.decision_model
    rows = [
        tuple(model.data(model.index(r, c)) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]
    assert [row[:4] for row in rows] == [
        ("HS000003", "Học Sinh C", "Đã duyệt", ""),
        ("HS000002", "Học Sinh B", "Trả lại", "Thiếu giấy chứng nhận hộ nghèo"),
    ]
    assert all(len(row[DecisionTableModel.DECIDED]) == 10 for row in rows)  # dd/mm/yyyy
    assert [model.data(model.index(r, 0), FLAGGED) for r in range(2)] == [False, True]
    assert page.tabs.currentIndex() == TAB_DECISIONS
    assert page.tabs.tabText(TAB_DECISIONS) == "Kết quả duyệt nhận về (2)"
    assert page.decision_count.text() == "2 kết quả · 1 trả lại"

    choose(page.decision_table, 1)
    page.open_student_button.click()
    assert window.current_key() == "students"
    form = next(d for d in window.current_page().findChildren(StudentDialog) if d.isVisible())
    assert form.inputs["full_name"].text() == "Học Sinh B"
    form.reject()


def test_a_returned_need_corrected_in_the_form_is_resent_by_the_next_sync(
    qtbot, db, db_path, settings, tmp_path, server, memory_keyring
):
    fill_needs_and_devices(db, tmp_path, count=3, approved=False)
    log_in(db, server)
    window = make_window(qtbot, db, db_path, settings)
    assert sync_and_wait(qtbot, window.sync, window.sync_action.trigger).ok
    server.review(SCHOOL, "HS000002", approve=False, comment="Thiếu giấy chứng nhận hộ nghèo")
    assert sync_and_wait(qtbot, window.sync, window.sync_action.trigger).decisions == 1
    page = sync_page(window)
    model = page.decision_model
    follow_up = model.index(0, DecisionTableModel.FOLLOW_UP)
    assert model.data(follow_up) == "Chưa sửa" and model.data(model.index(0, 0), FLAGGED)

    choose(page.decision_table, 0)
    page.open_student_button.click()
    form = next(d for d in window.current_page().findChildren(StudentDialog) if d.isVisible())
    assert form.returned_box is not None
    assert "Thiếu giấy chứng nhận hộ nghèo" in form.returned_box.comment_label.text()
    form.inputs["poverty_cert_no"].setText("15/GCN-UBND")
    form.save_button.click()
    assert not form.isVisible(), form.outcome

    page = sync_page(window)
    today = fmt_date(date.today())
    assert model.data(follow_up) == f"Đã sửa ngày {today} · chờ gửi"
    assert not model.data(model.index(0, 0), FLAGGED)
    report = sync_and_wait(qtbot, window.sync, lambda: qtbot.keyClick(window, Qt.Key.Key_F9))
    assert report.ok and report.sent >= 1
    assert model.data(follow_up) == f"Đã sửa ngày {today} · đã gửi lại"
    assert outbox.outbox_counts(db)["pending"] == 0


# --- cancel, the automatic retry -----------------------------------------------------------------


def test_cancel_during_a_sync_stops_it_and_every_change_still_arrives_once(
    qtbot, db, db_path, settings, slow_server, memory_keyring
):
    server = slow_server
    add_students(db, 40)
    total = outbox.outbox_counts(db)["pending"]
    log_in(db, server)
    small = SyncSettings(**{**FAST.__dict__, "max_changes": 4, "in_flight": 2})
    window = make_window(qtbot, db, db_path, settings, sync_settings=small)
    page = sync_page(window)
    with qtbot.waitSignal(window.sync.progressed, timeout=SYNC_MS,
                          check_params_cb=lambda done, _total, _stage: done > 0):  # fmt: skip
        page.sync_button.click()
    assert page.progress_area.currentIndex() == 1 and page.progress.maximum() == total
    assert not page.sync_button.isEnabled() and window.sync_progress.isVisible()
    report = sync_and_wait(qtbot, window.sync, page.cancel_button.click)

    assert report.error_code == "cancelled" and "Đã dừng" in page.result_label.text()
    counts = outbox.outbox_counts(db)
    assert 0 < counts["pending"] < total and counts["pending"] + counts["sent"] == total
    assert counts["rejected"] == 0
    assert page.progress_area.currentIndex() == 0 and page.sync_button.isEnabled()
    assert not window.sync_progress.isVisible()
    assert page.cards["pending"].value_label.text() == str(counts["pending"])

    report = sync_and_wait(qtbot, window.sync, page.sync_button.click)
    assert report.ok and outbox.outbox_counts(db) == {"pending": 0, "sent": total, "rejected": 0}
    assert server.stats(SCHOOL)["changes_applied"] == total  # each change once


def probe(qtbot: QtBot, window: MainWindow) -> bool:
    with qtbot.waitSignal(window.sync.watcher.probed, timeout=SYNC_MS) as probed:
        assert window.sync.watcher.probe()
    return bool(probed.args[0])


def test_the_watcher_syncs_by_itself_when_the_server_answers_again(
    qtbot, db, db_path, settings, server, memory_keyring
):
    log_in(db, server)
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    qtbot.waitUntil(lambda: not window.sync.watcher.is_probing(), timeout=SYNC_MS)
    assert sync_and_wait(qtbot, window.sync, page.sync_button.click).ok
    server.stop()
    assert probe(qtbot, window) is False
    assert window.network_label.text() == "Không có mạng"
    assert "Chưa kết nối được máy chủ" in page.network_label.text()
    add_students(db, 2)  # edits made offline
    window.notify_data_changed()
    assert window.sync_action.text() == "Đồng bộ (2)"

    server.start()
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_MS) as finished:
        assert probe(qtbot, window) is True
    assert window.sync.automatic and finished.args[0].ok and finished.args[0].sent == 2
    assert outbox.outbox_counts(db)["pending"] == 0 and server.stats(SCHOOL)["students"] == 2
    assert window.network_label.text() == "Trực tuyến"
    assert window.sync.message_box is None  # nobody asked: no dialog


def test_no_automatic_sync_when_the_setting_is_off_or_the_password_would_be_asked(
    qtbot, db, db_path, settings, server, memory_keyring
):
    log_in(db, server)
    add_students(db, 1)
    pending = outbox.outbox_counts(db)["pending"]
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    qtbot.waitUntil(lambda: not window.sync.watcher.is_probing(), timeout=SYNC_MS)
    page.auto_retry.setChecked(False)
    assert settings.value("sync/auto_retry") in (False, "false")
    window.sync.watcher.set_online(False)
    with qtbot.assertNotEmitted(window.sync.started, wait=200):
        assert probe(qtbot, window) is True
    page.auto_retry.setChecked(True)
    keyring.set_keyring(fail.Keyring())  # the memory_keyring fixture restores the real one
    window.sync.watcher.set_online(False)
    with qtbot.assertNotEmitted(window.sync.started, wait=200):
        assert probe(qtbot, window) is True
    assert outbox.outbox_counts(db)["pending"] == pending > 0


def state_client_id(db: Database) -> str:
    return outbox.sync_state(db).client_id


# --- the USB package -----------------------------------------------------------------------------


def test_export_package_writes_a_zip_with_a_manifest_and_says_what_to_do(
    qtbot, db, db_path, settings, tmp_path
):
    fill_needs_and_devices(db, tmp_path, count=3)
    pending = outbox.outbox_counts(db)["pending"]
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    target = tmp_path / "usb" / "goi-66001"
    target.parent.mkdir()
    with answering(qtbot) as answers:  # never logged in: no district key, no file asked
        said = answers.message_box(button="Đóng", timeout_ms=SYNC_MS)
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert said.text.startswith("Máy chưa nhận khóa của máy chủ huyện: hãy đăng nhập đồng bộ")
    district = X25519PrivateKey.generate()
    accept_server_key(db, {"public_key": encode_key(public_raw(district))}, source="test")
    with answering(qtbot) as answers:
        asked = answers.save_file(target)
        said = answers.message_box(button="Đóng", timeout_ms=SYNC_MS)
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert asked.title == "Xuất gói dữ liệu" and asked.text.startswith("goi-dong-bo-66001-")

    written = target.with_name("goi-66001.zip")
    sealed = written.read_bytes()  # sealed: only the district server can open it
    codes = [row[0] for row in db.execute("SELECT code FROM students")]
    # no student code in clear (two random bytes may well spell "HS"; a whole code will not)
    assert is_sealed(sealed) and codes and not any(c.encode() in sealed for c in codes)
    with zipfile.ZipFile(io.BytesIO(open_sealed(split(sealed), district))) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        bodies = [json.loads(archive.read(s["file"])) for s in manifest["submissions"]]
    assert manifest["school_code"] == SCHOOL
    assert sum(s["changes"] for s in manifest["submissions"]) == pending
    assert sum(len(b["changes"]) for b in bodies) == pending
    text = said.text
    assert said.title == "Đã xuất gói dữ liệu"
    assert str(written) in text and "Phòng GD&ĐT" in text and f"{pending} thay đổi" in text
    assert outbox.outbox_counts(db)["pending"] == pending  # still waiting for the network
