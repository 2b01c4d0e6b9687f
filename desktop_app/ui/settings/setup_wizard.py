"""The first-run wizard (also reachable from Cài đặt): the school profile in two short pages.

Name, code and level are required (the importer checks classes against the level, the minutes
print the name). The core validates and saves (``save_school``); its Vietnamese message is shown
in the wizard, never a traceback.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlite_utils import Database

from desktop_app.core.errors import SongMayError
from desktop_app.core.school import (
    APPROVAL_POLICIES,
    SchoolProfile,
    load_school,
    parent_agency_line,
    save_school,
)
from desktop_app.ui.common.discard import AsksBeforeDiscarding
from desktop_app.ui.common.errors import user_message

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


def _field(edit: QWidget, error: QLabel) -> QWidget:
    """The input with its own error line right under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(edit)
    layout.addWidget(error)
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
        form = QFormLayout(self)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("Tên trường *"), _field(self.name_edit, self.errors["name"]))
        form.addRow(self.tr("Mã trường *"), _field(self.code_edit, self.errors["code"]))
        form.addRow(self.tr("Cấp học *"), _field(self.level_combo, self.errors["level"]))

        self.name_edit.textEdited.connect(self._clear_errors)
        self.code_edit.textEdited.connect(self._clear_errors)
        self.level_combo.currentIndexChanged.connect(self._clear_errors)

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
    def _clear_errors(self) -> None:
        values = self.values()
        for key, label in self.errors.items():
            if values[key]:
                label.hide()


class PeoplePage(QWizardPage):
    """Page 2: address and the people who sign (optional); saving happens here, on Finish."""

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
        self.error_label = _error_label()
        self.error_label.setObjectName("saveError")
        form.addRow(self.error_label)

    def fill(self, profile: SchoolProfile) -> None:
        for key, edit in self.edits.items():
            edit.setText(getattr(profile, key) or "")
        self.policy_buttons.get(profile.approval_policy, self.policy_buttons["warn"]).setChecked(
            True
        )

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
        return values

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def validatePage(self) -> bool:
        self.error_label.hide()
        return self._wizard.save()


class SetupWizard(AsksBeforeDiscarding, QWizard):
    """Asks for the school profile and saves it through the core; ``profile`` is the saved one.
    Closing it with changes not saved asks first (``AsksBeforeDiscarding``)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self._db = db
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
        self.addPage(self.school_page)
        self.addPage(self.people_page)
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
        except SongMayError as exc:
            self.people_page.show_error(user_message(exc, brief=True))
            return False
        return True
