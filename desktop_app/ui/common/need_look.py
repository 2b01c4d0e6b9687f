"""The look of a need the district returned, the same wherever it shows (the student list, the
decisions list, the dashboard, the student form): rose, not the amber of "has problems", and an
icon of its own — a white arrow turning back on a red disc, not the warning triangle."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

from desktop_app.ui.common.table_model import BACKGROUND, DECORATION, FONT, TOOLTIP

RETURNED_BACKGROUND = QColor("#fde7e9")  # light rose, readable under black text
RETURNED_COLOUR = QColor("#b3261e")  # the status word and the icon's disc: a dark red
RETURNED_BORDER = QColor("#e8a4a8")
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)

# For a frame or a button in the returned look (a style sheet's colours).
RETURNED_STYLE = (
    f"background: {RETURNED_BACKGROUND.name()}; border: 1px solid {RETURNED_BORDER.name()};"
    " border-radius: 4px;"
)


@cache
def returned_icon() -> QIcon:
    """The returned need's icon (drawn once, at the sizes lists and buttons use)."""
    icon = QIcon()
    for size in (16, 24, 32, 48):
        icon.addPixmap(_draw(size))
    return icon


def _draw(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scale = size / 32
    painter.scale(scale, scale)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(RETURNED_COLOUR))
    painter.drawEllipse(QRectF(1, 1, 30, 30))
    white = QColor("white")
    painter.setPen(QPen(white, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))  # fmt: skip
    painter.setBrush(Qt.BrushStyle.NoBrush)
    bend = QPainterPath(QPointF(22, 23))  # up the right side, round the top, back to the left
    bend.lineTo(22, 16)
    bend.quadTo(22, 11, 17, 11)
    bend.lineTo(13, 11)
    painter.drawPath(bend)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(white))
    head = QPainterPath(QPointF(7, 11))
    head.lineTo(14, 5.5)
    head.lineTo(14, 16.5)
    head.closeSubpath()
    painter.drawPath(head)
    painter.end()
    return pixmap


class ReturnedRowLook:
    """A row whose need was returned: rose background, the returned icon in ``mark_column``, the
    ``status_column``'s word in dark red and bold, and a tooltip (``why``, asked only for it)."""

    ROLES = frozenset({BACKGROUND, DECORATION, TOOLTIP, FOREGROUND, FONT})

    def __init__(self, mark_column: int, status_column: int | None = None) -> None:
        self._mark_column = mark_column
        self._status_column = status_column
        self._font: QFont | None = None

    def data(self, role: int, column: int, why: Callable[[], str]) -> Any:
        if role == BACKGROUND:
            return RETURNED_BACKGROUND
        if role == DECORATION:
            return returned_icon() if column == self._mark_column else None
        if role == TOOLTIP:
            return why()
        if column != self._status_column:
            return None
        if role == FOREGROUND:
            return RETURNED_COLOUR
        if role == FONT:
            if self._font is None:
                self._font = QFont()
                self._font.setBold(True)
            return self._font
        return None
