"""The Báo cáo page shows the vaccination report (4.9) as counted by the test, and its button
saves the very file ``songmay report vaccinations`` writes, through the real save dialog and
job."""

from __future__ import annotations

from dialogs import answering
from helpers import show_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from vaccination_school import (
    TODAY,
    build_school,
    event_id,
    expected_coverage,
    expected_doses,
    read_tables,
)

from desktop_app.cli import main
from desktop_app.core.vaccinations.service import void_dose
from desktop_app.ui.reports.page import ReportsPage


def _texts(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _vietnamese(value: object) -> str:
    """A figure as the Vietnamese screen writes it: a share with a decimal comma."""
    return f"{value:.1f}".replace(".", ",") if isinstance(value, float) else str(value)


def test_the_page_shows_the_vaccination_figures_counted_here(qtbot, db, db_path):
    school = build_school(db)
    page = show_page(qtbot, ReportsPage(db, db_path))
    card = page.vaccinations
    expected = [[_vietnamese(v) for v in row] for row in expected_coverage(school)]
    assert _texts(card.coverage_table) == expected
    assert _texts(card.doses_table) == [[str(v) for v in r] for r in expected_doses(school)]
    headers = [card.coverage_table.horizontalHeaderItem(c).text() for c in range(9)]
    assert headers[:5] == ["Khối", "Sĩ số", "Đã tiêm ít\nnhất 1 mũi", "Tỷ lệ (%)",
                           "Đã tiêm ít\nnhất 2 mũi"]  # fmt: skip
    assert headers[-1] == "Chưa tiêm\nmũi nào"
    assert card.doses_table.horizontalHeaderItem(1).text() == "Tại trường"
    total = expected_coverage(school)[-1]
    doses = expected_doses(school)[-1][-1]
    assert card.hint.text() == (
        f"{total[1]} học sinh, {total[-1]} em chưa tiêm mũi nào; {doses} mũi đã tiêm"
        " (không tính mũi đã sửa hoặc đã hủy)."
    )


def test_the_page_refreshes_after_a_dose_is_cancelled(qtbot, db, db_path):
    school = build_school(db)
    page = show_page(qtbot, ReportsPage(db, db_path))
    code = next(c for c, d in school.doses.items() if len(d) == 1)
    assert void_dose(db, event_id(db, school, code, 1), today=TODAY) == []
    school.doses[code].clear()
    page.refresh()
    assert _texts(page.vaccinations.coverage_table)[-1][-1] == str(
        expected_coverage(school)[-1][-1]
    )


def test_saving_the_report_from_the_page_writes_the_file_songmay_writes(
    qtbot, db, db_path, tmp_path, capsys
):
    school = build_school(db)
    page = show_page(qtbot, ReportsPage(db, db_path))
    target = tmp_path / "from-page.xlsx"
    with answering(qtbot) as answers:
        asked = answers.save_file(target)
        saved = answers.message_box(button=QMessageBox.StandardButton.Ok)
        qtbot.mouseClick(page.export_vaccinations_button, Qt.MouseButton.LeftButton)
    assert asked.title == "Lưu tệp Excel" and asked.text == "bao-cao-tiem-vac-xin-4.9.xlsx"
    assert asked.filters == ["Bảng tính Excel (*.xlsx)"]
    assert saved.title == "Đã xuất" and saved.text == f"Đã lưu {target}"
    rows, coverage_body, doses_body = read_tables(target)
    assert coverage_body == expected_coverage(school)
    assert doses_body == expected_doses(school)

    from_cli = tmp_path / "cli.xlsx"
    assert main(["--db", str(db_path), "report", "vaccinations", str(from_cli)]) == 0
    assert read_tables(from_cli)[0] == rows  # every cell, date line included
    assert db.execute("SELECT COUNT(*) FROM access_log WHERE kind = 'report'").fetchone()[0] == 2
