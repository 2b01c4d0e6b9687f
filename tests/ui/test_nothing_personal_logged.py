"""Nothing personal in the log or in "Sao chép chi tiết" (issue 14, item 3): a whole workflow with
a planted child (import with an error, the form, sync on loopback, unexpected errors that carry the
child's values), then every byte of the log folder and of the copied details is searched."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from builders import NEEDS_HEADERS, needs_row, write_sheet
from loopback import PASSWORD, SCHOOL, USER
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

import sync.client
from desktop_app.ui.common.errors import ErrorDialog, setup_logging
from desktop_app.ui.common.jobs import cancel_all_jobs
from desktop_app.ui.import_wizard import ImportWizard
from desktop_app.ui.import_wizard import work as import_wizard
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.students.page import StudentsPage
from desktop_app.ui.sync.page import SyncPage
from sync.account import make_account, store_account
from sync.client import SyncReport, SyncSettings
from sync.credentials import Credentials
from sync.transport import RetryPolicy, Timeouts

NAME = "Hờ Thị Plantđặc"
CCCD = "079123456789"
PHONE = "0987654321"
CODE = "HSPLANT01"
GUARDIAN = "Hờ Văn Plantcha"
JOB_MS = 30_000
FAST = SyncSettings(
    timeouts=Timeouts(connect=2.0, read=5.0),
    retry=RetryPolicy(attempts=3, base=0.01, cap=0.05, max_retry_after=0.2),
    poll_first=0.005, poll_max=0.05, poll_timeout=20.0,
)  # fmt: skip
BORN = date.today() - timedelta(days=365 * 12 + 40)  # a grade-6 pupil whatever day it runs
BIRTH = BORN.strftime("%d/%m/%Y")
# The child's own CCCD: "3" = a girl born in the 2000s, then her year of birth.
CHILD_CCCD = f"0793{BORN.year % 100:02d}654321"


def _folded(text: str) -> str:
    """Without diacritics, as a name key stores it: "Hờ Thị Plantđặc" → "Ho Thi Plantdac"."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def needles() -> set[bytes]:
    """Every planted value, whole and the unusual word alone, as NFC, NFD, upper and lower case
    and without diacritics, in UTF-8 and UTF-16 (a Windows tool may write either)."""
    values = {NAME, "Plantđặc", GUARDIAN, "Plantcha", CODE, CCCD, CHILD_CCCD, PHONE}
    forms: set[str] = set()
    for value in values:
        for cased in (value, value.upper(), value.lower(), _folded(value), _folded(value).lower()):
            forms |= {unicodedata.normalize(form, cased) for form in ("NFC", "NFD")}
            forms.add(_folded(cased).upper())
    return {f.encode(codec) for f in forms for codec in ("utf-8", "utf-16-le")}


def leaks(content: bytes) -> list[bytes]:
    return sorted(needle for needle in needles() if needle in content)


def planted_file(folder: Path) -> Path:
    """The child's row, and a row with errors that names the child too (CCCD 079123456789 is
    a woman's born in 1923: refused for a pupil); the file is named after the child, as clerks
    do."""
    child = needs_row(1, **{
        "Mã học sinh (*)": CODE, "Họ và tên (*)": NAME, "Ngày sinh (*)": BIRTH, "Giới tính (*)": "Nữ",
        "Số định danh cá nhân": CHILD_CCCD, "Số điện thoại": PHONE,
        "Họ tên cha/mẹ/người giám hộ": GUARDIAN,
    })  # fmt: skip
    broken = needs_row(2, **{"Họ và tên (*)": NAME + " B", "Ngày sinh (*)": "31/02/2012",
                             "Số định danh cá nhân": CCCD, "Số điện thoại": PHONE})  # fmt: skip
    return write_sheet(folder / f"{NAME} {CODE} {CCCD}.xlsx", NEEDS_HEADERS, [child, broken])


def failing_with_the_values(*_args: Any, **_kwargs: Any) -> Any:
    raise ValueError(f"bad {NAME} {CODE} CCCD {CCCD} {CHILD_CCCD} phone {PHONE}")


def import_through_the_wizard(qtbot: QtBot, db_path: Path, path: Path, *, fails: bool) -> None:
    wizard = ImportWizard(db_path, "needs")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_MS) as checked:
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    assert checked.args == ["failed" if fails else "succeeded"]
    if not fails:
        assert wizard.check_page.model.rowCount() == 2  # the broken row's two errors
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
        commit = wizard.button(QWizard.WizardButton.CommitButton)
        with qtbot.waitSignal(wizard.job_finished, timeout=JOB_MS) as written:
            qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
        assert written.args == ["succeeded"]
    assert cancel_all_jobs()
    wizard.close()


def sync_and_wait(qtbot: QtBot, page: SyncPage) -> SyncReport | None:
    with qtbot.waitSignal(page.controller.finished, timeout=JOB_MS) as finished:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert report is None or isinstance(report, SyncReport)
    return report


def test_a_full_workflow_leaves_no_childs_value_in_the_log_or_the_copied_details(
    qtbot: QtBot,
    tmp_path: Path,
    db: Database,
    db_path: Path,
    settings: QSettings,
    server: Any,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_file = setup_logging()
    assert log_file is not None
    path = planted_file(tmp_path)

    # 1. the check crashes with the child's values in the exception; then the real import
    with monkeypatch.context() as patched:
        patched.setattr(import_wizard, "import_file", failing_with_the_values)
        import_through_the_wizard(qtbot, db_path, path, fails=True)
    import_through_the_wizard(qtbot, db_path, path, fails=False)
    student_id = db.execute("SELECT id FROM students WHERE code = ?", [CODE]).fetchone()[0]

    # 2. the form: the child's class changed and saved
    store_account(db, make_account(server.url, SCHOOL, USER), PASSWORD, Credentials())
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000, probe_ms=3_600_000,
                        sync_settings=FAST)  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("students")
    students = window.current_page()
    assert isinstance(students, StudentsPage)
    students.table.selectRow(students.model.row_of(student_id))
    students.edit_button.click()
    form = next(d for d in students.findChildren(StudentDialog) if d.isVisible())
    assert form.inputs["full_name"].text() == NAME
    form.inputs["class_name"].setText("6A2")
    form.save_button.click()
    assert not form.isVisible(), form.outcome

    # 3. sync on loopback, then a run that crashes with the whole payload in its exception
    window.show_section("sync")
    page = window.current_page()
    assert isinstance(page, SyncPage)
    first = sync_and_wait(qtbot, page)
    assert first is not None and first.ok, first
    assert first.accepted >= 1  # the child's record did travel
    window.show_section("students")
    students.table.selectRow(students.model.row_of(student_id))
    students.edit_button.click()
    form = next(d for d in students.findChildren(StudentDialog) if d.isVisible())
    form.inputs["class_name"].setText("6A3")
    form.save_button.click()
    window.show_section("sync")

    real_body = sync.client.submission_body

    def body_then_crash(*args: Any, **kwargs: Any) -> Any:
        body = real_body(*args, **kwargs)
        payload = json.loads(body)  # the server's own words would echo it the same way
        # No consent recorded: the name stays at the school, the code travels (minimisation).
        assert CODE in json.dumps(payload, ensure_ascii=False)
        raise ValueError(f"cannot send {json.dumps(payload, ensure_ascii=False)}")

    monkeypatch.setattr(sync.client, "submission_body", body_then_crash)
    assert sync_and_wait(qtbot, page) is None  # crashed: not a sync problem
    qtbot.waitUntil(lambda: any(isinstance(w, ErrorDialog) and w.isVisible()
                                for w in QApplication.topLevelWidgets()))  # fmt: skip
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ErrorDialog) and w.isVisible())  # fmt: skip
    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    # Not whom it was about...
    logs = sorted(p for p in log_file.parent.rglob("*") if p.is_file())
    assert leaks(copied.encode("utf-8")) == []
    for log in logs:
        assert leaks(log.read_bytes()) == [], log
    # ...but still what failed and where.
    assert "Traceback (most recent call last)" in copied and "\nValueError" in copied
    assert "in body_then_crash" in copied and "in _post" in copied
    logged = b"".join(p.read_bytes() for p in logs).decode("utf-8")
    assert "Checking a .xlsx file failed" in logged and "in failing_with_the_values" in logged
    assert "Unexpected error" in logged and "in body_then_crash" in logged
