"""The window when the PC's date is known wrong (``core.clock``): a banner on the main window at
start, the sentence in the handover question before anything is saved and on the import check.
The PC is made to look behind its data by a real journal row written three years ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from builders import fill_needs_and_devices
from dialogs import answering
from helpers import show_page
from PySide6.QtCore import Qt
from sqlite_utils import Database

from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.ui.handover.page import HandoverPage
from desktop_app.ui.shell.main_window import MainWindow

JOB_MS = 15_000
WARNING = "Ngày giờ của máy tính đang sai: máy báo "
AHEAD = datetime.now(UTC) + timedelta(days=3 * 365)


def data_written_ahead(db: Database) -> None:
    """A change stamped three years after the PC's date: the PC is behind its own data."""
    changes = ChangeSet(source="test", now=AHEAD.isoformat(timespec="milliseconds"))
    changes.insert("student", {"code": "HS000099", "full_name": "Học Sinh Z", "name_key": "z",
                               "sort_key": "z", "birth_date": "2014-01-01", "gender": "Nam",
                               "class_name": "6A"})  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)


@pytest.fixture
def stocked(db: Database, tmp_path: Path) -> Database:
    fill_needs_and_devices(db, tmp_path, count=2)
    return db


def test_the_main_window_shows_a_banner_only_while_the_clock_is_wrong(
    qtbot, stocked, db_path, settings
):
    window = MainWindow(stocked, db_path, settings=settings, poll_ms=3_600_000)
    qtbot.addWidget(window)
    window.show()
    window.check_clock()
    assert not window.clock_banner.isVisible()
    data_written_ahead(stocked)
    window.check_clock()
    assert window.clock_banner.isVisible()
    text = window.clock_banner.text()
    assert WARNING in text and AHEAD.astimezone().strftime("%d/%m/%Y") in text
    assert "Cài đặt → Thời gian và ngôn ngữ" in text
    assert window.screens.isVisible()  # a banner, not in the way


def test_the_handover_question_says_the_clock_is_wrong_before_saving(qtbot, stocked, db_path):
    data_written_ahead(stocked)
    page = HandoverPage(stocked, db_path)
    with qtbot.waitSignal(page.proposalShown, timeout=JOB_MS):
        show_page(qtbot, page)
    with answering(qtbot) as answers:
        question = answers.message_box(button="Hủy", text="Ghi nhận bàn giao")
        qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert question.text.startswith("⚠ " + WARNING)
    assert stocked.execute("SELECT COUNT(*) FROM handovers").fetchone()[0] == 0
