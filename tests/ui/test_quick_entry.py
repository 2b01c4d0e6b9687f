"""The quick entry of a school vaccination day: the ticked students get their next dose, all or
none; a student too young for the vaccine is named and nothing is saved; a class of 2,000 is read
and recorded by jobs; in English, English labels and messages."""

from __future__ import annotations

import time
from datetime import date
from itertools import pairwise

from helpers import show_page
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot
from sqlite_utils import Database
from vaccination_builders import CHILD, TEEN, TODAY, add_students, dose_rows, give, outbox_rows

from desktop_app.ui.vaccinations.page import VaccinationsPage
from desktop_app.ui.vaccinations.quick_entry import QuickEntryDialog, RosterModel

JOB_MS = 30_000
CLASS = [
    ("HS1", "Nguyễn Văn An", "6A1", TEEN),  # no dose yet → dose 1
    ("HS2", "Trần Thị Bình", "6A1", TEEN),  # dose 1 → dose 2
    ("HS3", "Lê Văn Chi", "6A1", CHILD),  # 9 years old: too young for Pfizer 12+
    ("HS4", "Phạm Thu Dung", "6A1", TEEN),  # absent that day: not ticked
    ("HS5", "Võ Minh Long", "7A1", TEEN),  # another class
]


def open_quick_entry(
    qtbot: QtBot, db: Database, db_path
) -> tuple[VaccinationsPage, QuickEntryDialog]:
    page = show_page(qtbot, VaccinationsPage(db, db_path, today=TODAY))
    qtbot.waitUntil(lambda: page.data is not None and not page.is_busy(), timeout=JOB_MS)
    dialog = page.open_quick_entry()
    assert isinstance(dialog, QuickEntryDialog)
    return page, dialog


def load(qtbot: QtBot, dialog: QuickEntryDialog, class_name: str, count: int) -> None:
    dialog.choose_class(class_name)
    qtbot.waitUntil(lambda: not dialog.is_busy() and dialog.model.rowCount() == count,
                    timeout=JOB_MS)  # fmt: skip


def shown_rows(model: RosterModel) -> list[tuple[str, str, str]]:
    return [(model.data(model.index(r, RosterModel.CODE)),
             model.data(model.index(r, RosterModel.DOSES)),
             model.data(model.index(r, RosterModel.NEXT))) for r in range(model.rowCount())]  # fmt: skip


def test_ticked_students_get_their_next_dose_and_an_ineligible_one_stops_them_all(
    qtbot, db, db_path
):
    ids = add_students(db, CLASS)
    give(db, "HS2", 1)
    page, dialog = open_quick_entry(qtbot, db, db_path)
    assert dialog.place.currentText() == "Tại trường"
    assert dialog.vaccinated_on.text() == "10/01/2022"
    load(qtbot, dialog, "6A1", 4)
    assert sorted(shown_rows(dialog.model)) == [
        ("HS1", "0", "Mũi 1"), ("HS2", "1", "Mũi 2"), ("HS3", "0", "Mũi 1"),
        ("HS4", "0", "Mũi 1"),
    ]  # fmt: skip
    dialog.vaccinated_on.setText("05/01/2022")
    dialog.lot_no.setText("FK0001")
    dialog.select_all.setChecked(True)
    dialog.model.tick("HS4", False)
    assert dialog.ticked_label.text() == "Đã chọn 3/4 học sinh"
    before = (dose_rows(db), outbox_rows(db))

    dialog.record_button.click()
    qtbot.waitUntil(lambda: dialog.problems.isVisible() and not dialog.is_busy(), timeout=JOB_MS)
    assert (dose_rows(db), outbox_rows(db)) == before  # all or nothing
    (line,) = dialog.problem_lines()
    assert line.startswith("Lê Văn Chi (HS3): Vắc-xin Pfizer-BioNTech (Comirnaty) chỉ dùng cho "
                           "trẻ từ 12 tuổi; học sinh mới 9 tuổi")  # fmt: skip
    assert dialog.problems_title.text().startswith("Chưa ghi nhận mũi nào: 1 học sinh có lỗi.")

    dialog.model.tick("HS3", False)
    with qtbot.waitSignal(dialog.recorded, timeout=JOB_MS) as recorded:
        dialog.record_button.click()
    assert recorded.args == [2]
    new = dose_rows(db)[len(before[0]) :]
    assert sorted(new) == sorted([(ids["HS1"], "dose", 1), (ids["HS2"], "dose", 2)])
    assert outbox_rows(db) == before[1] + 2
    lots = {r[0] for r in db.execute("SELECT lot_no FROM vaccinations WHERE recorded_on = ?",
                                     [TODAY.isoformat()])}  # fmt: skip
    assert lots == {"FK0001"}
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=JOB_MS)
    assert page.message_label.text() == "Đã ghi nhận 2 mũi tiêm."
    total = page.coverage_model.rowCount() - 1
    assert page.coverage_model.cell(total, 2) == "2"  # ≥1 dose: HS1 and HS2, read again
    assert page.coverage_model.cell(total, 3) == "1"  # ≥2 doses: HS2


def test_a_class_of_2000_is_read_and_recorded_by_jobs_without_freezing_the_window(
    qtbot, db, db_path
):
    add_students(db, [(f"HS{i:05d}", f"Học Sinh {i}", "9A1", TEEN) for i in range(2000)])
    _page, dialog = open_quick_entry(qtbot, db, db_path)
    started = time.perf_counter()
    dialog.choose_class("9A1")
    assert time.perf_counter() - started < 0.2  # the GUI thread only starts the job
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2000 and not dialog.is_busy(),
                    timeout=JOB_MS)  # fmt: skip
    dialog.vaccinated_on.setText("05/01/2022")
    # The event loop keeps turning while 2,000 doses are checked and written: a timer's longest
    # wait is the window's longest freeze (a table measuring every row took 2–4 s here).
    ticks = [time.perf_counter()]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    dialog.select_all.setChecked(True)
    with qtbot.waitSignal(dialog.recorded, timeout=JOB_MS) as recorded:
        dialog.record_button.click()
    timer.stop()
    longest = max(b - a for a, b in pairwise(ticks))
    assert longest < 1.0, f"the window froze for {longest:.2f} s"
    assert recorded.args == [2000]
    assert db.execute("SELECT COUNT(*) FROM vaccinations").fetchone()[0] == 2000


def test_the_quick_entry_in_english_shows_english_labels_and_problems(qtbot, db, db_path, english):
    add_students(db, CLASS)
    _page, dialog = open_quick_entry(qtbot, db, db_path)
    assert dialog.windowTitle() == "Record a school vaccination day"
    assert dialog.place.currentText() == "At school"
    assert dialog.record_button.text() == "Record"
    assert dialog.select_all.text() == "Select all"
    load(qtbot, dialog, "6A1", 4)
    assert dialog.model.headerData(RosterModel.NEXT, Qt.Orientation.Horizontal) == "Dose to record"
    dialog.model.tick("HS3")
    dialog.vaccine.setCurrentIndex(dialog.vaccine.findData("comirnaty"))  # the clerk's choice
    dialog.vaccinated_on.setText(date(2022, 1, 5).strftime("%d/%m/%Y"))
    dialog.record_button.click()
    qtbot.waitUntil(lambda: dialog.problems.isVisible() and not dialog.is_busy(), timeout=JOB_MS)
    (line,) = dialog.problem_lines()
    assert line.startswith("Lê Văn Chi (HS3): Pfizer-BioNTech (Comirnaty) is for children aged "
                           "12 and over; the student was 9")  # fmt: skip


def test_the_vaccine_follows_the_class_ages_until_the_clerk_picks_one(qtbot, db, db_path):
    add_students(db, [("HS1", "Nguyễn Văn An", "4A1", CHILD), ("HS2", "Lê Thị Hoa", "4A1", CHILD),
                      ("HS3", "Trần Văn Nam", "8A1", TEEN)])  # fmt: skip
    _page, dialog = open_quick_entry(qtbot, db, db_path)
    load(qtbot, dialog, "4A1", 2)
    assert dialog.vaccine.currentData() == "comirnaty_child"
    load(qtbot, dialog, "8A1", 1)
    assert dialog.vaccine.currentData() == "comirnaty"
    dialog.vaccine.setCurrentIndex(dialog.vaccine.findData("spikevax"))
    dialog.vaccine.activated.emit(dialog.vaccine.currentIndex())  # as a click on the list does
    load(qtbot, dialog, "4A1", 2)
    assert dialog.vaccine.currentData() == "spikevax"
