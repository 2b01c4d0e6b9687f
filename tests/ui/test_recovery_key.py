"""The database key at start-up without the key file: the unlock dialog (a new data passphrase
held to the policy and typed twice; the passphrase or the recovery key of an existing file), the
recovery key step after the first-run wizard, and Cài đặt → Khóa khôi phục…"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from dialogs import answering
from keyring.backends import fail
from keyrings import MemoryKeyring, using_keyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlite_utils import Database

from desktop_app.core.access import list_access
from desktop_app.core.school import save_school
from desktop_app.core.store import keys
from desktop_app.core.store.database import open_database
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ui.settings.recovery_dialog import RecoveryKeyDialog
from desktop_app.ui.settings.setup_wizard import SetupWizard
from desktop_app.ui.shell import app
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.shell.session import WhoDialog
from desktop_app.ui.shell.unlock_dialog import UnlockDialog

PASSPHRASE = "mây trắng bay qua núi cao"


@pytest.fixture
def without_key_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Neither SONGMAY_DB_KEY_FILE nor a key remembered by this process: the keyring decides."""
    monkeypatch.delenv(keys.ENV_KEY_FILE, raising=False)
    keys.forget_all()
    yield
    keys.forget_all()


@pytest.fixture
def no_secure_keyring(without_key_file: None) -> Iterator[None]:
    with using_keyring(fail.Keyring()):
        yield


def press(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_wizard(wizard: SetupWizard) -> None:
    wizard.school_page.name_edit.setText("Trường TH Hòa Bình")
    wizard.school_page.code_edit.setText("A01")
    wizard.school_page.level_combo.setCurrentIndex(0)
    wizard.next()
    wizard.people_page.edits["principal"].setText("Nguyễn Văn Tâm")  # proposed as a user
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.summary_page
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


def test_a_new_database_without_a_keyring_gets_a_strong_passphrase_then_its_recovery_key(
    qtbot, tmp_path, no_secure_keyring
):
    path = tmp_path / "new.sqlite3"
    said: list[str] = []
    shown_key: list[str] = []

    def choose(dialog: UnlockDialog) -> None:
        assert dialog.second.isVisible()  # typed twice
        for first, second in (("matkhau123", "matkhau123"), ("12345678901234", "12345678901234"),
                              (PASSPHRASE, PASSPHRASE + " x")):  # fmt: skip
            dialog.first.setText(first)
            dialog.second.setText(second)
            press(qtbot, dialog.ok_button)
            assert dialog.isVisible()  # still asking
            said.append(dialog.error.text())
            assert not keys.wrapped_path(path).exists()
        dialog.second.setText(PASSPHRASE)

    def keep(dialog: RecoveryKeyDialog) -> None:
        assert not dialog.finish_button.isEnabled()  # the box must be ticked first
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()  # Esc does not skip the step
        shown_key.append(dialog.key_label.text())
        dialog.kept_box.setChecked(True)
        assert dialog.finish_button.isEnabled()

    with answering(qtbot) as answers:
        answers.dialog(UnlockDialog, fill=choose, button="Đặt mật khẩu")
        answers.dialog(SetupWizard, fill=fill_wizard, button="Hoàn tất")
        answers.dialog(RecoveryKeyDialog, fill=keep, button="Tiếp tục")
        answers.dialog(WhoDialog, button="Vào làm việc")
        window = app.start(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert said[0].startswith("Mật khẩu quá ngắn: cần ít nhất 12 ký tự hoặc 4 từ")
    assert "tệp dữ liệu" in said[0] and "USB" not in said[0]
    assert said[1].startswith("Mật khẩu chỉ có chữ số")
    assert said[2] == "Hai lần nhập mật khẩu không giống nhau."
    key = keys.known_key(path)
    assert key is not None
    groups = keys.recovery_key(key).split("-")
    assert shown_key == ["-".join(groups[:6]) + "\n" + "-".join(groups[6:])]
    wrapped = keys.wrapped_path(path)
    if os.name == "posix":
        assert wrapped.stat().st_mode & 0o777 == 0o600
    assert key not in wrapped.read_bytes()
    window.db.close()
    keys.forget_all()
    assert keys.unlock_with_passphrase(path, PASSPHRASE) == key  # the one chosen, kept wrapped


def locked_database(path: Path) -> bytes:
    """An existing school file whose key is wrapped by PASSPHRASE (a PC without a keyring)."""
    keys.forget_all()
    key = keys.create_with_passphrase(path, PASSPHRASE)
    db = open_database(path)
    save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    db.close()
    keys.forget_all()
    return key


def test_an_existing_database_opens_with_its_passphrase_after_wrong_ones_are_refused(
    qtbot, tmp_path, no_secure_keyring
):
    path = tmp_path / "school.sqlite3"
    key = locked_database(path)
    said: list[str] = []

    def wrong_then_right(dialog: UnlockDialog) -> None:
        assert not dialog.second.isVisible()  # one field: passphrase or recovery key
        assert "khóa khôi phục" in dialog.findChild(type(dialog.error), "unlockNote").text()
        for wrong in ("một mật khẩu khác hẳn", keys.recovery_key(keys.new_key())):
            dialog.first.setText(wrong)
            press(qtbot, dialog.ok_button)
            assert dialog.isVisible()
            said.append(dialog.error.text())
            assert keys.known_key(path) is None
        dialog.first.setText(PASSPHRASE)

    with answering(qtbot) as answers:
        answers.dialog(UnlockDialog, fill=wrong_then_right, button="Mở khóa")
        window = app.start(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert said[0] == "Mật khẩu dữ liệu không đúng."
    assert said[1].startswith("Khóa không mở được tệp dữ liệu school.sqlite3")
    assert keys.known_key(path) == key
    window.db.close()


def test_an_existing_database_opens_with_the_recovery_key_typed_loosely(
    qtbot, tmp_path, no_secure_keyring
):
    path = tmp_path / "school.sqlite3"
    key = locked_database(path)
    typed = keys.recovery_key(key).replace("-", " ").lower()
    with answering(qtbot) as answers:
        answers.dialog(UnlockDialog, fill=lambda d: d.first.setText(typed), button="Mở khóa")
        window = app.start(path)
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert keys.known_key(path) == key
    window.db.close()


def test_a_lost_windows_profile_is_recovered_with_the_sheets_key_into_the_new_keyring(
    qtbot, tmp_path, without_key_file
):
    """The keyring is secure but empty (a new Windows profile), no passphrase file: only the
    recovery key opens the file, and it is kept in the keyring for the next start."""
    path = tmp_path / "school.sqlite3"
    with using_keyring(MemoryKeyring()) as first_profile:
        keys.database_key(path, create=True)
        db = open_database(path)
        save_school(db, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
        db.close()
        key = bytes.fromhex(next(iter(first_profile.store.values())))
    keys.forget_all()
    said: list[str] = []

    def typo_then_right(dialog: UnlockDialog) -> None:
        text = keys.recovery_key(key)
        # A typo in the first character (the last one carries padding bits as well, so some
        # typos there still give the same key).
        dialog.first.setText(("A" if text[0] != "A" else "B") + text[1:])
        press(qtbot, dialog.ok_button)
        said.append(dialog.error.text())
        dialog.first.setText(text)

    with using_keyring(MemoryKeyring()) as new_profile:
        with answering(qtbot) as answers:
            answers.dialog(UnlockDialog, fill=typo_then_right, button="Mở khóa")
            window = app.start(path)
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        window.db.close()
        assert list(new_profile.store.values()) == [key.hex()]
    assert said == ["Khóa khôi phục không đúng: có ký tự gõ nhầm hoặc thiếu (kiểm tra lại từng "
                    "nhóm)."]  # fmt: skip


def test_cancelling_the_unlock_dialog_quits_cleanly(qtbot, tmp_path, no_secure_keyring):
    path = tmp_path / "school.sqlite3"
    locked_database(path)
    with answering(qtbot) as answers:
        answers.dialog(UnlockDialog, button="Thoát")
        assert app.run(path) == 0
    assert keys.known_key(path) is None


# --- Cài đặt → Khóa khôi phục… --------------------------------------------------------------------


def test_settings_shows_the_key_after_a_confirmation_and_its_pdf_is_in_the_access_trail(
    qtbot, db: Database, db_path: Path, settings, tmp_path, poppler
):
    page = SettingsPage(db, db_path, settings=settings)
    qtbot.addWidget(page)
    with answering(qtbot) as answers:
        answers.message_box(button="Hủy", text="Hiện khóa khôi phục?")
        assert page.show_recovery_key() is None  # declined: nothing shown
    with answering(qtbot) as answers:
        asked = answers.message_box(button="Hiện khóa")
        answers.leave_open(RecoveryKeyDialog)
        dialog = page.show_recovery_key()
    assert asked.title == "Khóa khôi phục"
    assert isinstance(dialog, RecoveryKeyDialog)
    qtbot.waitExposed(dialog)
    key = keys.database_key(db_path)
    groups = keys.recovery_key(key).split("-")
    assert dialog.key_label.text().split() == ["-".join(groups[:6]), "-".join(groups[6:])]
    assert not dialog.kept_box.isVisible() and dialog.finish_button.isEnabled()
    target = tmp_path / "pdf" / "phieu.pdf"
    with answering(qtbot) as answers:
        answers.save_file(target)
        press(qtbot, dialog.pdf_button)
    assert "phieu.pdf" in dialog.status.text()
    (text,) = poppler.page_texts(target, layout=False)
    flat = " ".join(text.split())
    assert all(group in flat for group in groups) and "Trường THCS Ea Tu" in flat
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    rows = [(r.kind, r.target, r.students) for r in list_access(db.conn)]
    assert rows == [("recovery_sheet", "phieu.pdf", 0)]
    dialog.close()


def test_printing_the_sheet_from_its_preview_is_in_the_access_trail(
    qtbot, db: Database, db_path: Path
):
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    dialog = RecoveryKeyDialog(db, db_path, keys.database_key(db_path), first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    press(qtbot, dialog.print_button)
    preview = dialog.preview
    assert isinstance(preview, QPrintPreviewDialog)
    qtbot.waitExposed(preview)
    assert list_access(db.conn) == []  # a preview alone prints nothing
    preview.accept()  # what its Print button does once the pages went to the printer
    rows = [(r.kind, r.target, r.students) for r in list_access(db.conn)]
    assert rows == [("recovery_sheet", "printer", 0)]
    assert dialog.status.text() == "Đã gửi phiếu khóa khôi phục tới máy in."
    assert not dialog.finish_button.isEnabled()  # printing is not ticking the box
    dialog.kept_box.setChecked(True)
    press(qtbot, dialog.finish_button)
    assert dialog.result() == 1
