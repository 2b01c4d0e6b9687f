"""Tổng quan: needs by category, devices received and handed over, what is late, what waits to sync.

In the window (``db_path`` given) the figures are read on the read worker (``run_read_job``):
the page paints at once with "…" in place of each figure, then shows them when they arrive —
at 50,000 students the reads take a few hundred milliseconds, which the window's start must not
wait for (issue 19). Built on its own (tests, a report's preview) it reads them at once.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.clock import best_today
from desktop_app.core.dashboard import Summary
from desktop_app.core.errors import StoreError
from desktop_app.core.rules.programme import category_label
from desktop_app.core.safekeeping.backups import database_file
from desktop_app.core.store import driver
from desktop_app.ui.common.backup_warning import BackupWarning
from desktop_app.ui.common.chart import BarChart
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.jobs import run_read_job
from desktop_app.ui.common.need_look import (
    RETURNED_BACKGROUND,
    RETURNED_BORDER,
    RETURNED_COLOUR,
    returned_icon,
)
from desktop_app.ui.common.text import day, language, number, shown
from desktop_app.ui.common.widgets import (
    CARD_STYLE,
    Card,
    StatCard,
    heading,
    muted,
    scrolling_layout,
)
from desktop_app.ui.dashboard.prefetch import (
    Figures,
    Prefetch,
    keep_in_background,
    read_figures,
    read_to_keep,
    take,
)

log = logging.getLogger("songmay.ui")

OVERDUE_SHOWN = 5  # the oldest devices listed on the card; the count says how many in all
# The returned-needs card when there is something to fix: the rose of a returned need.
RETURNED_CARD_STYLE = (
    f"QFrame#card {{ background: {RETURNED_BACKGROUND.name()};"
    f" border: 1px solid {RETURNED_BORDER.name()}; border-radius: 6px; }}"
)


LOADING = "…"  # a figure being read


def _damaged(exc: BaseException) -> bool:
    if isinstance(exc, StoreError):
        return exc.code in ("damaged", "database_damaged")
    return driver.is_damage(exc) or driver.is_wrong_key(exc)


def _number(value: int) -> str:
    return number(value)  # 1.234 in Vietnamese, 1,234 in English


class DashboardPage(QWidget):
    """``summary_shown`` after each reading of the figures ended (shown, or "?" when a damaged
    page stopped it)."""

    summary_shown = Signal()

    def __init__(
        self,
        db: Database,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        db_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._today = today
        self._db_path = db_path  # given: the figures are read off the GUI thread
        self._read_again = False
        self.loading = False
        layout = scrolling_layout(self)
        layout.addWidget(heading(self.tr("Tổng quan")))
        self.backup_warning = BackupWarning(database_file(db.conn))
        self.backup_warning.setObjectName("dashboardBackupFailed")
        layout.addWidget(self.backup_warning)

        stats = QGridLayout()
        stats.setSpacing(12)
        self.cards = {
            "needs": StatCard(self.tr("Học sinh có nhu cầu")),
            "devices": StatCard(self.tr("Thiết bị đã tiếp nhận")),
            "handed": StatCard(self.tr("Đã bàn giao")),
            "available": StatCard(self.tr("Thiết bị chưa bàn giao")),
            "waiting": StatCard(self.tr("Học sinh đang chờ thiết bị")),
            "pending": StatCard(self.tr("Thay đổi chờ đồng bộ")),
            "no_consent": StatCard(self.tr("Học sinh chưa có đồng ý của CMHS")),
        }
        self.cards["no_consent"].setObjectName("noConsentCard")
        self.no_consent_button = QPushButton(self.tr("Xem danh sách"))
        self.no_consent_button.setObjectName("openNoConsent")
        self.no_consent_button.setToolTip(
            self.tr("Mở danh sách học sinh chưa ghi nhận đồng ý của cha mẹ/người giám hộ")
        )
        self.no_consent_button.clicked.connect(self.open_missing_consent)
        self.cards["no_consent"].body.addWidget(self.no_consent_button)
        for index, card in enumerate(self.cards.values()):
            stats.addWidget(card, index // 3, index % 3)
        layout.addLayout(stats)
        layout.addWidget(self._returned_card())
        layout.addWidget(self._overdue_card())

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
        if db_path is not None:
            for card in self.cards.values():
                card.set_value(LOADING)
            self.returned_value.setText(LOADING)
            self.overdue_value.setText(LOADING)
        self.refresh()

    def _returned_card(self) -> Card:
        """Needs the district returned: the count, what to do, and the way to the list of them."""
        card = Card()
        self.returned_card = card
        top = QHBoxLayout()
        top.setSpacing(12)
        self.returned_icon = QLabel()
        self.returned_icon.setPixmap(returned_icon().pixmap(32, 32))
        top.addWidget(self.returned_icon, 0, Qt.AlignmentFlag.AlignTop)
        self.returned_value = QLabel("—")
        self.returned_value.setObjectName("returnedCount")
        font = QFont(self.returned_value.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.returned_value.setFont(font)
        top.addWidget(self.returned_value, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.returned_title = heading(self.tr("Nhu cầu bị Phòng GD&ĐT trả lại"), level=2)
        self.returned_title.setObjectName("returnedTitle")
        self.returned_hint = muted("")
        self.returned_hint.setObjectName("returnedHint")
        texts.addWidget(self.returned_title)
        texts.addWidget(self.returned_hint)
        top.addLayout(texts, 1)
        self.returned_button = QPushButton(self.tr("Xem và sửa các nhu cầu bị trả lại"))
        self.returned_button.setObjectName("openReturned")
        self.returned_button.setIcon(returned_icon())
        self.returned_button.clicked.connect(self.open_returned)
        top.addWidget(self.returned_button, 0, Qt.AlignmentFlag.AlignTop)
        card.body.addLayout(top)
        return card

    def _overdue_card(self) -> Card:
        """Devices on the shelf past the district's 5-day report: the count, the oldest few,
        and the way to the Bàn giao page."""
        card = Card()
        self.overdue_card = card
        top = QHBoxLayout()
        top.setSpacing(16)
        self.overdue_value = QLabel("—")
        self.overdue_value.setObjectName("overdueCount")
        font = QFont(self.overdue_value.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        self.overdue_value.setFont(font)
        top.addWidget(self.overdue_value, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.overdue_title = heading("", level=2)
        self.overdue_title.setObjectName("overdueTitle")
        self.overdue_hint = muted("")
        self.overdue_hint.setObjectName("overdueHint")
        texts.addWidget(self.overdue_title)
        texts.addWidget(self.overdue_hint)
        top.addLayout(texts, 1)
        self.handover_button = QPushButton(self.tr("Mở trang Bàn giao"))
        self.handover_button.setObjectName("openHandover")
        self.handover_button.clicked.connect(self.open_handover)
        top.addWidget(self.handover_button, 0, Qt.AlignmentFlag.AlignTop)
        card.body.addLayout(top)
        self.overdue_table = QTableWidget(0, 6)
        self.overdue_table.setObjectName("overdueTable")
        self.overdue_table.setHorizontalHeaderLabels(
            [
                self.tr("Số serial/IMEI"),
                self.tr("Thiết bị"),
                self.tr("Đợt"),
                self.tr("Ngày tiếp nhận"),
                self.tr("Hạn báo cáo"),
                self.tr("Quá hạn"),
            ]
        )
        self.overdue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overdue_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.overdue_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.overdue_table.verticalHeader().setVisible(False)
        self.overdue_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.overdue_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        card.body.addWidget(self.overdue_table)
        self.overdue_more = muted("")
        self.overdue_more.setObjectName("overdueMore")
        card.body.addWidget(self.overdue_more)
        return card

    @Slot()
    def refresh(self) -> None:
        self.backup_warning.refresh()
        if self._db_path is None:
            self._show(read_figures(self.db, self._today))
            return
        if self.loading:  # a reading is under way: one more once it ends, with what changed
            self._read_again = True
            return
        started = take(self._db_path) if self._today is None else None
        if started is not None:  # the window's start began reading them already
            self.loading = True
            if started.done:
                self._prefetched(started)
            else:
                started.arrived.connect(lambda: self._prefetched(started))
            return
        today = self._today
        job = run_read_job(
            self, self._db_path, lambda db, _state: read_to_keep(db, today), self._show,
            self._failed,
        )  # fmt: skip
        self.loading = job is not None

    def _prefetched(self, reading: Prefetch) -> None:
        if reading.figures is not None:
            self._show(reading.figures)
        elif reading.error is not None:
            self._failed(reading.error)

    def _show(self, read: Figures) -> None:
        self.loading = False
        if self._read_again:
            self._read_again = False
            self.refresh()  # the figures on screen would be out of date already
            if self.loading:
                return
        self.show_summary(read.summary, today=read.today)
        self.summary_shown.emit()  # the day's backup may start now: it goes before the keeping
        if self._db_path is not None:
            keep_in_background(self._db_path, read)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self._read_again = False
        if _damaged(exc):
            # A damaged page: the check of every page, which runs once this reading ends, says
            # it in the clerk's words and offers the newest good backup; no second message.
            log.warning("the dashboard's figures could not be read: a damaged page")
            for card in self.cards.values():
                card.set_value("?")
        else:
            show_error(exc, self)
        self.summary_shown.emit()

    @Slot()
    def open_returned(self) -> None:
        """The Học sinh & nhu cầu page, showing only the students whose need was returned."""
        self._open_students("show_only_returned")

    @Slot()
    def open_missing_consent(self) -> None:
        """The Học sinh & nhu cầu page, showing only the students without a parent's consent."""
        self._open_students("show_only_missing_consent")

    def _open_students(self, show_only: str) -> None:
        """The students' section, then the page's ``show_only`` filter (the window may be a bare
        one in a test: each step only when it exists)."""
        window = self.window()
        show_section = getattr(window, "show_section", None)
        if not callable(show_section):
            return
        show_section("students")
        page = getattr(window, "page", lambda _key: None)("students")
        method = getattr(page, show_only, None)
        if callable(method):
            method()

    @Slot()
    def open_handover(self) -> None:
        show_section = getattr(self.window(), "show_section", None)
        if callable(show_section):
            show_section("handover")

    def show_summary(self, summary: Summary, *, today: date | None = None) -> None:
        needs_total = sum(summary.needs_by_category.values())
        values = {
            "needs": needs_total,
            "devices": summary.devices_total,
            "handed": summary.handed_over,
            "available": summary.devices_available,
            "waiting": summary.students_waiting,
            "pending": summary.pending_changes,
            "no_consent": summary.students_without_consent,
        }
        for key, value in values.items():
            self.cards[key].set_value(_number(value))
        self.needs_chart.set_items(
            [(shown(category_label(c)), n) for c, n in sorted(summary.needs_by_category.items())]
        )
        self.sources_chart.set_items([
            (self.tr("Bộ GDĐT phân bổ (4.8.3.1)"), summary.devices_by_source.get("4.8.3.1", 0)),
            (self.tr("Nguồn khác (4.8.3.2)"), summary.devices_by_source.get("4.8.3.2", 0)),
        ])  # fmt: skip
        self.late_table.setRowCount(len(summary.late))
        for row, item in enumerate(summary.late):
            cells = [item.label, item.happened_on, item.due_on, item.recorded_on]
            for column, value in enumerate(cells):
                text = shown(value) if isinstance(value, str) else day(value)
                self.late_table.setItem(row, column, QTableWidgetItem(text))
        self._show_returned(summary.figures.needs_returned)
        self._show_overdue(summary, today or self._today or best_today(self.db))
        self.late_hint.setText(
            self.tr("Không có ghi nhận nào trễ hạn.")
            if not summary.late
            else self.tr(
                "Theo hướng dẫn, tiếp nhận và bàn giao phải được cập nhật chậm nhất sau 01 ngày."
            )
        )

    def _show_returned(self, count: int) -> None:
        self.returned_value.setText(_number(count))
        self.returned_value.setStyleSheet(f"color: {RETURNED_COLOUR.name()};" if count else "")
        self.returned_hint.setText(
            self.tr(
                "Phòng GD&ĐT đã trả lại nhu cầu của {count} học sinh kèm ý kiến. Mở từng em, sửa "
                "theo ý kiến rồi lưu: nhu cầu sẽ được gửi lại ở lần đồng bộ tới.",
                "",
                count,
            ).format(count=_number(count))
            if count
            else self.tr("Không có nhu cầu nào bị trả lại.")
        )
        self.returned_card.setStyleSheet(RETURNED_CARD_STYLE if count else CARD_STYLE)
        self.returned_icon.setVisible(bool(count))
        self.returned_button.setVisible(bool(count))

    def _show_overdue(self, summary: Summary, today: date) -> None:
        overdue = summary.overdue_devices
        # "05 ngày", as the guidelines write a deadline; "5 days" in English.
        days = f"{summary.overdue_days:02d}" if language() == "vi" else number(summary.overdue_days)
        self.overdue_value.setText(_number(len(overdue)))
        self.overdue_title.setText(
            self.tr(
                "Thiết bị tiếp nhận quá {days} ngày chưa bàn giao", "", summary.overdue_days
            ).format(days=days)
        )
        self.overdue_hint.setText(
            self.tr(
                "Phòng GD&ĐT báo cáo Sở việc bàn giao trong {days} ngày kể từ khi nhà trường "
                "tiếp nhận thiết bị. Các thiết bị chờ lâu nhất:",
                "",
                summary.overdue_days,
            ).format(days=days)
            if overdue
            else self.tr(
                "Không có thiết bị nào chờ bàn giao quá {days} ngày.", "", summary.overdue_days
            ).format(days=days)
        )
        shown = overdue[:OVERDUE_SHOWN]
        self.overdue_table.setRowCount(len(shown))
        for row, device in enumerate(shown):
            late = (today - device.due).days
            cells = [
                device.serial,
                device.device,
                device.batch_code,
                day(device.received_date),
                day(device.due),
                self.tr("{days} ngày", "", late).format(days=_number(late)),
            ]
            for column, text in enumerate(cells):
                self.overdue_table.setItem(row, column, QTableWidgetItem(text))
        for column in (0, 2, 3, 4, 5):
            self.overdue_table.resizeColumnToContents(column)
        header = self.overdue_table.horizontalHeader()
        rows_height = sum(self.overdue_table.rowHeight(r) for r in range(len(shown)))
        self.overdue_table.setFixedHeight(header.sizeHint().height() + rows_height + 4)
        self.overdue_table.setVisible(bool(shown))
        more = len(overdue) - len(shown)
        self.overdue_more.setText(
            self.tr("… và {count} thiết bị khác.", "", more).format(count=_number(more))
            if more > 0
            else ""
        )
        self.overdue_more.setVisible(more > 0)
        self.handover_button.setVisible(bool(overdue))
