"""The Báo cáo page and ``songmay report`` write the very same workbooks: the page's buttons go
through the real save dialog and job, the command line through ``main``; the two files are then
compared cell by cell (values, fonts, merges, row heights) and by their print settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from dialogs import answering
from helpers import show_page
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop_app.cli import main
from desktop_app.core.demo import fill_demo_data
from desktop_app.core.school import save_school
from desktop_app.ui.reports.page import ReportsPage


def _print_settings(ws) -> tuple[object, ...]:
    setup, margins = ws.page_setup, ws.page_margins
    return (
        setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight,
        ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_title_rows, ws.print_area,
        margins.top, margins.bottom, margins.left, margins.right,
        [b.id for b in ws.row_breaks.brk],
    )  # fmt: skip


def _same_workbooks(first: Path, second: Path) -> int:
    """Assert the two files hold the same sheets, cells and print settings; returns the number
    of filled cells compared."""
    one, two = load_workbook(first), load_workbook(second)
    assert one.sheetnames == two.sheetnames
    compared = 0
    for name in one.sheetnames:
        a, b = one[name], two[name]
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column)
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        assert _print_settings(a) == _print_settings(b)
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for x, y in zip(row_a, row_b, strict=True):
                assert x.value == y.value, f"{name}!{x.coordinate}"
                assert (x.font.name, x.font.sz, x.font.b, x.font.i) == (
                    y.font.name, y.font.sz, y.font.b, y.font.i,
                ), f"{name}!{x.coordinate}"  # fmt: skip
                compared += x.value is not None
        for row in range(1, a.max_row + 1):
            assert a.row_dimensions[row].height == b.row_dimensions[row].height
    return compared


@pytest.mark.parametrize(
    ("kind", "button", "suggested", "title"),
    [
        ("summary", "export_summary_button", "thong-ke-4.8.2.xlsx",
         "BÁO CÁO THỐNG KÊ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN"),
        ("donors", "export_donors_button", "tiep-nhan-theo-nha-tai-tro.xlsx",
         "BÁO CÁO TIẾP NHẬN VÀ BÀN GIAO THIẾT BỊ THEO NGUỒN VÀ NHÀ TÀI TRỢ"),
        ("vaccinations", "export_vaccinations_button", "bao-cao-tiem-vac-xin-4.9.xlsx",
         "BÁO CÁO TÌNH HÌNH TIÊM VẮC-XIN CỦA HỌC SINH"),
    ],
)  # fmt: skip
def test_the_reports_page_and_songmay_report_write_the_same_workbook(
    qtbot, db, db_path, tmp_path, capsys, kind, button, suggested, title
):
    save_school(db, {"district": "Huyện Krông Bông", "principal": "Nguyễn Thị Hạnh",
                     "clerk": "Trần Văn Minh"})  # fmt: skip
    fill_demo_data(db, students=60)
    page = show_page(qtbot, ReportsPage(db, db_path))
    from_page = tmp_path / f"page-{kind}.xlsx"
    with answering(qtbot) as answers:
        asked = answers.save_file(from_page)
        saved = answers.message_box(button=QMessageBox.StandardButton.Ok)
        qtbot.mouseClick(getattr(page, button), Qt.MouseButton.LeftButton)
    assert asked.title == "Lưu tệp Excel" and asked.text == suggested
    assert from_page.exists() and saved.text == f"Đã lưu {from_page}"

    from_cli = tmp_path / "cli" / f"{kind}.xlsx"
    assert main(["--db", str(db_path), "report", kind, str(from_cli)]) == 0
    assert f"Đã ghi báo cáo ra {from_cli}" in capsys.readouterr().out

    assert _same_workbooks(from_page, from_cli) > 30
    cells = [c for row in load_workbook(from_cli).active.iter_rows(values_only=True) for c in row]
    assert title in cells and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "HIỆU TRƯỞNG" in cells and "Nguyễn Thị Hạnh" in cells and "Trần Văn Minh" in cells
    assert any("HUYỆN KRÔNG BÔNG" in str(c) for c in cells)  # the parent agency


def test_songmay_report_says_in_vietnamese_when_the_file_cannot_be_written(db, db_path, capsys):
    blocked = db_path.parent / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    code = main(["--db", str(db_path), "report", "summary", str(blocked / "4.8.2.xlsx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(blocked) in err
