"""A section's overview: its heading, what it is for, the school, and the numbers the core already
knows (``database_info``). Every section shows one until its real page is plugged in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app import __version__
from desktop_app.core.locale import fmt_time
from desktop_app.core.store.queries import database_info
from desktop_app.ui.common.text import number
from desktop_app.ui.common.widgets import Card, StatCard, heading, muted
from desktop_app.ui.settings.setup_wizard import SetupWizard, level_label

_CONTEXT = "OverviewPage"

# What each number means, keyed like database_info's counts and outbox.
FACT_LABELS = {
    "students": QT_TRANSLATE_NOOP(_CONTEXT, "Học sinh"),
    "needs": QT_TRANSLATE_NOOP(_CONTEXT, "Nhu cầu hỗ trợ"),
    "donors": QT_TRANSLATE_NOOP(_CONTEXT, "Nhà tài trợ"),
    "donation_batches": QT_TRANSLATE_NOOP(_CONTEXT, "Đợt tài trợ"),
    "devices": QT_TRANSLATE_NOOP(_CONTEXT, "Thiết bị đã tiếp nhận"),
    "handed_over": QT_TRANSLATE_NOOP(_CONTEXT, "Học sinh đã nhận thiết bị"),
    "pending": QT_TRANSLATE_NOOP(_CONTEXT, "Thay đổi chờ đồng bộ"),
    "sent": QT_TRANSLATE_NOOP(_CONTEXT, "Thay đổi đã gửi"),
    "rejected": QT_TRANSLATE_NOOP(_CONTEXT, "Thay đổi bị từ chối"),
}

# Per section: one sentence on what it is for, and the numbers that matter there.
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "overview": (
        QT_TRANSLATE_NOOP(_CONTEXT, "Số liệu chính của trường và các thay đổi chờ đồng bộ."),
        ("students", "needs", "handed_over", "donors", "donation_batches", "devices", "pending"),
    ),
    "students": (
        QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Học sinh chưa có thiết bị học trực tuyến và nhu cầu hỗ trợ của các em, theo diện "
            "ưu tiên: hộ nghèo, hộ cận nghèo, cha/mẹ tử vong do COVID-19, khó khăn khác.",
        ),
        ("students", "needs", "handed_over"),
    ),
    "receiving": (
        QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Nhà tài trợ, các đợt tài trợ và thiết bị nhà trường đã tiếp nhận. Ghi nhận trong "
            "vòng 1 ngày kể từ khi nhận.",
        ),
        ("donors", "donation_batches", "devices"),
    ),
    "handover": (
        QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Bàn giao thiết bị cho học sinh theo thứ tự ưu tiên và in biên bản bàn giao. Ghi "
            "nhận trong vòng 1 ngày kể từ khi bàn giao; mỗi học sinh chỉ được hỗ trợ một lần.",
        ),
        ("devices", "handed_over", "needs"),
    ),
    "reports": (
        QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Tổng hợp nhu cầu (mẫu 4.8.2), thiết bị tiếp nhận theo nguồn và nhà tài trợ, bàn "
            "giao; xuất theo mẫu Excel của Bộ.",
        ),
        ("needs", "devices", "handed_over"),
    ),
    "sync": (
        QT_TRANSLATE_NOOP(
            _CONTEXT,
            "Mọi thay đổi được lưu ngay trên máy này và gửi lên CSDL ngành khi có mạng.",
        ),
        ("pending", "sent", "rejected"),
    ),
    "settings": (
        QT_TRANSLATE_NOOP(_CONTEXT, "Hồ sơ trường, tệp dữ liệu và phiên bản ứng dụng."),
        (),
    ),
}

PROFILE_LABELS = (
    ("name", QT_TRANSLATE_NOOP(_CONTEXT, "Tên trường")),
    ("code", QT_TRANSLATE_NOOP(_CONTEXT, "Mã trường")),
    ("level", QT_TRANSLATE_NOOP(_CONTEXT, "Cấp học")),
    ("commune", QT_TRANSLATE_NOOP(_CONTEXT, "Xã/phường")),
    ("district", QT_TRANSLATE_NOOP(_CONTEXT, "Quận/huyện")),
    ("province", QT_TRANSLATE_NOOP(_CONTEXT, "Tỉnh/thành phố")),
    ("principal", QT_TRANSLATE_NOOP(_CONTEXT, "Hiệu trưởng")),
    ("clerk", QT_TRANSLATE_NOOP(_CONTEXT, "Cán bộ phụ trách")),
)
STAT_COLUMNS = 4


def _t(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class OverviewPage(QScrollArea):
    """Read-only; ``refresh()`` reads everything again (F5, or when the data changed)."""

    profile_changed = Signal()

    def __init__(
        self, db: Database, db_path: Path, key: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"overview_{key}")
        self._db = db
        self._db_path = db_path
        self.key = key
        description, self._facts = SECTIONS.get(key, ("", ()))
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        self.heading = heading(title)
        layout.addWidget(self.heading)
        if description:
            layout.addWidget(muted(_t(description)))

        self.stats: dict[str, StatCard] = {}
        if self._facts:
            grid = QGridLayout()
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(12)
            columns = min(STAT_COLUMNS, len(self._facts))
            for index, fact in enumerate(self._facts):
                card = StatCard(_t(FACT_LABELS[fact]))
                self.stats[fact] = card
                grid.addWidget(card, index // columns, index % columns)
            for column in range(columns):
                grid.setColumnStretch(column, 1)
            layout.addLayout(grid)

        layout.addWidget(self._school_card())
        if key == "settings":
            layout.addWidget(self._data_card())
        layout.addStretch(1)
        self.updated_label = muted("")
        self.updated_label.setObjectName("updatedAt")
        layout.addWidget(self.updated_label)
        self.setWidget(content)
        self.refresh()

    def _school_card(self) -> Card:
        card = Card()
        card.body.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Hồ sơ trường"), level=2), 1)
        if self.key == "settings":
            edit = QPushButton(self.tr("Sửa hồ sơ trường…"))
            edit.setObjectName("editSchool")
            edit.clicked.connect(self.edit_school)
            top.addWidget(edit)
        card.body.addLayout(top)
        self.school_fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(6)
        shown = PROFILE_LABELS if self.key == "settings" else PROFILE_LABELS[:3]
        for field, label in shown:
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.school_fields[field] = value
            form.addRow(_t(label), value)
        card.body.addLayout(form)
        self.school_missing = muted(
            self.tr("Chưa có hồ sơ trường. Vào mục Cài đặt để nhập tên, mã và cấp học.")
        )
        card.body.addWidget(self.school_missing)
        return card

    def _data_card(self) -> Card:
        card = Card()
        card.body.setSpacing(6)
        card.body.addWidget(heading(self.tr("Ứng dụng"), level=2))
        form = QFormLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(6)
        path = QLabel(str(self._db_path))
        path.setWordWrap(True)
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Tệp dữ liệu"), path)
        form.addRow(self.tr("Phiên bản"), QLabel(__version__))
        card.body.addLayout(form)
        return card

    def info(self) -> dict[str, Any]:
        return database_info(self._db, self._db_path)

    @Slot()
    def refresh(self) -> None:
        info = self.info()
        numbers = {**info["counts"], **info["outbox"]}
        for fact, card in self.stats.items():
            card.set_value(number(int(numbers.get(fact, 0))))
        school = info["school"]
        for field, label in self.school_fields.items():
            value = level_label(school.get(field)) if field == "level" else school.get(field)
            label.setText(value or "—")
        self.school_missing.setVisible(not school.get("name"))
        self.updated_label.setText(
            self.tr("Số liệu lúc {time} · bấm F5 để làm mới").format(
                time=fmt_time(datetime.now(), seconds=True)
            )
        )

    @Slot()
    def edit_school(self) -> None:
        wizard = SetupWizard(self._db, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.accepted.connect(self.profile_changed)
        wizard.open()
