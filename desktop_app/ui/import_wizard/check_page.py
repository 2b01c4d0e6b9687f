"""Page 2: the check (a dry run), then what is wrong and where."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.core.importing.service import ImportReport
from desktop_app.core.private_log import file_kind
from desktop_app.core.problems import Problem
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.import_wizard.problem_model import (
    CELL,
    PROBLEM_ROLE,
    ErrorsOnlyFilter,
    ProblemTableModel,
)
from desktop_app.ui.import_wizard.row_dialog import RowDialog
from desktop_app.ui.import_wizard.style import (
    ERROR_COLOUR,
    ERROR_TINT,
    OK_COLOUR,
    WARNING_COLOUR,
    _styled,
    _wrapping_label,
)
from desktop_app.ui.import_wizard.wording import (
    _number,
    kind_label,
    lang,
    summary_text,
)
from desktop_app.ui.import_wizard.work import _check_work

if TYPE_CHECKING:
    from desktop_app.ui.import_wizard.wizard import ImportWizard

log = logging.getLogger("songmay.ui.import_wizard")  # under "songmay": the log file


class CheckPage(QWizardPage):
    """2. Kiểm tra: a dry run of the import, then what is wrong and where."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Kiểm tra"))
        self.setSubTitle(
            self.tr("Đối chiếu từng dòng với quy định của mẫu; chưa ghi gì vào dữ liệu.")
        )

        self.headline = _wrapping_label(name="checkHeadline")
        self.summary = _wrapping_label(name="checkSummary")
        self.sheet_note = _wrapping_label(name="sheetNote")
        self.sheet_note.setEnabled(False)

        self.file_error = _wrapping_label(name="fileError")
        self.file_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _styled(self.file_error, None, scale=1.15)
        self.file_error_box = QFrame()
        self.file_error_box.setObjectName("fileErrorBox")
        self.file_error_box.setStyleSheet(
            f"#fileErrorBox {{ background: {ERROR_TINT}; border: 1px solid {ERROR_COLOUR}; "
            f"border-radius: 4px; }} #fileErrorBox QLabel {{ color: {ERROR_COLOUR}; }}"
        )
        box = QVBoxLayout(self.file_error_box)
        box.setContentsMargins(14, 12, 14, 12)
        box.addWidget(self.file_error)

        self.model = ProblemTableModel(lang=lang(), parent=self)
        self.filter = ErrorsOnlyFilter(self)
        self.filter.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("problemTable")
        self.table.setModel(self.filter)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        head = self.table.horizontalHeader()
        head.setStretchLastSection(True)
        for column, width in enumerate((56, 56, 170, 80)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._show_row)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.errors_only = QCheckBox(self.tr("Chỉ hiện lỗi"))
        self.errors_only.setObjectName("errorsOnly")
        self.errors_only.toggled.connect(self.filter.set_errors_only)
        self.save_button = QPushButton(self.tr("Lưu báo cáo lỗi…"))
        self.save_button.setAutoDefault(False)  # Enter presses the wizard's own button
        self.save_button.setObjectName("saveReportButton")
        self.save_button.setToolTip(
            self.tr("Lưu tệp Excel đánh dấu các ô có lỗi, kèm danh sách lỗi, để sửa và nhập lại")
        )
        self.save_button.clicked.connect(self._save_report)
        self.retry_button = QPushButton(self.tr("Kiểm tra lại"))
        self.retry_button.setAutoDefault(False)  # Enter presses the wizard's own button
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self.start_check)
        tools = QHBoxLayout()
        tools.addWidget(self.errors_only)
        tools.addStretch(1)
        tools.addWidget(self.retry_button)
        tools.addWidget(self.save_button)

        self.detail = _wrapping_label(name="problemDetail")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 2)
        self.hint = _wrapping_label(
            self.tr("Nhấp đúp vào một dòng trong bảng để xem toàn bộ dữ liệu của dòng đó.")
        )
        self.hint.setEnabled(False)
        self.status = _wrapping_label(name="checkStatus")
        self.clock_note = _wrapping_label(name="clockWarning")  # the PC's date known wrong

        layout = QVBoxLayout(self)
        layout.addWidget(self.clock_note)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        layout.addWidget(self.sheet_note)
        layout.addWidget(self.file_error_box)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.hint)
        layout.addWidget(self.status)
        layout.addStretch(0)  # takes the room only while the table is hidden
        self._show_nothing()

    # -- the check ------------------------------------------------------------------------------

    def initializePage(self) -> None:
        self.start_check()

    def cleanupPage(self) -> None:
        self._wizard.clear_check()
        self._show_nothing()

    def isComplete(self) -> bool:
        report = self._wizard.check_report()
        return (
            report is not None
            and not self._wizard.is_busy()
            and report.exit_code != 2
            and report.rows_valid > 0
        )

    @Slot()
    def start_check(self) -> None:
        kind, path = self._wizard.kind(), self._wizard.file_path()
        if kind is None or path is None or self._wizard.is_busy():
            return
        self._wizard.clear_check()
        self._show_nothing()
        self._say(self.headline, self.tr("Đang kiểm tra tệp {name}…").format(name=path.name))
        self._wizard.run(
            self.tr("Kiểm tra tệp {name}").format(name=path.name),
            _check_work(kind, path, self._wizard.stage_labels()),
            self._checked,
            self._failed,
            on_cancelled=self._cancelled,
        )

    def _checked(self, report: ImportReport) -> None:
        self._wizard.set_check_report(report)
        self.show_report(report)

    def _failed(self, exc: BaseException) -> None:
        log.exception(
            "Checking a %s file failed", file_kind(self._wizard.file_path()), exc_info=exc
        )
        self._show_nothing()
        self._say(self.headline, self.tr("Không kiểm tra được tệp."), ERROR_COLOUR, big=True)
        self.summary.setText(user_message(exc, brief=True))
        self.summary.show()
        self.retry_button.show()

    def _cancelled(self) -> None:
        self._show_nothing()
        self._say(self.headline, self.tr("Đã hủy kiểm tra."), WARNING_COLOUR, big=True)
        self.summary.setText(
            self.tr("Chưa có gì được ghi vào dữ liệu. Bấm “Kiểm tra lại” để kiểm tra từ đầu.")
        )
        self.summary.show()
        self.retry_button.show()

    # -- what is shown --------------------------------------------------------------------------

    def _show_nothing(self) -> None:
        self.model.set_problems([])
        self.errors_only.setChecked(False)
        for widget in (
            self.summary, self.sheet_note, self.file_error_box, self.errors_only, self.table,
            self.detail, self.hint, self.save_button, self.retry_button, self.clock_note,
        ):  # fmt: skip
            widget.hide()
        self.headline.clear()
        self.status.clear()
        self.detail.clear()

    def _say(self, label: QLabel, text: str, colour: str | None = None, big: bool = False) -> None:
        label.setText(text)
        _styled(label, colour, scale=1.3 if big else 1.0, bold=big)
        label.show()

    def show_report(self, report: ImportReport) -> None:
        self._show_nothing()
        if report.clock_warning is not None:
            self._say(self.clock_note, "⚠ " + report.clock_warning.text(lang()), WARNING_COLOUR)
        if report.exit_code == 2:
            self._show_file_error(report)
            return
        error_rows = report.rows_read - report.rows_valid
        errors, warnings = len(report.errors), len(report.warnings)
        if report.rows_read == 0:
            headline = self.tr("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
            colour = ERROR_COLOUR
        elif report.rows_valid == 0:
            headline = self.tr("Không có dòng hợp lệ nào để nhập. Hãy sửa tệp theo danh sách lỗi.")
            colour = ERROR_COLOUR
        elif errors:
            headline = self.tr(
                "Có {n} dòng bị lỗi: các dòng này sẽ không được nhập.", "", error_rows
            ).format(n=_number(error_rows))
            colour = ERROR_COLOUR
        elif warnings:
            headline = self.tr(
                "Tệp hợp lệ, có {n} cảnh báo (không cản trở việc nhập).", "", warnings
            ).format(n=_number(warnings))
            colour = WARNING_COLOUR
        else:
            headline = self.tr("Tệp hợp lệ, sẵn sàng nhập.")
            colour = OK_COLOUR
        self._say(self.headline, headline, colour, big=True)
        self.summary.setText(summary_text(report))
        self.summary.show()
        if len(report.sheets) > 1:
            names = ", ".join(f"“{s.name}” ({_number(s.rows_read)})" for s in report.sheets)
            self.sheet_note.setText(
                self.tr("Đọc {n} trang tính (số dòng): {sheets}.").format(
                    n=len(report.sheets), sheets=names
                )
            )
        else:
            self.sheet_note.setText(
                self.tr("Trang tính “{sheet}”, dòng tiêu đề ở dòng {row}.").format(
                    sheet=report.sheet, row=report.header_row
                )
            )
        # Several sheets read is news the clerk must see (were they all meant?): not greyed.
        self.sheet_note.setEnabled(len(report.sheets) > 1)
        self.sheet_note.show()
        if report.problems:
            many = len(report.sheets) > 1
            self.model.set_problems(report.problems, many_sheets=many)
            if many:  # "'6A2'!E5": the cell column widens to its longest reference
                self.table.resizeColumnToContents(CELL)
            for widget in (self.table, self.detail, self.hint, self.save_button):
                widget.show()
            self.errors_only.setVisible(bool(errors and warnings))
            self.table.selectRow(0)

    def _show_file_error(self, report: ImportReport) -> None:
        self._say(self.headline, self.tr("Không dùng được tệp này"), ERROR_COLOUR, big=True)
        messages = [p.message(lang()) for p in report.problems if p.is_error and p.row is None]
        self.file_error.setText(
            "\n\n".join(messages)
            + "\n\n"
            + self.tr(
                "Bấm “Quay lại” để chọn tệp khác, hoặc kiểm tra đã chọn đúng loại dữ liệu ({kind})."
            ).format(kind=kind_label(report.kind))
        )
        self.file_error_box.show()

    # -- the problems ---------------------------------------------------------------------------

    def _problem_at(self, index: QModelIndex) -> Problem | None:
        if not index.isValid():
            return None
        problem = index.siblingAtColumn(0).data(PROBLEM_ROLE)
        return problem if isinstance(problem, Problem) else None

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        problem = self._problem_at(rows[0]) if rows else None
        if problem is None:
            self.detail.clear()
            return
        report = self._wizard.check_report()
        many = report is not None and len(report.sheets) > 1
        self.detail.setText(f"{problem.location(lang(), many)}: {problem.message(lang())}")

    @Slot(QModelIndex)
    def _show_row(self, index: QModelIndex) -> None:
        problem = self._problem_at(index)
        report = self._wizard.check_report()
        if problem is None or report is None or problem.row is None:
            return
        sheet = report.sheet_read(problem.sheet)
        raw_rows = sheet.raw_rows if sheet is not None else []
        if not 1 <= problem.row <= len(raw_rows):
            return
        dialog = RowDialog(report, problem.row, self, sheet=problem.sheet)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _save_report(self) -> None:
        report = self._wizard.check_report()
        if report is not None:
            self._wizard.save_error_report(report, self.status)
