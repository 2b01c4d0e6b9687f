"""The "Ai đang làm việc?" dialog at start and the idle lock: the chosen name signs the session's
changes and the jobs' connections; a locked window shows no data."""

from __future__ import annotations

from pathlib import Path

from dialogs import answering
from PySide6.QtCore import QSettings
from sqlite_utils import Database

from desktop_app.core.access import list_access
from desktop_app.core.importing.export import export_file
from desktop_app.core.school import save_school
from desktop_app.core.store.session import default_actor, session_actor
from desktop_app.core.users import MAX_FAILURES, PinGuard, add_user, list_users
from desktop_app.ui.common.jobs import run_db_job
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.shell.session import WhoDialog, save_idle_minutes


def pick(dialog_or_panel, name: str) -> None:
    panel = getattr(dialog_or_panel, "panel", dialog_or_panel)
    for row in range(panel.users.count()):
        if panel.users.item(row).text().startswith(name):
            panel.users.setCurrentRow(row)
            return
    raise AssertionError(f"{name} not listed")


def test_the_start_asks_who_checks_the_pin_and_signs_the_session_with_that_name(
    qtbot, db: Database, db_path: Path
):
    add_user(db.conn, "Lê Thị Hoa", "clerk", "4829")
    add_user(db.conn, "Nguyễn Văn Tâm", "principal")
    said: list[str] = []

    def wrong_then_right(dialog: WhoDialog) -> None:
        pick(dialog, "Lê Thị Hoa")
        assert dialog.panel.pin.isVisible()
        dialog.panel.pin.setText("1111")
        dialog.panel.ok.click()
        said.append(dialog.panel.problem.text())
        assert dialog.isVisible()  # still asking
        dialog.panel.pin.setText("4829")

    with answering(qtbot) as answers:
        answers.dialog(WhoDialog, fill=wrong_then_right, button="Vào làm việc")
        window = app.start(db_path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert said == ["Mã PIN không đúng. Vui lòng nhập lại."]
    assert window.actor == "Lê Thị Hoa" and session_actor(window.db.conn) == "Lê Thị Hoa"
    save_school(window.db, {"principal": "Nguyễn Văn Tâm"})
    actor = window.db.execute("SELECT actor FROM audit_log ORDER BY id DESC").fetchone()[0]
    assert actor == "Lê Thị Hoa"
    # a job's own connection is signed by the same name: its export is hers in the trail
    results: list[int] = []
    target = db_path.parent / "nhu-cau.xlsx"
    run_db_job(window, "export", db_path, lambda jdb, _s: export_file(jdb, "needs", target),
               results.append)  # fmt: skip
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    trail = list_access(window.db.conn)
    assert [(r.actor, r.kind, r.target) for r in trail] == [("Lê Thị Hoa", "export", target.name)]
    window.close()
    window.db.close()


def test_five_wrong_pins_make_the_dialog_say_to_wait(qtbot, db: Database):
    add_user(db.conn, "Lê Thị Hoa", "clerk", "4829")
    dialog = WhoDialog(db, PinGuard(delay_s=60))
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(MAX_FAILURES):
        dialog.panel.pin.setText("0000")
        dialog.panel.ok.click()
    dialog.panel.pin.setText("4829")
    dialog.panel.ok.click()
    assert "Vui lòng chờ" in dialog.panel.problem.text() and dialog.actor is None


def test_a_database_without_users_opens_as_before_signed_by_the_os_login(
    qtbot, db: Database, db_path: Path
):
    window = app.start(db_path)  # no dialog: nothing to answer
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.actor == default_actor()
    window.close()
    window.db.close()


def test_the_idle_lock_hides_the_data_and_another_user_unlocks_as_themself(
    qtbot, db: Database, db_path: Path, settings: QSettings
):
    add_user(db.conn, "Lê Thị Hoa", "clerk")
    add_user(db.conn, "Nguyễn Văn Tâm", "principal", "2468")
    save_idle_minutes(0.005, settings)  # 0.3 s
    window = MainWindow(db, db_path, settings=settings, actor="Lê Thị Hoa")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.locked, timeout=5000)
    assert not window.splitter.isVisible() and not window.stack.isVisible()  # no page shown
    assert window.lock_panel.isVisible() and not window.menuBar().isEnabled()
    pick(window.lock_panel, "Nguyễn Văn Tâm")
    window.lock_panel.pin.setText("9999")
    window.lock_panel.ok.click()
    assert window.locked and window.lock_panel.problem.isVisible()
    window.lock_panel.pin.setText("2468")
    window.lock_panel.ok.click()
    assert not window.locked and window.splitter.isVisible()
    assert window.actor == "Nguyễn Văn Tâm" == session_actor(db.conn)
    qtbot.waitUntil(lambda: window.locked, timeout=5000)  # idle again: locked again
    window.set_idle_minutes(0)  # off
    pick(window.lock_panel, "Lê Thị Hoa")
    window.lock_panel.ok.click()
    qtbot.wait(600)
    assert not window.locked and window.actor == "Lê Thị Hoa"
    window.close()


def test_the_lock_screen_of_a_database_without_users_offers_to_add_the_first(
    qtbot, db: Database, db_path: Path, settings: QSettings
):
    window = MainWindow(db, db_path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.lock()
    panel = window.lock_panel
    assert panel.add_box.isVisible() and panel.skip.isVisible()
    panel.new_name.setText("Lê Thị Hoa")
    panel.new_pin.setText("12")  # too short
    panel.ok.click()
    assert window.locked and "4 đến 12 chữ số" in panel.problem.text()
    panel.new_pin.setText("4829")
    panel.ok.click()
    assert not window.locked and window.actor == "Lê Thị Hoa"
    assert [u.display_name for u in list_users(db.conn)] == ["Lê Thị Hoa"]
    window.close()


def test_settings_manage_users_and_read_the_access_trail(
    qtbot, db: Database, db_path: Path, settings: QSettings
):
    from PySide6.QtWidgets import QInputDialog

    from desktop_app.ui.settings.page import SettingsPage
    from desktop_app.ui.settings.users_dialog import AccessLogDialog, AddUserDialog, UsersDialog

    page = SettingsPage(db, db_path, settings=settings)
    qtbot.addWidget(page)
    assert "Chưa có người dùng" in page.users_label.text()
    users = page.manage_users()
    assert isinstance(users, UsersDialog)
    add = AddUserDialog(db, users)
    add.name_edit.setText("Lê Thị Hoa")
    add.pin_edit.setText("12")
    add.accept()
    assert add.problem.text() == "Mã PIN gồm từ 4 đến 12 chữ số."
    add.pin_edit.setText("4829")
    add.accept()
    users.reload()
    assert [users.table.item(0, c).text() for c in range(4)] == [
        "Lê Thị Hoa", "Văn thư", "Có", "Đang dùng"
    ]  # fmt: skip
    users.table.selectRow(0)
    with answering(qtbot) as answers:  # the real input dialogs, typed into
        answers.dialog(QInputDialog, fill=lambda d: d.setTextValue("Lê Thị Hòa"), button="Đồng ý")
        users.rename()
    with answering(qtbot) as answers:
        answers.dialog(QInputDialog, fill=lambda d: d.setTextValue(""), button="Đồng ý")
        users.change_pin()  # empty: no PIN any more
    users.toggle_active()
    assert [users.table.item(0, c).text() for c in range(4)] == [
        "Lê Thị Hòa", "Văn thư", "Không", "Ngừng"
    ]  # fmt: skip
    users.accept()
    assert "Chưa có người dùng" in page.users_label.text()  # deactivated: nobody to choose
    page.idle_spin.setValue(3)
    from desktop_app.ui.shell.session import idle_minutes

    assert idle_minutes(settings) == 3
    export_file(db, "needs", db_path.parent / "nhu-cau.xlsx", actor="Lê Thị Hòa")
    log = page.show_access_log()
    assert isinstance(log, AccessLogDialog)
    row = [log.table.item(0, c).text() for c in range(1, 5)]
    assert row == ["Lê Thị Hòa", "Xuất Excel", "nhu-cau.xlsx", "0"]
    log.close()
