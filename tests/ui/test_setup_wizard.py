"""The school-profile wizard: required fields, saving through the core, the core's refusals."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from dialogs import answering
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard
from sqlite_utils import Database

from desktop_app.core.errors import StoreError
from desktop_app.core.school import load_school, save_school
from desktop_app.core.store.database import open_database
from desktop_app.ui.settings import setup_wizard
from desktop_app.ui.settings.setup_wizard import SetupWizard


@pytest.fixture
def empty_db(tmp_path: Path):
    database = open_database(tmp_path / "new.sqlite3")
    yield database
    database.close()


def make_wizard(qtbot, db: Database) -> SetupWizard:
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def fill_school(wizard: SetupWizard, name: str = "Trường TH Hòa Bình", code: str = "A01",
                level: str | None = "TH") -> None:  # fmt: skip
    page = wizard.school_page
    page.name_edit.setText(name)
    page.code_edit.setText(code)
    page.level_combo.setCurrentIndex(page.level_combo.findData(level))


def test_wizard_offers_the_four_levels_with_their_codes(qtbot, empty_db):
    combo = make_wizard(qtbot, empty_db).school_page.level_combo
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert codes == ["TH", "THCS", "THPT", "LC"]
    assert combo.itemText(3) == "Liên cấp" and combo.currentIndex() == -1


@pytest.mark.parametrize(
    ("name", "code", "level", "errors"),
    [
        ("", "", None, ["Hãy nhập tên trường.", "Hãy nhập mã trường.", "Hãy chọn cấp học."]),
        ("Trường TH Hòa Bình", "  ", "TH", ["Hãy nhập mã trường."]),
        ("Trường TH Hòa Bình", "A01", None, ["Hãy chọn cấp học."]),
    ],
)
def test_wizard_refuses_to_go_on_without_name_code_and_level(
    qtbot, empty_db, name, code, level, errors
):
    wizard = make_wizard(qtbot, empty_db)
    fill_school(wizard, name, code, level)
    wizard.next()
    assert wizard.currentPage() is wizard.school_page
    assert wizard.school_page.visible_errors() == errors
    assert not load_school(empty_db).is_complete


def test_wizard_cannot_finish_from_the_first_page(qtbot, empty_db):
    wizard = make_wizard(qtbot, empty_db)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.school_page and wizard.result() == 0


def test_wizard_saves_the_profile_through_the_core(qtbot, empty_db):
    wizard = make_wizard(qtbot, empty_db)
    fill_school(wizard, level="LC")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.people_page
    wizard.people_page.edits["province"].setText("Đắk Lắk")
    wizard.people_page.edits["principal"].setText(" Nguyễn Thị Hạnh ")
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.summary_page
    assert load_school(empty_db).name is None  # nothing saved before the summary is read
    with qtbot.waitSignal(wizard.accepted, timeout=1000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    profile = load_school(empty_db)
    assert (profile.name, profile.code, profile.level) == ("Trường TH Hòa Bình", "A01", "LC")
    assert (profile.province, profile.principal, profile.commune) == ("Đắk Lắk",
                                                                     "Nguyễn Thị Hạnh", None)  # fmt: skip
    assert wizard.profile == profile


def test_wizard_shows_the_cores_refusal_in_the_wizard_and_stays_open(qtbot, empty_db, monkeypatch):
    refusal = StoreError("Ổ đĩa đã đầy nên không lưu được; dữ liệu vẫn như trước khi lưu.")
    monkeypatch.setattr(setup_wizard, "save_school",
                        mock.create_autospec(save_school, side_effect=refusal))  # fmt: skip
    wizard = make_wizard(qtbot, empty_db)
    fill_school(wizard)
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.isVisible() and wizard.currentPage() is wizard.summary_page
    assert wizard.summary_page.error_label.text() == refusal.message
    assert not wizard.summary_page.error_label.isHidden()


def test_wizard_starts_from_the_saved_profile(qtbot, db):
    wizard = make_wizard(qtbot, db)
    assert wizard.school_page.values() == {"name": "Trường THCS Ea Tu", "code": "66001",
                                           "level": "THCS"}  # fmt: skip


# --- the summary page, the level warning, leaving on first start ---------------------------------


def test_the_summary_shows_every_field_before_saving_and_back_changes_it(qtbot, empty_db):
    wizard = make_wizard(qtbot, empty_db)
    fill_school(wizard, "Trường THCS Ea Tu", "66000701", "THCS")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    next_button.click()
    people = {"commune": "Xã Ea Tu", "district": "TP. Buôn Ma Thuột", "province": "Đắk Lắk",
              "principal": "Nguyễn Thị Hạnh", "clerk": ""}  # fmt: skip
    for key, value in people.items():
        wizard.people_page.edits[key].setText(value)
    wizard.people_page.policy_buttons["block"].setChecked(True)
    next_button.click()
    page = wizard.summary_page
    assert wizard.currentPage() is page
    assert page.shown() == {
        "name": "Trường THCS Ea Tu", "code": "66000701", "level": "Trung học cơ sở (THCS)",
        "commune": "Xã Ea Tu", "district": "TP. Buôn Ma Thuột", "province": "Đắk Lắk",
        "principal": "Nguyễn Thị Hạnh", "clerk": "(chưa nhập)",
        "handover_giver": "Hiệu trưởng (Nguyễn Thị Hạnh)",
        "parent_agency": "PHÒNG GD&ĐT TP. BUÔN MA THUỘT (tự động)",
        "approval_policy": "Không cho bàn giao",
    }  # fmt: skip
    assert not page.fields["clerk"].isEnabled()  # what was left empty reads muted
    assert page.level_warning.isHidden()
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert back.text() == "< Quay lại" and back.isVisible()
    back.click()
    back.click()
    assert wizard.currentPage() is wizard.school_page
    wizard.school_page.code_edit.setText("66000702")
    next_button.click()
    next_button.click()
    assert page.shown()["code"] == "66000702" and page.shown()["principal"] == "Nguyễn Thị Hạnh"
    with qtbot.waitSignal(wizard.accepted, timeout=1000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert load_school(empty_db).code == "66000702"


def test_the_level_warning_follows_the_name_and_level_as_the_clerk_types(qtbot, empty_db):
    wizard = make_wizard(qtbot, empty_db)
    page = wizard.school_page
    warning = page.level_warning
    fill_school(wizard, "Trường THCS Ea Tu", "66001", "THPT")
    assert warning.isVisible()
    assert "Trường THCS Ea Tu" in warning.text() and "trung học cơ sở (THCS)" in warning.text()
    page.level_combo.setCurrentIndex(page.level_combo.findData("THCS"))
    assert warning.isHidden()
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "THPT Ea Tu")  # typed key by key (QTest types ASCII only)
    assert warning.isVisible() and "trung học phổ thông (THPT)" in warning.text()
    page.name_edit.setText("Trường PTDTBT TH&THCS Ea Tu")
    assert warning.isVisible() and "liên cấp" in warning.text()
    page.level_combo.setCurrentIndex(page.level_combo.findData("LC"))
    assert warning.isHidden()
    page.level_combo.setCurrentIndex(page.level_combo.findData("THCS"))
    # A warning, not a refusal: the wizard goes on, and the summary says it again.
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.currentPage() is wizard.people_page
    wizard.button(QWizard.WizardButton.NextButton).click()
    summary = wizard.summary_page.level_warning
    assert summary.isVisible() and summary.text() == warning.text()
    with qtbot.waitSignal(wizard.accepted, timeout=1000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert load_school(empty_db).level == "THCS"


@pytest.fixture
def first_start(qtbot, empty_db):
    """The wizard as the application opens it on first start. Not given to qtbot, which closes
    its widgets before the fixtures end (a close would ask, with nobody to answer)."""
    wizard = SetupWizard(empty_db, first_start=True)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    yield wizard
    wizard.first_start = False
    wizard.close()
    wizard.deleteLater()


def test_esc_on_first_start_asks_and_continue_keeps_the_wizard(qtbot, first_start):
    wizard = first_start
    fill_school(wizard, "Trường THCS Ea Tu", "66001", "THCS")
    with answering(qtbot) as answers:
        question = answers.message_box("Tiếp tục thiết lập")
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert question.text == "Thoát mà chưa thiết lập trường?"
    assert len(answers.answered) == 1  # exactly one question, nothing else modal
    assert wizard.isVisible() and wizard.result() == 0
    assert wizard.school_page.values()["name"] == "Trường THCS Ea Tu"  # nothing lost
    # the close button asks the same
    with answering(qtbot) as answers:
        answers.message_box("Tiếp tục thiết lập", text="Thoát mà chưa thiết lập trường?")
        wizard.close()
    assert wizard.isVisible()


def test_quit_on_first_start_leaves_without_saving(qtbot, empty_db, first_start):
    wizard = first_start
    fill_school(wizard)
    with answering(qtbot) as answers:
        answers.message_box("Thoát", text="Thoát mà chưa thiết lập trường?")
        with qtbot.waitSignal(wizard.rejected, timeout=5000):
            qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton),
                             Qt.MouseButton.LeftButton)  # fmt: skip
    assert len(answers.answered) == 1  # not a second question about discarding what was typed
    assert not wizard.isVisible() and wizard.result() == QDialog.DialogCode.Rejected
    assert not load_school(empty_db).is_complete


def test_cancel_from_settings_closes_without_asking(qtbot, db):
    wizard = make_wizard(qtbot, db)
    with answering(qtbot), qtbot.waitSignal(wizard.rejected, timeout=2000):
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_the_settings_page_shows_the_level_warning_of_the_saved_profile(qtbot, empty_db, tmp_path):
    from desktop_app.ui.settings.page import SettingsPage

    save_school(empty_db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THPT"})
    page = SettingsPage(empty_db, tmp_path / "new.sqlite3")
    qtbot.addWidget(page)
    page.show()
    assert page.level_warning.isVisible()
    assert "Trường THCS Ea Tu" in page.level_warning.text()
    assert "trung học phổ thông (THPT)" in page.level_warning.text()
    save_school(empty_db, {"level": "THCS"})
    page.refresh()
    assert page.level_warning.isHidden()
