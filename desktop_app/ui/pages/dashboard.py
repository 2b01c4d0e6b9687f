"""Tổng quan: needs by category, devices received and handed over, what is late, what waits to sync."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.dashboard import Summary, dashboard_summary
from desktop_app.core.domain import CATEGORY_LABELS, Category
from desktop_app.ui.chart import BarChart
from desktop_app.ui.widgets import Card, StatCard, heading, muted, scrolling_layout


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese thousands separator


class DashboardPage(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = scrolling_layout(self)
        layout.addWidget(heading(self.tr("Tổng quan")))

        stats = QGridLayout()
        stats.setSpacing(12)
        self.cards = {
            "needs": StatCard(self.tr("Học sinh có nhu cầu")),
            "devices": StatCard(self.tr("Thiết bị đã tiếp nhận")),
            "handed": StatCard(self.tr("Đã bàn giao")),
            "available": StatCard(self.tr("Thiết bị chưa bàn giao")),
            "waiting": StatCard(self.tr("Học sinh đang chờ thiết bị")),
            "pending": StatCard(self.tr("Thay đổi chờ đồng bộ")),
        }
        for index, card in enumerate(self.cards.values()):
            stats.addWidget(card, index // 3, index % 3)
        layout.addLayout(stats)

        charts = QGridLayout()
        charts.setSpacing(12)
        needs_card = Card()
        needs_card.body.addWidget(heading(self.tr("Nhu cầu theo diện đối tượng"), level=2))
        self.needs_chart = BarChart()
        needs_card.body.addWidget(self.needs_chart)
        needs_card.body.addStretch(1)
        sources_card = Card()
        sources_card.body.addWidget(heading(self.tr("Thiết bị theo nguồn"), level=2))
        self.sources_chart = BarChart()
        sources_card.body.addWidget(self.sources_chart)
        sources_card.body.addStretch(1)
        charts.addWidget(needs_card, 0, 0)
        charts.addWidget(sources_card, 0, 1)
        layout.addLayout(charts)

        late_card = Card()
        late_card.body.addWidget(heading(self.tr("Ghi nhận trễ hạn (quá 01 ngày)"), level=2))
        self.late_hint = muted("")
        late_card.body.addWidget(self.late_hint)
        self.late_table = QTableWidget(0, 4)
        self.late_table.setHorizontalHeaderLabels(
            [
                self.tr("Nội dung"),
                self.tr("Ngày diễn ra"),
                self.tr("Hạn ghi nhận"),
                self.tr("Ngày ghi nhận"),
            ]
        )
        self.late_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.late_table.verticalHeader().setVisible(False)
        self.late_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        late_card.body.addWidget(self.late_table)
        layout.addWidget(late_card, 1)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.show_summary(dashboard_summary(self.db))

    def show_summary(self, summary: Summary) -> None:
        needs_total = sum(summary.needs_by_category.values())
        values = {
            "needs": needs_total,
            "devices": summary.devices_total,
            "handed": summary.handed_over,
            "available": summary.devices_available,
            "waiting": summary.students_waiting,
            "pending": summary.pending_changes,
        }
        for key, value in values.items():
            self.cards[key].set_value(_number(value))
        self.needs_chart.set_items(
            [
                (CATEGORY_LABELS[Category(c)], n)
                for c, n in sorted(summary.needs_by_category.items())
            ]
        )
        self.sources_chart.set_items([
            (self.tr("Bộ GDĐT phân bổ (4.8.3.1)"), summary.devices_by_source.get("4.8.3.1", 0)),
            (self.tr("Nguồn khác (4.8.3.2)"), summary.devices_by_source.get("4.8.3.2", 0)),
        ])  # fmt: skip
        self.late_table.setRowCount(len(summary.late))
        for row, item in enumerate(summary.late):
            cells = [item.label, item.happened_on, item.due_on, item.recorded_on]
            for column, value in enumerate(cells):
                text = value if isinstance(value, str) else value.strftime("%d/%m/%Y")
                self.late_table.setItem(row, column, QTableWidgetItem(text))
        self.late_hint.setText(
            self.tr("Không có ghi nhận nào trễ hạn.")
            if not summary.late
            else self.tr(
                "Theo hướng dẫn, tiếp nhận và bàn giao phải được cập nhật chậm nhất sau 01 ngày."
            )
        )
