"""The page's tables: coverage by class with a total row, students with no dose recorded, doses
recorded late. Small read-only models over rows the page's job read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from desktop_app.core.locale import fmt_number
from desktop_app.core.rules.vaccinations import COVERAGE_DOSES
from desktop_app.core.vaccinations.coverage import CoverageRow, LateDose, UnvaccinatedStudent
from desktop_app.ui.common.table_model import (
    ALIGNMENT,
    DISPLAY,
    FONT,
    ID,
    NO_PARENT,
    VALID,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.text import day, language, number

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class CoverageModel(ListTableModel):
    """One row per class, then the school's total (bold)."""

    numbered = False
    CLASS, STUDENTS, DOSE1, DOSE2, DOSE3, NONE, PERCENT = range(7)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._has_total = False
        self._bold = QFont()
        self._bold.setBold(True)
        self._headers = [
            self.tr("Lớp"), self.tr("Sĩ số"), self.tr("Đã tiêm ≥1 mũi"), self.tr("≥2 mũi"),
            self.tr("≥3 mũi"), self.tr("Chưa tiêm"), self.tr("%"),
        ]  # fmt: skip
        self._header_tips = [
            self.tr("Lớp của học sinh"),
            self.tr("Số học sinh của lớp"),
            self.tr("Số học sinh đã tiêm ít nhất 1 mũi"),
            self.tr("Số học sinh đã tiêm ít nhất 2 mũi"),
            self.tr("Số học sinh đã tiêm 3 mũi trở lên"),
            self.tr("Số học sinh chưa có mũi tiêm nào được ghi nhận"),
            self.tr("Tỷ lệ học sinh đã tiêm ít nhất 1 mũi"),
        ]

    def set_rows(self, by_class: Sequence[CoverageRow], total: CoverageRow) -> None:
        self.beginResetModel()
        self._rows = [self._texts(row, row.label) for row in by_class]
        self._has_total = bool(by_class)
        if self._has_total:
            self._rows.append(self._texts(total, self.tr("Toàn trường")))
        self.endResetModel()

    def _texts(self, row: CoverageRow, label: str) -> tuple[str, ...]:
        counts = [number(row.at_least[n]) for n in COVERAGE_DOSES]
        percent = fmt_number(row.percent(1), language(), decimals=1)  # 93,3 and 100,0 alike
        return (label, number(row.students), *counts, number(row.none), percent)

    def cell(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        if role == DISPLAY:
            return self._rows[index.row()][index.column()]
        if role == ALIGNMENT and index.column() != self.CLASS:
            return _RIGHT
        if role == FONT and self._has_total and index.row() == len(self._rows) - 1:
            return self._bold
        return None


class StudentListModel(ListTableModel):
    """Students with a record id each (double-click opens the student)."""

    def __init__(self, headers: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._header_tips = headers
        self._rows: list[tuple[str, tuple[str, ...]]] = []

    def set_rows(self, rows: list[tuple[str, tuple[str, ...]]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def student_id(self, row: int) -> str:
        return self._rows[row][0]

    def row_of(self, student_id: str) -> int | None:
        return next((i for i, (sid, _) in enumerate(self._rows) if sid == student_id), None)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        if role == DISPLAY:
            return self._rows[index.row()][1][index.column()]
        if role == ID:
            return self._rows[index.row()][0]
        return None


def unvaccinated_rows(students: Sequence[UnvaccinatedStudent]) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.student_id, (s.code, s.full_name, s.class_name)) for s in students]


def late_rows(doses: Sequence[LateDose]) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (d.student_id, (d.code, d.full_name, d.class_name, number(d.dose_no),
                        day(d.vaccinated_on), day(d.recorded_on),
                        number((d.recorded_on - d.vaccinated_on).days)))
        for d in doses
    ]  # fmt: skip
