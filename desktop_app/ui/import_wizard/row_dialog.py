"""The row view: one row of the clerk's file, opened from the check page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.excel.reader import column_letter
from desktop_app.core.importing.service import ImportReport
from desktop_app.core.problems import Problem
from desktop_app.core.templates.header import HeaderMatch
from desktop_app.core.templates.spec import load_template
from desktop_app.ui.import_wizard.style import (
    ERROR_COLOUR,
    ERROR_TINT,
    WARNING_COLOUR,
    WARNING_TINT,
    _wrapping_label,
)
from desktop_app.ui.import_wizard.wording import _bullets, lang, show_value


class RowDialog(QDialog):
    """One row of the clerk's file, cell by cell, with the faulty cells marked: what was typed,
    beside the header it was typed under."""

    def __init__(
        self,
        report: ImportReport,
        excel_row: int,
        parent: QWidget | None = None,
        sheet: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rowDialog")
        read = report.sheet_read(sheet)
        many = len(report.sheets) > 1
        if many and read is not None:
            title = self.tr("Dòng {row} trong trang tính “{sheet}”").format(
                row=excel_row, sheet=read.name
            )
        else:
            title = self.tr("Dòng {row} trong tệp").format(row=excel_row)
        self.setWindowTitle(title)
        problems = [
            p for p in report.problems
            if p.row == excel_row and (read is None or p.sheet in (None, read.name))
        ]  # fmt: skip
        by_cell: dict[str, list[Problem]] = {}
        for problem in problems:
            if problem.cell:
                by_cell.setdefault(problem.cell, []).append(problem)

        raw_rows = read.raw_rows if read is not None else []
        header = read.header if read is not None else None
        values = raw_rows[excel_row - 1]
        headers = self._headers(report.kind, raw_rows, header)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("rowValues")
        self.table.setHorizontalHeaderLabels([self.tr("Ô"), self.tr("Cột"), self.tr("Giá trị")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for index in range(max(len(values), len(headers))):
            header = headers[index] if index < len(headers) else ""
            value = show_value(values[index]) if index < len(values) else ""
            if not header and not value:
                continue
            ref = f"{column_letter(index)}{excel_row}"
            items = [QTableWidgetItem(ref), QTableWidgetItem(header), QTableWidgetItem(value)]
            found = by_cell.get(ref)
            if found:
                is_error = any(p.is_error for p in found)
                tint = QBrush(QColor(ERROR_TINT if is_error else WARNING_TINT))
                ink = QBrush(QColor(ERROR_COLOUR if is_error else WARNING_COLOUR))
                tip = "\n".join(p.message(lang()) for p in found)
                for item in items:
                    item.setBackground(tint)
                    item.setForeground(ink)
                    item.setToolTip(tip)
            line = self.table.rowCount()
            self.table.insertRow(line)
            for column, item in enumerate(items):
                self.table.setItem(line, column, item)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        self.table.setColumnWidth(1, 240)
        self.table.resizeRowsToContents()

        self.messages = _wrapping_label(
            _bullets(
                [f"{p.cell or p.location(lang(), many)}: {p.message(lang())}" for p in problems]
            ),
            "rowProblems",
        )
        self.messages.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        if problems:
            layout.addWidget(_wrapping_label(self.tr("Vấn đề ở dòng này:")))
            layout.addWidget(self.messages)
        layout.addWidget(buttons)
        self.resize(640, 520)

    @staticmethod
    def _headers(kind: str, raw_rows: list[list[Any]], header: HeaderMatch | None) -> list[str]:
        """The header row's own texts; for a two-row header (text only on the row above) the
        template's name for the column the importer matched there."""
        if header is None or header.header_row > len(raw_rows):
            return []
        texts = [show_value(v).strip() for v in raw_rows[header.header_row - 1]]
        if header is not None:
            spec = load_template(kind)
            for index, field_name in header.columns.items():
                if index < len(texts) and not texts[index]:
                    texts[index] = spec.column(field_name).display_header
        return [" ".join(text.split()) for text in texts]
