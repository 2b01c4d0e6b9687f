"""The words: what the clerk reads about a file and its import, in the interface's language
(context "ImportWizard" for the English catalogue; the core's problems in the same language)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop_app.core.importing.service import ImportReport
from desktop_app.core.locale import fmt_date, fmt_datetime
from desktop_app.core.templates.cells import TOO_MANY_DIGITS, excel_shows
from desktop_app.ui.common.text import language, number
from desktop_app.ui.import_wizard.style import ERROR_COLOUR, OK_COLOUR


def lang() -> str:
    """The language the core's problems and the error report are said in: the interface's."""
    return language()


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def _trn(text: str, n: int) -> str:
    """A sentence that says a count: English chooses "1 row" or "2 rows" by ``n``."""
    return QCoreApplication.translate("ImportWizard", text, "", n)


def kind_label(kind: str) -> str:
    labels = {
        "needs": _tr("Nhu cầu hỗ trợ"),
        "devices": _tr("Tiếp nhận thiết bị"),
        "handovers": _tr("Bàn giao"),
        "vaccinations": _tr("Tiêm vắc-xin"),
    }
    return labels[kind]


def _number(value: int) -> str:
    """20000 → "20.000" in Vietnamese, "20,000" in English."""
    return number(value)


def show_value(value: Any) -> str:
    """A cell as the clerk saw it in Excel (the reader gives floats, dates and text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        if abs(value) >= TOO_MANY_DIGITS:  # the digits Excel holds, not the float's made-up ones
            return excel_shows(value)
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return fmt_date(value)
        return fmt_datetime(value)
    if isinstance(value, date):
        return fmt_date(value)
    return str(value)


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def summary_text(report: ImportReport) -> str:
    """ "Đọc 120 dòng: 115 dòng hợp lệ, 5 dòng có lỗi (7 lỗi), 3 cảnh báo." """
    error_rows = report.rows_read - report.rows_valid
    errors, warnings = len(report.errors), len(report.warnings)
    bad = _trn("{n} dòng có lỗi", error_rows).format(n=_number(error_rows))
    if errors > error_rows:
        bad += _trn(" ({n} lỗi)", errors).format(n=_number(errors))
    return _tr("Đọc {read} dòng: {valid} dòng hợp lệ, {bad}, {warnings} cảnh báo.").format(
        read=_number(report.rows_read),
        valid=_number(report.rows_valid),
        bad=bad,
        warnings=_number(warnings),
    )


def result_text(report: ImportReport, written: bool) -> tuple[str, str, str]:
    """(headline, its colour, the details) for the result page."""
    error_rows = report.rows_read - report.rows_valid
    if report.file_error:
        reasons = [p.message(lang()) for p in report.problems if p.is_error and p.row is None]
        return (
            _tr("Chưa nhập: không có dữ liệu nào được ghi."),
            ERROR_COLOUR,
            _tr("Không đọc được tệp:") + "\n" + _bullets(reasons),
        )
    if not written:
        return (
            _tr("Chưa nhập: không có dữ liệu nào được ghi."),
            ERROR_COLOUR,
            _trn(
                "Tệp có {n} dòng lỗi (có thể tệp đã được sửa sau khi kiểm tra) nên không ghi dòng "
                "nào. Hãy lưu báo cáo lỗi, sửa tệp rồi nhập lại, hoặc chọn “Chỉ nhập các dòng "
                "hợp lệ”.",
                error_rows,
            ).format(n=_number(error_rows)),
        )
    lines = [
        _trn(
            "Đã nhập {n} dòng: thêm mới {created}, cập nhật {updated}, không đổi {unchanged}.",
            report.rows_imported,
        ).format(
            n=_number(report.rows_imported),
            created=_number(report.created),
            updated=_number(report.updated),
            unchanged=_number(report.unchanged),
        )
    ]
    if error_rows:
        lines.append(
            _trn(
                "Đã bỏ qua {n} dòng có lỗi. Lưu báo cáo lỗi để xem các dòng đó, sửa rồi nhập lại "
                "tệp: các dòng đã nhập sẽ không bị nhập trùng.",
                error_rows,
            ).format(n=_number(error_rows))
        )
    if report.rows_imported and report.unchanged == report.rows_imported:
        lines.append(_tr("Dữ liệu trong tệp đã có sẵn, không có gì thay đổi."))
    elif report.created or report.updated:
        lines.append(_tr("Các thay đổi đã được lưu trên máy và sẽ được gửi đi khi đồng bộ."))
    return _tr("Nhập xong."), OK_COLOUR, "\n\n".join(lines)
