"""Qt's own dialogs speak the interface's language: the file dialog, the print dialog, page
set-up, print preview and the standard buttons of a message box are Vietnamese in Vietnamese
(``resources/translations/qt_vi.ts``, since Qt ships no Vietnamese) and English in English.
Save dialogs open in the user's Documents folder first, then in the folder last used."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from dialogs import answering, plain
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QWidget
from visible_text import Collector

from desktop_app.printing.preview import print_with_dialog
from desktop_app.ui.common import file_dialogs
from desktop_app.ui.shell import i18n

QT_TS = i18n.ts_file("vi", catalogue=i18n.QT_CATALOGUE)


def untranslated_sources() -> set[str]:
    """Qt's English sources that the Vietnamese catalogue changes (minus mnemonics): one of them
    on screen in Vietnamese is a Qt string left English."""
    found: set[str] = set()
    for message in ET.parse(QT_TS).getroot().iter("message"):
        source = message.findtext("source") or ""
        if plain(source) != plain(message.findtext("translation") or ""):
            found.add(plain(source))
    return found


def texts(dialog: QWidget) -> set[str]:
    collector = Collector()
    collector.window(dialog, type(dialog).__name__)
    return {plain(seen.text) for seen in collector.seen}


def english_left(dialog: QWidget) -> set[str]:
    return texts(dialog) & untranslated_sources()


def label(dialog: QWidget, name: str) -> str:
    found = dialog.findChild(QLabel, name)
    assert found is not None, name
    return plain(found.text())


def file_dialog_words(dialog: QFileDialog) -> dict[str, str]:
    buttons = dialog.findChild(QDialogButtonBox, "buttonBox")
    accept = buttons.button(QDialogButtonBox.StandardButton.Save) or buttons.button(
        QDialogButtonBox.StandardButton.Open
    )
    return {
        "look in": label(dialog, "lookInLabel"),
        "name": label(dialog, "fileNameLabel"),
        "type": label(dialog, "fileTypeLabel"),
        "accept": plain(accept.text()),
        "cancel": plain(buttons.button(QDialogButtonBox.StandardButton.Cancel).text()),
    }


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own whose Documents folder has a Vietnamese name, as the system's
    user-dirs.dirs says: the dialogs must ask the system, not guess "Documents"."""
    folder = tmp_path / "home"
    (folder / "Tài liệu").mkdir(parents=True)
    (folder / ".config").mkdir()
    (folder / ".config" / "user-dirs.dirs").write_text(
        'XDG_DOCUMENTS_DIR="$HOME/Tài liệu"\n', encoding="utf-8"
    )
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    monkeypatch.chdir(tmp_path)  # "the current directory", which the dialog must not use
    return folder


def test_the_vietnamese_catalogue_of_qt_is_complete_and_installed_for_vietnamese_only(qapp):
    assert i18n.unfinished_messages(QT_TS) == []
    assert "qt" in i18n.install_translators(qapp, "vi")
    assert i18n.all_ts_files() == [i18n.ts_file("en"), QT_TS]


def test_the_save_dialog_is_vietnamese_and_opens_in_documents_then_in_the_last_folder(qtbot, home):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[dict[str, str]] = []
    folders: list[Path] = []
    left: list[set[str]] = []

    def look(dialog: QFileDialog) -> None:
        seen.append(file_dialog_words(dialog))
        folders.append(Path(dialog.directory().absolutePath()))
        left.append(english_left(dialog))

    target = home / "Tài liệu" / "bao-cao" / "thong-ke.xlsx"
    target.parent.mkdir()
    with answering(qtbot) as answers:
        answers.dialog(QFileDialog, fill=look, button="Hủy")
        cancelled = file_dialogs.save_file_name(parent, "reports", "Lưu", "a.xlsx", "(*.xlsx)")
        # typed relative to the folder the dialog shows (QTest types ASCII only)
        saved = answers.save_file("bao-cao/thong-ke.xlsx")
        chosen = file_dialogs.save_file_name(parent, "reports", "Lưu", "b.xlsx", "(*.xlsx)")
        answers.dialog(QFileDialog, fill=look, button="Hủy")
        file_dialogs.save_file_name(parent, "reports", "Lưu", "c.xlsx", "(*.xlsx)")
        answers.dialog(QFileDialog, fill=look, button="Hủy")
        file_dialogs.save_file_name(parent, "minutes", "Lưu", "d.pdf", "(*.pdf)")
    assert cancelled == ""
    assert seen[0] == {
        "look in": "Tìm trong:",
        "name": "Tên tệp:",
        "type": "Kiểu tệp:",
        "accept": "Lưu",
        "cancel": "Hủy",
    }
    assert left == [set(), set(), set()]
    assert saved.text == "b.xlsx"  # the suggested name, in…
    assert folders[0] == home / "Tài liệu"  # …Documents on first use, never the current folder
    assert Path(chosen) == target
    assert folders[1] == target.parent  # the folder last used for reports
    assert folders[2] == home / "Tài liệu"  # another purpose starts in Documents
    assert QSettings().value("dialogs/last_folder/reports") == str(target.parent)


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(home):
    settings = QSettings()
    file_dialogs.remember_folder("backup", home / "usb" / "x.smbk", settings)
    assert file_dialogs.start_folder("backup", settings) == home / "Tài liệu"  # no such folder
    (home / "usb").mkdir()
    assert file_dialogs.start_folder("backup", settings) == home / "usb"
    file_dialogs.remember_folder("backup", "relative.smbk", settings)  # never a relative folder
    assert file_dialogs.start_folder("backup", settings) == home / "usb"


def test_the_open_dialog_is_vietnamese(qtbot, home):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[dict[str, str]] = []
    with answering(qtbot) as answers:
        answers.dialog(QFileDialog, fill=lambda d: seen.append(file_dialog_words(d)), button="Hủy")
        file_dialogs.open_file_name(parent, "backup", "Chọn", "(*.smbk)")
    assert seen[0]["accept"] == "Mở" and seen[0]["look in"] == "Tìm trong:"


def test_in_english_the_file_dialog_speaks_english(qtbot, home, english):
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[dict[str, str]] = []
    with answering(qtbot) as answers:
        answers.dialog(
            QFileDialog, fill=lambda d: seen.append(file_dialog_words(d)), button="Cancel"
        )
        file_dialogs.save_file_name(parent, "reports", "Save", "a.xlsx", "(*.xlsx)")
    assert seen[0] == {
        "look in": "Look in:",
        "name": "File name:",
        "type": "Files of type:",
        "accept": "Save",
        "cancel": "Cancel",
    }


def ask(parent: QWidget) -> QMessageBox.StandardButton:
    buttons = (
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    ) | QMessageBox.StandardButton.Cancel
    return QMessageBox.question(parent, "Câu hỏi", "Ghi?", buttons)


@pytest.mark.parametrize(
    ("language", "words"),
    [("vi", {"Có", "Không", "Hủy"}), ("en", {"Yes", "No", "Cancel"})],
)
def test_a_message_box_names_its_standard_buttons_in_the_interface_language(
    qtbot, request, language, words
):
    if language == "en":
        request.getfixturevalue("english")
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[set[str]] = []

    def look(box: QMessageBox) -> None:
        shown.append({plain(b.text()) for b in box.buttons()})

    no = "Không" if language == "vi" else "No"
    with answering(qtbot) as answers:
        answers.dialog(QMessageBox, fill=look, button=no)
        answer = ask(parent)
    assert answer == QMessageBox.StandardButton.No
    assert shown == [words]


def test_the_print_dialog_and_page_setup_are_vietnamese(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[set[str]] = []
    left: list[set[str]] = []

    def look(dialog: QWidget) -> None:
        shown.append(texts(dialog))
        left.append(english_left(dialog))

    with answering(qtbot) as answers:
        answers.dialog(QPrintDialog, fill=look, button="Hủy")
        assert print_with_dialog([], parent) is False
        answers.dialog(QPageSetupDialog, fill=look, button="Hủy")
        QPageSetupDialog(QPrinter(), parent).exec()
    printing, page = shown
    assert {"In", "Máy in", "Tuỳ chọn >>", "Tên:"} <= printing
    assert {"Thiết lập trang", "Khổ giấy:", "Hướng giấy", "Dọc", "Ngang", "Lề", "Đồng ý"} <= page
    assert left == [set(), set()]


def test_the_print_preview_toolbar_is_vietnamese(qtbot):
    dialog = QPrintPreviewDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shown = {plain(action.text()) for action in dialog.findChildren(QAction)} | texts(dialog)
    assert {"Trang sau", "Phóng to", "Thiết lập trang", "In", "Xem trước khi in"} <= shown
    assert not (shown & untranslated_sources())
    dialog.close()


def test_in_english_print_dialog_stays_english(qtbot, english):
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[set[str]] = []
    with answering(qtbot) as answers:
        answers.dialog(QPrintDialog, fill=lambda d: shown.append(texts(d)), button="Cancel")
        print_with_dialog([], parent)
    assert {"Print", "Printer", "Name:", "Options >>"} <= shown[0]
