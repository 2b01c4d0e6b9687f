"""The Bàn giao page: the proposal as the clerk edits it, recording all lines or none, the minutes
as PDF, returns and the history; the dashboard's overdue devices; the approval policy setting."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from builders import fill_needs_and_devices
from dialogs import Answer, answering
from helpers import figures_read, show_page
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.access import list_access
from desktop_app.core.allocation import TIE_BREAK_RULE, propose_for
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.handovers import device_history, record_handovers
from desktop_app.core.proposal_edits import BatchDetails
from desktop_app.core.school import load_school, save_school
from desktop_app.core.students import save_student
from desktop_app.ui.common.jobs import ACTOR_PROPERTY
from desktop_app.ui.common.table_model import FLAGGED, FLAGGED_BACKGROUND
from desktop_app.ui.dashboard.page import DashboardPage
from desktop_app.ui.handover.minutes_dialog import MinutesDialog
from desktop_app.ui.handover.model import ERROR_BACKGROUND, ProposalTableModel
from desktop_app.ui.handover.page import TAB_HISTORY, HandoverPage
from desktop_app.ui.handover.return_dialog import ReturnDialog
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ui.shell.main_window import MainWindow

JOB_MS = 15_000
PRINCIPAL = "Nguyễn Thị Hạnh"
TODAY = date.today()


@pytest.fixture
def stocked(db: Database, tmp_path: Path) -> Database:
    """Three approved needs (HS000001…3) and three tablets (SN00000001…3), and a fourth student
    whose need the district has not approved yet (so one student waits)."""
    fill_needs_and_devices(db, tmp_path, count=3)
    save_school(db, {"principal": PRINCIPAL, "clerk": "Trần Văn Minh"})
    result = save_student(db, {
        "student_code": "HS000004", "full_name": "Học Sinh D", "birth_date": "05/09/2010",
        "gender": "Nam", "class_name": "6A2", "category": "Hộ nghèo", "has_device": "Không",
        "requested_device": "Máy tính bảng", "guardian_name": "Lê Thị Mai",
    })  # fmt: skip
    assert result.ok, result.errors
    return db


def make_page(qtbot: QtBot, db: Database, db_path: Path) -> HandoverPage:
    page = HandoverPage(db, db_path)
    with qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
        show_page(qtbot, page)
    return page


def codes(model: ProposalTableModel) -> list[str]:
    return [model.student_code(row) for row in range(model.rowCount())]


def cell(model, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def handovers(db: Database) -> list[tuple[str, str, str]]:
    """(student code, serial, kind) of every event, in the order recorded."""
    return [
        tuple(row)
        for row in db.execute(
            "SELECT s.code, v.serial, h.kind FROM handovers h JOIN students s ON s.id ="
            " h.student_id JOIN devices v ON v.id = h.device_id WHERE h.deleted = 0"
            " ORDER BY h.event_date, h.id"
        )
    ]


def record(qtbot: QtBot, page: HandoverPage, print_offer: str | None = None) -> Answer:
    """Click "Ghi nhận bàn giao", answer "Ghi nhận" to the question, and wait for the proposal
    read again afterwards. The offer to print the minutes comes next: answered with
    ``print_offer`` (a button's text; "In biên bản…" opens the minutes dialog), or left open."""
    with answering(qtbot) as answers:
        question = answers.message_box(button="Ghi nhận", text="Ghi nhận bàn giao")
        if print_offer is None:
            answers.leave_open(QMessageBox, text="In biên bản bàn giao")
        else:
            answers.message_box(button=print_offer, text="In biên bản bàn giao")
            if print_offer == "In biên bản…":
                answers.leave_open(MinutesDialog)
        with qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
            qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    return question


def record_refused(qtbot: QtBot, page: HandoverPage) -> None:
    """Click "Ghi nhận bàn giao" when the check will refuse: no question may be asked."""
    with answering(qtbot), qtbot.waitSignal(page.jobFinished, timeout=JOB_MS):
        qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


# --- the proposal --------------------------------------------------------------------------------


def test_the_proposal_shows_the_cores_lines_in_priority_order_with_their_reasons(
    qtbot, qtmodeltester, db, db_path
):
    fill_demo_data(db, students=150)
    page = make_page(qtbot, db, db_path)
    expected = propose_for(db)
    model = page.model
    assert codes(model) == [line.candidate.code for line in expected.lines] != []
    categories = [
        int(cell(model, r, ProposalTableModel.CATEGORY)) for r in range(len(expected.lines))
    ]
    assert categories == sorted(categories)
    assert [cell(model, r, ProposalTableModel.REASON) for r in range(model.rowCount())] == [
        line.reason for line in expected.lines
    ]
    warned = next(r for r, line in enumerate(expected.lines) if line.warning)
    assert cell(model, warned, ProposalTableModel.CODE, FLAGGED) is True
    assert cell(model, warned, ProposalTableModel.NAME, Qt.ItemDataRole.BackgroundRole) == (
        FLAGGED_BACKGROUND
    )
    assert expected.lines[warned].warning in page.model.detail(warned)
    assert page.waiting_model.rowCount() == len(expected.waiting)
    assert page.excluded_model.rowCount() == len(expected.excluded)
    assert page.unused_model.rowCount() == len(expected.unused)
    assert page.tabs.tabText(0) == f"Đề xuất phân bổ ({len(expected.lines)})"
    assert page.rule_label.text() == TIE_BREAK_RULE
    qtmodeltester.check(model, force_py=True)


def test_the_principal_hands_over_by_default_and_signs_as_hieu_truong(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    assert page.batch_details() == BatchDetails(TODAY, PRINCIPAL, "Hiệu trưởng")
    page.handed_by.setEditText("Trần Văn Minh")
    assert page.batch_details() == BatchDetails(TODAY, "Trần Văn Minh", "")


def test_recording_saves_every_checked_line_and_proposes_again(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    assert codes(page.model) == ["HS000001", "HS000002", "HS000003"]
    assert [s.candidate.code for s in page.proposal.waiting] == ["HS000004"]
    changed = mock.Mock()
    page.handoversChanged.connect(changed)
    question = record(qtbot, page)
    assert handovers(stocked) == [(f"HS00000{i}", f"SN0000000{i}", "handover") for i in (1, 2, 3)]
    row = stocked.execute(
        "SELECT handed_by, handed_by_position, event_date FROM handovers"
    ).fetchone()
    assert row == (PRINCIPAL, "Hiệu trưởng", TODAY.isoformat())
    assert "3 thiết bị cho 3 học sinh" in question.text
    changed.assert_called_once()
    assert page.model.rowCount() == 0 and page.waiting_model.rowCount() == 1
    assert page.recent_codes == ["HS000001", "HS000002", "HS000003"]
    assert page.message_label.text().startswith("Đã ghi nhận 3 lượt bàn giao")
    assert page.print_offer is not None and page.print_offer.isVisible()


def test_the_question_after_the_check_is_the_only_window_on_screen_and_can_be_answered(
    qtbot, stocked, db_path
):
    """The freeze clerks met: the check's progress dialog, hidden when the check ended, showed
    itself again over the question; its Hủy did nothing and the question could not be answered."""
    page = make_page(qtbot, stocked, db_path)
    with answering(qtbot) as answers:
        question = answers.message_box(button="Ghi nhận", text="Ghi nhận bàn giao 3 thiết bị")
        offer = answers.message_box(button="Để sau", text="In biên bản bàn giao")
        page.record_button.click()
    assert "3 thiết bị cho 3 học sinh" in question.text and offer.title == "In biên bản bàn giao"
    assert handovers(stocked) == [(f"HS00000{i}", f"SN0000000{i}", "handover") for i in (1, 2, 3)]
    assert page.message_label.text().startswith("Đã ghi nhận 3 lượt bàn giao")


def test_an_unchecked_line_is_not_recorded_and_stays_proposed(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    index = page.model.index(1, ProposalTableModel.CHECK)
    assert page.model.setData(index, Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert page.count_label.text().startswith("3 dòng · 2 sẽ giao")
    record(qtbot, page)
    assert handovers(stocked) == [("HS000001", "SN00000001", "handover"),
                                  ("HS000003", "SN00000003", "handover")]  # fmt: skip
    assert codes(page.model) == ["HS000002"]  # proposed again, with the device left
    assert cell(page.model, 0, ProposalTableModel.SERIAL) == "SN00000002"


def test_a_line_given_another_device_is_recorded_with_that_device(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    page.select_row(2)
    page.toggle_selected()  # Space: HS000003 is not delivered now, SN00000003 is free
    assert not page.model.is_accepted(2)
    dialog = page.change_device(0)
    offered = [dialog.model.device(r).serial for r in range(dialog.model.rowCount())]
    assert offered == ["SN00000001", "SN00000003"]  # not SN00000002: line 2 delivers it
    dialog.table.selectRow(1)
    dialog.choose_button.click()
    assert cell(page.model, 0, ProposalTableModel.SERIAL) == "SN00000003"
    assert "SN00000001" in cell(
        page.model, 0, ProposalTableModel.SERIAL, Qt.ItemDataRole.ToolTipRole
    )
    # Taking line 3 back would deliver SN00000003 twice: refused, with the reason.
    index = page.model.index(2, ProposalTableModel.CHECK)
    assert not page.model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert "SN00000003" in page.message_label.text()
    record(qtbot, page)
    assert handovers(stocked) == [("HS000001", "SN00000003", "handover"),
                                  ("HS000002", "SN00000002", "handover")]  # fmt: skip


def test_a_refused_line_shows_its_message_and_nothing_is_saved(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    # Meanwhile another window hands SN00000002 to HS000004.
    (done,) = record_handovers(stocked, [{"serial": "SN00000002", "student_code": "HS000004",
                                          "handover_date": TODAY.strftime("%d/%m/%Y"),
                                          "receiver_role": "Học sinh"}], today=TODAY)  # fmt: skip
    assert done.ok
    record_refused(qtbot, page)  # no question asked
    assert handovers(stocked) == [("HS000004", "SN00000002", "handover")]  # nothing more
    assert cell(page.model, 1, ProposalTableModel.NAME, Qt.ItemDataRole.BackgroundRole) == (
        ERROR_BACKGROUND
    )
    errors = page.model.check(1).errors
    assert errors and cell(page.model, 1, ProposalTableModel.CODE, Qt.ItemDataRole.ToolTipRole)
    assert errors[0] in cell(page.model, 1, ProposalTableModel.CODE, Qt.ItemDataRole.ToolTipRole)
    assert page.model.check(0).errors == [] and page.model.check(2).errors == []
    assert "HS000004" in errors[0]
    banner = page.error_banner
    assert banner.isVisibleTo(page)
    assert banner.text().startswith("Chưa ghi nhận dòng nào: 1 dòng có lỗi")
    assert errors[0] in banner.text() and "Dòng 2" in banner.text()
    assert banner.toolTip() == f"2. HS000002: {errors[0]}"
    assert page.current_row() == 1


def test_a_handover_date_before_the_devices_arrived_is_said_beside_the_date(
    qtbot, stocked, db_path
):
    page = make_page(qtbot, stocked, db_path)
    page.date_edit.setText("01/01/2022")  # the tablets came on 05/01/2022
    record_refused(qtbot, page)
    assert handovers(stocked) == []
    assert page.date_error.isVisibleTo(page) and "05/01/2022" in page.date_error.text()
    assert page.model.rows_with_errors() == [0, 1, 2]


def test_the_receiver_dialog_checks_the_person_and_the_handover_keeps_it(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    dialog = page.edit_receiver(0)
    dialog.role.setCurrentIndex(dialog.role.findData("parent"))
    assert dialog.edits["receiver_name"].text() == "Nguyễn Văn Bình"  # from the needs list
    dialog.edits["receiver_name"].setText("Trần Thị Hoa")
    dialog.save_button.click()  # no relationship
    assert dialog.isVisible() and not dialog.fields.error_labels["relationship"].isHidden()
    dialog.edits["relationship"].setText("Mẹ")
    dialog.edits["receiver_citizen_id"].setText("0123")
    dialog.save_button.click()
    assert dialog.isVisible()
    assert "12 chữ số" in dialog.fields.error_labels["receiver_citizen_id"].text()
    dialog.edits["receiver_citizen_id"].setText("")
    dialog.save_button.click()
    assert not dialog.isVisible()
    assert cell(page.model, 0, ProposalTableModel.RECEIVER) == "Mẹ: Trần Thị Hoa"
    record(qtbot, page)
    row = stocked.execute(
        "SELECT receiver_role, receiver_name, relationship FROM handovers h JOIN students s"
        " ON s.id = h.student_id WHERE s.code = 'HS000001'"
    ).fetchone()
    assert row == ("parent", "Trần Thị Hoa", "Mẹ")


def test_the_receiver_dialog_offers_the_code_lists_relationships_as_the_clerk_types(
    qtbot, stocked, db_path
):
    page = make_page(qtbot, stocked, db_path)
    dialog = page.edit_receiver(0)
    dialog.role.setCurrentIndex(dialog.role.findData("guardian"))
    completer = dialog.edits["relationship"].completer()
    assert completer is not None
    completer.setCompletionPrefix("b")  # as typed, lower case
    offered = [completer.completionModel().index(r, 0).data()
               for r in range(completer.completionModel().rowCount())]  # fmt: skip
    assert offered and all(word.lower().startswith("b") for word in offered)
    assert {"Bố", "Bà"} <= set(offered)


# --- minutes -------------------------------------------------------------------------------------


def test_the_minutes_of_the_handovers_just_recorded_are_saved_as_pdf(
    qtbot, stocked, db_path, tmp_path
):
    page = make_page(qtbot, stocked, db_path)
    page.setProperty(ACTOR_PROPERTY, "Lê Thị Hoa")  # as the main window sets it on itself
    record(qtbot, page, print_offer="In biên bản…")
    dialog = page.minutes_dialog
    assert dialog is not None and dialog.isVisible() and dialog.scope() == "recent"
    target = tmp_path / "bien-ban"
    with answering(qtbot) as answers, qtbot.waitSignal(dialog.pdfSaved, timeout=JOB_MS) as saved:
        asked = answers.save_file(target)
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / "bien-ban.pdf"
    assert saved.args == [str(pdf), 3] and asked.text.endswith(".pdf")
    assert asked.filters == ["Tệp PDF (*.pdf)"]
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3
    texts = [squeeze(p.extract_text()) for p in reader.pages]
    for text, name in zip(texts, ["Học Sinh A", "Học Sinh B", "Học Sinh C"], strict=True):
        assert squeeze("BIÊN BẢN") in text and squeeze(name) in text
    assert squeeze(PRINCIPAL) in texts[0]
    assert "bien-ban.pdf" in dialog.status.text()
    # the handovers and the PDF are signed by the session's user; the PDF is in the access trail
    actors = {r[0] for r in stocked.execute("SELECT actor FROM audit_log WHERE entity='handover'")}
    assert actors == {"Lê Thị Hoa"}
    pdfs = [(r.actor, r.target, r.students) for r in list_access(stocked.conn)
            if r.kind == "minutes_pdf"]  # fmt: skip
    assert pdfs == [("Lê Thị Hoa", "bien-ban.pdf", 3)]


def test_the_minutes_dialog_can_print_one_students_minutes_by_code(
    qtbot, stocked, db_path, tmp_path
):
    page = make_page(qtbot, stocked, db_path)
    record(qtbot, page, print_offer="Để sau")
    dialog = page.open_minutes_dialog(["HS000002"])
    assert dialog.scope() == "codes" and dialog.arguments() == {"student_codes": ["HS000002"]}
    with answering(qtbot) as answers, qtbot.waitSignal(dialog.pdfSaved, timeout=JOB_MS):
        answers.save_file(tmp_path / "one.pdf")
        qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    reader = PdfReader(tmp_path / "one.pdf")
    assert len(reader.pages) == 1
    assert squeeze("Học Sinh B") in squeeze(reader.pages[0].extract_text())


# --- returns and history -------------------------------------------------------------------------


def test_a_return_through_the_dialog_is_in_the_history_and_the_device_is_proposed_again(
    qtbot, stocked, db_path
):
    page = make_page(qtbot, stocked, db_path)
    record(qtbot, page, print_offer="Để sau")
    assert codes(page.model) == []  # HS000004 waits: every device is handed over
    dialog = page.open_return_dialog()
    dialog.serial.setText("SN00000002")
    assert "Học Sinh B" in dialog.holder.text()
    dialog.set_reason("other")
    dialog.save_button.click()  # "other" needs a note
    assert dialog.isVisible() and not dialog.fields.error_labels["note"].isHidden()
    assert device_history(stocked, "SN00000002")[-1].kind == "handover"
    dialog.set_reason("moved")
    dialog.returned_by.setText("Nguyễn Văn Bình")
    with qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
        dialog.save_button.click()
    assert not page.findChildren(ReturnDialog)  # closed, and deleted
    assert page.tabs.currentIndex() == TAB_HISTORY
    events = page.history.model.events()
    assert [e.kind for e in events] == ["handover", "return"]
    assert events[-1].reason == "Học sinh chuyển trường"
    assert events[-1].receiver == "Nguyễn Văn Bình"
    assert "SN00000002" in page.history.title.text()
    # The device may go to another student: HS000004 is proposed it now.
    assert codes(page.model) == ["HS000004"]
    assert cell(page.model, 0, ProposalTableModel.SERIAL) == "SN00000002"
    assert page.message_label.text() == "Đã ghi nhận thu hồi thiết bị SN00000002."


def test_the_history_of_a_student_is_found_by_code(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    record(qtbot, page, print_offer="Để sau")
    page.tabs.setCurrentIndex(TAB_HISTORY)
    page.history.search.setText("HS000003")
    page.history.show_button.click()
    events = page.history.model.events()
    assert [(e.kind, e.serial) for e in events] == [("handover", "SN00000003")]
    assert page.history.title.text().startswith("Lịch sử của học sinh HS000003 – Học Sinh C")
    assert page.history.model.data(page.history.model.index(0, 0)) == TODAY.strftime("%d/%m/%Y")
    assert page.history.return_button.isEnabled() and page.history.print_button.isEnabled()
    page.history.show_history("KHONG-CO")
    assert page.history.model.rowCount() == 0
    assert not page.history.return_button.isEnabled()


# --- the window, the dashboard, the settings -----------------------------------------------------


def test_the_window_shows_the_handover_page_and_a_recording_refreshes_the_status_bar(
    qtbot, stocked, db_path, settings
):
    window = MainWindow(stocked, db_path, settings=settings, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    before = window.pending_label.text()
    window.show_section("handover")
    page = window.current_page()
    assert isinstance(page, HandoverPage)
    qtbot.waitUntil(lambda: page.proposal is not None, timeout=JOB_MS)
    with qtbot.waitSignal(window.data_changed, timeout=JOB_MS):
        record(qtbot, page)
    assert window.pending_label.text() != before
    window.show_section("overview")  # shown before the recording: read again now
    assert figures_read(window).cards["handed"].value_label.text() == "3"


def test_the_dashboard_counts_devices_still_on_the_shelf_five_days_after_they_came(qtbot, stocked):
    received = date(2022, 1, 5)
    on_time = DashboardPage(stocked, today=received + timedelta(days=5))
    qtbot.addWidget(on_time)
    assert on_time.overdue_value.text() == "0" and on_time.overdue_table.isHidden()
    page = DashboardPage(stocked, today=received + timedelta(days=6))
    qtbot.addWidget(page)
    assert page.overdue_value.text() == "3"
    assert page.overdue_table.rowCount() == 3
    assert page.overdue_table.item(0, 0).text() == "SN00000001"
    assert page.overdue_table.item(0, 4).text() == "10/01/2022"
    assert page.overdue_table.item(0, 5).text() == "1 ngày"
    assert "05 ngày" in page.overdue_title.text()
    record_handovers(stocked, [{"serial": "SN00000001", "student_code": "HS000001",
                                "handover_date": "10/01/2022", "receiver_role": "Học sinh"}],
                     today=date(2022, 1, 11))  # fmt: skip
    page.refresh()
    assert page.overdue_value.text() == "2"
    assert page.overdue_table.item(0, 0).text() == "SN00000002"


def test_the_approval_policy_and_parent_agency_round_trip_through_the_settings(qtbot, db, db_path):
    page = SettingsPage(db, db_path)
    qtbot.addWidget(page)
    assert page.school_fields["approval_policy"].text() == "Cảnh báo nhưng vẫn cho bàn giao"
    wizard = page.edit_school()
    wizard.next()
    people = wizard.people_page
    assert people.policy_buttons["warn"].isChecked()
    people.policy_buttons["block"].click()
    people.edits["parent_agency"].setText("Phòng GD&ĐT huyện Mường Nhé")
    wizard.next()  # the summary, read before saving
    with qtbot.waitSignal(page.profileChanged, timeout=2000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    profile = load_school(db)
    assert (profile.approval_policy, profile.parent_agency) == (
        "block", "Phòng GD&ĐT huyện Mường Nhé")  # fmt: skip
    assert page.school_fields["approval_policy"].text() == "Không cho bàn giao"
    assert page.school_fields["parent_agency"].text() == "Phòng GD&ĐT huyện Mường Nhé"
    again = page.edit_school()
    assert again.people_page.policy_buttons["block"].isChecked()
    assert again.people_page.edits["parent_agency"].text() == "Phòng GD&ĐT huyện Mường Nhé"
    again.reject()


def test_with_the_block_policy_an_unapproved_need_is_not_proposed(qtbot, stocked, db_path):
    save_school(stocked, {"approval_policy": "block"})
    page = make_page(qtbot, stocked, db_path)
    assert codes(page.model) == ["HS000001", "HS000002", "HS000003"]
    assert page.excluded_model.student_code(0) == "HS000004"
    reason = page.excluded_model.data(page.excluded_model.index(0, 5))
    assert "chưa được Phòng GD&ĐT duyệt" in reason
    assert page.waiting_model.rowCount() == 0


def test_propose_again_asks_before_dropping_the_clerks_changes(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    page.select_row(0)
    page.toggle_selected()
    with answering(qtbot) as answers:
        question = answers.message_box(button="Hủy")
        qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert question.text.startswith("Lập lại đề xuất từ đầu?")
    assert not page.model.is_accepted(0) and not page.is_busy()
    with answering(qtbot) as answers, qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
        answers.message_box(button="Lập lại đề xuất")
        qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert page.model.is_accepted(0)


def test_the_empty_proposal_says_nothing_to_record(qtbot, db, db_path):
    page = make_page(qtbot, db, db_path)
    assert page.model.rowCount() == 0 and not page.record_button.isEnabled()
    page.record()
    assert page.message_label.text() == "Chưa có dòng nào được đánh dấu Giao."


def test_an_offer_to_print_can_be_put_off(qtbot, stocked, db_path):
    page = make_page(qtbot, stocked, db_path)
    record(qtbot, page, print_offer="Để sau")
    assert page.minutes_dialog is None
    assert not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in page.findChildren(QMessageBox)
    )
