"""Who signs the handover minutes for the school when a handover names nobody: the principal, or
the clerk where the school profile says so — chosen in the profile wizard, shown in Cài đặt, and
printed on the minutes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from sqlite_utils import Database

from desktop_app.core.school import load_school, save_school
from desktop_app.ui.settings.page import SettingsPage


def test_the_clerk_is_chosen_in_the_wizard_shown_in_settings_and_kept(
    qtbot, db: Database, db_path: Path
):
    save_school(db, {"principal": "Y Bhim Niê", "clerk": "Trần Văn Minh"})
    page = SettingsPage(db, db_path)
    qtbot.addWidget(page)
    assert page.school_fields["handover_giver"].text().startswith("Hiệu trưởng")

    wizard = page.edit_school()
    wizard.button(QWizard.WizardButton.NextButton).click()
    people = wizard.people_page
    assert wizard.currentPage() is people and not people.clerk_signs.isChecked()
    people.clerk_signs.click()
    wizard.button(QWizard.WizardButton.NextButton).click()  # the summary says who signs
    assert wizard.summary_page.shown()["handover_giver"] == "Cán bộ phụ trách (Trần Văn Minh)"
    with qtbot.waitSignal(wizard.accepted, timeout=2000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert load_school(db).handover_giver == "clerk"
    assert page.school_fields["handover_giver"].text().startswith("Cán bộ phụ trách")

    again = page.edit_school()  # the wizard starts from what was saved
    assert again.people_page.clerk_signs.isChecked()
    again.people_page.clerk_signs.click()
    again.button(QWizard.WizardButton.NextButton).click()
    again.button(QWizard.WizardButton.NextButton).click()
    assert again.summary_page.shown()["handover_giver"] == "Hiệu trưởng (Y Bhim Niê)"
    with qtbot.waitSignal(again.accepted, timeout=2000):
        again.button(QWizard.WizardButton.FinishButton).click()
    assert load_school(db).handover_giver == "principal"


def test_the_summary_names_who_the_minutes_will_name_when_the_chosen_one_has_no_name(
    qtbot, db: Database
):
    """The clerk is chosen but not named: the minutes name the principal, and so does the
    summary (one rule: ``school_signer``)."""
    from desktop_app.ui.settings.setup_wizard import SetupWizard

    save_school(db, {"principal": "Y Bhim Niê", "clerk": None, "handover_giver": "clerk"})
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.button(QWizard.WizardButton.NextButton).click()
    wizard.button(QWizard.WizardButton.NextButton).click()
    assert wizard.summary_page.shown()["handover_giver"] == "Hiệu trưởng (Y Bhim Niê)"
