"""The "Học sinh & nhu cầu" page: the lazy table model, search and filters, the form, delete."""

from __future__ import annotations

import random
import time
from unittest import mock

import pytest
from dialogs import answering
from helpers import open_dialog_of, select, show_page
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop_app.core.demo import FAMILY, GIVEN, MIDDLE, fill_demo_data
from desktop_app.core.naming import student_keys
from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from desktop_app.core.students import StudentFilter, list_students, student_ids
from desktop_app.core.text import search_key
from desktop_app.ui.common.errors import ErrorDialog
from desktop_app.ui.students import model as student_model
from desktop_app.ui.students.dialog import ERROR_COLOR, StudentDialog
from desktop_app.ui.students.model import StudentTableModel
from desktop_app.ui.students.page import StudentsPage

NEW_STUDENT = {
    "student_code": "HS0001", "full_name": "Nguyễn Thị Ánh", "birth_date": "31/02/2012",
    "class_name": "6A1", "poverty_cert_no": "12/GCN-UBND",
}  # fmt: skip
NEW_CHOICES = {"gender": "Nữ", "category": "Hộ nghèo", "requested_device": "Máy tính bảng"}


@pytest.fixture
def demo_db(db: Database) -> Database:
    fill_demo_data(db, students=300)
    return db


def make_page(qtbot: QtBot, db: Database) -> StudentsPage:
    return show_page(qtbot, StudentsPage(db))


def shown_names(model: StudentTableModel) -> list[str]:
    return [model.data(model.index(r, StudentTableModel.NAME)) for r in range(model.rowCount())]


def open_dialog(page: StudentsPage) -> StudentDialog:
    return open_dialog_of(page, StudentDialog)


def handed_over(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT student_id FROM handovers WHERE deleted = 0")}


@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports through qWarning
def test_the_model_passes_the_qt_model_tester_with_demo_data(qtmodeltester, demo_db):
    model = StudentTableModel(demo_db, page_size=50, max_pages=3)
    model.set_filter(StudentFilter())
    qtmodeltester.check(model)
    model.set_filter(StudentFilter(text="nguyen"))  # a reset under the tester's eyes
    python_checked = StudentTableModel(demo_db, page_size=50, max_pages=3)
    python_checked.set_filter(StudentFilter(problems_only=True))
    qtmodeltester.check(python_checked, force_py=True)  # also checks each role's value type
    assert model.rowCount() > 0 and python_checked.rowCount() > 0


def test_typing_nguyen_without_diacritics_shows_only_nguyens_and_the_count_says_so(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    resets = mock.Mock()
    page.model.modelReset.connect(resets)
    qtbot.keyClicks(page.search, "nguyen")
    qtbot.waitUntil(lambda: page.model.filter().text == "nguyen", timeout=2000)
    expected = sorted(s.full_name for s in list_students(demo_db) if "Nguyễn" in s.full_name)
    names = shown_names(page.model)
    assert expected and sorted(names) == expected
    assert all("nguyen" in search_key(n) for n in names)
    assert page.count_label.text() == f"{len(expected)} học sinh"
    assert resets.call_count == 1  # six keystrokes, one query


def test_the_class_filter_and_the_problems_only_filter_narrow_the_rows(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    everyone = page.model.rowCount()
    class_name = next(s.class_name for s in list_students(demo_db) if s.has_problem)
    page.class_filter.setCurrentIndex(page.class_filter.findData(class_name))
    in_class = [page.model.student(r) for r in range(page.model.rowCount())]
    assert 0 < len(in_class) < everyone
    assert {s.class_name for s in in_class if s} == {class_name}
    page.problems_only.setChecked(True)
    flagged = [page.model.student(r) for r in range(page.model.rowCount())]
    assert 0 < len(flagged) < len(in_class)
    assert all(s and s.has_problem and s.class_name == class_name for s in flagged)
    assert page.count_label.text() == f"{len(flagged)} học sinh"
    first = page.model.index(0, StudentTableModel.CODE)
    assert page.model.data(first, Qt.ItemDataRole.DecorationRole) is not None  # the mark


def test_a_bad_birth_date_shows_a_red_message_under_the_field_and_nothing_is_saved_until_fixed(
    qtbot, db
):
    page = make_page(qtbot, db)
    assert page.count_label.text() == "0 học sinh"
    page.add_button.click()
    dialog = open_dialog(page)
    for field, text in NEW_STUDENT.items():
        dialog.inputs[field].setText(text)  # QTest types ASCII only
    for field, label in NEW_CHOICES.items():
        dialog.inputs[field].setCurrentText(label)

    dialog.save_button.click()
    message = dialog.error_labels["birth_date"]
    assert dialog.isVisible() and message.isVisible()
    assert "không tồn tại" in message.text()
    assert [n for n, label in dialog.error_labels.items() if label.isVisible()] == ["birth_date"]
    field = dialog.inputs["birth_date"]
    top = message.mapTo(dialog, QPoint(0, 0))
    below_field = field.mapTo(dialog, QPoint(0, field.height()))
    assert top.x() == below_field.x() and 0 <= top.y() - below_field.y() < 12
    message.ensurePolished()
    assert message.palette().color(QPalette.ColorRole.WindowText).name() == ERROR_COLOR
    assert student_ids(db) == []

    field.clear()
    qtbot.keyClicks(field, "28/02/2012")
    dialog.save_button.click()
    assert not dialog.isVisible()
    saved = student_ids(db)
    assert len(saved) == 1 and dialog.saved_student_id == saved[0]
    assert shown_names(page.model) == ["Nguyễn Thị Ánh"]
    assert page.selected_student_id() == saved[0]
    assert page.count_label.text() == "1 học sinh"
    assert page.class_filter.findData("6A1") > 0  # the new class is offered as a filter


def test_editing_the_class_shows_the_new_class_in_the_row(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    student = next(s for s in list_students(demo_db) if s.class_name != "9A4")
    select(page, student.id)
    page.edit_button.click()
    dialog = open_dialog(page)
    assert dialog.inputs["full_name"].text() == student.full_name
    dialog.inputs["class_name"].setText("9A4")
    dialog.save_button.click()
    assert not dialog.isVisible(), dialog.outcome
    row = page.model.row_of(student.id)
    assert row is not None and page.selected_student_id() == student.id
    assert page.model.data(page.model.index(row, StudentTableModel.CLASS)) == "9A4"
    assert page.message_label.text().startswith(f"Đã lưu học sinh {student.full_name}.")


def test_a_student_without_a_certificate_opens_with_the_amber_note_under_that_field(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    missing = next(s for s in list_students(demo_db) if s.has_problem and s.status != "returned")
    dialog = page.open_student_dialog(missing.id)
    assert dialog is not None
    note = dialog.warning_labels["poverty_cert_no"]
    assert note.isVisible() and "giấy chứng nhận" in note.text()
    assert not any(label.isVisible() for label in dialog.error_labels.values())
    dialog.reject()


def test_the_keyboard_opens_the_forms_and_asks_before_deleting(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    with qtbot.waitActive(page):  # shortcuts reach the active window only
        page.activateWindow()
    student_id = page.model.student_id(2)
    select(page, student_id)
    page.table.setFocus()
    with answering(qtbot) as answers:
        answers.message_box(button="Hủy", text="Xóa học sinh")
        qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.row_of(student_id) == 2
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = open_dialog(page)
    assert dialog.inputs["student_code"].text() == page.model.student(2).code
    dialog.reject()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert open_dialog(page).windowTitle() == "Thêm học sinh"


def test_deleting_after_confirmation_removes_the_student_and_queues_a_delete(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    student = next(s for s in list_students(demo_db) if s.id not in handed_over(demo_db))
    changed = mock.Mock()
    page.studentsChanged.connect(changed)
    before = page.model.rowCount()
    select(page, student.id)
    with answering(qtbot) as answers:
        question = answers.message_box(button="Xóa")
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert question.title == "Xóa học sinh"
    assert student.full_name in question.text and student.code in question.text
    assert page.model.row_of(student.id) is None and page.model.rowCount() == before - 1
    assert student.id not in student_ids(demo_db)
    ops = demo_db.execute(
        "SELECT op FROM outbox WHERE entity = 'student' AND entity_id = ?", [student.id]
    ).fetchall()
    assert ops[-1] == ("delete",)
    changed.assert_called_once()


def test_deleting_is_cancelled_when_the_clerk_says_no(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    student_id = page.model.student_id(0)
    select(page, student_id)
    with answering(qtbot) as answers:
        answers.message_box(button="Hủy", text="Xóa học sinh")
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.model.row_of(student_id) == 0 and student_id in student_ids(demo_db)


def test_deleting_a_student_who_received_a_device_shows_the_service_message(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    student_id = sorted(handed_over(demo_db))[0]
    select(page, student_id)
    with answering(qtbot) as answers:
        answers.message_box(button="Xóa", text="Xóa học sinh")
        error = answers.dialog(ErrorDialog, button="Đóng")
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "lịch sử bàn giao" in error.text and "Traceback" not in error.text
    assert page.model.row_of(student_id) is not None


def generate_students(db: Database, count: int) -> None:
    """``count`` students, each with a need, written as the importer writes them."""
    rng = random.Random(7)
    changes = ChangeSet(source="test")
    for number in range(count):
        gender = rng.choice(["Nam", "Nữ"])
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN)}"
        class_name = f"{rng.randint(6, 9)}A{rng.randint(1, 9)}"
        student = changes.insert("student", {
            "code": f"HS{number:06d}", "full_name": name, **student_keys(name, class_name),
            "birth_date": "2010-05-01", "gender": gender, "class_name": class_name,
        })  # fmt: skip
        changes.insert("need", {
            "student_id": student["id"], "survey_round": "2021-2",
            "category": rng.randint(1, 4), "requested_device": "tablet", "status": "proposed",
            "poverty_cert_no": "1/GCN",
        })  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)


def test_20000_students_scroll_top_to_bottom_with_a_bounded_cache_and_filter_fast(
    qtbot, db, monkeypatch, record_property
):
    generate_students(db, 20_000)
    fetch = mock.create_autospec(
        student_model.fetch_students, side_effect=student_model.fetch_students
    )
    monkeypatch.setattr(student_model, "fetch_students", fetch)
    page = make_page(qtbot, db)
    model = page.model
    assert model.rowCount() == 20_000
    bar = page.table.verticalScrollBar()
    largest = 0
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())  # a screen at a time: no page of rows skipped
        QApplication.processEvents()  # paints, which asks the model for the rows on screen
        largest = max(largest, model.loaded_row_count())
    last = model.index(model.rowCount() - 1, StudentTableModel.CODE)
    assert page.table.visualRect(last).isValid()  # the last row is on screen
    assert largest <= model.max_loaded_rows < 20_000
    assert fetch.call_count == 20_000 // student_model.PAGE_SIZE  # each page read once

    page.search.setText("nguyen")
    started = time.perf_counter()
    page.apply_filter()
    elapsed = time.perf_counter() - started
    record_property("filter_ms_20000", round(elapsed * 1000, 1))
    assert 0 < model.rowCount() < 20_000
    assert elapsed < 0.150, f"filtering 20,000 students took {elapsed * 1000:.0f} ms"


def test_a_keystroke_reads_a_count_and_the_first_ids_not_every_match(qtbot, db, monkeypatch):
    generate_students(db, 5000)
    page = make_page(qtbot, db)
    model = page.model
    reads: list[tuple[int, int | None]] = []
    ids = student_model.StudentSearch.ids

    def counted(search, offset=0, limit=None):
        reads.append((offset, limit))
        return ids(search, offset, limit)

    monkeypatch.setattr(student_model.StudentSearch, "ids", counted)
    for text in ["n", "ng", "ngu", ""]:
        reads.clear()
        page.search.setText(text)
        page.apply_filter()
        QApplication.processEvents()  # the first screen painted
        assert reads == [(0, student_model.FIRST_IDS)]
        expected = student_ids(db, StudentFilter(text=text))
        assert len(expected) > student_model.FIRST_IDS
        if model.counting():  # many matches: the first rows now, the count after a pause
            assert model.rowCount() == student_model.FIRST_IDS
            qtbot.waitUntil(lambda: not model.counting(), timeout=5000)
        assert model.rowCount() == len(expected)
        assert model.read_id_count() == student_model.FIRST_IDS  # the first screens only
        assert [model.student_id(r) for r in range(30)] == expected[:30]
    # down to the bottom: a few reads (each as many as are held), the same ids in the same order
    reads.clear()
    last = model.rowCount() - 1
    assert model.student_id(last)
    assert len(reads) <= 3 and model.read_id_count() == model.rowCount()
    assert [model.student_id(r) for r in range(last + 1)] == student_ids(db)
    # a selected student further down than was read is found, and kept across a keystroke
    page.search.setText("ng")
    page.apply_filter()
    far = student_ids(db, StudentFilter(text="ng"))[-1]
    page.rows.select(far)
    assert page.selected_student_id() == far
    page.search.setText("n")
    page.apply_filter()
    assert page.selected_student_id() == far


def test_many_matches_show_their_first_rows_and_are_counted_when_the_typing_pauses(qtbot, db):
    """A keystroke with more matches than the first ids does not count them all (a common
    name at 200,000 students: 7 ms of every keystroke): the table shows the first rows and
    "…", the count comes once the typing pauses; a keystroke before that drops it."""
    generate_students(db, 3000)
    page = make_page(qtbot, db)
    model = page.model
    expected = student_ids(db, StudentFilter(text="hs0"))  # every code: 3,000 matches
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        for text in ("hs", "hs0"):  # typed faster than the pause: the first is never counted
            page.search.setText(text)
            page.apply_filter()
            QApplication.processEvents()
            assert model.counting() and model.rowCount() == student_model.FIRST_IDS
            assert page.count_label.text() == "… học sinh"
        assert not any("COUNT(*) FROM student_search" in sql for sql in statements), statements
        assert [model.student_id(r) for r in range(model.rowCount())] == expected[:100]
        with qtbot.waitSignal(model.counted, timeout=5000):
            pass  # the pause: the count, and the rows below the first ones
    finally:
        db.conn.set_trace_callback(None)
    counts = [sql for sql in statements if "COUNT(*) FROM student_search" in sql]
    assert len(counts) == 1 and "hs0" in counts[0]
    assert not model.counting() and model.rowCount() == len(expected) == 3000
    assert page.count_label.text() == "3.000 học sinh"
    assert model.student_id(2999) == expected[-1]
    # few matches: counted with the first ids, at once
    page.search.setText("hs00001")
    page.apply_filter()
    assert not model.counting() and model.rowCount() == 10
    assert page.count_label.text() == "10 học sinh"


def test_a_row_further_down_than_the_first_rows_is_found_before_the_count_arrives(qtbot, db):
    generate_students(db, 3000)
    page = make_page(qtbot, db)
    last = student_ids(db, StudentFilter(text="hs0"))[-1]
    page.search.setText("hs0")
    page.apply_filter()
    assert page.model.counting()
    assert page.model.row_of(last) == 2999  # counted now, not after the pause
    assert not page.model.counting() and page.model.rowCount() == 3000


class CountingModel(StudentTableModel):
    """The students' model, counting the calls the view makes into Python."""

    calls: dict[str, int]

    def data(self, index, role=0):
        self.calls["data"] += 1
        return super().data(index, role)

    def multiData(self, index, roleDataSpan):
        self.calls["multiData"] += 1
        return super().multiData(index, roleDataSpan)


def test_a_painted_cell_is_one_call_into_python_with_every_role_as_data_gives_it(
    qtbot, db, monkeypatch
):
    """The view's delegate asks seven roles per cell: ``multiData`` answers them in one call,
    with what ``data`` answers role by role."""
    from PySide6.QtCore import QModelRoleData

    from desktop_app.ui.students import page as page_module

    generate_students(db, 40)
    with write_transaction(db):  # a flagged row too: no certificate for a poor household
        db.execute("UPDATE needs SET poverty_cert_no = NULL, category = 1 WHERE rowid = 1")
    monkeypatch.setattr(page_module, "StudentTableModel", CountingModel)
    CountingModel.calls = {"data": 0, "multiData": 0}
    page = make_page(qtbot, db)
    model = page.model
    assert isinstance(model, CountingModel)
    roles = [int(role) for role in Qt.ItemDataRole if role < Qt.ItemDataRole.UserRole]
    roles += [StudentTableModel.StudentIdRole, StudentTableModel.ProblemRole]
    flagged = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in roles:
                one = QModelRoleData(role)
                model.multiData(index, one)
                got, expected = one.data(), model.data(index, role)
                if isinstance(expected, QIcon):  # the same icon: the same cache key
                    got, expected = got.cacheKey(), expected.cacheKey()
                assert got == expected, (row, column, role)
            flagged += bool(model.data(index, StudentTableModel.ProblemRole))
    assert flagged == model.columnCount()
    CountingModel.calls = {"data": 0, "multiData": 0}
    page.table.viewport().grab()  # one paint of the rows on screen
    assert CountingModel.calls["multiData"] >= 10 * model.columnCount()
    assert CountingModel.calls["data"] == 0


def test_editing_a_student_deleted_meanwhile_says_so_instead_of_failing(qtbot, demo_db):
    page = make_page(qtbot, demo_db)
    assert page.open_student_dialog("no-such-student") is None
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog)]
    assert len(shown) == 1 and "có thể đã bị xóa" in shown[0].message()
    shown[0].close()


def test_clicking_a_header_sorts_in_the_core_and_back_to_the_class_list_order(qtbot, demo_db):
    from desktop_app.core.students import student_ids

    page = StudentsPage(demo_db)
    qtbot.addWidget(page)
    assert shown_ids(page) == student_ids(demo_db)  # given name first, by default
    assert page.table.horizontalHeader().sectionsClickable()
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # Mã HS, descending
    codes = [page.model.student(r).code for r in range(5)]
    assert codes == sorted(codes, reverse=True)
    assert shown_ids(page) == student_ids(demo_db, order="code", descending=True)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown_ids(page) == student_ids(demo_db)


def shown_ids(page: StudentsPage) -> list[str]:
    return [page.model.student_id(row) for row in range(page.model.rowCount())]


@pytest.mark.parametrize("width", [700, 1050, 1700])
def test_the_name_column_always_shows_a_long_name_whole_and_takes_the_room_left(
    qtbot, demo_db, width
):
    """On a narrow screen the table scrolls sideways rather than cutting every name to its first
    letter (in a 1,280-pixel window the consent column left the names a few pixels); on a wide
    one the name column takes what the others leave."""
    page = make_page(qtbot, demo_db)
    page.resize(1800, 700)
    table, name = page.table, StudentTableModel.NAME
    table.setFixedWidth(width)  # what the window leaves the table beside the sidebar
    qtbot.waitUntil(lambda: abs(table.width() - width) < 2)
    QApplication.processEvents()
    metrics = table.fontMetrics()
    longest = max(metrics.horizontalAdvance(n) for n in shown_names(page.model))
    assert table.columnWidth(name) >= longest  # every name on screen, whole
    header = table.horizontalHeader()
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != name)
    room = table.viewport().width() - others
    if room > table.columnWidth(name):  # wide: no room left unused beside the names
        raise AssertionError(f"{room - table.columnWidth(name)} px left beside the names")


def test_the_search_box_shows_its_whole_hint_in_a_1280_pixel_window(qtbot, demo_db):
    """The page beside the sidebar of a 1,280-pixel window (about 1,050 pixels): the search
    box's hint ("… gõ không dấu cũng được") is read whole, and no filter is pushed off the page
    (with the yes/no filters on the same row the hint was cut at "gõ khô")."""
    page = make_page(qtbot, demo_db)
    page.resize(1050, 700)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    search = page.search
    hint = search.fontMetrics().horizontalAdvance(search.placeholderText())
    margins = search.textMargins()
    assert search.width() >= hint + margins.left() + margins.right() + 30  # frame, clear button
    assert page.minimumSizeHint().width() <= 1050
    for widget in (page.class_filter, page.category_filter, page.status_filter,
                   page.returned_filter, page.problems_only, page.consent_missing):  # fmt: skip
        assert widget.geometry().right() <= page.width(), widget.objectName()
