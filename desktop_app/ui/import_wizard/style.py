"""The wizard's colours (text, and the tint behind a faulty cell or box) and its two label
helpers, shared by the pages and the row view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel

ERROR_COLOUR, WARNING_COLOUR, OK_COLOUR = "#9b1c1c", "#7a4a00", "#1d6b2c"
ERROR_TINT, WARNING_TINT = "#fde8e8", "#fff3d6"


def _styled(label: QLabel, colour: str | None, *, scale: float = 1.0, bold: bool = False) -> None:
    font = QFont(label.font())
    base = QApplication.font().pointSizeF()
    if base > 0:
        font.setPointSizeF(base * scale)
    font.setBold(bold)
    label.setFont(font)
    label.setStyleSheet(f"color: {colour};" if colour else "")


def _wrapping_label(text: str = "", name: str | None = None) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label
