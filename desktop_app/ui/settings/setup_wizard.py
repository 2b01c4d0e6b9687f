"""The first-run wizard (also reachable from Cài đặt): the school profile in two short pages and
a summary to read before it is saved.

Name, code and level are required (the importer checks classes against the level, the minutes
print the name); a level that does not match the name ("Trường THCS …" with THPT) is a warning
from the core's rule, never a refusal. The core validates and saves (``save_school``); its
Vietnamese message is shown in the wizard, never a traceback. On first start, Esc or the close
button asks before leaving without a school profile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import msg
from desktop_app.core.school import (
    APPROVAL_POLICIES,
    SchoolProfile,
    level_warning,
    load_school,
    parent_agency_line,
    save_school,
    school_signer,
)
from desktop_app.core.text import clean_text, search_key
from desktop_app.core.users import ROLES, UserError, add_user, check_pin, find_user, list_users
from desktop_app.ui.common.discard import AsksBeforeDiscarding
from desktop_app.ui.common.errors import user_message
from desktop_app.ui.common.text import language, shown

# The codes the core stores, with what the clerk reads.
LEVEL_CHOICES: tuple[tuple[str, str], ...] = (
    ("TH", QT_TRANSLATE_NOOP("SetupWizard", "Tiểu học (TH)")),
    ("THCS", QT_TRANSLATE_NOOP("SetupWizard", "Trung học cơ sở (THCS)")),
    ("THPT", QT_TRANSLATE_NOOP("SetupWizard", "Trung học phổ thông (THPT)")),
    ("LC", QT_TRANSLATE_NOOP("SetupWizard", "Liên cấp")),
)

# Whether a need must be approved by the district (Phòng GD&ĐT) before its device is handed over.
POLICY_CHOICES: tuple[tuple[str, str], ...] = (
    ("warn", QT_TRANSLATE_NOOP("SetupWizard", "Cảnh báo nhưng vẫn cho bàn giao")),
    ("block", QT_TRANSLATE_NOOP("SetupWizard", "Không cho bàn giao")),
)
assert tuple(code for code, _label in POLICY_CHOICES) == APPROVAL_POLICIES

ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5300;"  # as the forms' warnings (common.template_form)


def level_label(code: str | None) -> str:
    for value, label in LEVEL_CHOICES:
        if value == code:
            return QCoreApplication.translate("SetupWizard", label)
    return code or ""


def policy_label(code: str | None) -> str:
    for value, label in POLICY_CHOICES:
        if value == code:
            return QCoreApplication.translate("SetupWizard", label)
    return code or ""


def giver_label(profile: SchoolProfile) -> str:
    """Who the minutes will name for the school when a handover names nobody (``school_signer``),
    with their name; the role chosen when nobody is named yet."""
    signer = school_signer(profile)
    role = signer[0] if signer else profile.handover_giver
    title = QCoreApplication.translate(
        "SummaryPage", "Cán bộ phụ trách" if role == "clerk" else "Hiệu trưởng"
    )
    return f"{title} ({signer[1]})" if signer else title


def agency_placeholder(profile: SchoolProfile) -> str:
    """What the minutes print when the parent agency is left empty."""
    line = parent_agency_line(SchoolProfile(**{**vars(profile), "parent_agency": None}))
    if line:
        return QCoreApplication.translate("SetupWizard", "Để trống: {line}").format(line=line)
    return QCoreApplication.translate("SetupWizard", "Ví dụ: PHÒNG GD&ĐT TP. BUÔN MA THUỘT")


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def level_warning_label() -> QLabel:
    label = QLabel()
    label.setObjectName("levelWarning")
    label.setStyleSheet(WARNING_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_level_warning(label: QLabel, name: str | None, level: str | None) -> None:
    """The core's name↔level warning under the level, or nothing when they agree."""
    warning = level_warning(name, level)
    label.setText("⚠ " + warning.text(language()) if warning is not None else "")
    label.setVisible(warning is not None)


def _field(edit: QWidget, *notes: QLabel) -> QWidget:
    """The input with its own error (and warning) lines right under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(edit)
    for note in notes:
        layout.addWidget(note)
    return box


class SchoolPage(QWizardPage):
    """Page 1: what identifies the school (all required)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Thông tin trường"))
        self.setSubTitle(
            self.tr(
                "Nhập thông tin trường trước khi bắt đầu. Các mục có dấu * là bắt buộc; "
                "có thể sửa lại sau trong mục Cài đặt."
            )
        )
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setPlaceholderText(self.tr("Ví dụ: Trường THCS Ea Tu"))
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("code")
        self.code_edit.setPlaceholderText(self.tr("Mã trường trên CSDL ngành"))
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("level")
        self.level_combo.setPlaceholderText(self.tr("— Chọn cấp học —"))
        for code, label in LEVEL_CHOICES:
            self.level_combo.addItem(QCoreApplication.translate("SetupWizard", label), code)
        self.level_combo.setCurrentIndex(-1)

        self.errors = {"name": _error_label(), "code": _error_label(), "level": _error_label()}
        self.level_warning = level_warning_label()
        form = QFormLayout(self)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Tên trường *"), _field(self.name_edit, self.errors["name"]))
        form.addRow(self.tr("Mã trường *"), _field(self.code_edit, self.errors["code"]))
        form.addRow(
            self.tr("Cấp học *"),
            _field(self.level_combo, self.errors["level"], self.level_warning),
        )

        self.name_edit.textEdited.connect(self._clear_errors)
        self.code_edit.textEdited.connect(self._clear_errors)
        self.level_combo.currentIndexChanged.connect(self._clear_errors)
        self.name_edit.textChanged.connect(self._check_level)
        self.level_combo.currentIndexChanged.connect(self._check_level)

    def fill(self, profile: SchoolProfile) -> None:
        self.name_edit.setText(profile.name or "")
        self.code_edit.setText(profile.code or "")
        self.level_combo.setCurrentIndex(self.level_combo.findData(profile.level))

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name_edit.text().strip() or None,
            "code": self.code_edit.text().strip() or None,
            "level": self.level_combo.currentData(),
        }

    def validatePage(self) -> bool:
        """Refuse to go on without name, code and level, saying so beside each field."""
        missing = {
            "name": self.tr("Hãy nhập tên trường."),
            "code": self.tr("Hãy nhập mã trường."),
            "level": self.tr("Hãy chọn cấp học."),
        }
        values = self.values()
        first: QWidget | None = None
        for key, message in missing.items():
            error = self.errors[key]
            if values[key]:
                error.hide()
                continue
            error.setText(message)
            error.show()
            if first is None:
                first = {"name": self.name_edit, "code": self.code_edit}.get(key, self.level_combo)
        if first is not None:
            first.setFocus()
            return False
        return True

    def visible_errors(self) -> list[str]:
        return [label.text() for label in self.errors.values() if not label.isHidden()]

    @Slot()
    def _check_level(self) -> None:
        values = self.values()
        show_level_warning(self.level_warning, values["name"], values["level"])

    @Slot()
    def _clear_errors(self) -> None:
        values = self.values()
        for key, label in self.errors.items():
            if values[key]:
                label.hide()


class PeoplePage(QWizardPage):
    """Page 2: address and the people who sign (optional)."""

    FIELDS = (
        ("commune", QT_TRANSLATE_NOOP("PeoplePage", "Xã/phường"),
         QT_TRANSLATE_NOOP("PeoplePage", "Ví dụ: Xã Ea Tu")),
        ("district", QT_TRANSLATE_NOOP("PeoplePage", "Quận/huyện"),
         QT_TRANSLATE_NOOP("PeoplePage", "Ví dụ: TP. Buôn Ma Thuột")),
        ("province", QT_TRANSLATE_NOOP("PeoplePage", "Tỉnh/thành phố"),
         QT_TRANSLATE_NOOP("PeoplePage", "Ví dụ: Đắk Lắk")),
        ("principal", QT_TRANSLATE_NOOP("PeoplePage", "Hiệu trưởng"),
         QT_TRANSLATE_NOOP("PeoplePage", "Họ và tên hiệu trưởng")),
        ("clerk", QT_TRANSLATE_NOOP("PeoplePage", "Cán bộ phụ trách"),
         QT_TRANSLATE_NOOP("PeoplePage", "Người nhập và quản lý dữ liệu")),
        ("parent_agency", QT_TRANSLATE_NOOP("PeoplePage", "Cơ quan chủ quản"),
         QT_TRANSLATE_NOOP("PeoplePage", "In phía trên tên trường trong biên bản")),
    )  # fmt: skip

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Địa chỉ và người phụ trách"))
        self.setSubTitle(
            self.tr("Dùng trên biên bản bàn giao và báo cáo. Có thể để trống và bổ sung sau.")
        )
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setVerticalSpacing(10)
        for key, label, placeholder in self.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(QCoreApplication.translate("PeoplePage", placeholder))
            self.edits[key] = edit
            form.addRow(QCoreApplication.translate("PeoplePage", label), edit)
        # Who signs the handover minutes for the school when a handover names nobody.
        self.clerk_signs = QCheckBox(
            self.tr("Cán bộ phụ trách ký biên bản bàn giao thay hiệu trưởng")
        )
        self.clerk_signs.setObjectName("clerkSigns")
        self.clerk_signs.setToolTip(
            self.tr(
                "Khi lần bàn giao không ghi người đại diện bên giao, biên bản ghi tên cán bộ "
                "phụ trách thay cho hiệu trưởng."
            )
        )
        clerk_row = [key for key, _, _ in self.FIELDS].index("clerk")
        form.insertRow(clerk_row + 1, "", self.clerk_signs)  # under the clerk's name
        self.edits["parent_agency"].setToolTip(
            self.tr(
                "Dòng in phía trên tên trường ở biên bản và báo cáo, ví dụ PHÒNG GD&ĐT HUYỆN "
                "MƯỜNG NHÉ. Để trống thì lấy theo quận/huyện (THPT: theo tỉnh)."
            )
        )
        policy = QGroupBox(self.tr("Nhu cầu chưa được Phòng duyệt khi bàn giao"))
        policy.setObjectName("approvalPolicy")
        box = QVBoxLayout(policy)
        box.setSpacing(4)
        self.policy_group = QButtonGroup(self)
        self.policy_buttons: dict[str, QRadioButton] = {}
        for code, label in POLICY_CHOICES:
            button = QRadioButton(QCoreApplication.translate("SetupWizard", label))
            button.setObjectName(f"policy_{code}")
            self.policy_group.addButton(button)
            self.policy_buttons[code] = button
            box.addWidget(button)
        self.policy_buttons["warn"].setChecked(True)
        form.addRow(policy)
        for key in ("district", "province"):  # the agency's default follows them
            self.edits[key].textChanged.connect(self._show_agency_default)

    def fill(self, profile: SchoolProfile) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(profile, key) or "")
        self.policy_buttons.get(profile.approval_policy, self.policy_buttons["warn"]).setChecked(
            True
        )
        self.clerk_signs.setChecked(profile.handover_giver == "clerk")

    def initializePage(self) -> None:
        self._show_agency_default()

    @Slot()
    def _show_agency_default(self) -> None:
        profile = SchoolProfile(**self._wizard.values())
        self.edits["parent_agency"].setPlaceholderText(agency_placeholder(profile))

    def policy(self) -> str:
        return next((c for c, b in self.policy_buttons.items() if b.isChecked()), "warn")

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            key: edit.text().strip() or None for key, edit in self.edits.items()
        }
        values["approval_policy"] = self.policy()
        values["handover_giver"] = "clerk" if self.clerk_signs.isChecked() else "principal"
        return values


class StaffPage(QWizardPage):
    """On first start: the staff who use this PC (at least one). The one chosen at each start is
    the name the journal and the access trail record; a PIN is optional."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Người dùng máy này"))
        self.setSubTitle(
            self.tr(
                "Mỗi lần mở chương trình sẽ hỏi ai đang làm việc; tên đó được ghi vào nhật ký "
                "thay đổi và nhật ký truy cập. Mã PIN (4–12 chữ số) không bắt buộc."
            )
        )
        self.people: list[tuple[str, str, str]] = []  # (name, role, pin)
        self.list = QListWidget()
        self.list.setObjectName("staffList")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("staffName")
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("staffRole")
        for role in ROLES:
            self.role_combo.addItem(shown(msg(f"users.role.{role}")), role)
        # The principal and the clerk come from the previous page: someone added here is most
        # often a teacher.
        self.role_combo.setCurrentIndex(self.role_combo.findData("teacher"))
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("staffPin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(self.tr("Không bắt buộc"))
        self.add_button = QPushButton(self.tr("Thêm vào danh sách"))
        self.add_button.setObjectName("staffAdd")
        self.add_button.clicked.connect(self.add_person)
        self.name_edit.returnPressed.connect(self.add_person)
        self.error_label = _error_label()
        form = QFormLayout(self)
        form.addRow(self.list)
        form.addRow(self.tr("Họ và tên"), self.name_edit)
        form.addRow(self.tr("Vai trò"), self.role_combo)
        form.addRow(self.tr("Mã PIN"), self.pin_edit)
        form.addRow("", self.add_button)
        form.addRow(self.error_label)

    def initializePage(self) -> None:
        """The principal and the clerk named on the previous page are proposed."""
        values = self._wizard.values()
        known = {search_key(name) for name, _role, _pin in self.people}
        for key, role in (("principal", "principal"), ("clerk", "clerk")):
            name = values.get(key)
            if name and search_key(name) not in known:
                self._append(name, role, "")
                known.add(search_key(name))

    def _append(self, name: str, role: str, pin: str) -> None:
        self.people.append((name, role, pin))
        label = shown(msg(f"users.role.{role}"))
        self.list.addItem(f"{name} — {label}" + (" — " + self.tr("có mã PIN") if pin else ""))

    @Slot()
    def add_person(self) -> None:
        self.error_label.hide()
        name, pin = clean_text(self.name_edit.text()), self.pin_edit.text().strip()
        try:
            if not name:
                raise UserError.of("users.name_required")
            if pin:
                check_pin(pin)
            if search_key(name) in {search_key(n) for n, _r, _p in self.people}:
                raise UserError.of("users.name_taken")
        except SongMayError as exc:
            self.error_label.setText(user_message(exc, brief=True))
            self.error_label.show()
            return
        self._append(name, self.role_combo.currentData(), pin)
        self.name_edit.clear()
        self.pin_edit.clear()
        self.name_edit.setFocus()

    def validatePage(self) -> bool:
        if self.name_edit.text().strip():  # typed but not added: added now
            self.add_person()
            if self.error_label.isVisible():
                return False
        if not self.people:
            self.error_label.setText(self.tr("Vui lòng thêm ít nhất một người dùng."))
            self.error_label.show()
            return False
        return True


class SummaryPage(QWizardPage):
    """Page 3: everything the clerk entered, to read once before it is saved (on Finish); "Quay
    lại" goes back to change it. The name↔level warning is repeated here."""

    LABELS = (
        ("name", QT_TRANSLATE_NOOP("SummaryPage", "Tên trường")),
        ("code", QT_TRANSLATE_NOOP("SummaryPage", "Mã trường")),
        ("level", QT_TRANSLATE_NOOP("SummaryPage", "Cấp học")),
        ("commune", QT_TRANSLATE_NOOP("SummaryPage", "Xã/phường")),
        ("district", QT_TRANSLATE_NOOP("SummaryPage", "Quận/huyện")),
        ("province", QT_TRANSLATE_NOOP("SummaryPage", "Tỉnh/thành phố")),
        ("principal", QT_TRANSLATE_NOOP("SummaryPage", "Hiệu trưởng")),
        ("clerk", QT_TRANSLATE_NOOP("SummaryPage", "Cán bộ phụ trách")),
        ("handover_giver", QT_TRANSLATE_NOOP("SummaryPage", "Người ký biên bản bàn giao")),
        ("parent_agency", QT_TRANSLATE_NOOP("SummaryPage", "Cơ quan chủ quản")),
        ("approval_policy", QT_TRANSLATE_NOOP("SummaryPage", "Nhu cầu chưa được Phòng duyệt")),
    )

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Kiểm tra lại trước khi lưu"))
        self.setSubTitle(
            self.tr("Đây là thông tin sẽ được lưu. Bấm “Quay lại” để sửa, hoặc “Hoàn tất” để lưu.")
        )
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setVerticalSpacing(6)
        for key, label in self.LABELS:
            value = QLabel()
            value.setObjectName(f"summary_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(QCoreApplication.translate("SummaryPage", label), value)
        self.level_warning = level_warning_label()
        form.addRow(self.level_warning)
        self.error_label = _error_label()
        self.error_label.setObjectName("saveError")
        form.addRow(self.error_label)

    def initializePage(self) -> None:
        self.error_label.hide()
        values = self._wizard.values()
        profile = SchoolProfile(**values)
        missing = self.tr("(chưa nhập)")
        for key, label in self.fields.items():
            value = values.get(key)
            if key == "level":
                text = level_label(value)
            elif key == "approval_policy":
                text = policy_label(value)
            elif key == "handover_giver":
                text = giver_label(profile)
            elif key == "parent_agency" and not value and parent_agency_line(profile):
                text = self.tr("{agency} (tự động)").format(agency=parent_agency_line(profile))
            else:
                text = value or ""
            label.setText(text or missing)
            label.setEnabled(bool(text))  # what was left empty reads muted
        show_level_warning(self.level_warning, values["name"], values["level"])

    def shown(self) -> dict[str, str]:
        """What the page shows, field by field."""
        return {key: label.text() for key, label in self.fields.items()}

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def validatePage(self) -> bool:
        self.error_label.hide()
        return self._wizard.save()


class SetupWizard(AsksBeforeDiscarding, QWizard):
    """Asks for the school profile and saves it through the core; ``profile`` is the saved one.
    Closing it with changes not saved asks first (``AsksBeforeDiscarding``)."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, first_start: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self._db = db
        self.first_start = first_start  # Esc and close ask before quitting
        self._asking = False
        self.profile: SchoolProfile | None = None
        self.setWindowTitle(self.tr("Thiết lập hồ sơ trường"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Quay lại"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Tiếp theo >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy"))
        self.school_page = SchoolPage(self)
        self.people_page = PeoplePage(self)
        self.summary_page = SummaryPage(self)
        # First start: who uses this PC (a school profile edited later leaves users to Cài đặt).
        self.staff_page = StaffPage(self) if first_start and not list_users(db.conn) else None
        self.addPage(self.school_page)
        self.addPage(self.people_page)
        if self.staff_page is not None:
            self.addPage(self.staff_page)
        self.addPage(self.summary_page)
        existing = load_school(db)
        self.school_page.fill(existing)
        self.people_page.fill(existing)
        self.setMinimumSize(600, 440)

    def values(self) -> dict[str, Any]:
        return {**self.school_page.values(), **self.people_page.values()}

    def form_state(self) -> object:
        return self.values()

    def save(self) -> bool:
        """Save through the core; on a refusal, say why in the wizard and stay open."""
        try:
            self.profile = save_school(self._db, self.values())
            for name, role, pin in self.staff_page.people if self.staff_page else []:
                if find_user(self._db.conn, name) is None:
                    add_user(self._db.conn, name, role, pin or None)
        except SongMayError as exc:
            self.summary_page.show_error(user_message(exc, brief=True))
            return False
        return True

    def reject(self) -> None:
        """Hủy, Esc or the window's close button. On first start the application cannot go on
        without a school profile: ask before quitting, never quit silently."""
        if not self.first_start:
            super().reject()
            return
        if self._asking:  # one question at a time
            return
        self._asking = True
        try:
            leave = self._ask_to_leave()
        finally:
            self._asking = False
        if leave:  # that question said what is lost: no second one about discarding
            QWizard.reject(self)

    def _ask_to_leave(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Thoát chương trình"),
            self.tr("Thoát mà chưa thiết lập trường?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("leaveSetup")
        box.setInformativeText(
            self.tr(
                "Chương trình cần tên, mã và cấp học của trường để dùng được. Thông tin đã nhập "
                "sẽ không được lưu; lần mở sau sẽ hỏi lại."
            )
        )
        leave = box.addButton(self.tr("Thoát"), QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton(self.tr("Tiếp tục thiết lập"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.exec()
        return box.clickedButton() is leave
