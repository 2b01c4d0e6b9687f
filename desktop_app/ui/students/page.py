"""Học sinh & nhu cầu: the student list with search as you type, filters, add, edit and delete.

Every question goes to ``desktop_app.core.students``; the table is a lazy model over the ids the
service returns, so 50,000 students filter in one query (measured ~60 ms) and scroll without
loading them all. The search box, the buttons and the keyboard work as on every list page
(``desktop_app.ui.common.list_page``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.forms import FormResult
from desktop_app.core.minutes import MinutesDocument, user_template_dir
from desktop_app.core.minutes.consent import consent_forms
from desktop_app.core.rules.needs import NeedStatus
from desktop_app.core.students import (
    NEED_STATUSES,
    StudentFilter,
    class_names,
    delete_student,
    returned_count,
)
from desktop_app.core.templates.spec import load_codelists
from desktop_app.ui.common import list_page
from desktop_app.ui.common.errors import show_error
from desktop_app.ui.common.list_page import ask_confirmation
from desktop_app.ui.common.need_look import RETURNED_COLOUR, RETURNED_STYLE, returned_icon
from desktop_app.ui.common.text import code_label, code_labels, number, shown
from desktop_app.ui.common.widgets import heading
from desktop_app.ui.students.dialog import StudentDialog
from desktop_app.ui.students.model import StudentTableModel


class StudentsPage(QWidget):
    """The page of the main window; ``refresh()`` reloads it (F5, after an import).

    ``studentsChanged`` is emitted after the clerk saved or deleted a student here, for the pages
    that show counts (dashboard, sync).
    """

    studentsChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studentsPage")
        self._db = db

        title = heading(self.tr("Học sinh & nhu cầu"))
        self.search = list_page.search_box(
            "studentSearch", self.tr("Tìm theo tên, mã hoặc lớp (gõ không dấu cũng được)")
        )
        self.class_filter = QComboBox()
        self.class_filter.setObjectName("classFilter")
        self.class_filter.setToolTip(self.tr("Lọc theo lớp"))
        self.class_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("categoryFilter")
        self.category_filter.setToolTip(self.tr("Lọc theo diện đối tượng"))
        self.category_filter.addItem(self.tr("Tất cả các diện"), None)
        for code in load_codelists()["category"].codes:
            self.category_filter.addItem(code_label("category", code), int(code))
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.setToolTip(self.tr("Lọc theo trạng thái nhu cầu"))
        self.status_filter.addItem(self.tr("Tất cả trạng thái"), None)
        for code, label in NEED_STATUSES.items():
            self.status_filter.addItem(shown(label), code)
        returned_row = self.status_filter.findData(NeedStatus.RETURNED.value)
        self.status_filter.setItemIcon(returned_row, returned_icon())
        # The needs the district returned, one click away, with their count.
        self.returned_filter = QPushButton()
        self.returned_filter.setObjectName("returnedFilter")
        self.returned_filter.setCheckable(True)
        self.returned_filter.setIcon(returned_icon())
        self.returned_filter.setToolTip(
            self.tr(
                "Chỉ hiện học sinh có nhu cầu bị Phòng GD&ĐT trả lại: mở từng em, sửa theo ý "
                "kiến của Phòng rồi lưu để gửi lại"
            )
        )
        self.problems_only = QCheckBox(self.tr("Chỉ hiện dòng có vấn đề"))
        self.problems_only.setToolTip(
            self.tr(
                "Nhu cầu bị Phòng GD&ĐT trả lại, hoặc diện hộ nghèo/cận nghèo thiếu số giấy "
                "chứng nhận"
            )
        )

        self.consent_missing = QCheckBox(self.tr("Chưa có đồng ý"))
        self.consent_missing.setObjectName("consentMissingFilter")
        self.consent_missing.setToolTip(
            self.tr("Chỉ hiện học sinh chưa ghi nhận đồng ý của cha mẹ/người giám hộ")
        )

        self._returned_count = 0
        self.model = StudentTableModel(db, self)
        self.table = list_page.list_table("studentTable", self.model)
        # Vietnamese class-list order (given name first) until a header is clicked; the core sorts.
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionsClickable(True)  # list_table turns it off
        self._size_columns()

        self.add_button = QPushButton(self.tr("Thêm"))
        self.add_button.setToolTip(self.tr("Thêm học sinh (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("Sửa"))
        self.edit_button.setToolTip(self.tr("Sửa học sinh đang chọn (Enter hoặc nhấp đúp)"))
        self.delete_button = QPushButton(self.tr("Xóa"))
        self.delete_button.setToolTip(self.tr("Xóa học sinh đang chọn (Delete)"))
        self.import_button = QPushButton(self.tr("Nhập từ Excel…"))
        self.import_button.setObjectName("importButton")
        self.import_button.setToolTip(
            self.tr("Nhập danh sách học sinh và nhu cầu từ tệp Excel theo mẫu (Ctrl+I)")
        )
        self.consent_form_button = QPushButton(self.tr("In phiếu đồng ý…"))
        self.consent_form_button.setObjectName("printConsentForms")
        self.consent_form_button.setToolTip(
            self.tr(
                "In phiếu đồng ý xử lý dữ liệu cá nhân cho cha mẹ ký: cả lớp đang lọc, hoặc học "
                "sinh đang chọn (mỗi em một trang)"
            )
        )
        self.count_label, self.message_label = list_page.status_labels("studentCount")
        self.add_action = list_page.add_action(self, self.tr("Thêm học sinh"))
        self.rows = list_page.RowList(
            self,
            self.table,
            self.search,
            id_of=self.model.student_id,
            row_of=self.model.row_of,
            shown_column=StudentTableModel.NAME,
            row_buttons=(self.edit_button, self.delete_button),
            apply_filter=self.apply_filter,
            open_row=self.open_student_dialog,
            delete_row=self.delete_selected,
        )

        fixed = (
            self.class_filter, self.category_filter, self.status_filter, self.returned_filter,
            self.problems_only, self.consent_missing,
        )  # fmt: skip
        for widget in fixed:  # as wide as their texts; the search box takes the rest
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # The search box and the lists to choose from on one row, the yes/no filters on the next:
        # on one row they left the search box too narrow for its hint in a 1,280-pixel window.
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search, 3)
        for widget in (self.class_filter, self.category_filter, self.status_filter):
            filters.addWidget(widget)
        toggles = QHBoxLayout()
        toggles.setSpacing(16)
        self.returned_filter.setAutoDefault(False)
        for widget in (self.returned_filter, self.problems_only, self.consent_missing):
            toggles.addWidget(widget)
        toggles.addStretch(1)
        buttons = (self.add_button, self.edit_button, self.delete_button)
        imports = (self.import_button, self.consent_form_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addLayout(toggles)
        actions = list_page.buttons_row([buttons, imports], self.message_label, self.count_label)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

        for combo in (self.class_filter, self.category_filter, self.status_filter):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.problems_only.toggled.connect(self.apply_filter)
        self.consent_missing.toggled.connect(self.apply_filter)
        self.consent_form_button.clicked.connect(self.print_consent_forms)
        self.returned_filter.toggled.connect(self._returned_toggled)
        self.import_button.clicked.connect(self.import_from_excel)
        self.add_button.clicked.connect(self.add_student)
        self.add_action.triggered.connect(self.add_student)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.model.counted.connect(self._update_count)

        self.refresh()

    # --- public ----------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the data again (after an import, F5), keeping the filters and the selection."""
        self._fill_classes()
        self._update_returned_filter()
        selected = self.selected_student_id()
        self.model.set_filter(self.current_filter())
        self.rows.select(selected)

    def current_filter(self) -> StudentFilter:
        return StudentFilter(
            text=self.search.text().strip(),
            class_name=self.class_filter.currentData(),
            category=self.category_filter.currentData(),
            status=self.status_filter.currentData(),
            problems_only=self.problems_only.isChecked(),
            consent_missing=self.consent_missing.isChecked(),
        )

    @Slot()
    def show_only_returned(self) -> None:
        """Every student whose need the district returned, and only them (the dashboard's link):
        the other filters are cleared."""
        self._show_only(status=NeedStatus.RETURNED.value)

    @Slot()
    def show_only_missing_consent(self) -> None:
        """Every student without a parent's consent recorded (the dashboard's link)."""
        self._show_only(consent_missing=True)

    def _show_only(self, *, status: str | None = None, consent_missing: bool = False) -> None:
        """One filter set, every other one cleared; quietly, then the list is queried once."""
        combos = (self.class_filter, self.category_filter, self.status_filter)
        widgets = (*combos, self.search, self.problems_only, self.consent_missing)
        for widget in widgets:
            widget.blockSignals(True)
        for combo in combos:
            combo.setCurrentIndex(0)
        if status is not None:
            self.status_filter.setCurrentIndex(self.status_filter.findData(status))
        self.search.clear()
        self.problems_only.setChecked(False)
        self.consent_missing.setChecked(consent_missing)
        for widget in widgets:
            widget.blockSignals(False)
        self.apply_filter()  # the "Bị trả lại" button follows the status filter
        self.table.setFocus()

    def consent_form_documents(self) -> list[MinutesDocument]:
        """The consent forms to print: the class chosen in the filter (the students shown), else
        the selected student."""
        class_name = self.class_filter.currentData()
        if class_name:
            return consent_forms(self._db, class_name=class_name,
                                 missing_only=self.consent_missing.isChecked(),
                                 template_dir=user_template_dir())  # fmt: skip
        selected = self.selected_student_id()
        if selected is None:
            raise SongMayError(self.tr("Hãy chọn một lớp ở bộ lọc lớp, hoặc chọn một học sinh."))
        return consent_forms(self._db, student_ids=[selected], template_dir=user_template_dir())

    @Slot()
    def print_consent_forms(self) -> None:
        try:
            documents = self.consent_form_documents()
        except SongMayError as exc:
            show_error(exc, self)
            return
        from desktop_app.printing.preview import print_with_dialog

        if print_with_dialog(documents, self):
            from desktop_app.core.access import record_access

            record_access(self._db.conn, "consent_forms", "printer", len(documents))
            text = self.tr("Đã in {count} phiếu đồng ý.", "", len(documents))
            list_page.show_outcome(self.message_label, text.format(count=number(len(documents))))

    @Slot()
    def apply_filter(self) -> None:
        """Query the ids for the filters now (typing waits ``SEARCH_DELAY_MS`` first)."""
        self.rows.search_timer.stop()
        self._sync_returned_button()
        flt = self.current_filter()
        if flt == self.model.filter():
            return  # e.g. a space typed after a word: same search key
        selected = self.selected_student_id()
        self.model.set_filter(flt)
        self.rows.select(selected)

    def selected_student_id(self) -> str | None:
        return self.rows.selected_id()

    def open_student_dialog(self, student_id: str | None = None) -> StudentDialog | None:
        """Open the form (window-modal, returns at once); the page refreshes when it is saved."""

        def make() -> StudentDialog:
            dialog = StudentDialog(self._db, student_id, self)
            dialog.saved.connect(self._saved)  # not a lambda holding the dialog: it deletes itself
            dialog.consentChanged.connect(self._consent_changed)
            dialog.vaccinationsChanged.connect(self.studentsChanged)  # the other pages' figures
            return dialog

        return list_page.open_form(self, make, self.refresh)

    @Slot()
    def add_student(self) -> None:
        self.open_student_dialog()

    @Slot()
    def edit_selected(self) -> None:
        self.rows.open_selected()

    @Slot()
    def delete_selected(self) -> None:
        row = self.rows.selected_row()
        if row is None:
            return
        student = self.model.student(row)
        if student is None:  # deleted meanwhile
            self.refresh()
            return
        question = self.tr(
            "Xóa học sinh {name} (mã {code}, lớp {class_name}) và nhu cầu hỗ trợ của em?\n\n"
            "Việc xóa được ghi lại trong nhật ký và gửi lên CSDL ngành khi đồng bộ."
        ).format(name=student.full_name, code=student.code, class_name=student.class_name)
        if not ask_confirmation(self, self.tr("Xóa học sinh"), question, self.tr("Xóa")):
            return
        try:
            delete_student(self._db, student.id)
        except SongMayError as exc:  # e.g. the student already received a device
            show_error(exc, self)
            return
        self.refresh()
        self.rows.select_near(row)
        text = self.tr("Đã xóa học sinh {name}.").format(name=student.full_name)
        list_page.show_outcome(self.message_label, text)
        self.studentsChanged.emit()

    @Slot()
    def import_from_excel(self) -> None:
        """The main window's import wizard, as Tệp › Nhập từ Excel… (Ctrl+I) opens it: on this
        page it picks the needs template."""
        window = self.window()
        open_wizard = getattr(window, "open_import_wizard", None)
        if callable(open_wizard):
            open_wizard()

    # --- internals -------------------------------------------------------------------------------

    @Slot(object)
    def _saved(self, result: FormResult) -> None:
        self.refresh()
        row = self.rows.select_saved(result)
        if row is None:
            text = self.tr(
                "Đã lưu. Học sinh này không hiện trong danh sách vì không khớp bộ lọc đang chọn."
            )
        else:
            student = self.model.student(row)
            name = student.full_name if student else ""
            text = self.tr("Đã lưu học sinh {name}.").format(name=name)
        list_page.show_outcome(self.message_label, text, result)
        self.studentsChanged.emit()

    @Slot()
    def _consent_changed(self) -> None:
        self.refresh()
        self.studentsChanged.emit()

    @Slot(bool)
    def _returned_toggled(self, checked: bool) -> None:
        """The "Bị trả lại" button is the status filter's "Trả lại", one click away."""
        returned = self.status_filter.findData(NeedStatus.RETURNED.value)
        if checked:
            self.status_filter.setCurrentIndex(returned)
        elif self.status_filter.currentIndex() == returned:
            self.status_filter.setCurrentIndex(0)
        self.apply_filter()

    def _sync_returned_button(self) -> None:
        on = self.status_filter.currentData() == NeedStatus.RETURNED.value
        if self.returned_filter.isChecked() != on:
            self.returned_filter.blockSignals(True)
            self.returned_filter.setChecked(on)
            self.returned_filter.blockSignals(False)
        self._style_returned_button()

    def _update_returned_filter(self) -> None:
        """The button says how many needs stand returned; with none it is quiet."""
        count = returned_count(self._db)
        self.returned_filter.setText(
            self.tr("Bị trả lại ({count})", "", count).format(count=number(count))
        )
        self._returned_count = count
        self._sync_returned_button()

    def _style_returned_button(self) -> None:
        count = self._returned_count
        checked = self.returned_filter.isChecked()
        self.returned_filter.setEnabled(count > 0 or checked)
        if count > 0 and not checked:  # something to fix: it must be seen
            style = f"QPushButton#returnedFilter {{ {RETURNED_STYLE} padding: 3px 10px;"
            style += f" color: {RETURNED_COLOUR.name()}; font-weight: bold; }}"
        else:
            style = ""
        if style != self.returned_filter.styleSheet():  # each setting re-polishes: not per key
            self.returned_filter.setStyleSheet(style)

    def _fill_classes(self) -> None:
        current = self.class_filter.currentData()
        self.class_filter.blockSignals(True)  # refilled, not a choice of the clerk
        self.class_filter.clear()
        self.class_filter.addItem(self.tr("Tất cả các lớp"), None)
        for name in class_names(self._db):
            self.class_filter.addItem(self.tr("Lớp {name}").format(name=name), name)
        index = self.class_filter.findData(current)
        self.class_filter.setCurrentIndex(max(index, 0))
        self.class_filter.blockSignals(False)

    def _size_columns(self) -> None:
        samples = {
            StudentTableModel.CODE: ["0000000000"],
            StudentTableModel.BIRTH_DATE: ["00/00/0000"],
            StudentTableModel.GENDER: code_labels("gender"),
            StudentTableModel.CLASS: ["10A10"],
            StudentTableModel.CATEGORY: code_labels("category"),
            StudentTableModel.DEVICE: code_labels("device_type_student"),
            StudentTableModel.STATUS: [shown(label) for label in NEED_STATUSES.values()],
            StudentTableModel.CONSENT: [self.tr("Đã đồng ý"), self.tr("Chưa có")],
        }
        list_page.size_columns(
            self.table, samples, stretch=StudentTableModel.NAME, marked=StudentTableModel.CODE
        )

    @Slot()
    def _update_count(self) -> None:
        if self.model.counting():  # the first rows are shown; the count follows a pause
            self.count_label.setText(self.tr("… học sinh"))
            return
        count = self.model.rowCount()
        self.count_label.setText(self.tr("{count} học sinh", "", count).format(count=number(count)))
