"""The main window: sections in order, shortcuts, lazy pages, the status bar, saved geometry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings, QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.outbox import outbox_counts
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.shell.main_window import MainWindow
from desktop_app.ui.shell.overview import OverviewPage
from desktop_app.ui.shell.sections import PAGES, overview_factory

SECTIONS = ["Tổng quan", "Học sinh & nhu cầu", "Tiếp nhận thiết bị", "Bàn giao", "Tiêm vắc-xin",
            "Báo cáo", "Đồng bộ", "Cài đặt"]  # fmt: skip


def make_window(qtbot, db: Database, db_path: Path, settings: QSettings, **kwargs) -> MainWindow:
    window = MainWindow(db, db_path, settings=settings, **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):  # shortcuts reach the active window only
        window.activateWindow()
    return window


@pytest.fixture
def window(qtbot, db: Database, db_path: Path, settings: QSettings) -> Iterator[MainWindow]:
    yield make_window(qtbot, db, db_path, settings, poll_ms=50)


def pending_text(count: int) -> str:
    return f"Thay đổi chờ đồng bộ: {QLocale().toString(count)}"


def test_sidebar_has_the_eight_sections_in_order(window):
    titles = [window.sidebar.item(row).text() for row in range(window.sidebar.count())]
    assert titles == SECTIONS
    assert [title for _key, title, _factory in PAGES] == SECTIONS
    assert window.current_key() == "overview"


def test_ctrl_3_switches_to_the_third_section(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.sidebar.currentRow() == 2
    page = window.stack.currentWidget()
    assert page is window.page("receiving")
    assert page.findChild(QLabel, "heading").text() == "Tiếp nhận thiết bị"


def test_each_ctrl_number_shows_its_own_section_with_its_heading(qtbot, window):
    for number, title in enumerate(SECTIONS, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.sidebar.currentRow() == number - 1
        if isinstance(window.current_page(), OverviewPage):
            assert window.current_page().findChild(QLabel, "heading").text() == title


def test_pages_are_created_only_when_first_shown(window):
    assert window.page("overview") is not None
    assert window.page("reports") is None
    window.show_section("reports")
    assert window.page("reports") is window.stack.currentWidget()


def test_status_bar_shows_pending_changes_and_follows_a_change_made_through_the_core(
    qtbot, window, db, db_path
):
    before = outbox_counts(db)["pending"]
    # counted off the GUI thread at start: the window shows first
    qtbot.waitUntil(lambda: window.pending_label.text() == pending_text(before), timeout=3000)
    other = open_database(db_path)  # another connection, like the command line importing
    save_school(other, {"principal": "Nguyễn Thị Hạnh"})
    qtbot.waitUntil(lambda: window.pending_label.text() == pending_text(before + 1), timeout=3000)
    other.close()


def test_f5_reads_the_current_page_and_the_status_bar_again(qtbot, db, db_path, settings):
    window = make_window(qtbot, db, db_path, settings, poll_ms=3_600_000)  # no polling
    before = outbox_counts(db)["pending"]
    qtbot.waitUntil(lambda: window.pending_label.text() == pending_text(before), timeout=3000)
    save_school(db, {"name": "Trường THCS Hòa Bình"})
    assert window.pending_label.text() == pending_text(before)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.pending_label.text() == pending_text(before + 1)
    window.show_section("settings")
    name_label = window.current_page().school_fields["name"]
    assert name_label.text() == "Trường THCS Hòa Bình"
    assert window.windowTitle().startswith("Trường THCS Hòa Bình")


def test_status_bar_shows_the_database_file_and_the_network_state(window, db_path):
    assert str(db_path) in window.path_label.full_text()
    assert window.network_label.text() == "Chưa đăng nhập"  # no sync account yet


def test_window_geometry_and_sidebar_width_are_restored_from_qsettings(
    qtbot, db, db_path, settings
):
    first = make_window(qtbot, db, db_path, settings)
    first.resize(700, 500)  # the offscreen screen is 800×600: stay inside it
    qtbot.waitUntil(lambda: first.size() == QSize(700, 500))
    default_width = first.splitter.sizes()[0]
    first.splitter.setSizes([default_width + 60, 400])
    wider = first.splitter.sizes()[0]
    assert wider > default_width
    first.close()
    assert settings.value("main_window/geometry") is not None
    second = make_window(qtbot, db, db_path, settings)
    assert second.size() == QSize(700, 500)
    assert second.splitter.sizes()[0] == wider


def test_first_window_without_saved_geometry_fits_the_screen(window):
    available = QApplication.primaryScreen().availableGeometry().size()
    assert window.width() <= max(1280, available.width())
    assert window.height() <= max(800, available.height())


def test_ctrl_q_closes_the_window(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_about_box_shows_the_version(window):
    box = window.show_about()
    assert isinstance(box, QMessageBox)
    assert f"Phiên bản {__version__}" in box.text()
    box.close()


def test_a_page_that_fails_to_build_falls_back_to_the_overview_and_shows_the_error(
    qtbot, db, db_path, settings
):
    def broken(window: MainWindow) -> QWidget:
        raise RuntimeError("page bug")

    pages = [PAGES[0], ("students", "Học sinh & nhu cầu", broken)]
    window = make_window(qtbot, db, db_path, settings, pages=pages)
    window.show_section("students")
    assert isinstance(window.current_page(), OverviewPage)
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog)]
    assert any(d.isVisible() for d in dialogs)
    for dialog in dialogs:
        dialog.close()


def test_a_page_changed_elsewhere_is_read_again_when_shown(qtbot, db, db_path, settings):
    window = make_window(qtbot, db, db_path, settings, poll_ms=3_600_000)
    window.show_section("settings")
    window.show_section("overview")
    save_school(db, {"clerk": "Trần Văn Minh"})
    window.notify_data_changed()
    window.show_section("settings")
    assert window.current_page().school_fields["clerk"].text() == "Trần Văn Minh"


def test_every_section_factory_builds_a_page(qtbot, db, db_path, settings):
    window = make_window(qtbot, db, db_path, settings)
    for key, title, _factory in PAGES:
        page = overview_factory(key, title)(window)
        assert page.findChild(QLabel, "heading").text() == title


def test_the_page_on_screen_is_read_again_once_per_burst_of_changes_and_not_by_its_own(
    qtbot, db, db_path, settings
):
    from desktop_app.core.students import save_student

    window = make_window(qtbot, db, db_path, settings, poll_ms=3_600_000)
    window.show_section("students")
    page = window.current_page()
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(page.model.rowCount()))
    result = save_student(db, {
        "student_code": "HS000009", "full_name": "Học Sinh I", "birth_date": "05/09/2013",
        "gender": "Nam", "class_name": "6A2", "category": "Khó khăn khác", "has_device": "Không",
        "requested_device": "Máy tính bảng",
    })  # fmt: skip
    assert result.ok, result.errors
    for _ in range(3):  # e.g. a sync, its decisions and the outbox poll, in one go
        window.notify_data_changed()
    qtbot.waitUntil(lambda: bool(resets))
    qtbot.wait(50)
    count = db.execute("SELECT count(*) FROM students WHERE deleted = 0").fetchone()[0]
    assert resets == [count] == [1]  # read once, at once, without being shown again

    window.changed_by(page)  # the page saved and showed it itself: the others are read again
    qtbot.wait(50)
    assert resets == [1]
