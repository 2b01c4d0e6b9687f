"""The box at the top of the student form when the district returned the student's need: what
the district said, on which day, and what to do about it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from sqlite_utils import Database

from desktop_app.core.reviews import DistrictReturn, district_return
from desktop_app.ui.common.need_look import RETURNED_COLOUR, RETURNED_STYLE, returned_icon
from desktop_app.ui.common.text import day

_CONTEXT = "StudentDialog"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class ReturnedNeedBox(QFrame):
    """The district's comment (``comment_label``) and the day it decided (in ``title_label``),
    with what to do (``hint_label``)."""

    def __init__(self, found: DistrictReturn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("returnedNeedBox")
        self.setStyleSheet(f"QFrame#returnedNeedBox {{ {RETURNED_STYLE} }}")
        self.district_return = found
        icon = QLabel()
        icon.setPixmap(returned_icon().pixmap(32, 32))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        if found.decided_on is not None:
            title = _tr("Phòng GD&ĐT trả lại nhu cầu này ngày {date}").format(
                date=day(found.decided_on)
            )
        else:
            title = _tr("Phòng GD&ĐT đã trả lại nhu cầu này")
        self.title_label = QLabel(title)
        self.title_label.setObjectName("returnedTitle")
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setStyleSheet(f"color: {RETURNED_COLOUR.name()};")
        comment = (found.comment or "").strip()
        self.comment_label = QLabel(
            _tr("Ý kiến của Phòng: {comment}").format(comment=comment)
            if comment
            else _tr("Phòng không ghi ý kiến; hãy liên hệ Phòng GD&ĐT nếu chưa rõ cần sửa gì.")
        )
        self.comment_label.setObjectName("returnedComment")
        self.hint_label = QLabel(_tr("Sửa theo góp ý rồi lưu: nhu cầu sẽ được gửi lại."))
        self.hint_label.setObjectName("returnedHint")
        for label in (self.title_label, self.comment_label, self.hint_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # the district's words, as written
            label.setStyleSheet(label.styleSheet() + " background: transparent; border: none;")
        self.comment_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        texts = QVBoxLayout()
        texts.setSpacing(3)
        texts.addWidget(self.title_label)
        texts.addWidget(self.comment_label)
        texts.addWidget(self.hint_label)
        icon.setStyleSheet("background: transparent; border: none;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(texts, 1)


def returned_need_box(db: Database, student_id: str | None) -> ReturnedNeedBox | None:
    """The box for this student, or None when their current need does not stand returned."""
    if student_id is None:
        return None
    found = district_return(db, student_id)
    return None if found is None else ReturnedNeedBox(found)
