"""Small widgets every page uses, so that the pages look alike."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

CARD_STYLE = """
QFrame#card {
    background: palette(base);
    border: 1px solid palette(mid);
    border-radius: 6px;
}
"""


def heading(text: str, *, level: int = 1, parent: QWidget | None = None) -> QLabel:
    """A page title (level 1) or a block title (level 2), sized from the application font."""
    label = QLabel(text, parent)
    label.setObjectName("heading" if level == 1 else "subheading")
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * (1.6 if level == 1 else 1.15))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def open_message(
    parent: QWidget, icon: QMessageBox.Icon, title: str, text: str, *, name: str
) -> QMessageBox:
    """A window-modal message with one "Đóng" button and selectable text (to copy a server's
    reason), opened without blocking; it deletes itself when closed."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    box.addButton(QCoreApplication.translate("widgets", "Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def muted(text: str, parent: QWidget | None = None) -> QLabel:
    """Secondary text (descriptions, hints): the palette's disabled text colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_colour(palette))
    label.setPalette(palette)
    return label


def muted_colour(palette: QPalette) -> QColor:
    """Two thirds of the way from the background to the text: quieter than the text, still
    readable on an old, washed-out office screen (the "disabled" grey is not)."""
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)

    def mix(t: int, b: int) -> int:
        return round(b + (t - b) * 0.68)

    return QColor(
        mix(text.red(), back.red()), mix(text.green(), back.green()), mix(text.blue(), back.blue())
    )


class Card(QFrame):
    """A framed block on a page; ``body`` is where its content goes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(CARD_STYLE)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(16, 12, 16, 12)
        self.body.setSpacing(4)


class StatCard(Card):
    """One number and what it counts."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value_label = QLabel("—")
        self.value_label.setObjectName("statValue")
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.value_label.setFont(font)
        self.caption_label = muted(caption)
        self.caption_label.setObjectName("statCaption")
        self.body.addWidget(self.value_label)
        self.body.addWidget(self.caption_label)
        self.body.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_value(self, text: str) -> None:
        self.value_label.setText(text)


class ElidedLabel(QLabel):
    """One line that shortens itself in the middle ("C:/Users/…/songmay.sqlite3") and keeps the
    full text in ``full_text()`` and the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = QFontMetrics(self.font())
        width = max(self.width() - 4, 40)
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))


def scrolling_layout(page: QWidget) -> QVBoxLayout:
    """Give ``page`` a vertical layout inside a scroll area, so that a page taller than an old
    1366×768 (or smaller) screen scrolls instead of forcing the window larger."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    content = QWidget()
    scroll.setWidget(content)
    outer.addWidget(scroll)
    layout = QVBoxLayout(content)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    return layout
