"""Pictures of every screen, made without a display, to review the window's look and wording.

    python -m desktop_app.ui.shell.screenshots OUTDIR [--db PATH] [--lang en]

Without ``--db`` a fresh database in a temporary folder is filled with sample data, including a
sync history (an account, changes delivered and refused, review decisions received) made without a
server. With ``--db`` that database is shown as it is (no sample data is added). Saved window settings are never read
or written: the pictures always show the default layout at 1280×800. ``--lang`` chooses the
interface's language (default: the saved one); the sample's own words (names, the server's
reasons) stay Vietnamese, as a school's data does.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtWidgets import QDialog, QWidget
from sqlite_utils import Database

from desktop_app.core.errors import StoreError
from desktop_app.core.handovers import held_by_student
from desktop_app.core.jobs import Cancelled, JobState
from desktop_app.core.messages import say
from desktop_app.core.reviews import Correction, apply_decisions, received_decisions
from desktop_app.core.school import load_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.outbox import (
    ChangeResult,
    assign_submission,
    mark_results,
    record_sync_result,
    save_account,
    unassigned_pages,
)
from desktop_app.core.students import list_students, load_student_form, save_student
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import run_job
from desktop_app.ui.common.text import day, language, number
from desktop_app.ui.settings.setup_wizard import SetupWizard
from desktop_app.ui.shell import i18n
from desktop_app.ui.shell.app import create_application, fill_demo_if_empty
from desktop_app.ui.shell.main_window import MainWindow
from sync.errors import LoginRefused

WINDOW_SIZE = (1280, 800)
SAMPLE_ENDPOINT = "https://dongbo.pgd-buonmathuot.example"  # a reserved name: never reached
SAMPLE_WAITING = 24  # the newest changes, not sent yet
# (entity, the server's code, its message) as the reference server words them.
SAMPLE_REFUSALS = [
    ("student", "missing_field",
     "Hồ sơ học sinh {code} thiếu thông tin bắt buộc “Họ và tên”. Hãy bổ sung rồi đồng bộ lại."),
    ("need", "missing_field",
     "Nhu cầu thiết bị thiếu thông tin bắt buộc “Diện đối tượng”. Hãy bổ sung rồi đồng bộ lại."),
    ("device", "id_mismatch",
     "Thiết bị: mã định danh trong dữ liệu không khớp với bản ghi. Hãy kiểm tra lại rồi đồng bộ "
     "lại; nếu vẫn lỗi, báo cho bộ phận hỗ trợ."),
]  # fmt: skip
SAMPLE_DECISIONS = [
    ("approved", None),
    ("returned", "Thiếu số giấy chứng nhận hộ nghèo; bổ sung rồi gửi lại."),
    ("approved", None),
    ("approved", "Ưu tiên bàn giao trước ngày 15."),
    ("returned", "Học sinh đã nhận máy tính bảng của Đoàn xã (đợt 03/2021)."),
    ("approved", None),
    ("returned", "Ngày sinh không khớp với giấy khai sinh; kiểm tra và sửa lại."),
    ("returned", "Chưa ghi rõ em đang mượn thiết bị của ai; bổ sung ghi chú."),
]
# The last two returned needs are corrected in the form: the older one's correction was sent,
# the newer one's waits for the next sync; the others stay to be fixed.
SAMPLE_CORRECTION_NOTE = "Đã sửa theo ý kiến của Phòng GD&ĐT."


def _settle(ms: int = 80) -> None:
    """Let layouts, style polish and deferred paints finish before a grab, and the dashboard's
    figures arrive (they are read off the GUI thread)."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.dashboard.page import DashboardPage

    end = time.monotonic() + ms / 1000
    latest = time.monotonic() + 30
    while time.monotonic() < end or (
        time.monotonic() < latest
        and any(
            isinstance(w, DashboardPage) and w.loading
            for top in QApplication.topLevelWidgets()
            for w in [top, *top.findChildren(DashboardPage)]
        )
    ):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        time.sleep(0.005)


def _save(widget: QWidget, path: Path) -> Path:
    _settle()
    if not widget.grab().save(str(path)):
        raise OSError(f"cannot write {path}")
    print(path)
    return path


def _wait_idle(page: QWidget | None, seconds: float = 30) -> None:
    """Wait for a page's job (the Bàn giao proposal) to end before a grab."""
    busy = getattr(page, "is_busy", None)
    end = time.monotonic() + seconds
    while callable(busy) and busy() and time.monotonic() < end:
        _settle(20)


def _wait_until(done: Callable[[], bool], seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while not done() and time.monotonic() < end:
        _settle(20)


def fill_sync_sample(db: Database) -> None:
    """A school that has synced, made without a server through the outbox interface: the
    account, most changes delivered, a few refused with the server's reasons, the district's
    decisions received, the newest edits still waiting."""
    save_account(db, SAMPLE_ENDPOINT, load_school(db).code or "66000701", "vanthu.eatu")
    changes = [change for page in unassigned_pages(db) for change in page]
    sent = changes[:-SAMPLE_WAITING]
    newest: dict[tuple[str, str], int] = {}
    for change in sent:
        key = (change.entity, change.entity_id)
        newest[key] = max(newest.get(key, 0), change.version)
    refused: dict[str, tuple[str, str]] = {}
    for entity, code, message in SAMPLE_REFUSALS:
        change = next((c for c in sent if c.entity == entity and c.change_id not in refused
                       and c.version == newest[c.entity, c.entity_id]), None)  # fmt: skip
        if change is not None:
            refused[change.change_id] = (code, message.format(code=change.data.get("code", "")))
    for start in range(0, len(sent), 500):
        chunk, submission = sent[start : start + 500], f"sample-{start}"
        assign_submission(db, submission, [c.seq for c in chunk])
        mark_results(db, submission, [
            ChangeResult(c.change_id, "rejected", *refused[c.change_id]) if c.change_id in refused
            else ChangeResult(c.change_id, "accepted") for c in chunk
        ])  # fmt: skip
    now = datetime.now(UTC)
    students = [s for s in list_students(db) if s.requested_device][: len(SAMPLE_DECISIONS)]
    decisions = [
        {"cursor": number, "student_code": student.code, "decision": verdict, "comment": comment,
         "decided_at": (now - timedelta(days=3, hours=number)).isoformat(),
         "reviewer": "pgd.chuyenvien"}
        for number, (student, (verdict, comment)) in enumerate(
            zip(students, SAMPLE_DECISIONS, strict=False), start=1)
    ]  # fmt: skip
    apply_decisions(db, decisions, len(decisions))
    correct_returned_sample(db)
    record_sync_result(db, {
        "sent": len(sent), "accepted": len(sent) - len(refused), "duplicates": 0,
        "rejected": len(refused), "decisions": len(decisions), "pending": SAMPLE_WAITING,
        "started_at": (now - timedelta(seconds=40)).isoformat(timespec="milliseconds"),
        "finished_at": now.isoformat(timespec="milliseconds"),
        "error": None, "error_code": None,
    }, finished=True)  # fmt: skip


def correct_returned_sample(db: Database) -> None:
    """Two returned needs corrected through the form, as the clerk does: the older correction
    delivered to the server (marked so through the outbox interface), the newer one waiting."""
    returned = [d for d in received_decisions(db) if d.returned and d.student_id][:2]  # newest
    for waiting, decision in zip((True, False), returned, strict=False):
        assert decision.student_id is not None
        values = load_student_form(db, decision.student_id)
        values["note"] = SAMPLE_CORRECTION_NOTE
        before = {c.change_id for page in unassigned_pages(db) for c in page}
        if not save_student(db, values, student_id=decision.student_id).ok or waiting:
            continue
        made = [c for page in unassigned_pages(db) for c in page if c.change_id not in before]
        assign_submission(db, "sample-correction", [c.seq for c in made])
        mark_results(db, "sample-correction", [ChangeResult(c.change_id, "accepted") for c in made])


def shoot_returned(window: MainWindow, out: Path) -> list[Path]:
    """The needs the district returned: the dashboard's card opens the student list showing only
    them, and one student's form shows the district's comment and what to do."""
    from desktop_app.ui.dashboard.page import DashboardPage
    from desktop_app.ui.students.page import StudentsPage

    window.show_section("overview")
    dashboard = window.current_page()
    if not isinstance(dashboard, DashboardPage):
        return []
    dashboard.open_returned()  # the card's button
    students = window.current_page()
    if not isinstance(students, StudentsPage):
        return []
    shots = [_save(window, out / "students-returned.png")]
    to_fix = next((d for d in received_decisions(window.db) if d.follow_up and d.comment
                   and d.follow_up.state is Correction.NOT_CORRECTED), None)  # fmt: skip
    if to_fix is not None and to_fix.student_id is not None:
        form = students.open_student_dialog(to_fix.student_id)
        if form is not None:
            shots.append(_save(form, out / "student-returned-dialog.png"))
            form.reject()
    students.returned_filter.setChecked(False)
    return shots


def shoot_sync(window: MainWindow, out: Path) -> list[Path]:
    """The Đồng bộ page's decisions tab and a run in progress (drawn, not run: there is no
    server), the login dialog and the password prompt. Nothing is sent anywhere."""
    from desktop_app.ui.sync.login_dialog import PasswordDialog
    from desktop_app.ui.sync.page import TAB_DECISIONS, TAB_REFUSED, SyncPage

    window.show_section("sync")
    page = window.current_page()
    if not isinstance(page, SyncPage):
        return []
    _wait_until(lambda: not window.sync.watcher.is_probing())
    window.sync.watcher.stop()
    shots: list[Path] = []
    page.tabs.setCurrentIndex(TAB_DECISIONS)
    if page.decision_model.rowCount() > 1:
        page.decision_table.selectRow(1)
    shots.append(_save(window, out / "sync-decisions.png"))
    page.tabs.setCurrentIndex(TAB_REFUSED)
    if page.refused_model.rowCount():
        page.refused_table.selectRow(0)
    page._sync_started(False)
    page._sync_progressed(320, 856, say("sync.stage.send", language()))
    page.sync_button.setEnabled(False)  # as during a real run
    page.sync_button.setText(QCoreApplication.translate("SyncPage", "Đang đồng bộ…"))
    shots.append(_save(window, out / "sync-running.png"))
    page._sync_finished(None)

    login = window.sync.open_login()
    login.password_edit.setText("mật khẩu")
    shots.append(_save(login, out / "sync-login-dialog.png"))
    login._failed(LoginRefused())  # what the server's refusal reads as
    shots.append(_save(login, out / "sync-login-error.png"))
    login.reject()
    account = window.sync.account()
    if account is not None:
        asked = PasswordDialog(account, window)
        asked.show()
        shots.append(_save(asked, out / "sync-password-dialog.png"))
        asked.reject()
        asked.deleteLater()
    return shots


def shoot_wizard(workdir: Path, out: Path) -> list[Path]:
    db = open_database(workdir / "wizard.sqlite3")
    wizard = SetupWizard(db)
    wizard.show()
    shots = [_save(wizard, out / "wizard-1.png")]
    wizard.next()  # nothing typed: the required fields say so
    shots.append(_save(wizard, out / "wizard-1-required.png"))
    page = wizard.school_page
    page.name_edit.setText("Trường THCS Ea Tu")
    page.code_edit.setText("66000701")
    page.level_combo.setCurrentIndex(page.level_combo.findData("THPT"))  # not the name's level
    shots.append(_save(wizard, out / "wizard-1-level-warning.png"))
    wizard.next()
    for key, value in {"commune": "Xã Ea Tu", "district": "TP. Buôn Ma Thuột",
                       "province": "Đắk Lắk", "principal": "Nguyễn Thị Hạnh"}.items():  # fmt: skip
        wizard.people_page.edits[key].setText(value)
    shots.append(_save(wizard, out / "wizard-2.png"))
    wizard.next()  # the summary, with the level warning
    shots.append(_save(wizard, out / "wizard-3-summary.png"))
    wizard.done(QDialog.DialogCode.Rejected)  # typed values: closed without the question
    wizard.deleteLater()
    db.close()
    return shots


def write_sample_needs_file(path: Path) -> Path:
    """A needs file as schools send them: 19 rows, no certificate-number column (so the poor
    households each lack one), two grade-10 classes in a THCS school, a row without a name and
    one with an unknown gender."""
    from openpyxl import Workbook

    from desktop_app.core.templates.spec import load_template

    columns = [c for c in load_template("needs").columns if c.field != "poverty_cert_no"]
    birth = (datetime.now() - timedelta(days=365 * 12 + 40)).strftime("%d/%m/%Y")
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Huy",
             "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Ngọc"]  # fmt: skip
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nhu cau"
    sheet.append(["DANH SÁCH HỌC SINH CÓ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN"])
    sheet.append([])
    sheet.append([c.header for c in columns])
    for number_in_file, name in enumerate(given, start=1):
        values = {
            "row_no": number_in_file, "student_code": f"MAU{number_in_file:04d}",
            "full_name": f"Lê Thị {name}", "birth_date": birth, "gender": "Nữ",
            "class_name": f"{6 + number_in_file % 4}A1", "ethnicity": "Ê-đê",
            "category": "Hộ nghèo" if number_in_file % 3 else "Khó khăn khác",
            "has_device": "Không", "requested_device": "Máy tính bảng",
        }  # fmt: skip
        if number_in_file in (5, 12):
            values["class_name"] = "10A2"
        if number_in_file == 8:
            values["full_name"] = ""
        if number_in_file == 15:
            values["gender"] = "Không rõ"
        sheet.append([values.get(c.field, "") for c in columns])
    book.save(path)
    return path


def write_sample_class_file(path: Path) -> Path:
    """A workbook as many schools keep it: one sheet per class, the class merged down its
    rows, a "Tổng cộng" line and the signatures under each list, a table of counts beside."""
    from openpyxl import Workbook

    from desktop_app.core.templates.spec import load_template

    columns = [c for c in load_template("needs").columns]
    birth = (datetime.now() - timedelta(days=365 * 12 + 40)).strftime("%d/%m/%Y")
    book = Workbook()
    book.remove(book.worksheets[0])
    number = 0
    for class_name, given in (("6A1", ["An", "Bình", "Chi"]), ("6A2", ["Dũng", "Giang"]),
                              ("7A1", ["Hà", "Hải", "Hạnh", "Hiếu"])):  # fmt: skip
        sheet = book.create_sheet(class_name)
        sheet.append(["TRƯỜNG THCS LÊ LỢI"])
        sheet.append([f"DANH SÁCH HỌC SINH LỚP {class_name}"])
        sheet.append([c.header for c in columns])
        first = sheet.max_row + 1
        for index, name in enumerate(given):
            number += 1
            values = {
                "row_no": index + 1, "student_code": f"LOP{number:04d}",
                "full_name": f"Nguyễn Văn {name}", "birth_date": birth,
                "gender": "Không rõ" if number == 5 else "Nam",
                "class_name": class_name if index == 0 else None, "ethnicity": "Kinh",
                "category": "Khó khăn khác", "has_device": "Không",
                "requested_device": "Máy tính bảng",
            }  # fmt: skip
            sheet.append([values.get(c.field, "") for c in columns])
        class_column = 1 + [c.field for c in columns].index("class_name")
        sheet.merge_cells(start_row=first, start_column=class_column, end_row=sheet.max_row,
                          end_column=class_column)  # fmt: skip
        sheet.append([f"Tổng cộng: {len(given)} học sinh"])
        sheet.append(["Người lập biểu", None, None, None, "HIỆU TRƯỞNG"])
        sheet.append(["(Ký, ghi rõ họ tên)", None, None, None, "(Ký tên, đóng dấu)"])
    counts = book.create_sheet("Tong hop")
    counts.append(["Lớp", "Sĩ số", "Cần hỗ trợ"])
    for class_name, size, needing in (("6A1", 40, 3), ("6A2", 38, 2), ("7A1", 41, 4)):
        counts.append([class_name, size, needing])
    book.save(path)
    return path


def shoot_import_classes(db_path: Path, workdir: Path, out: Path) -> list[Path]:
    """The check page on a workbook with one sheet per class: every sheet read, each problem
    at its Sheet!Cell, the footers and merged cells said once as notes."""
    sample = write_sample_class_file(workdir / "danh-sach-theo-lop.xlsx")
    return [_shoot_check(db_path, sample, out / "import-check-classes.png")]


def shoot_import_check(db_path: Path, workdir: Path, out: Path) -> list[Path]:
    """The import wizard's check page on a file with errors and a missing column: errors first,
    then the file's own warnings, each once."""
    sample = write_sample_needs_file(workdir / "danh-sach-nhu-cau.xlsx")
    return [_shoot_check(db_path, sample, out / "import-check-grouped.png")]


def _shoot_check(db_path: Path, sample: Path, target: Path) -> Path:
    from desktop_app.ui.import_wizard import ImportWizard

    wizard = ImportWizard(db_path, "needs")
    wizard.resize(1000, 700)
    wizard.show()
    wizard.set_file(sample)
    wizard.next()
    _wait_until(lambda: not wizard.is_busy() and wizard.check_report() is not None, 60)
    _settle(100)
    shot = _save(wizard, target)
    wizard.close()
    wizard.deleteLater()
    return shot


def shoot_main_window(db_path: Path, settings: QSettings, out: Path) -> list[Path]:
    db = open_database(db_path)
    window = MainWindow(db, db_path, settings=settings)
    window.resize(*WINDOW_SIZE)
    window.show()
    shots = []
    for position, key in enumerate(window.section_keys(), start=1):
        window.show_section(key)
        _wait_idle(window.current_page())
        shots.append(_save(window, out / f"{position:02d}-{key}.png"))
        if window.width() > WINDOW_SIZE[0]:  # a page whose minimum is wider than the window
            print(f"  ! {key}: the window had to grow to {window.width()} px", file=sys.stderr)
    shots += shoot_forms(window, out)
    shots += shoot_returned(window, out)
    shots += shoot_handover(window, out)
    shots += shoot_vaccinations(window, out)
    shots += shoot_sync(window, out)
    window.show_section("overview")

    dialog = show_error(StoreError.of("store.busy", code="store_busy"), window)
    if dialog is not None:
        shots.append(_save(dialog, out / "error-dialog.png"))
        dialog.close()

    release = threading.Event()

    stage = QCoreApplication.translate("ImportWizard", "Đang kiểm tra từng dòng…")
    stage = f"{stage} {number(1200)}/{number(3000)}"  # said here: the worker touches no Qt
    title = QCoreApplication.translate("CheckPage", "Kiểm tra tệp {name}").format(
        name="danh-sach-nhu-cau.xlsx"
    )

    def work(state: JobState) -> None:
        state.set_progress(1200, 3000, stage)
        release.wait(10)
        raise Cancelled()

    job = run_job(window, title, work, lambda _result: None)
    assert job is not None and job.dialog is not None
    _settle(100)
    job.dialog.show()
    shots.append(_save(job.dialog, out / "job-progress.png"))
    release.set()
    job.cancel()
    _settle(200)

    about = window.show_about()
    shots.append(_save(about, out / "about.png"))
    about.close()

    from desktop_app.core.safekeeping.backups import make_backup

    make_backup(db_path, "manual")  # the dialog lists at least one
    window.show_section("settings")
    backup_dialog = window.current_page().open_backups()  # type: ignore[union-attr]
    shots.append(_save(backup_dialog, out / "backup-dialog.png"))
    backup_dialog.close()
    window.close()
    db.close()
    return shots


def shoot_forms(window: MainWindow, out: Path) -> list[Path]:
    """The student and device forms, each on its first row (nothing is saved)."""
    from desktop_app.ui.devices.page import DevicesPage
    from desktop_app.ui.students.page import StudentsPage

    shots: list[Path] = []
    window.show_section("students")
    students = window.current_page()
    if isinstance(students, StudentsPage) and students.model.rowCount():
        form = students.open_student_dialog(students.model.student_id(0))
        if form is not None:
            shots.append(_save(form, out / "student-dialog.png"))
            form.reject()
    window.show_section("receiving")
    devices = window.current_page()
    if isinstance(devices, DevicesPage) and devices.model.rowCount():
        device = devices.open_device_dialog(devices.model.device_id(0))
        if device is not None:
            shots.append(_save(device, out / "device-dialog.png"))
            device.reject()
    return shots


def shoot_handover(window: MainWindow, out: Path) -> list[Path]:
    """The Bàn giao page's other tabs and its dialogs. Nothing is saved: the receiver dialog is
    only checked, the return dialog is filled in but not sent."""
    from desktop_app.ui.handover.page import TAB_EXCLUDED, TAB_PROPOSAL, HandoverPage

    window.show_section("handover")
    page = window.current_page()
    if not isinstance(page, HandoverPage):
        return []
    _wait_idle(page)
    shots: list[Path] = []
    if page.model.rowCount():
        receiver = page.edit_receiver(0)
        if receiver is not None:
            receiver.role.setCurrentIndex(receiver.role.findData("parent"))
            receiver.save()  # no relationship yet: the message under its field
            shots.append(_save(receiver, out / "handover-receiver-dialog.png"))
            receiver.done(QDialog.DialogCode.Rejected)  # typed: closed without the question
        choice = page.change_device(0)
        if choice is not None:
            shots.append(_save(choice, out / "handover-device-dialog.png"))
            choice.reject()
    page.tabs.setCurrentIndex(TAB_EXCLUDED)
    shots.append(_save(window, out / "handover-excluded.png"))
    supported = next(
        (
            page.excluded_model.student_code(row)
            for row in range(page.excluded_model.rowCount())
            if page.excluded_model.skipped(row).reason.id == "allocation.excluded.supported"
        ),
        "",
    )
    page.show_history(supported)
    shots.append(_save(window, out / "handover-history.png"))
    holding = held_by_student(window.db, supported)
    held = holding.serial if holding else ""
    returning = page.open_return_dialog(held)
    returning.set_reason("faulty")
    returning.condition.setText("Màn hình không lên")
    shots.append(_save(returning, out / "handover-return-dialog.png"))
    returning.done(QDialog.DialogCode.Rejected)  # typed values: closed without the question
    minutes = page.open_minutes_dialog([supported] if supported else [])
    shots.append(_save(minutes, out / "handover-minutes-dialog.png"))
    minutes.reject()
    page.tabs.setCurrentIndex(TAB_PROPOSAL)
    return shots


def shoot_vaccinations(window: MainWindow, out: Path) -> list[Path]:
    """The student form's vaccination tab (a student with a late record), a dose refused under
    its field, and the quick entry of a vaccination day with a class ticked. Nothing is saved."""
    from desktop_app.ui.vaccinations.page import VaccinationsPage

    window.show_section("vaccinations")
    page = window.current_page()
    if not isinstance(page, VaccinationsPage):
        return []
    _wait_idle(page)
    shots: list[Path] = []
    if page.late_model.rowCount():
        form = page.open_student(page.late_model.student_id(0))
        if form is not None:
            shots.append(_save(form, out / "vaccination-tab.png"))
            tab = form.vaccinations
            dose = tab.add_dose()
            dose.vaccinated_on.setText(day(date.today() + timedelta(days=3)))
            dose.save()  # the date in the future: said under its field, nothing saved
            shots.append(_save(dose, out / "vaccination-dose-dialog.png"))
            dose.reject()
            form.reject()
    quick = page.open_quick_entry()
    if quick.class_combo.count():
        quick.choose_class(quick.class_combo.itemData(0))
        _wait_until(lambda: quick.model.rowCount() > 0 and not quick.is_busy())
        quick.select_all.setChecked(True)
        shots.append(_save(quick, out / "vaccination-quick-entry.png"))
    quick.reject()
    return shots


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desktop_app.ui.shell.screenshots", description="Ảnh chụp các màn hình."
    )
    parser.add_argument("outdir", type=Path, help="thư mục ghi ảnh PNG")
    parser.add_argument("--db", type=Path, help="tệp dữ liệu có sẵn (không thêm dữ liệu mẫu)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES,
                        help="ngôn ngữ giao diện (mặc định: ngôn ngữ đã chọn trong Cài đặt)")  # fmt: skip
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.getLogger("songmay").addHandler(logging.NullHandler())  # the sample error: no noise
    args.outdir.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    language = args.lang or i18n.current_language(app)
    with tempfile.TemporaryDirectory(prefix="songmay-shots-") as tmp:
        workdir = Path(tmp)
        # The user's own settings are neither read nor written from here on; the language on
        # screen is the one saved (so Cài đặt shows it chosen, with no restart to offer).
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir))
        i18n.set_language(app, language)
        settings = QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat)
        db_path = args.db or workdir / "demo.sqlite3"
        if args.db is None:
            # The sample databases are made here and thrown away: their key is a file of this
            # temporary folder (a PC without a keyring would otherwise ask for a passphrase).
            os.environ.setdefault("SONGMAY_DB_KEY_FILE", str(workdir / "sample.key"))
            demo_db = open_database(db_path)
            fill_demo_if_empty(demo_db, db_path)
            fill_sync_sample(demo_db)
            demo_db.close()
        shoot_wizard(workdir, args.outdir)
        shoot_main_window(db_path, settings, args.outdir)
        shoot_import_check(db_path, workdir, args.outdir)
        shoot_import_classes(db_path, workdir, args.outdir)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
