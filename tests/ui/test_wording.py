"""What the window says is true: the status bar's network state against the real server on
loopback ("Chưa đăng nhập", "Trực tuyến", "Không có mạng"); why a sync stopped (the window
closed, the server went away, Hủy); the message after login agrees with the automatic-sync box;
no form message speaks of Excel columns; Cài đặt suggests no place the application refuses."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dialogs import answering
from loopback import PASSWORD, SCHOOL, USER
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.forms import form_message
from desktop_app.core.messages import Msg
from desktop_app.core.resources import resource_path
from desktop_app.core.store import outbox
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.students import check_student_form
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.sync.login_dialog import LoginDialog
from desktop_app.ui.sync.page import SyncPage
from sync.account import make_account, store_account
from sync.client import SyncReport, SyncSettings, error_text
from sync.credentials import Credentials
from sync.transport import RetryPolicy, Timeouts

pytest.importorskip("fastapi", reason="the reference server needs the 'server' extra")
pytest.importorskip("uvicorn", reason="the reference server needs the 'server' extra")
from sync.server.testing import ServerThread

SYNC_MS = 30_000
FAST = SyncSettings(
    timeouts=Timeouts(connect=2.0, read=5.0),
    retry=RetryPolicy(attempts=3, base=0.01, cap=0.05, max_retry_after=0.2),
    poll_first=0.005, poll_max=0.05, poll_timeout=20.0, max_changes=4, in_flight=2,
)  # fmt: skip
# Retrying for a long while after the server went away: time to press Hủy or close the window.
PATIENT = SyncSettings(**{**FAST.__dict__,
                          "retry": RetryPolicy(attempts=200, base=0.2, cap=0.3)})  # fmt: skip


def make_window(
    qtbot: QtBot, db: Database, db_path: Path, settings: QSettings, sync: SyncSettings = FAST
) -> MainWindow:
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000, probe_ms=3_600_000,
                        sync_settings=sync)  # fmt: skip
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


def log_in(db: Database, server: ServerThread) -> None:
    store_account(db, make_account(server.url, SCHOOL, USER), PASSWORD, Credentials())


def add_students(db: Database, count: int) -> None:
    base = {"full_name": "Lò Văn Sáng", "name_key": "lo van sang", "sort_key": "sang lo van",
            "birth_date": "2010-01-01", "gender": "Nam", "class_name": "6A"}  # fmt: skip
    changes = ChangeSet(source="test")
    for n in range(count):
        changes.insert("student", {"code": f"S{n:06d}", **base})
    with write_transaction(db):
        changes.apply(db.conn)


def probe(qtbot: QtBot, window: MainWindow) -> bool:
    with qtbot.waitSignal(window.sync.watcher.probed, timeout=SYNC_MS) as probed:
        assert window.sync.watcher.probe()
    return bool(probed.args[0])


def start_and_wait_for_progress(qtbot: QtBot, window: MainWindow, page: SyncPage) -> None:
    with qtbot.waitSignal(window.sync.progressed, timeout=SYNC_MS,
                          check_params_cb=lambda done, _total, _stage: done > 0):  # fmt: skip
        page.sync_button.click()


def last_result_text(db: Database, lang: str = "vi") -> str:
    last = outbox.sync_state(db).last_result
    assert last is not None
    return str(error_text(last, lang))


# --- the status bar --------------------------------------------------------------------------------


def test_without_an_account_the_status_bar_says_not_logged_in_whatever_the_os_says(
    qtbot, db, db_path, settings
):
    window = make_window(qtbot, db, db_path, settings)
    assert window.network_label.text() == "Chưa đăng nhập"
    assert "Đăng nhập" in window.network_label.toolTip()
    window.sync.watcher.probe()  # no account: nothing to ask, and the OS's word is not enough
    window.sync.watcher.onlineChanged.emit(True)
    assert window.network_label.text() == "Chưa đăng nhập"
    assert not window.sync.is_online()


def test_online_only_once_the_server_answered_and_no_network_when_it_is_gone(
    qtbot, db, db_path, settings, server, memory_keyring
):
    log_in(db, server)
    window = make_window(qtbot, db, db_path, settings)
    assert window.network_label.text() in {"Đang kiểm tra mạng…", "Trực tuyến"}
    qtbot.waitUntil(lambda: window.network_label.text() == "Trực tuyến", timeout=SYNC_MS)
    assert server.url in window.network_label.toolTip()

    server.stop()
    assert probe(qtbot, window) is False
    assert window.network_label.text() == "Không có mạng"
    assert server.url in window.network_label.toolTip()

    server.start()
    assert probe(qtbot, window) is True
    assert window.network_label.text() == "Trực tuyến"
    page = sync_page(window)
    assert page.network_label.text() == "Máy chủ đồng bộ đang trả lời."

    window.sync.watcher.online = None  # as before the first answer: neither online nor not
    window.sync.watcher.onlineChanged.emit(False)
    assert window.network_label.text() == "Đang kiểm tra mạng…"
    assert page.network_label.text() == "Đang kiểm tra kết nối tới máy chủ đồng bộ…"


def test_the_offline_hint_says_what_happens_when_the_network_returns_as_the_box_says(
    qtbot, db, db_path, settings, server, memory_keyring
):
    log_in(db, server)
    server.stop()
    window = make_window(qtbot, db, db_path, settings)  # it asks the server at once
    qtbot.waitUntil(lambda: window.network_label.text() == "Không có mạng", timeout=SYNC_MS)
    page = sync_page(window)
    assert page.auto_retry.isChecked()
    assert page.network_label.text().endswith("chương trình tự đồng bộ.")
    page.auto_retry.click()  # off: the clerk must press the button
    assert not window.sync.auto_retry()
    assert page.network_label.text().endswith("bấm “Đồng bộ ngay”.")
    assert "tự đồng bộ" not in page.network_label.text()
    page.auto_retry.click()
    assert page.network_label.text().endswith("chương trình tự đồng bộ.")


def test_without_a_kept_password_the_offline_hint_never_promises_an_automatic_sync(
    qtbot, db, db_path, settings, server, no_keyring
):
    log_in(db, server)
    server.stop()
    window = make_window(qtbot, db, db_path, settings)  # it asks the server at once
    qtbot.waitUntil(lambda: window.network_label.text() == "Không có mạng", timeout=SYNC_MS)
    page = sync_page(window)
    assert window.sync.auto_retry() and not page.auto_retry.isEnabled()
    assert page.network_label.text().endswith("bấm “Đồng bộ ngay”.")
    assert "tự đồng bộ" not in page.network_label.text()


# --- why a sync stopped ----------------------------------------------------------------------------


def test_closing_the_window_mid_sync_is_said_as_the_reason_not_as_asked(
    qtbot, db, db_path, settings, slow_server, memory_keyring
):
    add_students(db, 200)
    log_in(db, slow_server)
    window = make_window(qtbot, db, db_path, settings)
    start_and_wait_for_progress(qtbot, window, sync_page(window))
    window.close()  # the clerk closes the window while it syncs
    qtbot.waitUntil(lambda: not window.sync.is_running(), timeout=SYNC_MS)

    last = outbox.sync_state(db).last_result
    assert last is not None and last["error_code"] == "cancelled"
    said = last_result_text(db)
    assert "cửa sổ chương trình được đóng" in said and "theo yêu cầu" not in said
    assert "window was closed" in last_result_text(db, "en")
    assert outbox.outbox_counts(db)["pending"] > 0

    again = make_window(qtbot, db, db_path, settings)  # what the page says at the next start
    assert "cửa sổ chương trình được đóng" in sync_page(again).result_label.text()


def test_a_server_that_goes_away_mid_sync_is_said_as_a_lost_connection(
    qtbot, db, db_path, settings, slow_server, memory_keyring
):
    add_students(db, 200)
    log_in(db, slow_server)
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    start_and_wait_for_progress(qtbot, window, page)
    with answering(qtbot) as answers:
        told = answers.message_box(button="Đóng", text="Không kết nối được", timeout_ms=SYNC_MS)
        with qtbot.waitSignal(window.sync.finished, timeout=SYNC_MS) as finished:
            slow_server.stop()
    report = finished.args[0]
    assert isinstance(report, SyncReport) and report.error_code == "network"
    assert "mất kết nối tới máy chủ" in told.text and "theo yêu cầu" not in told.text
    status = window.statusBar().currentMessage()
    assert "Không kết nối được" in status and "theo yêu cầu" not in status
    assert window.network_label.text() == "Không có mạng"


def test_cancel_while_the_server_is_out_of_reach_says_the_connection_was_lost(
    qtbot, db, db_path, settings, slow_server, memory_keyring
):
    add_students(db, 200)
    log_in(db, slow_server)
    window = make_window(qtbot, db, db_path, settings, sync=PATIENT)
    page = sync_page(window)
    start_and_wait_for_progress(qtbot, window, page)
    slow_server.stop()
    qtbot.wait(800)  # the run now retries a server that is gone
    assert window.sync.is_running()
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_MS) as finished:
        page.cancel_button.click()
    report = finished.args[0]
    said = report.error_text("vi")
    assert report.error_code == "cancelled"
    assert "không liên lạc được với máy chủ" in said and "theo yêu cầu" not in said
    assert said in window.statusBar().currentMessage()
    assert window.network_label.text() == "Không có mạng"
    assert "could not be reached" in report.error_text("en")


def test_cancel_with_the_server_answering_says_the_clerk_stopped_it(
    qtbot, db, db_path, settings, slow_server, memory_keyring
):
    add_students(db, 200)
    log_in(db, slow_server)
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    start_and_wait_for_progress(qtbot, window, page)
    with qtbot.waitSignal(window.sync.finished, timeout=SYNC_MS) as finished:
        page.cancel_button.click()
    said = finished.args[0].error_text("vi")
    assert "vì bạn bấm Hủy" in said and "theo yêu cầu" not in said
    assert said in page.result_label.text()


# --- the message after login and the automatic-sync box --------------------------------------


def fill_login(server: ServerThread, notes: list[str]):
    def fill(dialog: LoginDialog) -> None:
        notes.append(dialog.keyring_note.text())
        dialog.endpoint_edit.setText(server.url)
        dialog.username_edit.setText(USER)
        dialog.password_edit.setText(PASSWORD)

    return fill


@pytest.mark.parametrize("auto", [True, False])
def test_after_login_the_message_says_what_the_automatic_sync_box_says(
    qtbot, db, db_path, settings, server, memory_keyring, auto
):
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    page.auto_retry.setChecked(auto)
    notes: list[str] = []
    with answering(qtbot) as answers:
        answers.dialog(LoginDialog, fill=fill_login(server, notes), button="Đăng nhập")
        qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Đã đăng nhập" in window.statusBar().currentMessage())
    said = window.statusBar().currentMessage()
    on, off = "tự gửi các thay đổi đang chờ", "Tự đồng bộ khi có mạng trở lại đang tắt"
    assert (on in said, off in said) == (auto, not auto)
    assert (on in notes[0], off in notes[0]) == (auto, not auto)
    assert page.auto_retry.isEnabled() and page.auto_retry.isChecked() == auto


def test_without_a_kept_password_the_box_is_off_and_the_message_says_so(
    qtbot, db, db_path, settings, server, no_keyring
):
    window = make_window(qtbot, db, db_path, settings)
    page = sync_page(window)
    assert window.sync.auto_retry()  # the setting says on…
    assert not page.auto_retry.isChecked() and not page.auto_retry.isEnabled()  # …it cannot be
    notes: list[str] = []
    with answering(qtbot) as answers:
        answers.dialog(LoginDialog, fill=fill_login(server, notes), button="Đăng nhập")
        said = answers.message_box(button="Đóng", text="hỏi mật khẩu mỗi lần đồng bộ")
        qtbot.mouseClick(page.login_button, Qt.MouseButton.LeftButton)
    for text in (said.text, notes[0]):
        assert "không tự đồng bộ khi có mạng trở lại" in text and "bị tắt" in text
    assert not page.auto_retry.isChecked() and "không tự đồng bộ" in page.auto_retry.toolTip()
    assert window.sync.auto_retry()  # kept for a machine that gains a keyring


# --- forms and Cài đặt -----------------------------------------------------------------------------

# Facts that only a file has: a message naming one is about the file (a sheet, a row, a cell,
# the header), which no form shows.
FILE_FACTS = {"sheet", "row", "first_row", "other_row", "header", "header_row", "letter", "cell",
              "formula_hint", "restored"}  # fmt: skip
# Messages about what only a file holds: an Excel error value, merged cells, other sheets, the
# table's footer, a CSV line.
FILE_ONLY = ("file.", "import.", "template_unknown", "excel_error", "merged_cells_filled",
             "sheets_not_read", "sheets_hidden_not_read", "table_footer", "csv_")  # fmt: skip
SPEAKS_OF_THE_FILE = re.compile(
    r"\bcột\b|\bcolumns?\b|excel|dòng này|this row|\bcells?\b|trang tính|\bsheets?\b|tệp mẫu|"
    r"\btemplate\b",
    re.IGNORECASE,
)
RULE_CATALOGUES = ("problems", "rules", "handovers", "records")


def rule_messages() -> Iterator[tuple[str, set[str]]]:
    for name in RULE_CATALOGUES:
        catalogue = json.loads((resource_path("messages") / f"{name}.json").read_text("utf-8"))
        for message_id, languages in catalogue.items():
            if message_id.startswith("_") or message_id.endswith(".form"):
                continue
            texts = [t for value in languages.values()
                     for t in (value.values() if isinstance(value, dict) else [value])]  # fmt: skip
            facts = {f for text in texts for _, f, _, _ in string.Formatter().parse(text) if f}
            yield message_id, facts


def test_no_form_message_speaks_of_excel_columns_rows_or_cells():
    checked, wrong = 0, []
    for message_id, facts in rule_messages():
        if facts & FILE_FACTS or message_id.startswith(FILE_ONLY):
            continue  # about a file: the importer's report, never a form
        shown = form_message(Msg(message_id, dict.fromkeys(facts, 2)))
        for lang in ("vi", "en"):
            text = re.sub(r"\{[^}]*\}", "", shown.text(lang))
            if SPEAKS_OF_THE_FILE.search(text):
                wrong.append(f"{message_id} [{lang}]: {text}")
        checked += 1
    assert checked > 50 and wrong == []


def test_the_student_form_names_its_fields_where_the_importer_names_columns(db):
    values: dict[str, Any] = {
        "student_code": "HS01", "full_name": "Nguyễn Văn An", "birth_date": "05/09/2010",
        "gender": "Nữ", "class_name": "6A1", "ethnicity": "Kinh", "category": "Hộ nghèo",
        "poverty_cert_no": "1/GCN", "has_device": "Có", "requested_device": "Máy tính bảng",
        "citizen_id": "001210012345",  # the 4th digit says a boy
    }  # fmt: skip
    _, result = check_student_form(db, values, today=date(2022, 1, 10))
    shown = [m.text(lang) for ms in (*result.errors.values(), *result.warnings.values())
             for m in ms for lang in ("vi", "en")]  # fmt: skip
    assert any("“Thiết bị đang mượn của trường”" in t or '"Thiết bị đang mượn của trường"' in t
               for t in shown)  # fmt: skip
    assert any('"Giới tính"' in t for t in shown)
    assert not [t for t in shown if SPEAKS_OF_THE_FILE.search(t)]


def test_settings_never_suggests_a_shared_folder_or_a_usb_stick_for_the_data_file(
    qtbot, db, db_path
):
    page = SettingsPage(db, db_path)
    qtbot.addWidget(page)
    note = page.findChild(QWidget, "dbLocationNote").text()
    assert "--db" in note
    before_backup = note.split("Sao lưu và khôi phục")[0]
    assert "không mở tệp trong thư mục dùng chung" in before_backup
    assert not re.search(r"ví dụ[^.:]*(dùng chung|USB)", note)
