"""The Báo cáo page's vaccination report (4.9): the same two tables as the Excel file, in the
reader's language, and the button that saves the file (the page runs the export)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QWidget
from sqlite_utils import Database

from desktop_app.core.messages import say
from desktop_app.core.vaccinations.report import (
    coverage_headers,
    coverage_rows,
    doses_header,
    doses_rows,
    vaccination_report,
)
from desktop_app.ui.common.text import language
from desktop_app.ui.common.widgets import Card, heading, muted
from desktop_app.ui.reports.tables import fill_table, fit_height, report_table


def screen_headers(lang: str) -> list[str]:
    """The file's two header rows as one: each dose's count under "Đã tiêm ít nhất 1 mũi", its
    share under "Tỷ lệ (%)"; long headers on two lines, so that the table fits the page."""
    groups, columns = coverage_headers(lang)
    headers: list[str] = []
    for top, below in zip(groups, columns, strict=True):
        headers.append(_two_lines(top) if top else below)
    return headers


def _two_lines(text: str) -> str:
    """Broken at the space nearest the middle."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if len(text) < 12 or not spaces:
        return text
    middle = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:middle]}\n{text[middle + 1 :]}"


class VaccinationReportCard(Card):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lang = language()
        top = QHBoxLayout()
        top.addWidget(heading(say("vaccination_report.page.heading", lang), level=2), 1)
        self.export_button = QPushButton(say("vaccination_report.page.export", lang))
        top.addWidget(self.export_button)
        self.body.addLayout(top)
        self.hint = muted("")
        self.body.addWidget(self.hint)
        self.coverage_table = report_table(screen_headers(lang))
        self.body.addWidget(self.coverage_table)
        self.doses_table = report_table(doses_header(lang))
        self.doses_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.body.addWidget(self.doses_table)

    def refresh(self, db: Database) -> None:
        lang = language()
        report = vaccination_report(db)
        rows = coverage_rows(report, lang)
        fill_table(self.coverage_table, [list(r) for r in rows], {len(rows) - 1})
        self.coverage_table.resizeColumnsToContents()
        fit_height(self.coverage_table)
        doses = doses_rows(report, lang)
        fill_table(self.doses_table, [list(r) for r in doses], {len(doses) - 1})
        fit_height(self.doses_table)
        total = report.coverage.total
        self.hint.setText(say("vaccination_report.page.hint", lang, count=total.students,
                              none=total.none, doses=report.doses.total))  # fmt: skip
