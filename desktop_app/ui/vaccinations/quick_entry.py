"""A school vaccination day: one vaccine, one date, one place for a class; tick the students who
had their shot, and each one's next dose is recorded in one ``record_doses`` call, all or none.

When the core refuses (a student too young for the vaccine, a dose too soon after the previous
one), nothing is saved and each problem is listed with the student's name. The class is read and
the doses are checked and written by database jobs: a class of 2,000 does not freeze the window."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.jobs import JobState
from desktop_app.core.rules.programme import age_on
from desktop_app.core.rules.vaccinations import suggested_vaccine
from desktop_app.core.templates.cells import Invalid, parse_date
from desktop_app.core.vaccinations.checks import DoseDecision
from desktop_app.core.vaccinations.roster import RosterEntry, VaccinationDay, class_roster
from desktop_app.core.vaccinations.service import Recorded, check_doses, record_doses
from desktop_app.ui.common import jobs
from desktop_app.ui.common.jobs import run_db_job
from desktop_app.ui.common.list_page import ask_confirmation, size_columns
from desktop_app.ui.common.table_model import (
    BACKGROUND,
    DISPLAY,
    NO_PARENT,
    TOOLTIP,
    VALID,
    Index,
    ListTableModel,
)
from desktop_app.ui.common.template_form import ERROR_COLOR, MESSAGE_STYLE
from desktop_app.ui.common.text import day, number, shown
from desktop_app.ui.common.widgets import muted
from desktop_app.ui.vaccinations.dose_dialog import place_combo, vaccine_combo

CHECK = int(Qt.ItemDataRole.CheckStateRole)
PROBLEM_BACKGROUND = QColor("#fde7e4")
_CHECKED, _UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class RosterModel(ListTableModel):
    """The class's students: a tick each, the doses they have, the dose that will be recorded."""

    NAME, CODE, BIRTH, DOSES, NEXT = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[RosterEntry] = []
        self._texts: list[tuple[str, ...]] = []
        self._ticked: list[bool] = []
        self._problems: dict[str, str] = {}
        self._headers = [self.tr("Họ và tên"), self.tr("Mã HS"), self.tr("Ngày sinh"),
                         self.tr("Đã tiêm"), self.tr("Mũi sẽ ghi")]  # fmt: skip
        self._header_tips = [
            self.tr("Đánh dấu học sinh đã được tiêm hôm nay"), self.tr("Mã học sinh"),
            self.tr("Ngày sinh"), self.tr("Số mũi đã ghi nhận"),
            self.tr("Mũi tiếp theo của em, được ghi nhận với vắc-xin và ngày đã chọn"),
        ]  # fmt: skip

    def set_entries(self, entries: Sequence[RosterEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self._texts = [(e.full_name, e.code, day(e.birth_date), number(e.doses),
                        self.tr("Mũi {dose}").format(dose=e.next_dose)) for e in self.entries]  # fmt: skip
        self._ticked = [False] * len(self.entries)
        self._problems = {}
        self.endResetModel()

    def ticked(self) -> list[RosterEntry]:
        return [e for e, on in zip(self.entries, self._ticked, strict=True) if on]

    def set_all(self, on: bool) -> None:
        self._ticked = [on] * len(self.entries)
        if self.entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.entries) - 1, 0), [CHECK])

    def tick(self, student_code: str, on: bool = True) -> None:
        row = next(i for i, e in enumerate(self.entries) if e.code == student_code)
        self.setData(self.index(row, 0), _CHECKED if on else _UNCHECKED, CHECK)

    def set_problems(self, problems: dict[str, str]) -> None:
        if not problems and not self._problems:
            return  # nothing to repaint
        self._problems = problems
        if self.entries:
            last = self.index(len(self.entries) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.column() == self.NAME else flags

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not self.checkIndex(index, VALID):
            return None
        entry, column = self.entries[index.row()], index.column()
        if role == DISPLAY:
            return self._texts[index.row()][column]
        if role == CHECK and column == self.NAME:
            return _CHECKED if self._ticked[index.row()] else _UNCHECKED
        problem = self._problems.get(entry.student_id)
        if problem is not None and role == BACKGROUND:
            return PROBLEM_BACKGROUND
        if problem is not None and role == TOOLTIP:
            return problem
        return None

    def setData(self, index: Index, value: Any, role: int = CHECK) -> bool:
        if role != CHECK or index.column() != self.NAME or not self.checkIndex(index, VALID):
            return False
        state = Qt.CheckState(value) if isinstance(value, int) else value
        self._ticked[index.row()] = state == _CHECKED
        self.dataChanged.emit(index, index, [CHECK])
        return True


class QuickEntryDialog(QDialog):
    """``recorded(count)`` once the doses are saved, just before the dialog closes."""

    recorded = Signal(int)

    def __init__(
        self, db_path: Path, parent: QWidget | None = None, *, classes: Sequence[str] = (),
        today: date | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("quickEntryDialog")
        self.setWindowTitle(self.tr("Ghi nhận ngày tiêm tại trường"))
        self.setStyleSheet(MESSAGE_STYLE)
        self._db_path = Path(db_path)
        self._today = today or date.today()
        self.outcome: Recorded | None = None

        self.vaccine = vaccine_combo()
        # The vaccine follows the class (its last doses, or its ages: the paediatric formulation
        # for 10-year-olds) until the clerk picks one.
        self._vaccine_chosen = False
        self.vaccine.activated.connect(self._vaccine_picked)
        self.vaccinated_on = QLineEdit(day(self._today))
        self.vaccinated_on.setObjectName("quickDate")
        self.vaccinated_on.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.place = place_combo()
        self.lot_no = QLineEdit()
        self.lot_no.setObjectName("quickLot")
        self.facility = QLineEdit()
        self.facility.setObjectName("quickFacility")
        self.facility.setPlaceholderText(self.tr("Ví dụ: Trạm Y tế xã Ea Tu"))
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("quickClass")
        self.class_combo.setPlaceholderText(self.tr("— Chọn lớp —"))
        for name in classes:
            self.class_combo.addItem(self.tr("Lớp {name}").format(name=name), name)
        self.class_combo.setCurrentIndex(-1)
        self.date_error = QLabel()
        self.date_error.setObjectName("fieldError")
        self.date_error.setWordWrap(True)
        self.date_error.hide()
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(QLabel(self.tr("Vắc-xin (*)")), 0, 0)
        grid.addWidget(self.vaccine, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Ngày tiêm (*)")), 1, 0)
        grid.addWidget(self.vaccinated_on, 1, 1)
        grid.addWidget(QLabel(self.tr("Nơi tiêm (*)")), 1, 2)
        grid.addWidget(self.place, 1, 3)
        grid.addWidget(self.date_error, 2, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Số lô")), 3, 0)
        grid.addWidget(self.lot_no, 3, 1)
        grid.addWidget(QLabel(self.tr("Cơ sở tiêm")), 3, 2)
        grid.addWidget(self.facility, 3, 3)
        grid.addWidget(QLabel(self.tr("Lớp (*)")), 4, 0)
        grid.addWidget(self.class_combo, 4, 1)

        self.model = RosterModel(self)
        self.table = QTableView()
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        # Measured once, not ResizeToContents: that would read all 2,000 rows at each change.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        samples = {RosterModel.CODE: ["6600070100"], RosterModel.BIRTH: ["00/00/0000"],
                   RosterModel.DOSES: [self.model.headerData(RosterModel.DOSES, Qt.Orientation.Horizontal)],
                   RosterModel.NEXT: [self.tr("Mũi {dose}").format(dose=9)]}  # fmt: skip
        size_columns(self.table, samples, stretch=RosterModel.NAME)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.select_all = QCheckBox(self.tr("Chọn tất cả"))
        self.select_all.setObjectName("selectAll")
        self.ticked_label = QLabel()
        self.ticked_label.setObjectName("tickedCount")
        self.problems = QListWidget()
        self.problems.setObjectName("quickProblems")
        self.problems.setStyleSheet(f"QListWidget#quickProblems {{ color: {ERROR_COLOR}; }}")
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        self.problems_title = QLabel()
        self.problems_title.setObjectName("formError")
        self.problems_title.setWordWrap(True)
        self.problems_title.hide()

        self.record_button = QPushButton(self.tr("Ghi nhận"))
        self.record_button.setObjectName("quickRecord")
        self.record_button.setDefault(True)
        close = QPushButton(self.tr("Đóng"))
        close.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        self.record_button.clicked.connect(self.record)
        close.clicked.connect(self.reject)

        ticks = QHBoxLayout()
        ticks.addWidget(self.select_all)
        ticks.addWidget(self.ticked_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(muted(self.tr(
            "Đánh dấu các em đã được tiêm. Mỗi em được ghi nhận mũi tiếp theo của mình; nếu có em "
            "không hợp lệ, không mũi nào được lưu và lỗi được liệt kê bên dưới."
        )))  # fmt: skip
        layout.addLayout(ticks)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems)
        layout.addWidget(buttons)
        self.resize(760, 640)

        self.class_combo.currentIndexChanged.connect(self.load_class)
        self.select_all.toggled.connect(self.model.set_all)
        self.model.dataChanged.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self._update_count()

    # --- the class ---------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return jobs.current_job(self) is not None

    def choose_class(self, name: str) -> None:
        self.class_combo.setCurrentIndex(self.class_combo.findData(name))

    @Slot()
    def load_class(self) -> None:
        name = self.class_combo.currentData()
        if not name:
            return

        def work(db: Database, _state: JobState) -> list[RosterEntry]:
            return class_roster(db, name)

        self._clear_problems()
        self.select_all.blockSignals(True)
        self.select_all.setChecked(False)
        self.select_all.blockSignals(False)
        run_db_job(self, self.tr("Đang đọc danh sách lớp…"), self._db_path, work,
                   self._class_loaded)  # fmt: skip

    @Slot(int)
    def _vaccine_picked(self, _index: int) -> None:
        self._vaccine_chosen = True

    def _class_loaded(self, entries: list[RosterEntry]) -> None:
        self.model.set_entries(entries)
        if self._vaccine_chosen:
            return
        when = self._today
        suggested = suggested_vaccine((age_on(e.birth_date, when) for e in entries),
                                      (e.last_vaccine for e in entries))  # fmt: skip
        if suggested is not None:
            self.vaccine.setCurrentIndex(self.vaccine.findData(suggested))

    @Slot()
    def _update_count(self) -> None:
        ticked, total = len(self.model.ticked()), len(self.model.entries)
        self.ticked_label.setText(self.tr("Đã chọn {ticked}/{total} học sinh", "", ticked).format(
            ticked=number(ticked), total=number(total)))  # fmt: skip
        self.record_button.setEnabled(ticked > 0)

    # --- recording ---------------------------------------------------------------------------------

    def vaccination_day(self) -> VaccinationDay | None:
        typed = self.vaccinated_on.text().strip()
        try:
            when = parse_date(typed)
        except Invalid:
            self.date_error.setText(self.tr(
                '"{value}" không phải là ngày hợp lệ. Hãy nhập ngày/tháng/năm, ví dụ 15/10/2021.'
            ).format(value=typed))  # fmt: skip
            self.date_error.show()
            return None
        self.date_error.hide()
        return VaccinationDay(when, self.vaccine.currentData(), self.place.currentData(),
                              self.lot_no.text().strip(), self.facility.text().strip())  # fmt: skip

    @Slot()
    def record(self) -> None:
        """Check every ticked student's next dose; refused: the problems, nothing saved;
        warnings: the clerk confirms; then all of them are recorded in one transaction."""
        self._clear_problems()
        vaccination_day = self.vaccination_day()
        ticked = self.model.ticked()
        if vaccination_day is None or not ticked:
            return
        requests = vaccination_day.requests(ticked)
        today = self._today

        def check(db: Database, _state: JobState) -> list[DoseDecision]:
            return check_doses(db, requests, today=today)

        def checked(decisions: list[DoseDecision]) -> None:
            if not all(d.ok for d in decisions):
                self._show_problems(decisions, errors=True)
                return
            if any(d.findings for d in decisions):
                self._show_problems(decisions, errors=False)
                question = self.tr("Có lưu ý với một số học sinh (xem danh sách). Vẫn ghi nhận?")
                if not ask_confirmation(self, self.tr("Kiểm tra lại"), question,
                                        self.tr("Vẫn ghi nhận")):  # fmt: skip
                    return
            self._run_record(requests)

        run_db_job(self, self.tr("Đang kiểm tra các mũi tiêm…"), self._db_path, check, checked)

    def _run_record(self, requests: list[Any]) -> None:
        today = self._today

        def work(db: Database, _state: JobState) -> Recorded:
            return record_doses(db, requests, today=today)

        run_db_job(self, self.tr("Đang ghi nhận các mũi tiêm…"), self._db_path, work,
                   self._recorded)  # fmt: skip

    def _recorded(self, outcome: Recorded) -> None:
        self.outcome = outcome
        if not outcome.saved:
            self._show_problems(outcome.decisions, errors=True)
            return
        self.recorded.emit(outcome.created)
        self.accept()

    # --- problems ----------------------------------------------------------------------------------

    def _show_problems(self, decisions: Sequence[DoseDecision], *, errors: bool) -> None:
        by_code = {e.code: e for e in self.model.entries}
        lines: dict[str, str] = {}
        self.problems.clear()
        for decision in decisions:
            shown_findings = [f for f in decision.findings if f.is_error == errors]
            if not shown_findings:
                continue
            entry = by_code.get(decision.request.student_code)
            name = entry.full_name if entry else decision.request.student_code
            text = " ".join(shown(f.msg) for f in shown_findings)
            self.problems.addItem(f"{name} ({decision.request.student_code}): {text}")
            if entry is not None:
                lines[entry.student_id] = text
        self.model.set_problems(lines)
        count = self.problems.count()
        title = (
            self.tr("Chưa ghi nhận mũi nào: {count} học sinh có lỗi. Hãy bỏ chọn các em này "
                    "hoặc sửa vắc-xin/ngày tiêm rồi ghi nhận lại.", "", count)
            if errors else self.tr("Lưu ý với {count} học sinh:", "", count)
        )  # fmt: skip
        self.problems_title.setText(title.format(count=number(count)))
        self.problems_title.setStyleSheet("" if errors else "color: #8a5300;")
        self.problems_title.show()
        self.problems.show()

    def _clear_problems(self) -> None:
        self.problems.clear()
        self.problems.hide()
        self.problems_title.hide()
        self.model.set_problems({})

    def problem_lines(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]
