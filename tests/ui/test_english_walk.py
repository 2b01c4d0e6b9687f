"""The whole window in English, walked as a clerk who reads English would: a realistic school (the
demo's students, devices, batches and handovers, and a sync history), every page and tab, every
dialog and question. Once the school's own data is taken out, nothing on screen may hold a
Vietnamese letter but what the whitelist below allows, each entry with its reason; no number may
be written 1.234 and no noun may follow the number one in the plural ("1 rows").

SONGMAY_WALK_DUMP=FILE writes every text read (where, widget, text) to FILE, to review by eye."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import shiboken6
from builders import DEVICE_HEADERS, NEEDS_HEADERS, device_row, needs_row, write_sheet
from dialogs import answering
from keyrings import MemoryKeyring, using_keyring
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database
from test_messages import VIETNAMESE
from visible_text import Collector, Seen

from desktop_app.core.demo import fill_demo_data
from desktop_app.core.errors import SongMayError
from desktop_app.core.handovers import held_by_student, record_handovers
from desktop_app.core.locale import fmt_date
from desktop_app.core.messages import msg
from desktop_app.core.reviews import Correction, received_decisions
from desktop_app.core.safekeeping.backups import make_backup
from desktop_app.core.store.database import open_database
from desktop_app.core.store.outbox import record_sync_result
from desktop_app.core.templates.spec import KINDS, load_codelists, load_template
from desktop_app.ui.common.errors import ErrorDialog, show_error
from desktop_app.ui.common.jobs import cancel_all_jobs
from desktop_app.ui.devices.page import DevicesPage
from desktop_app.ui.handover.page import HandoverPage
from desktop_app.ui.import_wizard import ImportWizard, RowDialog
from desktop_app.ui.reports.page import ReportsPage
from desktop_app.ui.settings.backup_dialog import PassphraseDialog
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ui.settings.setup_wizard import SetupWizard
from desktop_app.ui.shell import screenshots
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.students.page import StudentsPage
from desktop_app.ui.sync import network
from desktop_app.ui.sync.login_dialog import PasswordDialog
from desktop_app.ui.sync.page import TAB_DECISIONS, TAB_REFUSED, SyncPage
from sync.client import SyncReport
from sync.errors import LoginRefused, NetworkFailed, message_data

JOB_MS = 30_000

# The school's own data: what the clerk typed or imported, shown as it is in every language.
SCHOOL_DATA = {
    "school_profile": ["name", "code", "commune", "district", "province", "principal", "clerk",
                       "parent_agency"],
    "students": ["code", "full_name", "class_name", "citizen_id", "guardian_name", "phone",
                 "address"],
    "needs": ["poverty_cert_no", "review_comment", "note"],
    "donors": ["name"],
    "donation_batches": ["code", "note"],
    "devices": ["brand", "model", "serial", "cpu", "os", "accessories", "note"],
    # (not handed_by_position: its default, "Hiệu trưởng", is the program's; see WHITELIST)
    "handovers": ["receiver_name", "handed_by", "note", "relationship", "receiver_citizen_id",
                  "condition", "accessories"],
    "review_decisions": ["comment", "reviewer"],  # the district's reviewer's words
    "outbox": ["reject_message"],  # the server's words: the district's server speaks Vietnamese
    "sync_state": ["endpoint", "school_code", "username"],
    "vaccinations": ["lot_no", "facility", "note"],
}  # fmt: skip


@dataclass(frozen=True)
class Allowed:
    """Vietnamese that may stay in the English window: ``texts`` (exact pieces) or ``pattern``,
    where ``where`` and ``widget`` match (regular expressions), and why."""

    reason: str
    texts: tuple[str, ...] = ()
    pattern: str = ""
    where: str = ".*"
    widget: str = ".*"

    def applies(self, seen: Seen) -> bool:
        return bool(re.search(self.where, seen.where) and re.search(self.widget, seen.widget))


def template_headers() -> tuple[str, ...]:
    return tuple(
        text
        for kind in KINDS
        for column in load_template(kind).columns
        for text in (column.header, column.display_header, *column.aliases)
    )


WHITELIST = [
    Allowed(
        "each language is named in itself, so that a reader finds their own",
        texts=("Tiếng Việt",),
        where="Settings",
    ),
    Allowed(
        "an example of a name as the clerk types it (a person's name is the same in English)",
        texts=("Nguyễn Văn An", "Nguyễn Văn Bình"),
        widget="placeholder",
    ),
    Allowed(
        "the ethnic groups' own names, as the General Statistics Office lists them (no English "
        "names exist in the code list)",
        texts=tuple(load_codelists()["ethnicity"].labels),
        widget="field_ethnicity",
    ),
    Allowed(
        "the titles of the ministry's Excel templates, which name the file to fill in",
        texts=tuple(load_template(kind).title.capitalize() for kind in KINDS),
        where="Import wizard",
    ),
    Allowed(
        "the ministry template's own column headers, naming the Excel file's columns (a "
        "problem's place, the row view's column names)",
        texts=template_headers(),
        where="Import wizard",
    ),
    Allowed(
        "a code list's values as the ministry's Excel file holds them, where a refused cell is "
        "told which values its column allows",
        pattern=r"Allowed: [^\n]*",
        where="Import wizard",
        widget="problemTable|problemDetail|rowProblems|rowValues",
    ),
    Allowed(
        "the agency line printed above the school's name in the Vietnamese minutes (the "
        "sample school's, and the example in its tooltip), and a town's own name in an example",
        texts=("PHÒNG GD&ĐT TP. BUÔN MA THUỘT", "PHÒNG GD&ĐT HUYỆN MƯỜNG NHÉ", "Buôn Ma Thuột"),
        where="Settings|Setup wizard",
    ),
    Allowed(
        "the ministry template's column header shown in a column's tooltip, so that the reader "
        "finds the column in the Excel file",
        texts=template_headers(),
        where="Students page|Device intake page",
        widget=r"header tooltip",
    ),
    Allowed(
        "the position printed in the Vietnamese handover minutes above the principal's signature",
        texts=("Hiệu trưởng",),
        where="Handover page",
        widget="handedByPosition",
    ),
]


# --- the school ----------------------------------------------------------------------------------


@pytest.fixture
def school(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """The demo school with a sync history: an account, changes sent and refused, decisions."""
    path = tmp_path / "school.sqlite3"
    db = open_database(path)
    fill_demo_data(db, students=1100, vaccinations=True)  # counts past a thousand: 1,100
    screenshots.fill_sync_sample(db)
    yield db, path
    db.close()


def school_data(db: Database) -> set[str]:
    found: set[str] = set()
    for table, columns in SCHOOL_DATA.items():
        for column in columns:
            for (value,) in db.execute(f"SELECT {column} FROM {table}"):
                if isinstance(value, str) and value.strip():
                    found.add(value)
    return found


def tr(context: str, text: str) -> str:
    """What the English window says for ``text`` (to press a button by its English name)."""
    return QCoreApplication.translate(context, text).replace("&", "")


# --- the walk ------------------------------------------------------------------------------------


class Walk:
    def __init__(self, qtbot: QtBot, db: Database, db_path: Path, tmp_path: Path) -> None:
        self.qtbot = qtbot
        self.db = db
        self.db_path = db_path
        self.tmp_path = tmp_path
        self.seen = Collector()
        self.file_data: set[str] = set()

    def look(self, widget: QWidget, where: str) -> None:
        self.qtbot.wait(1)  # let layouts and deferred texts settle
        self.seen.window(widget, where)

    def looker(self, where: str) -> Callable[[QWidget], None]:
        return lambda widget: self.look(widget, where)

    def wait_idle(self, page: Any) -> None:
        self.qtbot.waitUntil(lambda: not page.is_busy(), timeout=JOB_MS)

    def close(self, dialog: QWidget) -> None:
        """Close a dialog as the clerk would; a changed form asks first: read and discard."""
        if isinstance(dialog, QDialog):
            if callable(getattr(dialog, "has_unsaved_changes", None)) and (
                dialog.has_unsaved_changes()
            ):
                where = f"Discard question over {dialog.objectName() or type(dialog).__name__}"
                with answering(self.qtbot) as answers:
                    answers.dialog(QMessageBox, button=tr("DiscardChanges", "Bỏ thay đổi"),
                                   fill=self.looker(where))  # fmt: skip
                    dialog.reject()
            else:
                dialog.reject()
        if shiboken6.isValid(dialog):  # a dialog deleted on close may be gone already
            dialog.close()
        self.qtbot.wait(1)


def walk_window(walk: Walk, window: MainWindow) -> None:
    where = {"overview": "Overview page", "students": "Students page",
             "receiving": "Device intake page", "handover": "Handover page",
             "vaccinations": "Vaccinations page", "reports": "Reports page",
             "sync": "Sync page", "settings": "Settings page"}  # fmt: skip
    for key in window.section_keys():
        window.show_section(key)
        page = window.current_page()
        if isinstance(page, HandoverPage):
            walk.qtbot.waitUntil(lambda p=page: p.proposal is not None, timeout=JOB_MS)
            walk.wait_idle(page)
        walk.look(window, where[key])


def walk_students(walk: Walk, window: MainWindow) -> None:
    window.show_section("students")
    page = window.current_page()
    assert isinstance(page, StudentsPage)
    page.problems_only.setChecked(True)  # the rows the core flags, with their tooltips
    walk.look(window, "Students page, problems only")
    page.problems_only.setChecked(False)
    page.returned_filter.click()  # the needs the district returned, in their own look
    walk.look(window, "Students page, returned needs")
    to_fix = next(d for d in received_decisions(walk.db) if d.comment and d.follow_up
                  and d.follow_up.state is Correction.NOT_CORRECTED)  # fmt: skip
    returned = page.open_student_dialog(to_fix.student_id)
    assert returned is not None and returned.returned_box is not None
    walk.look(returned, "Student dialog (a returned need)")
    walk.close(returned)
    page.returned_filter.click()

    added = page.open_student_dialog()
    assert added is not None
    added.save()  # nothing typed: every required field says so
    walk.look(added, "Student dialog (add, refused)")
    walk.close(added)

    row = next(r for r in range(page.model.rowCount()) if page.model.student(r).has_problem)
    edited = page.open_student_dialog(page.model.student_id(row))
    assert edited is not None
    walk.look(edited, "Student dialog (edit)")
    edited.inputs["birth_date"].setText("31/02/2010")
    edited.save()
    walk.look(edited, "Student dialog (edit, refused)")
    walk.close(edited)

    # Deleting: the question (cancelled); a student who holds a device cannot be deleted.
    holder = next(r for r in range(page.model.rowCount())
                  if held_by_student(walk.db, page.model.student(r).code))  # fmt: skip
    page.rows.select(page.model.student_id(holder))
    with answering(walk.qtbot) as answers:
        answers.dialog(QMessageBox, button=tr("ListPage", "Hủy"),
                       fill=walk.looker("Delete a student: question"))  # fmt: skip
        page.delete_selected()
    with answering(walk.qtbot) as answers:
        answers.dialog(QMessageBox, button=tr("StudentsPage", "Xóa"))
        answers.dialog(ErrorDialog, button=tr("ErrorDialog", "Đóng"),
                       fill=walk.looker("Delete a student: refused"))  # fmt: skip
        page.delete_selected()


def walk_devices(walk: Walk, window: MainWindow) -> None:
    window.show_section("receiving")
    page = window.current_page()
    assert isinstance(page, DevicesPage)
    page.batch_table.selectRow(1)  # one batch's devices
    walk.look(window, "Device intake page, one batch")

    added = page.open_device_dialog()
    assert added is not None
    walk.look(added, "Device dialog (add in a batch)")
    added.save()
    walk.look(added, "Device dialog (add, refused)")
    walk.close(added)

    page.select_batch(None)
    below = next(r for r in range(page.model.rowCount()) if page.model.device(r).below_min_spec)
    edited = page.open_device_dialog(page.model.device_id(below))
    assert edited is not None
    walk.look(edited, "Device dialog (edit, below the minimum)")
    edited.inputs["ram_gb"].setText("-1")
    edited.save()
    walk.look(edited, "Device dialog (edit, refused)")
    walk.close(edited)

    page.rows.select(page.model.device_id(below))
    with answering(walk.qtbot) as answers:
        answers.dialog(QMessageBox, button=tr("ListPage", "Hủy"),
                       fill=walk.looker("Delete a device: question"))  # fmt: skip
        page.delete_selected()


def walk_handover(walk: Walk, window: MainWindow) -> None:
    window.show_section("handover")
    page = window.current_page()
    assert isinstance(page, HandoverPage)
    walk.wait_idle(page)
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        walk.look(window, f"Handover page, tab {tab}")

    # The history of a student who holds a device, then of that device.
    supported = next(page.excluded_model.student_code(r)
                     for r in range(page.excluded_model.rowCount())
                     if page.excluded_model.skipped(r).reason.id
                     == "allocation.excluded.supported")  # fmt: skip
    page.show_history(supported)
    walk.look(window, "Handover page, a student's history")
    held = held_by_student(walk.db, supported)
    assert held is not None
    page.show_history(held.serial)
    walk.look(window, "Handover page, a device's history")
    page.show_history("KHONG-CO-GI")
    walk.look(window, "Handover page, nothing found")
    page.tabs.setCurrentIndex(0)

    # The proposal's context menu.
    page.select_row(0)
    rect = page.table.visualRect(page.model.index(0, 2))
    page._context_menu(rect.center())
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    walk.look(menu, "Handover page, a line's menu")
    menu.close()

    receiver = page.edit_receiver(0)
    assert receiver is not None
    receiver.role.setCurrentIndex(receiver.role.findData("parent"))
    receiver.edits["receiver_name"].setText("")
    receiver.save()  # no name, no relationship
    walk.look(receiver, "Receiver dialog (refused)")
    walk.close(receiver)

    choice = page.change_device(0)
    assert choice is not None
    walk.look(choice, "Device choice dialog")
    walk.close(choice)

    returning = page.open_return_dialog(held.serial)
    walk.look(returning, "Return dialog")
    returning.save()  # no reason given
    walk.look(returning, "Return dialog (refused)")
    returning.set_reason("other")
    walk.look(returning, "Return dialog (other reason)")
    walk.close(returning)

    minutes = page.open_minutes_dialog([supported])
    walk.look(minutes, "Minutes dialog")
    minutes.show_preview()
    walk.qtbot.waitUntil(lambda: minutes.preview is not None and minutes.preview.isVisible(),
                         timeout=JOB_MS)  # fmt: skip
    preview = minutes.preview
    assert isinstance(preview, QPrintPreviewDialog)
    walk.look(preview, "Minutes preview")
    walk.close(preview)
    walk.close(minutes)

    # Recording: a date that cannot be read; a line refused (its device went elsewhere).
    accepted = page.model.accepted_rows()
    for row in accepted[2:]:  # two lines: one refused, then one recorded
        page.model.set_accepted(row, False)
    page.date_edit.setText("31/02/2022")
    page.record()
    walk.look(window, "Handover page, a date refused")
    page.date_edit.setText(fmt_date(date.today()))
    waiting = page.waiting_model.student_code(0)
    line = page.model.line(1)
    (taken,) = record_handovers(walk.db, [{
        "serial": line.device.serial, "student_code": waiting,
        "handover_date": fmt_date(date.today()), "receiver_role": "Học sinh",
    }], today=date.today())  # fmt: skip
    assert taken.ok, taken.errors
    with walk.qtbot.waitSignal(page.jobFinished, timeout=JOB_MS):
        page.record()
    walk.look(window, "Handover page, a line refused")
    page.model.set_accepted(1, False)
    with answering(walk.qtbot) as answers:
        answers.dialog(QMessageBox, button=tr("HandoverPage", "Ghi nhận"),
                       fill=walk.looker("Record handovers: question"))  # fmt: skip
        answers.dialog(QMessageBox, button=tr("HandoverPage", "Để sau"),
                       fill=walk.looker("Record handovers: offer to print"))  # fmt: skip
        page.record()
    walk.wait_idle(page)
    walk.look(window, "Handover page, recorded")


def needs_file(folder: Path) -> Path:
    """Six rows: two refused (no name; 31 February), one with a warning (no certificate number
    for a poor household), a column the template does not know (a warning) and one it has that
    the file lacks (Dân tộc: one warning for the file)."""
    birth = (date.today() - timedelta(days=365 * 12 + 40)).strftime("%d/%m/%Y")
    rows = [needs_row(n, **{"Ngày sinh (*)": birth, "Mã học sinh (*)": f"EN{n:06d}"})
            for n in range(1, 7)]  # fmt: skip
    rows[1]["Họ và tên (*)"] = ""
    rows[3]["Ngày sinh (*)"] = "31/02/2010"
    rows[4]["Số giấy chứng nhận hộ nghèo/cận nghèo"] = ""
    for row in rows:
        row["Ghi chú 2"] = "thêm"
    headers = [h for h in NEEDS_HEADERS if h != "Dân tộc"]
    return write_sheet(folder / "nhu-cau.xlsx", [*headers, "Ghi chú 2"], rows)


def devices_file(folder: Path) -> Path:
    rows = [device_row(n, **{"Số serial/IMEI": f"EN{n:08d}"}) for n in range(1, 4)]
    rows[1]["Loại thiết bị"] = "Máy giặt"
    rows[2]["RAM (GB)"] = 1
    return write_sheet(folder / "thiet-bi.xlsx", DEVICE_HEADERS, rows, sheet="Thiet bi")


def cells(path: Path) -> set[str]:
    from openpyxl import load_workbook

    found = set()
    for sheet in load_workbook(path, read_only=True).worksheets:
        for row in sheet.iter_rows(values_only=True):
            found |= {str(v) for v in row if isinstance(v, str) and v.strip()}
    return found


def walk_vaccinations(walk: Walk, window: MainWindow) -> None:
    from desktop_app.ui.students.dialog import StudentDialog
    from desktop_app.ui.vaccinations.page import VaccinationsPage

    window.show_section("vaccinations")
    page = window.current_page()
    assert isinstance(page, VaccinationsPage)
    walk.qtbot.waitUntil(lambda: page.data is not None and not page.is_busy(), timeout=JOB_MS)
    walk.look(window, "Vaccinations page")
    page.tabs.setCurrentIndex(1)
    walk.look(window, "Vaccinations page, late records")
    page.tabs.setCurrentIndex(0)
    late = page.late_model.student_id(0)
    form = page.open_student(late)
    assert isinstance(form, StudentDialog)
    tab = form.vaccinations
    walk.look(form, "Student dialog, vaccinations tab")
    dose = tab.add_dose()
    dose.vaccinated_on.setText("31/12/2999")
    dose.dose_no.setValue(5)
    dose.save()  # a future date and a gap: the messages under their fields
    walk.look(dose, "Dose dialog with errors")
    walk.close(dose)
    walk.close(form)
    quick = page.open_quick_entry()
    quick.choose_class(quick.class_combo.itemData(0))
    walk.qtbot.waitUntil(lambda: quick.model.rowCount() > 0 and not quick.is_busy(),
                         timeout=JOB_MS)  # fmt: skip
    quick.select_all.setChecked(True)
    walk.look(quick, "Quick entry of a vaccination day")
    walk.close(quick)


def walk_import(walk: Walk, window: MainWindow) -> None:
    files = {"students": needs_file(walk.tmp_path), "receiving": devices_file(walk.tmp_path),
             "handover": needs_file(walk.tmp_path)}  # fmt: skip  # a needs file: not a handover list
    for path in files.values():
        walk.file_data |= cells(path)
    for section, path in files.items():
        window.show_section(section)
        wizard = window.open_import_wizard()
        assert isinstance(wizard, ImportWizard)
        where = f"Import wizard ({wizard.kind()})"
        walk.look(wizard, f"{where}, file")
        if section == "students":  # a typed path that is not a file: said under the box
            field = wizard.file_page.path_field
            field.setText(str(walk.tmp_path / "not-there.xlsx"))
            field.setFocus()
            walk.qtbot.keyClick(field, Qt.Key.Key_Return)
            assert wizard.file_page.path_error.isVisible()
            walk.look(wizard, f"{where}, file, typed path not found")
        wizard.set_file(path)
        with walk.qtbot.waitSignal(wizard.job_finished, timeout=JOB_MS):
            wizard.next()
        walk.look(wizard, f"{where}, check")
        page = wizard.check_page
        if page.table.isVisible():
            page.errors_only.setChecked(True)
            walk.look(wizard, f"{where}, check, errors only")
            page.errors_only.setChecked(False)
            report = wizard.check_report()
            assert report is not None
            row = next(p.row for p in report.problems if p.row is not None)
            dialog = RowDialog(report, row, wizard)
            dialog.show()
            walk.look(dialog, f"{where}, row view")
            walk.close(dialog)
        if section == "students":
            wizard.next()
            walk.look(wizard, f"{where}, import")
            with walk.qtbot.waitSignal(wizard.job_finished, timeout=JOB_MS):
                wizard.next()
            walk.qtbot.waitUntil(lambda w=wizard: w.currentId() == w.PAGE_RESULT, timeout=JOB_MS)
            walk.look(wizard, f"{where}, result")
        walk.qtbot.waitUntil(lambda w=wizard: not w.is_busy(), timeout=JOB_MS)
        wizard.close()


def walk_reports(walk: Walk, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exporting: the file dialog, the job's progress dialog (held until it was read), the
    message saying where the file went."""
    from desktop_app.ui.reports import page as reports_page

    window.show_section("reports")
    page = window.current_page()
    assert isinstance(page, ReportsPage)
    release = threading.Event()
    real_export = reports_page.export_file

    def slow_export(db: Database, kind: str, target: Path) -> int:
        release.wait(JOB_MS / 1000)
        return real_export(db, kind, target)

    monkeypatch.setattr(reports_page, "export_file", slow_export)

    def read_progress() -> bool:
        shown = [w for w in QApplication.topLevelWidgets()
                 if w.objectName() == "jobProgress" and w.isVisible()]  # fmt: skip
        if shown:
            walk.look(shown[0], "Export: job progress")
            release.set()
        return bool(shown)

    with answering(walk.qtbot) as answers:
        answers.save_file(walk.tmp_path / "needs.xlsx")
        answers.dialog(QMessageBox, button="OK", fill=walk.looker("Export: done"))
        page.export_buttons["needs"].click()
        walk.qtbot.waitUntil(read_progress, timeout=JOB_MS)


def walk_sync(walk: Walk, window: MainWindow) -> None:
    window.show_section("sync")
    page = window.current_page()
    assert isinstance(page, SyncPage)
    for tab in (TAB_REFUSED, TAB_DECISIONS):
        page.tabs.setCurrentIndex(tab)
        walk.look(window, f"Sync page, tab {tab}")
    page.tabs.setCurrentIndex(TAB_REFUSED)
    page.refused_table.selectRow(0)
    walk.look(window, "Sync page, a refusal chosen")

    # A run under way, as the page shows it (drawn, not run: there is no server).
    page._sync_started(False)
    page._sync_progressed(320, 856, QCoreApplication.translate("SyncPage", "Đang kết nối…"))
    walk.look(window, "Sync page, running")
    page._sync_finished(None)

    # The last run stopped by the network, as it is kept in the database.
    failed = NetworkFailed(
        msg(
            "sync.network.failed",
            endpoint=screenshots.SAMPLE_ENDPOINT,
            count=3,
            last=msg("sync.network.timeout"),
        )
    )
    now = datetime.now(UTC).isoformat(timespec="milliseconds")
    report = SyncReport(started_at=now, finished_at=now, error=failed.text(), error_code=failed.code,
                        error_message=message_data(failed.msg) if failed.msg else None)  # fmt: skip
    record_sync_result(walk.db, report.as_dict(), finished=False)
    page.refresh()
    walk.look(window, "Sync page, the last run failed")

    login = window.sync.open_login()
    walk.look(login, "Sync login dialog")
    login._failed(LoginRefused())  # what the server's refusal of the login says
    walk.look(login, "Sync login dialog (refused)")
    walk.close(login)
    account = window.sync.account()
    assert account is not None
    asked = PasswordDialog(account, window, message=LoginRefused().text("en"))
    asked.show()
    walk.look(asked, "Sync password dialog")
    walk.close(asked)


def walk_settings(walk: Walk, window: MainWindow) -> None:
    window.show_section("settings")
    page = window.current_page()
    assert isinstance(page, SettingsPage)
    wizard = page.edit_school()
    walk.look(wizard, "Settings: school profile wizard, page 1")
    wizard.next()
    walk.look(wizard, "Settings: school profile wizard, page 2")
    walk.close(wizard)

    make_backup(walk.db_path, "manual")
    backups = page.open_backups()
    walk.look(backups, "Backup dialog")
    with answering(walk.qtbot) as answers:
        answers.dialog(QMessageBox, button="No", fill=walk.looker("Backup dialog: restore?"))
        backups.restore_selected()
    passphrase = PassphraseDialog(backups, confirm=True)
    passphrase.show()
    passphrase.first.setText("short")
    passphrase.accept()
    walk.look(passphrase, "Backup dialog: passphrase (refused)")
    walk.close(passphrase)
    walk.close(backups)


def walk_setup_wizard(walk: Walk) -> None:
    db = open_database(walk.tmp_path / "new.sqlite3")
    wizard = SetupWizard(db)
    walk.qtbot.addWidget(wizard)
    wizard.show()
    walk.look(wizard, "Setup wizard, page 1")
    wizard.next()  # nothing typed: the required fields say so
    walk.look(wizard, "Setup wizard, page 1 (refused)")
    # The demo school's name (the school's own data, shown as it is in English too).
    wizard.school_page.name_edit.setText("Trường THCS Ea Tu (dữ liệu mẫu)")
    wizard.school_page.code_edit.setText("66000701")
    wizard.school_page.level_combo.setCurrentIndex(wizard.school_page.level_combo.findData("THPT"))
    assert wizard.school_page.level_warning.isVisible()
    walk.look(wizard, "Setup wizard, page 1 (level warning)")
    wizard.next()
    walk.look(wizard, "Setup wizard, page 2")
    wizard.next()
    assert wizard.summary_page.level_warning.isVisible()
    walk.look(wizard, "Setup wizard, summary")
    walk.close(wizard)
    first = SetupWizard(db, first_start=True)
    first.show()
    with answering(walk.qtbot) as answers:
        answers.dialog(QMessageBox, button=tr("SetupWizard", "Tiếp tục thiết lập"),
                       fill=walk.looker("Setup wizard: quit without a school?"))  # fmt: skip
        first.reject()
    assert first.isVisible()
    first.first_start = False
    walk.close(first)
    first.deleteLater()
    db.close()


def walk_errors_and_about(walk: Walk, window: MainWindow) -> None:
    for where, exc in (
        ("Error dialog (expected)", SongMayError.of("store.busy", code="store_busy")),
        ("Error dialog (unexpected)", RuntimeError("boom")),
    ):
        dialog = show_error(exc, window)
        assert dialog is not None
        walk.look(dialog, where)
        walk.close(dialog)
    about = window.show_about()
    walk.look(about, "About")
    walk.close(about)


# Numbers written the Vietnamese way (1.832 for 1,832), and a plural noun after the number one
# ("1 lines"), in what is left once the data is out.
VIETNAMESE_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)")
ONE_PLURAL = re.compile(r"(?<![\d.,/:])\b1 (?:[a-z]+ )?([a-z]+s)\b")
SINGULAR_IN_S = {"is", "was", "has", "this", "its", "as", "us", "class", "status", "address",
                 "business", "progress", "access", "yes", "less", "process"}  # fmt: skip


def problems(seen: list[Seen], data: set[str], file_data: set[str]) -> list[tuple[str, Seen]]:
    """(what is wrong, the text) for every text that holds a Vietnamese letter once the school's
    ``data`` (everywhere), the cells of the files the clerk imported (in the import wizard) and
    the whitelist are taken out, or that writes a number or a plural the Vietnamese way."""

    def pieces(texts: set[str]) -> list[str]:
        return sorted((p for p in texts if VIETNAMESE.search(p)), key=len, reverse=True)

    everywhere, in_files = set(pieces(data)), set(pieces(file_data))
    found = []
    for item in seen:
        rest, allowed = item.text, [entry for entry in WHITELIST if entry.applies(item)]
        here = everywhere | (in_files if item.where.startswith("Import wizard") else set())
        here |= {text for entry in allowed for text in entry.texts}
        for piece in sorted(here, key=len, reverse=True):  # "Điện thoại thông minh" first
            rest = rest.replace(piece, "")
        for entry in allowed:
            rest = re.sub(entry.pattern, "", rest) if entry.pattern else rest
        if VIETNAMESE.search(rest):
            found.append(("Vietnamese", item))
        elif VIETNAMESE_NUMBER.search(rest):
            found.append(("a number written 1.234", item))
        elif any(m.group(1) not in SINGULAR_IN_S for m in ONE_PLURAL.finditer(rest)):
            found.append(("a plural after 1", item))
    return found


def test_the_english_window_shows_no_vietnamese_but_the_schools_own_data(
    qtbot: QtBot, school, english, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, db_path = school
    monkeypatch.setattr(network, "server_answers",
                        mock.create_autospec(network.server_answers, return_value=False))  # fmt: skip
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    with using_keyring(MemoryKeyring()):
        window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000,
                            probe_ms=3_600_000)  # fmt: skip
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        walk = Walk(qtbot, db, db_path, tmp_path)
        try:
            walk_window(walk, window)
            walk_students(walk, window)
            walk_devices(walk, window)
            walk_handover(walk, window)
            walk_vaccinations(walk, window)
            walk_import(walk, window)
            walk_reports(walk, window, monkeypatch)
            walk_sync(walk, window)
            walk_settings(walk, window)
            walk_setup_wizard(walk)
            walk_errors_and_about(walk, window)
        finally:
            assert cancel_all_jobs()
    dump = os.environ.get("SONGMAY_WALK_DUMP")  # a file: every text read, to review by eye
    if dump:
        Path(dump).write_text("\n".join(map(str, walk.seen.seen)), encoding="utf-8")
    found = problems(walk.seen.seen, school_data(db), walk.file_data)
    assert len(walk.seen.seen) > 2000  # the walk read the window, not an empty one
    assert not found, report(found, len(walk.seen.seen))


def report(found: list[tuple[str, Seen]], read: int) -> str:
    """Each offending text once per place, with the first widget it was seen in and how often
    (a column of a thousand rows says the same thing a thousand times)."""
    places: dict[tuple[str, str, str], list[Seen]] = {}
    for what, item in found:
        places.setdefault((what, item.where, item.text), []).append(item)
    lines = [
        f"  {what}: {items[0]}"
        + (f" (and {len(items) - 1} more like it)" if len(items) > 1 else "")
        for (what, _where, _text), items in places.items()
    ]
    return (
        f"{len(found)} texts of the English window are not English ({len(places)} distinct, "
        f"{read} texts read):\n" + "\n".join(lines)
    )
