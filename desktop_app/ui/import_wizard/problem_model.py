"""The problems of a checked file as a table: Dòng, Ô, Cột, Mức độ, Nội dung.

A thin model over the core's ``Problem`` list (the text comes from ``Problem.message``); the
severity column is coloured so errors stand out from warnings at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.core.importing.service import in_report_order
from desktop_app.core.problems import Problem

ROW, CELL, COLUMN, SEVERITY, MESSAGE = range(5)
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the Problem itself
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2  # "error" / "warning"

# Dark text on a light tint: readable with the light and the dark Windows palette alike.
_COLOURS = {
    "error": (QColor("#9b1c1c"), QColor("#fde8e8")),
    "warning": (QColor("#7a4a00"), QColor("#fff3d6")),
    "info": (QColor("#1f4e79"), QColor("#e3eef9")),
}
_CENTRED = (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter).value
_LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value

_VALID = QAbstractTableModel.CheckIndexOption.IndexIsValid

Index = QModelIndex | QPersistentModelIndex


class ProblemTableModel(QAbstractTableModel):
    def __init__(
        self, problems: Sequence[Problem] = (), lang: str = "vi", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._lang = lang
        self._problems: list[Problem] = in_report_order(problems)
        self._headers = (
            self.tr("Dòng"),
            self.tr("Ô"),
            self.tr("Cột"),
            self.tr("Mức độ"),
            self.tr("Nội dung"),
        )
        self._severity = {
            "error": self.tr("Lỗi"),
            "warning": self.tr("Cảnh báo"),
            "info": self.tr("Thông tin"),
        }
        self._many_sheets = _many_sheets(self._problems)
        self._whole_file = self.tr("Tệp")
        self._bold = QFont()
        self._bold.setBold(True)

    def set_problems(self, problems: Sequence[Problem], many_sheets: bool | None = None) -> None:
        """Shown errors first, then warnings, each group in the file's order (the core's).
        ``many_sheets``: the rows came from several sheets, so each cell names its sheet."""
        self.beginResetModel()
        self._problems = in_report_order(problems)
        self._many_sheets = _many_sheets(self._problems) if many_sheets is None else many_sheets
        self.endResetModel()

    def problem(self, row: int) -> Problem:
        return self._problems[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not self.checkIndex(index, _VALID):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not self.checkIndex(index, _VALID):
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(problem, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == MESSAGE:
                return problem.message(self._lang)
            return problem.location(self._lang, self._many_sheets)
        if role == PROBLEM_ROLE:
            return problem
        if role == SEVERITY_ROLE:
            return problem.severity
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTRED if column in (ROW, CELL, SEVERITY) else _LEFT
        if column == SEVERITY:
            foreground, background = _COLOURS[problem.severity]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(foreground)
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(background)
            if role == Qt.ItemDataRole.FontRole and problem.is_error:
                return self._bold
        return None

    def _display(self, problem: Problem, column: int) -> Any:
        if column == ROW:
            return problem.row if problem.row is not None else self._whole_file
        if column == CELL:  # "'6A2'!C7" (or the sheet) when the rows come from several sheets
            if self._many_sheets:
                return problem.ref or problem.sheet or ""
            return problem.cell or ""
        if column == COLUMN:
            return problem.column or ""
        if column == SEVERITY:
            return self._severity[problem.severity]
        return problem.message(self._lang)


def _many_sheets(problems: Sequence[Problem]) -> bool:
    return len({p.sheet for p in problems if p.sheet}) > 1


class ErrorsOnlyFilter(QSortFilterProxyModel):
    """ "Chỉ hiện lỗi": hides the warnings when a file has many of them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._errors_only = False

    def set_errors_only(self, errors_only: bool) -> None:
        if errors_only == self._errors_only:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+
            self.beginFilterChange()
            self._errors_only = errors_only
            self.endFilterChange()
        else:
            self._errors_only = errors_only
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._errors_only:
            return True
        model = self.sourceModel()
        return bool(model.index(source_row, SEVERITY, source_parent).data(SEVERITY_ROLE) == "error")
