"""Import an Excel file step by step: choose the kind and the file, check it, import it, see what
happened.

The wizard only shows things; the work is the core's ``import_file`` (a dry run to check, a real
run to import), run on the application's database worker (``ui.jobs.run_db_job``: its own SQLite
connection, a progress dialog with Cancel). Nothing is written before the clerk presses "Nhập",
and the write is one transaction: a cancel or a failure leaves the database as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QItemSelection,
    QLocale,
    QMimeData,
    QModelIndex,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.excel.reader import column_letter
from desktop_app.core.importing.export import write_template
from desktop_app.core.importing.report import write_error_report
from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.jobs import Cancelled, JobState
from desktop_app.core.problems import Problem
from desktop_app.core.templates.spec import KINDS, load_template
from desktop_app.ui.jobs import CANCELLED, Job, run_db_job, run_job
from desktop_app.ui.problem_model import PROBLEM_ROLE, ErrorsOnlyFilter, ProblemTableModel

log = logging.getLogger(__name__)

LANG = "vi"
TEMPLATE_FILE_NAMES = {
    "needs": "mau-nhu-cau-ho-tro.xlsx",
    "devices": "mau-tiep-nhan-thiet-bi.xlsx",
    "handovers": "mau-ban-giao.xlsx",
}
ERROR_COLOUR, WARNING_COLOUR, OK_COLOUR = "#9b1c1c", "#7a4a00", "#1d6b2c"
ERROR_TINT, WARNING_TINT = "#fde8e8", "#fff3d6"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportWizard", text)


def kind_label(kind: str) -> str:
    labels = {
        "needs": _tr("Nhu cầu hỗ trợ"),
        "devices": _tr("Tiếp nhận thiết bị"),
        "handovers": _tr("Bàn giao"),
    }
    return labels[kind]


def _number(value: int) -> str:
    """20000 → "20.000", as Vietnamese readers write it."""
    return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam).toString(value)


def short_message(exc: BaseException) -> str:
    """One sentence for the clerk; the traceback goes to the log, never to the screen."""
    if isinstance(exc, SongMayError):
        return exc.message
    if isinstance(exc, OSError) and exc.filename:
        return _tr(
            "Không đọc hoặc ghi được tệp {file}. Hãy kiểm tra tệp không đang mở trong chương "
            "trình khác (ví dụ Excel) và thư mục cho phép ghi, rồi thử lại."
        ).format(file=exc.filename)
    if isinstance(exc, MemoryError):
        return _tr("Máy không đủ bộ nhớ để xử lý tệp này. Hãy đóng bớt chương trình rồi thử lại.")
    return _tr(
        "Đã xảy ra lỗi không mong đợi; dữ liệu không thay đổi. Chi tiết đã được ghi vào nhật ký "
        "để gửi cho bộ phận hỗ trợ."
    )


def show_value(value: Any) -> str:
    """A cell as the clerk saw it in Excel (the reader gives floats, dates and text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class _Stages:
    """The job state handed to ``import_file``: stage names in Vietnamese for the progress
    dialog, and Cancel honoured at every progress report — including the last one before the
    write starts, which is inside the transaction, so a cancel there rolls everything back."""

    def __init__(self, state: JobState, labels: dict[str, str]) -> None:
        self._state = state
        self._labels = labels

    def set_progress(self, done: int, total: int, stage: str) -> None:
        if self._state.is_cancelled():
            raise Cancelled()
        self._state.set_progress(done, total, self._labels.get(stage, ""))

    def is_cancelled(self) -> bool:
        return self._state.is_cancelled()


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


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


# --- the row view ----------------------------------------------------------------------------


class RowDialog(QDialog):
    """One row of the clerk's file, cell by cell, with the faulty cells marked: what was typed,
    beside the header it was typed under."""

    def __init__(self, report: ImportReport, excel_row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rowDialog")
        self.setWindowTitle(self.tr("Dòng {row} trong tệp").format(row=excel_row))
        problems = [p for p in report.problems if p.row == excel_row]
        by_cell: dict[str, list[Problem]] = {}
        for problem in problems:
            if problem.cell:
                by_cell.setdefault(problem.cell, []).append(problem)

        values = report.raw_rows[excel_row - 1]
        headers = self._headers(report)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("rowValues")
        self.table.setHorizontalHeaderLabels([self.tr("Ô"), self.tr("Cột"), self.tr("Giá trị")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        for index in range(max(len(values), len(headers))):
            header = headers[index] if index < len(headers) else ""
            value = show_value(values[index]) if index < len(values) else ""
            if not header and not value:
                continue
            ref = f"{column_letter(index)}{excel_row}"
            items = [QTableWidgetItem(ref), QTableWidgetItem(header), QTableWidgetItem(value)]
            found = by_cell.get(ref)
            if found:
                is_error = any(p.is_error for p in found)
                tint = QBrush(QColor(ERROR_TINT if is_error else WARNING_TINT))
                ink = QBrush(QColor(ERROR_COLOUR if is_error else WARNING_COLOUR))
                tip = "\n".join(p.message(LANG) for p in found)
                for item in items:
                    item.setBackground(tint)
                    item.setForeground(ink)
                    item.setToolTip(tip)
            line = self.table.rowCount()
            self.table.insertRow(line)
            for column, item in enumerate(items):
                self.table.setItem(line, column, item)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        self.table.setColumnWidth(1, 240)
        self.table.resizeRowsToContents()

        self.messages = _wrapping_label(
            _bullets([f"{p.cell or p.location(LANG)}: {p.message(LANG)}" for p in problems]),
            "rowProblems",
        )
        self.messages.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        if problems:
            layout.addWidget(_wrapping_label(self.tr("Vấn đề ở dòng này:")))
            layout.addWidget(self.messages)
        layout.addWidget(buttons)
        self.resize(640, 520)

    @staticmethod
    def _headers(report: ImportReport) -> list[str]:
        """The header row's own texts; for a two-row header (text only on the row above) the
        template's name for the column the importer matched there."""
        if not report.header_row or report.header_row > len(report.raw_rows):
            return []
        texts = [show_value(v).strip() for v in report.raw_rows[report.header_row - 1]]
        if report.header is not None:
            spec = load_template(report.kind)
            for index, field_name in report.header.columns.items():
                if index < len(texts) and not texts[index]:
                    texts[index] = spec.column(field_name).display_header
        return [" ".join(text.split()) for text in texts]


# --- the pages -------------------------------------------------------------------------------


class FilePage(QWizardPage):
    """1. Chọn loại và tệp."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Chọn loại và tệp"))
        self.setSubTitle(
            self.tr(
                "Chọn loại dữ liệu cần nhập và tệp Excel theo mẫu của Bộ (hoặc kéo thả tệp vào đây)."
            )
        )
        self.kinds = QButtonGroup(self)
        kinds_box = QVBoxLayout()
        kinds_box.setSpacing(2)
        kinds_box.addWidget(_wrapping_label(self.tr("Loại dữ liệu:")))
        for number, kind in enumerate(KINDS):
            button = QRadioButton(kind_label(kind))
            button.setObjectName(f"kind_{kind}")
            self.kinds.addButton(button, number)
            note = _wrapping_label(load_template(kind).title.capitalize())
            note.setEnabled(False)  # the palette's muted text
            note.setContentsMargins(24, 0, 0, 6)
            kinds_box.addWidget(button)
            kinds_box.addWidget(note)
        self.kinds.idToggled.connect(self._kind_toggled)

        self.path_field = QLineEdit()
        self.path_field.setObjectName("pathField")
        self.path_field.setReadOnly(True)
        self.path_field.setAcceptDrops(False)  # a drop anywhere goes to the wizard
        self.path_field.setPlaceholderText(self.tr("Chưa chọn tệp"))
        self.browse_button = QPushButton(self.tr("Chọn tệp…"))
        self.browse_button.setObjectName("browseButton")
        self.browse_button.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.browse_button)

        self.template_button = QPushButton(self.tr("Tải tệp mẫu trống…"))
        self.template_button.setObjectName("templateButton")
        self.template_button.setEnabled(False)
        self.template_button.clicked.connect(self._save_template)
        self.template_status = _wrapping_label(name="templateStatus")
        template_row = QHBoxLayout()
        template_row.addWidget(self.template_button)
        template_row.addWidget(self.template_status, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(kinds_box)
        layout.addSpacing(8)
        layout.addWidget(_wrapping_label(self.tr("Tệp bảng tính (.xlsx, .xls hoặc .ods):")))
        layout.addLayout(file_row)
        layout.addSpacing(8)
        layout.addWidget(
            _wrapping_label(
                self.tr(
                    "Chưa có tệp theo mẫu? Tải tệp mẫu trống (có sẵn danh sách chọn và hướng dẫn "
                    "từng cột), điền dữ liệu rồi quay lại đây để nhập."
                )
            )
        )
        layout.addLayout(template_row)
        layout.addStretch(1)

    def select_kind(self, kind: str | None) -> None:
        if kind is None:
            return
        self.kinds.button(KINDS.index(kind)).setChecked(True)

    def kind(self) -> str | None:
        number = self.kinds.checkedId()
        return KINDS[number] if number >= 0 else None

    def show_path(self, path: Path | None) -> None:
        self.path_field.setText(str(path) if path else "")
        self.path_field.setToolTip(str(path) if path else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        path = self._wizard.file_path()
        return self.kind() is not None and path is not None and path.is_file()

    @Slot(int, bool)
    def _kind_toggled(self, _number: int, checked: bool) -> None:
        if checked:
            self.template_button.setEnabled(True)
            self.template_status.clear()
            self.completeChanged.emit()

    @Slot()
    def _browse(self) -> None:
        current = self._wizard.file_path()
        start = str(current.parent) if current else _documents_folder()
        chosen = self._wizard.ask_open_path(self.tr("Chọn tệp cần nhập"), start)
        if chosen is not None:
            self._wizard.set_file(chosen)

    @Slot()
    def _save_template(self) -> None:
        kind = self.kind()
        if kind is None or self._wizard.is_busy():
            return
        suggested = str(Path(_documents_folder()) / TEMPLATE_FILE_NAMES[kind])
        target = self._wizard.ask_save_path(self.tr("Lưu tệp mẫu trống"), suggested)
        if target is None:
            return
        self.template_status.setStyleSheet("")
        self.template_status.setText(self.tr("Đang tạo tệp mẫu…"))

        def done(_: None) -> None:
            self.template_status.setStyleSheet(f"color: {OK_COLOUR};")
            self.template_status.setText(self.tr("Đã lưu tệp mẫu: {path}").format(path=target))

        def failed(exc: BaseException) -> None:
            log.exception("Saving the empty template failed", exc_info=exc)
            self.template_status.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.template_status.setText(short_message(exc))

        self._wizard.run(
            self.tr("Đang lưu tệp mẫu…"),
            lambda _state: write_template(None, kind, target),
            done,
            failed,
            database=False,
        )


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

        self.model = ProblemTableModel(lang=LANG, parent=self)
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
        self.save_button.setObjectName("saveReportButton")
        self.save_button.setToolTip(
            self.tr("Lưu tệp Excel đánh dấu các ô có lỗi, kèm danh sách lỗi, để sửa và nhập lại")
        )
        self.save_button.clicked.connect(self._save_report)
        self.retry_button = QPushButton(self.tr("Kiểm tra lại"))
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

        layout = QVBoxLayout(self)
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
        log.exception("Checking %s failed", self._wizard.file_path(), exc_info=exc)
        self._show_nothing()
        self._say(self.headline, self.tr("Không kiểm tra được tệp."), ERROR_COLOUR, big=True)
        self.summary.setText(short_message(exc))
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
            self.detail, self.hint, self.save_button, self.retry_button,
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
            headline = self.tr("Có {n} dòng bị lỗi: các dòng này sẽ không được nhập.").format(
                n=_number(error_rows)
            )
            colour = ERROR_COLOUR
        elif warnings:
            headline = self.tr("Tệp hợp lệ, có {n} cảnh báo (không cản trở việc nhập).").format(
                n=_number(warnings)
            )
            colour = WARNING_COLOUR
        else:
            headline = self.tr("Tệp hợp lệ, sẵn sàng nhập.")
            colour = OK_COLOUR
        self._say(self.headline, headline, colour, big=True)
        self.summary.setText(summary_text(report))
        self.summary.show()
        self.sheet_note.setText(
            self.tr("Trang tính “{sheet}”, dòng tiêu đề ở dòng {row}.").format(
                sheet=report.sheet, row=report.header_row
            )
        )
        self.sheet_note.show()
        if report.problems:
            self.model.set_problems(report.problems)
            for widget in (self.table, self.detail, self.hint, self.save_button):
                widget.show()
            self.errors_only.setVisible(bool(errors and warnings))
            self.table.selectRow(0)

    def _show_file_error(self, report: ImportReport) -> None:
        self._say(self.headline, self.tr("Không dùng được tệp này"), ERROR_COLOUR, big=True)
        messages = [p.message(LANG) for p in report.problems if p.is_error and p.row is None]
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
        self.detail.setText(f"{problem.location(LANG)}: {problem.message(LANG)}")

    @Slot(QModelIndex)
    def _show_row(self, index: QModelIndex) -> None:
        problem = self._problem_at(index)
        report = self._wizard.check_report()
        if problem is None or report is None or problem.row is None:
            return
        if not 1 <= problem.row <= len(report.raw_rows):
            return
        dialog = RowDialog(report, problem.row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def _save_report(self) -> None:
        report = self._wizard.check_report()
        if report is not None:
            self._wizard.save_error_report(report, self.status)


class ImportPage(QWizardPage):
    """3. Nhập: all or nothing, or only the valid rows; then the real import, in one
    transaction."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._done = False
        self.setTitle(self.tr("Nhập"))
        self.setSubTitle(self.tr("Chọn cách nhập rồi bấm “Nhập” để ghi vào dữ liệu của trường."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Nhập"))

        self.all_rows = QRadioButton(self.tr("Nhập tất cả (chỉ khi không có lỗi)"))
        self.all_rows.setObjectName("importAll")
        self.all_note = _wrapping_label()
        self.valid_rows = QRadioButton(self.tr("Chỉ nhập các dòng hợp lệ"))
        self.valid_rows.setObjectName("importValid")
        self.valid_note = _wrapping_label()
        for note in (self.all_note, self.valid_note):
            note.setContentsMargins(24, 0, 0, 8)
        self.choice = QButtonGroup(self)
        self.choice.addButton(self.all_rows)
        self.choice.addButton(self.valid_rows)

        self.target = _wrapping_label(name="importTarget")
        self.safety = _wrapping_label(
            self.tr(
                "Dữ liệu được ghi trong một lần: nếu bấm Hủy trước khi bắt đầu ghi, hoặc có sự "
                "cố giữa chừng, dữ liệu của trường giữ nguyên như trước."
            )
        )
        self.status = _wrapping_label(name="importStatus")

        layout = QVBoxLayout(self)
        layout.addWidget(self.target)
        layout.addSpacing(8)
        layout.addWidget(self.all_rows)
        layout.addWidget(self.all_note)
        layout.addWidget(self.valid_rows)
        layout.addWidget(self.valid_note)
        layout.addSpacing(8)
        layout.addWidget(self.safety)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self._done = False
        self.status.clear()
        report = self._wizard.check_report()
        path = self._wizard.file_path()
        kind = self._wizard.kind()
        if report is None or path is None or kind is None:
            return
        self.target.setText(
            self.tr("Nhập “{kind}” từ tệp {name}.").format(kind=kind_label(kind), name=path.name)
        )
        error_rows = report.rows_read - report.rows_valid
        valid = _number(report.rows_valid)
        self.all_note.setEnabled(not error_rows)
        if error_rows:
            self.all_rows.setEnabled(False)
            self.valid_rows.setChecked(True)
            self.all_note.setText(
                self.tr("Không dùng được: tệp có {n} dòng lỗi.").format(n=_number(error_rows))
            )
            self.valid_note.setText(
                self.tr("Ghi {valid} dòng hợp lệ, bỏ qua {bad} dòng có lỗi.").format(
                    valid=valid, bad=_number(error_rows)
                )
            )
        else:
            self.all_rows.setEnabled(True)
            self.all_rows.setChecked(True)
            self.all_note.setText(
                self.tr("Ghi tất cả {n} dòng; nếu có lỗi thì không ghi dòng nào.").format(n=valid)
            )
            self.valid_note.setText(
                self.tr("Tệp không có dòng lỗi: cũng ghi {n} dòng.").format(n=valid)
            )

    def validatePage(self) -> bool:
        """The import runs here, so a cancel or a failure keeps the clerk on this page; once it
        succeeded, the wizard moves on (and cannot come back: this is the commit page)."""
        if self._done:
            return True
        kind, path = self._wizard.kind(), self._wizard.file_path()
        if self._wizard.is_busy() or kind is None or path is None:
            return False
        partial = self.valid_rows.isChecked()
        self.status.clear()
        self._wizard.run(
            self.tr("Nhập dữ liệu từ tệp {name}").format(name=path.name),
            _import_work(kind, path, partial, self._wizard.stage_labels()),
            lambda report: self._imported(report, partial),
            self._failed,
            on_cancelled=self._cancelled,
        )
        return False

    def _imported(self, report: ImportReport, partial: bool) -> None:
        self._wizard.set_import_report(report, partial)
        self._done = True
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        log.exception("Importing %s failed", self._wizard.file_path(), exc_info=exc)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.status.setText(
            self.tr("Không nhập được: {reason}\nDữ liệu của trường không thay đổi.").format(
                reason=short_message(exc)
            )
        )

    def _cancelled(self) -> None:
        self.status.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.status.setText(self.tr("Đã hủy; dữ liệu của trường không thay đổi."))


class ResultPage(QWizardPage):
    """4. Kết quả: what was written, or that nothing was and why."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Kết quả"))
        self.headline = _wrapping_label(name="resultHeadline")
        self.details = _wrapping_label(name="resultDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("Lưu báo cáo lỗi…"))
        self.save_button.setObjectName("resultSaveReport")
        self.save_button.clicked.connect(self._save_report)
        self.again_button = QPushButton(self.tr("Nhập tệp khác"))
        self.again_button.setObjectName("importAnother")
        self.again_button.clicked.connect(self._wizard.start_over)
        self.status = _wrapping_label(name="resultStatus")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addSpacing(6)
        layout.addWidget(self.details)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def initializePage(self) -> None:
        report = self._wizard.import_report()
        self.status.clear()
        if report is None:
            return
        written = self._wizard.import_written()
        headline, colour, details = result_text(report, written)
        self.headline.setText(headline)
        _styled(self.headline, colour, scale=1.3, bold=True)
        self.details.setText(details)
        self.save_button.setVisible(bool(report.problems) and not report.file_error)
        self.setSubTitle(
            self.tr("Tệp {name}").format(name=Path(report.file).name) if report.file else ""
        )

    @Slot()
    def _save_report(self) -> None:
        report = self._wizard.import_report()
        if report is not None:
            self._wizard.save_error_report(report, self.status)


# --- the words -------------------------------------------------------------------------------


def summary_text(report: ImportReport) -> str:
    """ "Đọc 120 dòng: 115 dòng hợp lệ, 5 dòng có lỗi (7 lỗi), 3 cảnh báo." """
    error_rows = report.rows_read - report.rows_valid
    errors, warnings = len(report.errors), len(report.warnings)
    bad = _tr("{n} dòng có lỗi").format(n=_number(error_rows))
    if errors > error_rows:
        bad += _tr(" ({n} lỗi)").format(n=_number(errors))
    return _tr("Đọc {read} dòng: {valid} dòng hợp lệ, {bad}, {warnings} cảnh báo.").format(
        read=_number(report.rows_read),
        valid=_number(report.rows_valid),
        bad=bad,
        warnings=_number(warnings),
    )


def result_text(report: ImportReport, written: bool) -> tuple[str, str, str]:
    """(headline, its colour, the details) for the result page."""
    error_rows = report.rows_read - report.rows_valid
    if report.file_error:
        reasons = [p.message(LANG) for p in report.problems if p.is_error and p.row is None]
        return (
            _tr("Chưa nhập: không có dữ liệu nào được ghi."),
            ERROR_COLOUR,
            _tr("Không đọc được tệp:") + "\n" + _bullets(reasons),
        )
    if not written:
        return (
            _tr("Chưa nhập: không có dữ liệu nào được ghi."),
            ERROR_COLOUR,
            _tr(
                "Tệp có {n} dòng lỗi (có thể tệp đã được sửa sau khi kiểm tra) nên không ghi dòng "
                "nào. Hãy lưu báo cáo lỗi, sửa tệp rồi nhập lại, hoặc chọn “Chỉ nhập các dòng "
                "hợp lệ”."
            ).format(n=_number(error_rows)),
        )
    lines = [
        _tr(
            "Đã nhập {n} dòng: thêm mới {created}, cập nhật {updated}, không đổi {unchanged}."
        ).format(
            n=_number(report.rows_imported),
            created=_number(report.created),
            updated=_number(report.updated),
            unchanged=_number(report.unchanged),
        )
    ]
    if error_rows:
        lines.append(
            _tr(
                "Đã bỏ qua {n} dòng có lỗi. Lưu báo cáo lỗi để xem các dòng đó, sửa rồi nhập lại "
                "tệp: các dòng đã nhập sẽ không bị nhập trùng."
            ).format(n=_number(error_rows))
        )
    if report.rows_imported and report.unchanged == report.rows_imported:
        lines.append(_tr("Dữ liệu trong tệp đã có sẵn, không có gì thay đổi."))
    elif report.created or report.updated:
        lines.append(_tr("Các thay đổi đã được lưu trên máy và sẽ được gửi đi khi đồng bộ."))
    return _tr("Nhập xong."), OK_COLOUR, "\n\n".join(lines)


# --- the work (on the database worker: no widgets here) --------------------------------------


def _check_work(
    kind: str, path: Path, labels: dict[str, str]
) -> Callable[[Database, JobState], ImportReport]:
    def work(db: Database, state: JobState) -> ImportReport:
        report = import_file(db, kind, path, ImportOptions(dry_run=True), _Stages(state, labels))
        if state.is_cancelled():  # a dry run wrote nothing: a late cancel still counts
            raise Cancelled()
        return report

    return work


def _import_work(
    kind: str, path: Path, partial: bool, labels: dict[str, str]
) -> Callable[[Database, JobState], ImportReport]:
    def work(db: Database, state: JobState) -> ImportReport:
        options = ImportOptions(dry_run=False, partial=partial)
        return import_file(db, kind, path, options, _Stages(state, labels))

    return work


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def _dropped_file(mime: QMimeData) -> Path | None:
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_file():
                return path
    return None


# --- the wizard ------------------------------------------------------------------------------


class ImportWizard(QWizard):
    """``ImportWizard(db_path, kind=None, parent=None)``.

    ``imported(kind)`` is emitted once the import has been written (so the window can refresh
    its pages). ``job_progressed(done, total, stage)`` and ``job_finished(outcome)`` relay the
    running job ("succeeded", "failed" or "cancelled").
    """

    PAGE_FILE, PAGE_CHECK, PAGE_IMPORT, PAGE_RESULT = range(4)

    imported = Signal(str)
    job_progressed = Signal(int, int, str)
    job_finished = Signal(str)

    def __init__(
        self, db_path: Path, kind: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if kind is not None and kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.setObjectName("importWizard")
        self._db_path = Path(db_path)
        self._path: Path | None = None
        self._check: ImportReport | None = None
        self._import: ImportReport | None = None
        self._partial = False
        self._job: Job | None = None
        self._close_when_idle = False

        self.setWindowTitle(self.tr("Nhập dữ liệu từ tệp Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOptions(
            QWizard.WizardOption.NoBackButtonOnStartPage
            | QWizard.WizardOption.NoBackButtonOnLastPage
            | QWizard.WizardOption.NoCancelButtonOnLastPage
        )
        for button, text in (
            (QWizard.WizardButton.BackButton, self.tr("< Quay lại")),
            (QWizard.WizardButton.NextButton, self.tr("Tiếp >")),
            (QWizard.WizardButton.CommitButton, self.tr("Nhập")),
            (QWizard.WizardButton.FinishButton, self.tr("Đóng")),
            (QWizard.WizardButton.CancelButton, self.tr("Hủy")),
        ):
            self.setButtonText(button, text)
        self.file_page = FilePage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.result_page = ResultPage(self)
        self.setPage(self.PAGE_FILE, self.file_page)
        self.setPage(self.PAGE_CHECK, self.check_page)
        self.setPage(self.PAGE_IMPORT, self.import_page)
        self.setPage(self.PAGE_RESULT, self.result_page)
        self.file_page.select_kind(kind)
        self.setAcceptDrops(True)
        self.setMinimumSize(760, 560)
        self.resize(900, 660)

    # -- state ------------------------------------------------------------------------------

    def kind(self) -> str | None:
        return self.file_page.kind()

    def set_kind(self, kind: str) -> None:
        self.file_page.select_kind(kind)

    def file_path(self) -> Path | None:
        return self._path

    def set_file(self, path: Path | str) -> None:
        self._path = Path(path)
        self.file_page.show_path(self._path)

    def check_report(self) -> ImportReport | None:
        return self._check

    def set_check_report(self, report: ImportReport) -> None:
        self._check = report

    def clear_check(self) -> None:
        self._check = None

    def import_report(self) -> ImportReport | None:
        return self._import

    def import_written(self) -> bool:
        """Whether the import's transaction was committed (all-or-nothing stops at an error)."""
        report = self._import
        if report is None or report.file_error:
            return False
        return self._partial or not report.errors

    def set_import_report(self, report: ImportReport, partial: bool) -> None:
        self._import = report
        self._partial = partial
        if self.import_written():
            self.imported.emit(report.kind)

    def is_busy(self) -> bool:
        return self._job is not None

    def stage_labels(self) -> dict[str, str]:
        return {
            "check": self.tr("Đang kiểm tra từng dòng…"),
            "plan": self.tr("Đang đối chiếu với dữ liệu đã có…"),
            "write": self.tr("Đang ghi vào dữ liệu của trường…"),
        }

    @Slot()
    def start_over(self) -> None:
        """ "Nhập tệp khác": back to the first page, keeping the kind."""
        if self.is_busy():
            return
        self._path = None
        self._check = self._import = None
        self.file_page.show_path(None)
        self.restart()

    # -- the worker -------------------------------------------------------------------------

    def run(
        self,
        title: str,
        work: Callable[..., Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        *,
        on_cancelled: Callable[[], None] | None = None,
        database: bool = True,
    ) -> Job:
        """Run ``work`` on the application's database worker (``work(db, state)`` with its own
        connection when ``database``, else ``work(state)``)."""
        if database:
            job = run_db_job(self, title, self._db_path, work, on_success, on_failure)
        else:
            job = run_job(self, title, work, on_success, on_failure)
        self._job = job
        job.progressed.connect(self.job_progressed)
        job.progressed.connect(self._stage_reached)
        job.finished.connect(lambda outcome: self._job_ended(outcome, on_cancelled))
        self._refresh_buttons()
        # A job started from initializePage: QWizard sets the buttons again once the page is
        # shown, so look once more when the event loop is back.
        QTimer.singleShot(0, self, self._refresh_buttons)
        return job

    @Slot()
    def _refresh_buttons(self) -> None:
        """Next follows each page's isComplete; Back is off while a job runs (the progress
        dialog only blocks the wizard once it shows, a moment after the start)."""
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()
        if self.is_busy():
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)

    @Slot(int, int, str)
    def _stage_reached(self, _done: int, _total: int, stage: str) -> None:
        """Once the write has begun it runs to its commit: Cancel can no longer be honoured,
        so it is not offered."""
        if self._job is not None and stage == self.stage_labels()["write"]:
            self._job.cancel_button.setEnabled(False)

    def current_job(self) -> Job | None:
        return self._job

    def _job_ended(self, outcome: str, on_cancelled: Callable[[], None] | None) -> None:
        self._job = None
        if outcome == CANCELLED and on_cancelled is not None:
            on_cancelled()
        self._refresh_buttons()
        self.job_finished.emit(outcome)
        if self._close_when_idle:
            self._close_when_idle = False
            super().reject()

    def reject(self) -> None:
        """Closing while a job runs asks it to stop first; the wizard closes once it has."""
        if self._job is not None:
            self._close_when_idle = True
            self._job.cancel()
            return
        super().reject()

    # -- files ------------------------------------------------------------------------------

    def ask_open_path(self, caption: str, start: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, caption, start, self.tr("Bảng tính (*.xlsx *.xls *.ods)")
        )
        return Path(chosen) if chosen else None

    def ask_save_path(self, caption: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, caption, suggested, self.tr("Sổ làm việc Excel (*.xlsx)")
        )
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx")

    def save_error_report(self, report: ImportReport, status: QLabel) -> None:
        if self.is_busy():
            return
        source = Path(report.file)
        suggested = str(source.with_name(f"{source.stem}-bao-cao-loi.xlsx"))
        target = self.ask_save_path(self.tr("Lưu báo cáo lỗi"), suggested)
        if target is None:
            return
        status.setStyleSheet("")
        status.setText(self.tr("Đang lưu báo cáo lỗi…"))

        def done(_: None) -> None:
            status.setStyleSheet(f"color: {OK_COLOUR};")
            status.setText(self.tr("Đã lưu báo cáo lỗi: {path}").format(path=target))

        def failed(exc: BaseException) -> None:
            log.exception("Saving the error report failed", exc_info=exc)
            status.setStyleSheet(f"color: {ERROR_COLOUR};")
            status.setText(short_message(exc))

        self.run(
            self.tr("Đang lưu báo cáo lỗi…"),
            lambda _state: write_error_report(report, target, LANG),
            done,
            failed,
            database=False,
        )

    # -- drag and drop ----------------------------------------------------------------------

    def _accepts_drop(self, mime: QMimeData) -> bool:
        return (
            not self.is_busy()
            and self.currentId() in (self.PAGE_FILE, self.PAGE_CHECK, self.PAGE_IMPORT)
            and _dropped_file(mime) is not None
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._accepts_drop(event.mimeData()):
            event.ignore()
            return
        path = _dropped_file(event.mimeData())
        assert path is not None
        event.acceptProposedAction()
        while self.currentId() != self.PAGE_FILE:  # a new file: its check starts from scratch
            self.back()
        self.set_file(path)
