"""The Báo cáo page's tables: read-only, totals in bold, figures centred."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from desktop_app.core.locale import fmt_number
from desktop_app.ui.common.text import language


def report_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[object]], bold: set[int] = frozenset()) -> None:
    """Put ``rows`` in ``table``; the rows whose index is in ``bold`` are totals. Numbers are
    centred, a share (a float) with one decimal the reader's way."""
    table.setRowCount(len(rows))
    lang = language()
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            shown = fmt_number(value, lang, decimals=1) if isinstance(value, float) else value
            item = QTableWidgetItem(str(shown))
            if isinstance(value, int | float):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if r in bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)


def fit_height(table: QTableWidget) -> None:
    """As high as its rows (a short table of totals needs no scroll bar of its own)."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(height)
