"""A small horizontal bar chart drawn with QPainter (no charting dependency)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOURS = ["#2f6db5", "#4c9f70", "#d08b2c", "#8a6bb5", "#b5523b"]


class BarChart(QWidget):
    """Labelled bars, one per (label, value); the longest bar fills the width."""

    ROW_HEIGHT = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[tuple[str, int]]) -> None:
        self._items = list(items)
        self.updateGeometry()
        self.update()

    def items(self) -> list[tuple[str, int]]:
        return list(self._items)

    def sizeHint(self) -> QSize:
        return QSize(420, max(1, len(self._items)) * self.ROW_HEIGHT + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label_width = max((metrics.horizontalAdvance(label) for label, _ in self._items), default=0)
        label_width = min(label_width + 12, self.width() // 2)
        value_width = metrics.horizontalAdvance("000000")
        bar_space = max(10, self.width() - label_width - value_width - 8)
        top = max((value for _, value in self._items), default=0) or 1
        text = self.palette().color(QPalette.ColorRole.WindowText)
        for index, (label, value) in enumerate(self._items):
            y = 4 + index * self.ROW_HEIGHT
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 8, self.ROW_HEIGHT - 6),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 8),
            )
            length = bar_space * value / top
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BAR_COLOURS[index % len(BAR_COLOURS)]))
            painter.drawRoundedRect(
                QRectF(label_width, y + 4, max(length, 2), self.ROW_HEIGHT - 14), 3, 3
            )
            painter.setPen(text)
            painter.drawText(
                QRectF(label_width + length + 6, y, value_width, self.ROW_HEIGHT - 6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value:,}".replace(",", "."),
            )
        painter.end()
