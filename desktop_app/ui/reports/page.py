"""Báo cáo: the 4.8.2 needs summary, receipts by donor and the students' vaccination (4.9), on
screen and in the ministry layout.

Exports of 50,000 rows take seconds: they run as database jobs (``ui.common.jobs``), with their
progress dialog, and say where the file went once it is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.importing.export import export_file
from desktop_app.core.jobs import JobState
from desktop_app.core.messages import say
from desktop_app.core.reports import (
    export_donor_report,
    export_needs_summary,
    needs_summary,
    receipts_by_donor,
)
from desktop_app.core.reports import summary_table as needs_table
from desktop_app.core.vaccinations.report import export_vaccination_report
from desktop_app.ui.common.file_dialogs import save_file_name
from desktop_app.ui.common.jobs import run_db_job
from desktop_app.ui.common.text import code_label, language, number
from desktop_app.ui.common.widgets import Card, heading, muted, scrolling_layout
from desktop_app.ui.reports.tables import fill_table as _fill
from desktop_app.ui.reports.tables import report_table as _table
from desktop_app.ui.reports.vaccination_card import VaccinationReportCard

T = TypeVar("T")
EXPORTS = [
    ("needs", QT_TRANSLATE_NOOP("ReportsPage", "Danh sách nhu cầu (mẫu 4.8.1)"), "nhu-cau.xlsx"),
    (
        "devices",
        QT_TRANSLATE_NOOP("ReportsPage", "Thiết bị tiếp nhận (mẫu 4.8.3)"),
        "thiet-bi.xlsx",
    ),
    ("handovers", QT_TRANSLATE_NOOP("ReportsPage", "Bàn giao (mẫu 4.8.3)"), "ban-giao.xlsx"),
]


class ReportsPage(QWidget):
    def __init__(self, db: Database, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._db_path = Path(db_path)
        layout = scrolling_layout(self)
        layout.addWidget(heading(self.tr("Báo cáo")))

        needs = Card()
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Thống kê nhu cầu hỗ trợ (mục 4.8.2)"), level=2), 1)
        self.export_summary_button = QPushButton(self.tr("Xuất Excel mẫu 4.8.2…"))
        self.export_summary_button.clicked.connect(self.export_summary)
        top.addWidget(self.export_summary_button)
        needs.body.addLayout(top)
        self.needs_hint = muted("")
        needs.body.addWidget(self.needs_hint)
        self.needs_table = _table([])
        needs.body.addWidget(self.needs_table)
        layout.addWidget(needs, 2)

        receipts = Card()
        donors_top = QHBoxLayout()
        donors_top.addWidget(heading(self.tr("Tiếp nhận theo nguồn và nhà tài trợ"), level=2), 1)
        self.export_donors_button = QPushButton(self.tr("Xuất Excel báo cáo nhà tài trợ…"))
        self.export_donors_button.clicked.connect(self.export_donors)
        donors_top.addWidget(self.export_donors_button)
        receipts.body.addLayout(donors_top)
        self.receipts_table = _table([
            self.tr("Nguồn"), self.tr("Nhà tài trợ"), self.tr("Số đợt"), self.tr("Thiết bị"),
            self.tr("Đã bàn giao"),
        ])  # fmt: skip
        self.receipts_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        receipts.body.addWidget(self.receipts_table)
        layout.addWidget(receipts, 1)

        self.vaccinations = VaccinationReportCard()
        self.export_vaccinations_button = self.vaccinations.export_button
        self.export_vaccinations_button.clicked.connect(self.export_vaccinations)
        layout.addWidget(self.vaccinations, 1)

        exports = Card()
        exports.body.addWidget(heading(self.tr("Xuất dữ liệu theo mẫu của Bộ"), level=2))
        exports.body.addWidget(muted(self.tr(
            "Tệp xuất ra có thể tải lên CSDL ngành, hoặc nhập lại vào ứng dụng mà không thay đổi gì."
        )))  # fmt: skip
        buttons = QHBoxLayout()
        self.export_buttons: dict[str, QPushButton] = {}
        for kind, label, filename in EXPORTS:
            button = QPushButton(self.tr(label) + "…")
            button.clicked.connect(lambda _=False, k=kind, f=filename: self.export_template(k, f))
            self.export_buttons[kind] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        exports.body.addLayout(buttons)
        layout.addWidget(exports)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        summary = needs_summary(self.db)
        lang = language()
        header, body = needs_table(summary, lang)
        self.needs_table.setColumnCount(len(header))
        self.needs_table.setHorizontalHeaderLabels(header)
        subtotal = say("report.subtotal", lang)
        totals = {i for i, line in enumerate(body) if line[1] in (subtotal, "")}
        _fill(self.needs_table, [list(line) for line in body], totals)
        self.needs_table.resizeColumnsToContents()
        self.needs_hint.setText(self.tr(
            "{total} học sinh có nhu cầu, trong đó {programme} thuộc diện hỗ trợ của Chương trình "
            "(diện 1–3); diện khó khăn khác báo cáo riêng.", "", summary.total,
        ).format(total=number(summary.total), programme=number(summary.programme_total)))  # fmt: skip
        _fill(
            self.receipts_table,
            [
                [
                    code_label("source", r.source),
                    r.donor,
                    r.batches,
                    r.devices,
                    r.handed_over,
                ]
                for r in receipts_by_donor(self.db)
            ],
        )
        self.receipts_table.resizeColumnToContents(0)  # fmt: skip
        self.vaccinations.refresh(self.db)

    def _ask_path(self, suggested: str) -> Path | None:
        path = save_file_name(
            self,
            "reports",
            self.tr("Lưu tệp Excel"),
            suggested,
            self.tr("Bảng tính Excel (*.xlsx)"),
        )
        return Path(path) if path else None

    def _run(self, title: str, work: Callable[[Database], T], done: Callable[[T], None]) -> None:
        def job(db: Database, _state: JobState) -> T:
            return work(db)

        run_db_job(self, title, self._db_path, job, done)

    @Slot()
    def export_summary(self) -> None:
        target = self._ask_path("thong-ke-4.8.2.xlsx")
        if target is not None:
            self._run(
                self.tr("Đang xuất thống kê 4.8.2…"),
                lambda db: export_needs_summary(db, target),
                lambda _: self._saved(self.tr("Đã lưu {path}").format(path=target)),
            )

    @Slot()
    def export_donors(self) -> None:
        target = self._ask_path("tiep-nhan-theo-nha-tai-tro.xlsx")
        if target is not None:
            self._run(
                self.tr("Đang xuất báo cáo nhà tài trợ…"),
                lambda db: export_donor_report(db, target),
                lambda _: self._saved(self.tr("Đã lưu {path}").format(path=target)),
            )

    @Slot()
    def export_vaccinations(self) -> None:
        target = self._ask_path("bao-cao-tiem-vac-xin-4.9.xlsx")
        if target is not None:
            self._run(
                say("vaccination_report.page.exporting", language()),
                lambda db: export_vaccination_report(db, target),
                lambda _: self._saved(self.tr("Đã lưu {path}").format(path=target)),
            )

    def export_template(self, kind: str, filename: str) -> None:
        target = self._ask_path(filename)
        if target is not None:
            self._run(
                self.tr("Đang xuất dữ liệu…"),
                lambda db: export_file(db, kind, target),
                lambda count: self._saved(
                    self.tr("Đã lưu {count} dòng vào {path}", "", count).format(
                        count=number(count), path=target
                    )
                ),
            )

    def _saved(self, text: str) -> None:
        QMessageBox.information(self, self.tr("Đã xuất"), text)
