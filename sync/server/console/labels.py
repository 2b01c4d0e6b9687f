"""What the console's pages call things: Vietnamese words for the audit trail's codes, and the
Vietnamese half of the server's bilingual messages (the command line prints both; a page in
Vietnamese shows its own language only)."""

from __future__ import annotations

import re

ACTION_LABELS = {
    "console.login": "Đăng nhập trang điều hành",
    "console.logout": "Đăng xuất trang điều hành",
    "login": "Đăng nhập (ứng dụng, API)",
    "lockout": "Tạm khóa do đăng nhập sai",
    "review": "Duyệt / trả lại nhu cầu",
    "review.lock": "Chốt duyệt",
    "report.print": "Xem bản in báo cáo",
    "report.export": "Xuất báo cáo",
    "unit.add": "Thêm / đổi tên đơn vị",
    "user.add": "Thêm tài khoản cán bộ",
    "user.disable": "Khóa tài khoản cán bộ",
    "user.enable": "Mở lại tài khoản cán bộ",
    "user.revoke": "Thu hồi phiên đăng nhập",
    "user.reset-password": "Đặt lại mật khẩu cán bộ",
    "user.unlock": "Mở khóa đăng nhập cán bộ",
    "school.add": "Thêm trường",
    "school.account.add": "Thêm tài khoản trường",
    "school.password.reset": "Đặt lại mật khẩu trường",
    "school.disable": "Ngừng nhận dữ liệu của trường",
    "school.enable": "Nhận lại dữ liệu của trường",
    "school.unlock": "Mở khóa đăng nhập trường",
    "school": "Sửa thông tin trường",
}
ACTOR_KINDS = {"staff": "cán bộ", "school": "trường", "operator": "tại máy chủ"}
_OUTCOMES = {
    "ok": "Thành công",
    "failed": "Sai tên đăng nhập hoặc mật khẩu",
    "disabled": "Tài khoản đã bị khóa",
    "approved": "Duyệt",
    "returned": "Trả lại",
    "html": "Bản in (trang web)",
    "xlsx": "Tệp Excel",
    "pdf": "Tệp PDF",
    "not locked": "Không bị khóa",
}
_LOCKED = re.compile(r"locked (\d+) ?s")


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)


def outcome_label(outcome: str | None) -> str:
    text = outcome or ""
    if text in _OUTCOMES:
        return _OUTCOMES[text]
    if found := _LOCKED.match(text):
        return f"Tạm khóa {found.group(1)} giây"
    if text.startswith("unlocked "):
        return "Đã mở khóa: " + text.removeprefix("unlocked ")
    return text.replace(" -> ", " → ")


def vietnamese(message: str) -> str:
    """The Vietnamese half of a server message "Tiếng Việt. / English." (all of it when it has
    no English half)."""
    return message.split(" / ", 1)[0].strip()
