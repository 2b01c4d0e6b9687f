"""The school-profile wizard: required fields, saving through the core, the core's refusals."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
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
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.isVisible() and wizard.currentPage() is wizard.people_page
    assert wizard.people_page.error_label.text() == refusal.message
    assert not wizard.people_page.error_label.isHidden()


def test_wizard_starts_from_the_saved_profile(qtbot, db):
    wizard = make_wizard(qtbot, db)
    assert wizard.school_page.values() == {"name": "Trường THCS Ea Tu", "code": "66001",
                                           "level": "THCS"}  # fmt: skip
