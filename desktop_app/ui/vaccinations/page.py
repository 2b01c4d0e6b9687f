"""Tiêm vắc-xin: coverage by class and dose with the school's total, the students with no dose
recorded (by class), and the doses recorded more than a day late; the quick entry of a school
vaccination day, the import and export of template 4.9.1.

The figures are read by a database job (``ui.common.jobs``): a school of 2,000 students costs a
query and a pass over the doses, off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.importing.export import export_file
from desktop_app.core.jobs import JobState
from desktop_app.core.students import class_names
from desktop_app.core.templates.spec import KINDS
from desktop_app.core.vaccinations.coverage import (
    Coverage,
    LateDose,
    UnvaccinatedStudent,
    coverage,
    late_doses,
    unvaccinated,
)
from desktop_app.ui.common import jobs, list_page
from desktop_app.ui.common.file_dialogs import save_file_name
from desktop_app.ui.common.jobs import Job, run_db_job
from desktop_app.ui.common.text import number
from desktop_app.ui.common.widgets import heading, muted
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.vaccinations.quick_entry import QuickEntryDialog
from desktop_app.ui.vaccinations.tables import (
    CoverageModel,
    StudentListModel,
    late_rows,
    unvaccinated_rows,
)

KIND = "vaccinations"  # template 4.9.1 (import and export)
TAB_UNVACCINATED, TAB_LATE = range(2)


@dataclass
class PageData:
    coverage: Coverage
    unvaccinated: list[UnvaccinatedStudent]
    late: list[LateDose]


def read_page(db: Database, _state: JobState) -> PageData:
    return PageData(coverage(db.conn), unvaccinated(db.conn), late_doses(db.conn))


class VaccinationsPage(QWidget):
    """``vaccinationsChanged``: a dose was saved from here (the quick entry, a student's tab)."""

    vaccinationsChanged = Signal()

    def __init__(
        self, db: Database, db_path: Path, parent: QWidget | None = None, *,
        today: date | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("vaccinationsPage")
        self._db = db
        self._db_path = Path(db_path)
        self._today = today
        self._refresh_pending = False
        self.data: PageData | None = None
        self.quick_entry: QuickEntryDialog | None = None

        title = heading(self.tr("Tiêm vắc-xin"))
        self.quick_button = QPushButton(self.tr("Ghi nhận ngày tiêm tại trường…"))
        self.quick_button.setObjectName("quickEntryButton")
        self.quick_button.setToolTip(self.tr(
            "Ghi nhận một lần cho cả lớp: cùng vắc-xin, cùng ngày, mỗi em được ghi mũi tiếp theo"
        ))  # fmt: skip
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"))
        self.import_button.setObjectName("importButton")
        self.export_button = QPushButton(self.tr("Xuất Excel…"))
        self.export_button.setObjectName("exportButton")
        has_template = KIND in KINDS
        self.import_button.setEnabled(has_template)
        self.export_button.setEnabled(has_template)
        if has_template:
            self.import_button.setToolTip(self.tr("Nhập các mũi tiêm từ tệp Excel theo mẫu 4.9.1"))
            self.export_button.setToolTip(self.tr("Xuất các mũi tiêm ra tệp Excel theo mẫu 4.9.1"))
        else:
            unavailable = self.tr("Mẫu 4.9.1 chưa có trong phiên bản này")
            self.import_button.setToolTip(unavailable)
            self.export_button.setToolTip(unavailable)
        self.count_label, self.message_label = list_page.status_labels("vaccinationCount")

        self.coverage_model = CoverageModel(self)
        self.coverage_table = self._table("coverageTable", self.coverage_model)
        # One row per class (a few dozen): measuring the figures costs nothing; the class
        # column takes what is left, so that "%" is never behind a scroll bar.
        coverage_header = self.coverage_table.horizontalHeader()
        coverage_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        coverage_header.setSectionResizeMode(CoverageModel.CLASS, QHeaderView.ResizeMode.Stretch)
        coverage_box = QWidget()
        coverage_layout = QVBoxLayout(coverage_box)
        coverage_layout.setContentsMargins(0, 0, 0, 0)
        coverage_layout.addWidget(heading(self.tr("Tỷ lệ tiêm theo lớp"), level=2))
        coverage_layout.addWidget(self.coverage_table, 1)

        self.class_filter = QComboBox()
        self.class_filter.setObjectName("unvaccinatedClass")
        self.class_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.class_filter.setToolTip(self.tr("Lọc theo lớp"))
        self.unvaccinated_model = StudentListModel(
            [self.tr("Mã HS"), self.tr("Họ và tên"), self.tr("Lớp")], self
        )
        self.unvaccinated_table = self._table("unvaccinatedTable", self.unvaccinated_model)
        self.late_model = StudentListModel([
            self.tr("Mã HS"), self.tr("Họ và tên"), self.tr("Lớp"), self.tr("Mũi"),
            self.tr("Ngày tiêm"), self.tr("Ngày ghi nhận"), self.tr("Trễ (ngày)"),
        ], self)  # fmt: skip
        self.late_table = self._table("lateTable", self.late_model)
        # Measured once (a whole school may be listed): the name column takes the rest.
        code, day_text = ["6600070100"], ["00/00/0000"]
        list_page.size_columns(self.unvaccinated_table, {0: code, 2: ["10A10"]}, stretch=1)
        list_page.size_columns(self.late_table, {0: code, 2: ["10A10"], 3: ["9"], 4: day_text,
                                                 5: day_text, 6: ["999"]}, stretch=1)  # fmt: skip
        unvaccinated_tab = QWidget()
        unvaccinated_layout = QVBoxLayout(unvaccinated_tab)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.class_filter)
        self.unvaccinated_count = QLabel()
        self.unvaccinated_count.setObjectName("unvaccinatedCount")
        filter_row.addWidget(self.unvaccinated_count, 1)
        unvaccinated_layout.addLayout(filter_row)
        unvaccinated_layout.addWidget(self.unvaccinated_table, 1)
        late_tab = QWidget()
        late_layout = QVBoxLayout(late_tab)
        late_layout.addWidget(muted(self.tr(
            "Mũi tiêm phải được cập nhật chậm nhất 1 ngày sau ngày tiêm. Nhấp đúp một dòng để mở "
            "hồ sơ học sinh."
        )))  # fmt: skip
        late_layout.addWidget(self.late_table, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("vaccinationTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(unvaccinated_tab, "")
        self.tabs.addTab(late_tab, "")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(coverage_box)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addLayout(list_page.buttons_row(
            [[self.quick_button], [self.import_button, self.export_button]],
            self.message_label, self.count_label,
        ))  # fmt: skip
        layout.addWidget(splitter, 1)

        self.quick_button.clicked.connect(self.open_quick_entry)
        self.import_button.clicked.connect(self.import_from_excel)
        self.export_button.clicked.connect(self.export_to_excel)
        self.class_filter.currentIndexChanged.connect(self._show_unvaccinated)
        self.unvaccinated_table.activated.connect(self._open_unvaccinated)
        self.late_table.activated.connect(self._open_late)
        self.refresh()

    @staticmethod
    def _table(name: str, model: Any) -> QTableView:
        return list_page.list_table(name, model)

    # --- jobs --------------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return jobs.current_job(self) is not None

    def _run(self, title: str, work: Callable[[Database, JobState], Any],
             done: Callable[[Any], None]) -> Job | None:  # fmt: skip
        job = run_db_job(self, title, self._db_path, work, done)
        if job is not None:
            job.finished.connect(self._job_finished)
        return job

    @Slot(str)
    def _job_finished(self, _outcome: str) -> None:
        if self._refresh_pending and not self.is_busy():
            self.refresh()

    # --- reading -----------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """F5, or the data changed: read the figures again (after the job running now, if one)."""
        if self.is_busy():
            self._refresh_pending = True
            return
        self._refresh_pending = False
        self._run(self.tr("Đang tính tỷ lệ tiêm…"), read_page, self._show)

    def _show(self, data: PageData) -> None:
        self.data = data
        self.coverage_model.set_rows(data.coverage.by_class, data.coverage.total)
        total = data.coverage.total
        self.count_label.setText(self.tr(
            "{vaccinated}/{students} học sinh đã tiêm ít nhất 1 mũi", "", total.students,
        ).format(vaccinated=number(total.at_least[1]), students=number(total.students)))  # fmt: skip
        self._fill_classes([row.label for row in data.coverage.by_class])
        self._show_unvaccinated()
        self.late_model.set_rows(late_rows(data.late))
        self.tabs.setTabText(TAB_UNVACCINATED, self.tr("Chưa tiêm ({count})", "",
                             len(data.unvaccinated)).format(count=number(len(data.unvaccinated))))  # fmt: skip
        self.tabs.setTabText(TAB_LATE, self.tr("Ghi nhận muộn ({count})", "",
                             len(data.late)).format(count=number(len(data.late))))  # fmt: skip

    def _fill_classes(self, names: list[str]) -> None:
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(self.tr("Tất cả các lớp"), None)
        for name in names:
            self.class_filter.addItem(self.tr("Lớp {name}").format(name=name), name)
        self.class_filter.setCurrentIndex(max(self.class_filter.findData(current), 0))
        self.class_filter.blockSignals(False)

    @Slot()
    def _show_unvaccinated(self) -> None:
        if self.data is None:
            return
        chosen = self.class_filter.currentData()
        students = [s for s in self.data.unvaccinated if chosen is None or s.class_name == chosen]
        self.unvaccinated_model.set_rows(unvaccinated_rows(students))
        self.unvaccinated_count.setText(
            self.tr("{count} học sinh chưa có mũi tiêm nào", "", len(students)).format(
                count=number(len(students))
            )
        )

    # --- acting --------------------------------------------------------------------------------

    def open_student(self, student_id: str) -> StudentDialog | None:
        """The student's form, on its "Tiêm vắc-xin" tab."""

        def make() -> StudentDialog:
            dialog = StudentDialog(self._db, student_id, self, today=self._today)
            dialog.show_vaccinations()
            dialog.vaccinationsChanged.connect(self._changed_here)
            dialog.saved.connect(self._changed_here)
            dialog.consentChanged.connect(self._changed_here)
            return dialog

        return list_page.open_form(self, make, self.refresh)

    @Slot(QModelIndex)
    def _open_unvaccinated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_student(self.unvaccinated_model.student_id(index.row()))

    @Slot(QModelIndex)
    def _open_late(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_student(self.late_model.student_id(index.row()))

    @Slot()
    def _changed_here(self) -> None:
        self.refresh()
        self.vaccinationsChanged.emit()

    @Slot()
    def open_quick_entry(self) -> QuickEntryDialog:
        dialog = QuickEntryDialog(self._db_path, self, today=self._today,
                                  classes=self._class_names())  # fmt: skip
        dialog.recorded.connect(self._recorded)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.quick_entry = dialog
        dialog.open()
        return dialog

    def _class_names(self) -> list[str]:
        return class_names(self._db)

    @Slot(int)
    def _recorded(self, count: int) -> None:
        text = self.tr("Đã ghi nhận {count} mũi tiêm.", "", count).format(count=number(count))
        list_page.show_outcome(self.message_label, text)
        self._changed_here()

    @Slot()
    def import_from_excel(self) -> None:
        """The main window's import wizard, as on the other pages: here template 4.9.1."""
        open_wizard = getattr(self.window(), "open_import_wizard", None)
        if callable(open_wizard):
            open_wizard()

    @Slot()
    def export_to_excel(self) -> None:
        path = save_file_name(self, "reports", self.tr("Lưu tệp Excel"), "tiem-vac-xin.xlsx",
                              self.tr("Bảng tính Excel (*.xlsx)"))  # fmt: skip
        if not path:
            return
        target = Path(path)

        def work(db: Database, _state: JobState) -> int:
            return export_file(db, KIND, target)

        def done(count: int) -> None:
            text = self.tr("Đã lưu {count} dòng vào {path}", "", count).format(
                count=number(count), path=target
            )
            QMessageBox.information(self, self.tr("Đã xuất"), text)

        self._run(self.tr("Đang xuất dữ liệu…"), work, done)
