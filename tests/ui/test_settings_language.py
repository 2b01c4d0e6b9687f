"""The interface language (the .ts, its build, loading it) and the Cài đặt page."""

from __future__ import annotations

import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from dialogs import answering
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QWidget, QWizard
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core import paths
from desktop_app.ui.common.errors import current_log_path
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ui.shell import i18n
from desktop_app.ui.shell.main_window import MainWindow

COMMITTED_TS = i18n.ts_file("en")
SECTIONS_VI = ["Tổng quan", "Học sinh & nhu cầu", "Tiếp nhận thiết bị", "Bàn giao", "Tiêm vắc-xin",
               "Báo cáo", "Đồng bộ", "Cài đặt"]  # fmt: skip
SECTIONS_EN = ["Overview", "Students & needs", "Device intake", "Handover", "Vaccinations",
               "Reports", "Sync", "Settings"]  # fmt: skip
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%L?\d+|%n")


def messages(ts: Path) -> list[tuple[str, str, ET.Element | None]]:
    """(context, source, translation element) of every message of a .ts file."""
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]  # fmt: skip


@pytest.fixture
def language_restored(qapp: QApplication) -> Iterator[None]:
    """Whatever a test installs, the next one starts in Vietnamese with the same locale."""
    locale = QLocale()
    yield
    i18n.install_translators(qapp, "vi")
    QLocale.setDefault(locale)


@pytest.fixture
def english_dir(tmp_path: Path) -> Path:
    """A copy of the committed .ts in a folder of the test's own: builds never touch the repo."""
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy2(COMMITTED_TS, folder / COMMITTED_TS.name)
    return folder


def make_window(qtbot, db: Database, db_path: Path, settings: QSettings) -> MainWindow:
    window = MainWindow(db, db_path, settings=settings, poll_ms=3_600_000)
    qtbot.addWidget(window)
    return window


def translations(translation: ET.Element | None) -> list[str]:
    """The translated texts of a message: its one text, or each plural form of a numerus
    message ("1 row", "{n} rows")."""
    if translation is None:
        return []
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return forms or [translation.text or ""]


def sidebar_titles(window: MainWindow) -> list[str]:
    return [window.sidebar.item(row).text() for row in range(window.sidebar.count())]


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


# --- the translation files ---------------------------------------------------------------------


def test_i18n_build_makes_a_qm_from_the_committed_ts_that_translates_the_sidebar(tmp_path):
    qm = i18n.build(COMMITTED_TS, tmp_path / "songmay_en.qm")
    assert qm.is_file() and qm.stat().st_size > 1000
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "Học sinh & nhu cầu") == "Students & needs"


def test_i18n_build_fails_loudly_without_lrelease(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "find_tool", mock.create_autospec(i18n.find_tool, return_value=None))
    with pytest.raises(i18n.TranslationToolMissing, match="pyside6-lrelease"):
        i18n.build(COMMITTED_TS, tmp_path / "songmay_en.qm")
    assert i18n.main(["build", "--ts", str(COMMITTED_TS), "--qm", str(tmp_path / "x.qm")]) == 1


def test_the_ts_file_has_no_unfinished_message_and_no_empty_translation():
    found = messages(COMMITTED_TS)
    assert len(found) > 300
    unfinished = [
        (context, source)
        for context, source, translation in found
        if translation is None
        or translation.get("type") in {"unfinished", "obsolete", "vanished"}
        or not all(text.strip() for text in translations(translation))
    ]
    assert unfinished == [], "translate these in resources/translations/songmay_en.ts"


def test_the_ts_file_is_up_to_date_with_the_ui_sources_so_a_new_string_must_be_translated(
    tmp_path,
):
    """Runs the same extraction as ``python -m desktop_app.ui.shell.i18n update`` on a copy."""
    copy = tmp_path / COMMITTED_TS.name
    shutil.copy2(COMMITTED_TS, copy)
    i18n.update(copy)
    committed = {(c, s) for c, s, _t in messages(COMMITTED_TS)}
    current = {(c, s) for c, s, _t in messages(copy)}
    assert sorted(current - committed) == [], (
        "new UI strings: run `python -m desktop_app.ui.shell.i18n update`, then translate them"
    )
    assert sorted(committed - current) == [], "strings gone from the UI: run i18n update"
    assert i18n.unfinished_messages(copy) == []


def test_the_ts_file_keeps_every_placeholder_and_the_surrounding_spaces():
    for context, source, translation in messages(COMMITTED_TS):
        for text in translations(translation) or [""]:
            where = f"[{context}] {source!r} → {text!r}"
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), where
            assert (text[:1] == " ", text[-1:] == " ") == (source[:1] == " ", source[-1:] == " "), (
                where
            )


def test_a_count_chooses_the_english_plural_and_vietnamese_never_changes(
    qapp, english_dir, language_restored
):
    i18n.install_translators(qapp, "en", english_dir)
    said = {
        n: QCoreApplication.translate("StudentsPage", "{count} học sinh", "", n) for n in (1, 2)
    }
    assert said == {1: "{count} student", 2: "{count} students"}
    i18n.install_translators(qapp, "vi", english_dir)
    assert (
        QCoreApplication.translate("StudentsPage", "{count} học sinh", "", 1) == "{count} học sinh"
    )


def test_messages_behind_a_context_constant_or_a_helper_are_extracted_too():
    source = (
        '_CONTEXT = "Page"\n'
        "def _tr(text):\n"
        '    """Why."""\n'
        '    return QCoreApplication.translate("errors", text)\n'
        'TITLES = [QT_TRANSLATE_NOOP(_CONTEXT, "Tổng quan")]\n'
        'MESSAGE = _tr("Có lỗi")\n'
        'OTHER = QT_TRANSLATE_NOOP("Literal", "lupdate sees this one")\n'
        "def _trn(text, n):\n"
        '    return QCoreApplication.translate("Page", text, "", n)\n'
        'COUNT = _trn("{count} dòng", 2)\n'
    )
    assert sorted(i18n.indirect_messages(source)) == [
        ("Page", "Tổng quan", None, False),
        ("Page", "{count} dòng", None, True),
        ("errors", "Có lỗi", None, False),
    ]


# --- loading -----------------------------------------------------------------------------------


def test_with_the_english_qm_installed_a_new_main_window_shows_english_sections_and_menus(
    qtbot, qapp, db, db_path, settings, english_dir, language_restored
):
    assert i18n.install_translators(qapp, "en", english_dir)[-1] == "songmay"
    assert (english_dir / "songmay_en.qm").is_file()  # built from the .ts at load time
    window = make_window(qtbot, db, db_path, settings)
    assert sidebar_titles(window) == SECTIONS_EN
    assert menu_titles(window) == ["&File", "&Help"]
    assert window.network_label.text() == "Not signed in"

    i18n.install_translators(qapp, "vi", english_dir)
    again = make_window(qtbot, db, db_path, settings)
    assert sidebar_titles(again) == SECTIONS_VI
    assert menu_titles(again) == ["&Tệp", "Trợ &giúp"]


def test_a_stale_qm_is_rebuilt_and_a_frozen_bundle_loads_what_it_carries(english_dir, monkeypatch):
    qm = i18n.build(english_dir / "songmay_en.ts")
    old = qm.stat().st_mtime - 60
    os.utime(qm, (old, old))
    os.utime(english_dir / "songmay_en.ts")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert i18n.ensure_built("en", english_dir) == qm
    assert qm.stat().st_mtime == old  # frozen: never rebuilt
    monkeypatch.delattr(sys, "frozen")
    assert i18n.ensure_built("en", english_dir) == qm
    assert qm.stat().st_mtime > old
    assert i18n.ensure_built("vi", english_dir) is None  # the source language needs no catalogue


def test_set_language_saves_the_choice_and_switches_the_translators(
    qapp, english_dir, language_restored
):
    i18n.set_language(qapp, "en", directory=english_dir)
    assert QSettings().value(i18n.SETTINGS_KEY) == "en"
    assert i18n.current_language(qapp) == "en"
    assert QCoreApplication.translate("MainWindow", "Cài đặt") == "Settings"
    assert QLocale().toString(1234) == "1,234"
    i18n.set_language(qapp, "vi", directory=english_dir)
    assert QCoreApplication.translate("MainWindow", "Cài đặt") == "Cài đặt"
    assert QLocale().toString(1234) == "1.234"
    assert i18n.current_language(qapp) == "vi"


# --- the settings page -------------------------------------------------------------------------


@pytest.fixture
def page(qtbot, db: Database, db_path: Path) -> SettingsPage:
    widget = SettingsPage(db, db_path)
    qtbot.addWidget(widget)
    return widget


def test_the_settings_page_shows_the_school_profile_and_the_database_path(page, db_path):
    assert page.school_fields["name"].text() == "Trường THCS Ea Tu"
    assert page.school_fields["code"].text() == "66001"
    assert page.school_fields["level"].text() == "Trung học cơ sở (THCS)"
    assert page.school_fields["principal"].text() == "—"
    assert page.school_missing.isHidden()
    assert page.path_labels["db"].full_text() == str(db_path)
    assert page.path_labels["data"].full_text() == str(paths.data_dir())
    assert page.version_label.text() == __version__
    assert "--db" in page.findChild(QWidget, "dbLocationNote").text()


def test_choosing_english_on_the_settings_page_writes_ui_language_en_to_qsettings(page):
    assert page.language_buttons["vi"].isChecked()
    assert not page.restart_button.isVisibleTo(page)
    page.language_buttons["en"].click()
    assert QSettings().value("ui/language") == "en"
    assert page.restart_button.isVisibleTo(page)  # the interface is still Vietnamese
    page.language_buttons["vi"].click()
    assert QSettings().value("ui/language") == "vi"
    assert not page.restart_button.isVisibleTo(page)


def test_saving_the_profile_from_the_settings_page_emits_profile_changed(qtbot, page):
    wizard = page.edit_school()
    wizard.school_page.name_edit.setText("Trường THCS Hòa Bình")
    wizard.next()
    wizard.people_page.edits["principal"].setText("Nguyễn Thị Hạnh")
    wizard.next()  # the summary, read before saving
    with qtbot.waitSignal(page.profileChanged, timeout=2000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert page.school_fields["name"].text() == "Trường THCS Hòa Bình"
    assert page.school_fields["principal"].text() == "Nguyễn Thị Hạnh"


def test_a_folder_that_cannot_be_opened_is_said_in_a_message(qtbot, page, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        mock.create_autospec(QDesktopServices.openUrl, return_value=False))  # fmt: skip
    page.show()
    with answering(qtbot) as answers:
        said = answers.message_box(button="Đóng")
        qtbot.mouseClick(page.open_buttons["logs"], Qt.MouseButton.LeftButton)
    assert said.title == "Không mở được thư mục"
    assert str(current_log_path().parent) in said.text


def test_open_data_folder_opens_the_folder_of_the_database_file(page, db_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page.open_buttons["db"].click()
    page.open_buttons["logs"].click()
    assert Path(opened[0].toLocalFile()) == db_path.resolve().parent
    assert Path(opened[1].toLocalFile()) == current_log_path().parent
