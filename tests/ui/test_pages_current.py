"""Pages stay current: every path that changes the data (an import, a sync and the review decisions
it brings, a handover, a restore, a save on another page) shows on every page that shows that
data, the page on screen at once and the others when they are shown; each figure is checked
against a count of its own from the database. The Bàn giao proposal never offers a device that
is no longer available, and shows every serial in full."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from builders import (
    DEVICE_HEADERS,
    HANDOVER_HEADERS,
    NEEDS_HEADERS,
    device_row,
    fill_needs_and_devices,
    handover_row,
    needs_row,
    write_sheet,
)
from dialogs import answering
from helpers import figures_read
from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.handovers import HandoverRequest, record_handovers
from desktop_app.core.safekeeping import backups
from desktop_app.ui.handover.model import ProposalTableModel
from desktop_app.ui.handover.page import HandoverPage
from desktop_app.ui.settings.backup_dialog import BackupDialog
from desktop_app.ui.shell.main_window import MainWindow

JOB_MS = 30_000
TODAY = date.today()
BIRTH = (TODAY - timedelta(days=365 * 12 + 40)).strftime("%d/%m/%Y")  # grade 6 today


def make_window(qtbot: QtBot, db: Database, db_path: Path, settings: QSettings) -> MainWindow:
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000, probe_ms=3_600_000)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def show(qtbot: QtBot, window: MainWindow, key: str) -> Any:
    """Show a section; the Bàn giao page is waited for until its proposal is on screen."""
    page = window.page(key)
    if key == "handover" and (page is None or page.is_busy()):
        if page is None:
            window.show_section(key)
            page = window.page(key)
        assert isinstance(page, HandoverPage)
        qtbot.waitUntil(lambda: page.proposal is not None and not page.is_busy(), timeout=JOB_MS)
    window.show_section(key)
    page = window.current_page()
    if isinstance(page, HandoverPage):
        qtbot.waitUntil(lambda: not page.is_busy(), timeout=JOB_MS)
    return page


def build_pages(qtbot: QtBot, window: MainWindow, *keys: str) -> None:
    for key in keys:
        show(qtbot, window, key)


def count(db: Database, sql: str, *params: Any) -> int:
    return int(db.execute(sql, list(params)).fetchone()[0])


def students_in_db(db: Database) -> int:
    return count(db, "SELECT count(*) FROM students WHERE deleted = 0")


def handed_in_db(db: Database) -> int:
    """Devices whose latest event is a handover, counted here in SQL (not by the rules layer)."""
    return count(
        db,
        "SELECT count(*) FROM handovers h WHERE h.deleted = 0 AND h.kind = 'handover' AND NOT"
        " EXISTS (SELECT 1 FROM handovers l WHERE l.deleted = 0 AND l.device_id = h.device_id"
        " AND (l.event_date > h.event_date OR (l.event_date = h.event_date AND l.id > h.id)))",
    )


def number(value: int) -> str:
    return QLocale().toString(value)


def card(window: MainWindow, key: str) -> str:
    return str(figures_read(window).cards[key].value_label.text())


def offered_serials(page: HandoverPage) -> list[str]:
    return [page.model.device(row).serial for row in range(page.model.rowCount())]


def proposal_codes(page: HandoverPage) -> set[str]:
    """Every student on one of the proposal's three lists."""
    assert page.proposal is not None
    lists = (page.proposal.lines, page.proposal.waiting, page.proposal.excluded)
    return {item.candidate.code for items in lists for item in items}


def run_wizard(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """The window's import wizard on ``path``: check, then import every valid row."""
    wizard: Any = window.open_import_wizard(path)
    qtbot.waitExposed(wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    qtbot.waitUntil(next_button.isEnabled, timeout=JOB_MS)
    with qtbot.waitSignal(wizard.job_finished, timeout=JOB_MS):
        qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    with qtbot.waitSignal(window.data_changed, timeout=JOB_MS):
        qtbot.mouseClick(commit, Qt.MouseButton.LeftButton)
    wizard.close()


@pytest.fixture
def stocked(db: Database, tmp_path: Path) -> Database:
    """Three approved needs (HS000001…3) and three tablets (SN00000001…3)."""
    fill_needs_and_devices(db, tmp_path, count=3)
    return db


# --- an import -----------------------------------------------------------------------------------


def test_an_import_shows_on_the_students_page_on_screen_the_dashboard_and_the_handover_page(
    qtbot, stocked, db_path, settings, tmp_path
):
    db = stocked
    window = make_window(qtbot, db, db_path, settings)
    build_pages(qtbot, window, "overview", "handover", "students")
    students = window.current_page()
    assert students.model.rowCount() == students_in_db(db) == 3
    new = [needs_row(n, **{"Ngày sinh (*)": BIRTH}) for n in range(4, 7)]
    run_wizard(qtbot, window, write_sheet(tmp_path / "them.xlsx", NEEDS_HEADERS, new))

    # the page on screen: read again at once, without being shown again
    qtbot.waitUntil(lambda: students.model.rowCount() == students_in_db(db) == 6, timeout=JOB_MS)
    needs = count(db, "SELECT count(DISTINCT student_id) FROM needs WHERE deleted = 0")
    show(qtbot, window, "overview")
    assert card(window, "needs") == number(needs) == number(6)
    handover = show(qtbot, window, "handover")
    assert {"HS000004", "HS000005", "HS000006"} <= proposal_codes(handover)


def test_a_handover_import_takes_the_device_out_of_the_open_proposal_and_says_so(
    qtbot, stocked, db_path, settings, tmp_path
):
    db = stocked
    window = make_window(qtbot, db, db_path, settings)
    build_pages(qtbot, window, "overview", "receiving", "handover")
    page = window.current_page()
    assert "SN00000001" in offered_serials(page)
    path = write_sheet(
        tmp_path / "ban-giao.xlsx",
        HANDOVER_HEADERS,
        [handover_row(1, **{"Ngày bàn giao": (TODAY - timedelta(days=1)).strftime("%d/%m/%Y")})],
        sheet="Ban giao",
    )
    run_wizard(qtbot, window, path)  # on the Bàn giao page: the handovers template

    qtbot.waitUntil(lambda: "SN00000001" not in offered_serials(page) and not page.is_busy(),
                    timeout=JOB_MS)  # fmt: skip
    assert count(db, "SELECT count(*) FROM handovers WHERE deleted = 0") == 1
    assert "HS000001" not in [page.model.student_code(r) for r in range(page.model.rowCount())]
    message = page.message_label.text()
    assert "SN00000001" in message and "không còn sẵn sàng" in message
    assert "\n" not in message  # one line

    show(qtbot, window, "overview")
    assert card(window, "handed") == number(handed_in_db(db)) == number(1)
    devices = show(qtbot, window, "receiving")
    row = devices.model.row_of(
        db.execute("SELECT id FROM devices WHERE serial = 'SN00000001'").fetchone()[0]
    )
    assert row is not None and devices.model.device(row).handed_over


def test_a_device_handed_over_elsewhere_while_the_proposal_is_open_is_no_longer_offered(
    qtbot, stocked, db_path, settings
):
    """Another path (here the command line, seen by the status bar's poll) hands over a device
    the open proposal offers: the proposal drops it, and recording would refuse it anyway."""
    db = stocked
    window = make_window(qtbot, db, db_path, settings)
    page = show(qtbot, window, "handover")
    row = offered_serials(page).index("SN00000002")
    student = page.model.student_code(row)
    saved = record_handovers(
        db, [HandoverRequest(serial="SN00000002", student_code=student, handover_date=TODAY)],
        today=TODAY,
    )  # fmt: skip
    assert saved[0].ok
    with qtbot.waitSignal(window.data_changed):
        window.refresh_status()  # what the poll does every few seconds
    qtbot.waitUntil(lambda: "SN00000002" not in offered_serials(page) and not page.is_busy(),
                    timeout=JOB_MS)  # fmt: skip
    assert "SN00000002" in page.message_label.text()
    available = count(db, "SELECT count(*) FROM devices WHERE deleted = 0") - handed_in_db(db)
    assert len(set(offered_serials(page))) == page.model.rowCount() == available == 2


# --- a handover, a save on another page ----------------------------------------------------------


def test_a_handover_recorded_shows_on_the_devices_page_and_the_dashboard(
    qtbot, stocked, db_path, settings
):
    db = stocked
    window = make_window(qtbot, db, db_path, settings)
    build_pages(qtbot, window, "overview", "receiving", "handover")
    devices = window.page("receiving")
    assert not any(devices.model.device(r).handed_over for r in range(devices.model.rowCount()))
    page = window.current_page()
    with answering(qtbot) as answers:
        answers.message_box(button="Ghi nhận", text="Ghi nhận bàn giao")
        answers.message_box(button="Để sau", text="In biên bản bàn giao")
        with qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
            qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    handed = handed_in_db(db)
    assert handed == 3

    show(qtbot, window, "receiving")
    shown = sum(devices.model.device(r).handed_over for r in range(devices.model.rowCount()))
    assert shown == handed
    show(qtbot, window, "overview")
    assert card(window, "handed") == number(handed)
    assert card(window, "available") == number(
        count(db, "SELECT count(*) FROM devices WHERE deleted = 0") - handed
    )


def test_a_device_saved_on_its_page_reaches_the_open_proposal_and_the_dashboard(
    qtbot, stocked, db_path, settings
):
    from desktop_app.ui.devices.dialog import DeviceDialog

    db = stocked
    window = make_window(qtbot, db, db_path, settings)
    build_pages(qtbot, window, "overview", "handover", "receiving")
    page = window.current_page()
    dialog = page.open_device_dialog()
    assert isinstance(dialog, DeviceDialog)
    dialog.use_batch("DOT-01")
    for name, value in (("brand", "Lenovo"), ("model", "Tab M10"), ("serial", "SN00000009"),
                        ("ram_gb", "4"), ("storage_gb", "64"), ("screen_inch", "10.1")):  # fmt: skip
        dialog.inputs[name].setText(value)
    dialog.inputs["device_type"].setCurrentText("Máy tính bảng")
    dialog.inputs["condition"].setCurrentText("Mới")
    with qtbot.waitSignal(window.data_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert count(db, "SELECT count(*) FROM devices WHERE deleted = 0") == 4
    show(qtbot, window, "overview")
    assert card(window, "devices") == number(4)
    handover = show(qtbot, window, "handover")
    unused = [handover.unused_model.serial(r) for r in range(handover.unused_model.rowCount())]
    assert "SN00000009" in offered_serials(handover) + unused


# --- a sync and its review decisions -------------------------------------------------------------


def test_review_decisions_from_a_sync_show_on_the_students_page_on_screen(
    qtbot, db, db_path, settings, tmp_path, server, memory_keyring
):
    from loopback import SCHOOL
    from test_sync_page import FAST, log_in

    from desktop_app.ui.students.model import StudentTableModel

    fill_needs_and_devices(db, tmp_path, count=3, approved=False)
    log_in(db, server)
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000,
                        probe_ms=3_600_000, sync_settings=FAST)  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    build_pages(qtbot, window, "overview", "students")
    page = window.current_page()
    with qtbot.waitSignal(window.sync.finished, timeout=JOB_MS):
        window.sync_now()
    server.review(SCHOOL, "HS000002", approve=False, comment="Thiếu giấy chứng nhận")
    server.review(SCHOOL, "HS000003", approve=True)
    with qtbot.waitSignal(window.sync.finished, timeout=JOB_MS):
        window.sync_now()

    def status_of(code: str) -> str:
        row = next(r for r in range(page.model.rowCount())
                   if page.model.student(r).code == code)  # fmt: skip
        return str(page.model.data(page.model.index(row, StudentTableModel.STATUS)))

    stored = dict(db.execute(
        "SELECT s.code, n.status FROM needs n JOIN students s ON s.id = n.student_id"
        " WHERE n.deleted = 0"
    ).fetchall())  # fmt: skip
    assert stored["HS000002"] != stored["HS000003"]
    from desktop_app.core.students import NEED_STATUSES
    from desktop_app.ui.common.text import shown

    qtbot.waitUntil(
        lambda: status_of("HS000002") == shown(NEED_STATUSES[stored["HS000002"]]), timeout=JOB_MS
    )
    assert status_of("HS000003") == shown(NEED_STATUSES[stored["HS000003"]])


# --- a restore -----------------------------------------------------------------------------------


def test_a_restore_shows_on_every_page(qtbot, stocked, db_path, settings, tmp_path):
    db = stocked
    backups.make_backup(db_path, "manual", now=datetime(2024, 5, 1))
    path = write_sheet(tmp_path / "them.xlsx", NEEDS_HEADERS,
                       [needs_row(n, **{"Ngày sinh (*)": BIRTH}) for n in (4, 5)])  # fmt: skip
    from desktop_app.core.importing.service import ImportOptions, import_file

    assert import_file(db, "needs", path, ImportOptions()).exit_code == 0
    extra = write_sheet(tmp_path / "tb.xlsx", DEVICE_HEADERS, [device_row(7)], sheet="Thiet bi")
    assert import_file(db, "devices", extra, ImportOptions()).exit_code == 0
    window = make_window(qtbot, db, db_path, settings)
    build_pages(qtbot, window, "overview", "students", "receiving", "handover", "reports",
                "sync", "settings")  # fmt: skip
    assert window.page("students").model.rowCount() == 5
    page = window.current_page()
    qtbot.mouseClick(page.backup_button, Qt.MouseButton.LeftButton)
    (dialog,) = [d for d in page.findChildren(BackupDialog) if d.isVisible()]
    found = [i for i in range(dialog.table.rowCount())
             if "01/05/2024" in dialog.table.item(i, 0).text()]  # fmt: skip
    dialog.table.selectRow(found[0])  # the imports made backups of their own, newer
    with answering(qtbot) as answers, qtbot.waitSignal(window.data_changed, timeout=JOB_MS):
        answers.message_box(button=QMessageBox.StandardButton.Yes, text="01/05/2024")
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    dialog.close()
    students = students_in_db(db)
    devices = count(db, "SELECT count(*) FROM devices WHERE deleted = 0")
    assert (students, devices) == (3, 3)

    assert show(qtbot, window, "students").model.rowCount() == students
    assert show(qtbot, window, "receiving").model.rowCount() == devices
    show(qtbot, window, "overview")
    assert card(window, "devices") == number(devices)
    handover = show(qtbot, window, "handover")
    assert proposal_codes(handover) == {"HS000001", "HS000002", "HS000003"}
    assert set(offered_serials(handover)) == {"SN00000001", "SN00000002", "SN00000003"}
    sync = show(qtbot, window, "sync")
    pending = count(db, "SELECT count(*) FROM outbox WHERE status = 'pending'")
    assert sync.cards["pending"].value_label.text() == sync._number(pending)


# --- the serials in full -------------------------------------------------------------------------


def test_the_proposal_shows_each_serial_in_full_in_its_cell_and_tooltip(
    qtbot, db, db_path, settings, tmp_path
):
    long_serials = ["IMEI-356938035643809-DAKLAK-2022", "SN-LENOVO-TB-X306X-000123456789"]
    fill_needs_and_devices(db, tmp_path, count=2)
    from desktop_app.core.store.database import write_transaction

    with write_transaction(db):  # serials longer than any sample the column was sized for
        for old, new in zip(("SN00000001", "SN00000002"), long_serials, strict=True):
            db.execute("UPDATE devices SET serial = ? WHERE serial = ?", [new, old])
    window = make_window(qtbot, db, db_path, settings)
    page = show(qtbot, window, "handover")
    model = page.model
    bold = QFont(page.table.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    for row in range(model.rowCount()):
        index = model.index(row, ProposalTableModel.SERIAL)
        serial = model.device(row).serial
        assert model.data(index) == serial
        assert serial in model.data(index, Qt.ItemDataRole.ToolTipRole)
        needed = metrics.horizontalAdvance(serial)
        assert page.table.columnWidth(ProposalTableModel.SERIAL) >= needed + 12
    assert sorted(model.device(r).serial for r in range(model.rowCount())) == sorted(long_serials)
