"""The top of the Đồng bộ page: the card of the sync itself (the last run and its result, "Đồng bộ
ngay", the USB package, the progress of a run with Hủy) and the card of the sync account.

The page connects their buttons; the sentences are the page's (context "SyncPage")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from desktop_app.ui.common.template_form import ERROR_COLOR, WARNING_COLOR
from desktop_app.ui.common.text import language, number
from desktop_app.ui.common.widgets import Card, ElidedLabel, heading, muted
from desktop_app.ui.sync.models import local_time
from sync.account import Account
from sync.client import error_text

_CONTEXT = "SyncPage"
IDLE, RUNNING = range(2)  # the pages of the progress area


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class SyncCard(Card):
    """The last run, "Đồng bộ ngay" and "Xuất gói dữ liệu (USB)…"; below them either the
    network hint (``IDLE``) or the running sync's progress and Hủy (``RUNNING``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.last_label = heading("", level=2)
        self.last_label.setObjectName("lastSync")
        self.result_label = QLabel()
        self.result_label.setObjectName("lastResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.sync_button = QPushButton(_tr("Đồng bộ ngay"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.setToolTip(
            _tr("Gửi các thay đổi đang chờ và nhận kết quả duyệt của Phòng (F9)")
        )
        font = QFont(self.sync_button.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sync_button.setFont(font)
        self.sync_button.setMinimumHeight(self.sync_button.sizeHint().height() + 12)
        self.sync_button.setMinimumWidth(self.sync_button.sizeHint().width() + 40)
        self.sync_button.setAutoDefault(False)
        self.export_button = QPushButton(_tr("Xuất gói dữ liệu (USB)…"))
        self.export_button.setObjectName("exportPackage")
        self.export_button.setToolTip(
            _tr(
                "Khi không có mạng: ghi các thay đổi đang chờ ra một tệp để chép vào USB, mang "
                "đến Phòng GD&ĐT"
            )
        )
        self.export_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.sync_button)
        self.export_button.setMinimumHeight(self.sync_button.minimumHeight())
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)

        self.network_label = muted("")
        self.network_label.setObjectName("networkHint")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setTextVisible(True)
        self.stage_label = QLabel()
        self.stage_label.setObjectName("syncStage")
        self.cancel_button = QPushButton(_tr("Hủy"))
        self.cancel_button.setObjectName("cancelSync")
        self.cancel_button.setToolTip(
            _tr("Dừng sau yêu cầu đang gửi; những gì chưa gửi xong vẫn chờ lần sau")
        )
        self.cancel_button.setAutoDefault(False)
        running = QWidget()
        row = QHBoxLayout(running)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.progress, 1)
        row.addWidget(self.stage_label)
        row.addWidget(self.cancel_button)
        self.progress_area = QStackedWidget()
        self.progress_area.setObjectName("progressArea")
        self.progress_area.addWidget(self.network_label)
        self.progress_area.addWidget(running)
        self.progress_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.progress_area.setFixedHeight(  # the bar's row, or two lines of the hint
            max(
                self.cancel_button.sizeHint().height() + 2,
                2 * self.network_label.fontMetrics().lineSpacing() + 4,
            )
        )

        self.body.setSpacing(6)
        self.body.addWidget(self.last_label)
        self.body.addWidget(self.result_label)
        self.body.addStretch(1)
        self.body.addLayout(buttons)
        self.body.addWidget(self.progress_area)

    def _number(self, value: int) -> str:
        return number(value)

    def show_last(self, last_ok: str | None, last: dict[str, Any] | None) -> None:
        """The last run (its time, its result or its error) and the last good one."""
        if not last:
            self.last_label.setText(_tr("Chưa đồng bộ lần nào"))
            self.result_label.setText(
                _tr("Bấm “Đồng bộ ngay” khi máy có mạng để gửi dữ liệu lên Phòng GD&ĐT.")
            )
            self.result_label.setStyleSheet("")
            return
        self.last_label.setText(
            _tr("Lần đồng bộ gần nhất: {time}").format(
                time=local_time(last.get("finished_at") or last.get("started_at"))
            )
        )
        error = error_text(last, language())  # kept as a message: said in today's language
        if error:
            text = error
            if last_ok:
                text += "\n" + _tr("Lần đồng bộ thành công gần nhất: {time}.").format(
                    time=local_time(last_ok)
                )
            cancelled = last.get("error_code") == "cancelled"
            self.result_label.setStyleSheet(
                f"color: {WARNING_COLOR if cancelled else ERROR_COLOR};"
            )
            self.result_label.setText(text)
            return
        self.result_label.setStyleSheet("")
        sent, decisions = int(last.get("sent") or 0), int(last.get("decisions") or 0)
        if not sent and not decisions:
            self.result_label.setText(
                _tr("Thành công: không có thay đổi mới để gửi, không có kết quả duyệt mới.")
            )
            return
        self.result_label.setText(
            _tr(
                "Thành công: đã gửi {sent} thay đổi (máy chủ nhận {accepted}, đã có từ trước "
                "{duplicates}, từ chối {rejected}); nhận {decisions} kết quả duyệt."
            ).format(
                sent=self._number(sent),
                accepted=self._number(int(last.get("accepted") or 0)),
                duplicates=self._number(int(last.get("duplicates") or 0)),
                rejected=self._number(int(last.get("rejected") or 0)),
                decisions=self._number(decisions),
            )
        )
        if int(last.get("rejected") or 0):
            self.result_label.setStyleSheet(f"color: {WARNING_COLOR};")

    def show_network(self, account: bool, online: bool, automatic: bool = False) -> None:
        """Under the buttons while no sync runs: whether the server answers, and what happens
        when it answers again (``automatic``: the application will sync by itself)."""
        if not account:
            text = _tr(
                "Chưa có tài khoản đồng bộ: bấm “Đăng nhập…” và nhập tài khoản Phòng GD&ĐT cấp."
            )
        elif online:
            text = _tr("Máy chủ đồng bộ đang trả lời.")
        elif automatic:
            text = _tr(
                "Chưa kết nối được máy chủ đồng bộ. Các thay đổi vẫn chờ; khi có mạng trở lại, "
                "chương trình tự đồng bộ."
            )
        else:
            text = _tr(
                "Chưa kết nối được máy chủ đồng bộ. Các thay đổi vẫn chờ; khi có mạng trở lại, "
                "bấm “Đồng bộ ngay”."
            )
        self.network_label.setText(text)


class AccountCard(Card):
    """The server, the school, the user name and where the password is kept; "Đăng nhập…" and
    the automatic retry."""

    def __init__(self, auto_retry: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.body.setSpacing(6)
        self.body.addWidget(heading(_tr("Tài khoản đồng bộ"), level=2))
        self.endpoint_label = ElidedLabel()
        self.endpoint_label.setObjectName("accountEndpoint")
        self.school_label = QLabel()
        self.school_label.setObjectName("accountSchool")
        self.username_label = QLabel()
        self.username_label.setObjectName("accountUsername")
        self.password_label = QLabel()
        self.password_label.setObjectName("accountPassword")
        self.password_label.setWordWrap(True)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_tr("Máy chủ"), self.endpoint_label)
        form.addRow(_tr("Mã trường"), self.school_label)
        form.addRow(_tr("Tên đăng nhập"), self.username_label)
        form.addRow(_tr("Mật khẩu"), self.password_label)
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.login_button = QPushButton()
        self.login_button.setObjectName("loginButton")
        self.login_button.setAutoDefault(False)
        self.auto_retry = QCheckBox(_tr("Tự đồng bộ khi có mạng trở lại"))
        self.auto_retry.setObjectName("autoRetry")
        self.auto_retry.setToolTip(
            _tr(
                "Khi máy chủ trả lời lại sau lúc mất mạng, tự gửi các thay đổi đang chờ (kiểm tra "
                "khoảng mỗi phút)"
            )
        )
        self.auto_retry.setChecked(auto_retry)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.login_button)
        row.addWidget(self.auto_retry, 1)
        self.body.addLayout(row)

    def show_account(self, account: Account | None, keeps_passwords: bool) -> None:
        if account is None:
            self.endpoint_label.set_full_text(_tr("Chưa đăng nhập"))
            self.school_label.setText("—")
            self.username_label.setText("—")
            self.login_button.setText(_tr("Đăng nhập…"))
        else:
            self.endpoint_label.set_full_text(account.endpoint)
            self.school_label.setText(account.school_code)
            self.username_label.setText(account.username)
            self.login_button.setText(_tr("Đổi tài khoản…"))
        self.login_button.setToolTip(
            _tr("Địa chỉ máy chủ, mã trường, tên đăng nhập và mật khẩu do Phòng GD&ĐT cấp")
        )
        if keeps_passwords:
            self.password_label.setText(_tr("Lưu trong kho mật khẩu của hệ điều hành"))
            self.password_label.setStyleSheet("")
        else:
            self.password_label.setText(
                _tr("Hỏi mỗi lần đồng bộ (máy này không có kho mật khẩu an toàn)")
            )
            self.password_label.setStyleSheet(f"color: {WARNING_COLOR};")
