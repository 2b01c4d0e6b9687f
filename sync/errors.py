"""What can stop a sync, in words the clerk can act on. Codes are stable; scripts match on them."""

from __future__ import annotations

from desktop_app.core.errors import SongMayError


class SyncError(SongMayError):
    code = "sync_error"


class NotLoggedIn(SyncError):
    code = "not_logged_in"

    def __init__(self) -> None:
        super().__init__(
            "Máy này chưa đăng nhập tài khoản đồng bộ. Hãy đăng nhập bằng: songmay sync login "
            "--endpoint ĐỊA_CHỈ --school MÃ_TRƯỜNG --username TÊN_ĐĂNG_NHẬP"
        )


class BadSetting(SyncError):
    code = "bad_setting"


class PasswordMissing(SyncError):
    code = "password_missing"


class LoginRefused(SyncError):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__(
            "Máy chủ không chấp nhận đăng nhập: mã trường, tên đăng nhập hoặc mật khẩu không đúng. "
            "Hãy kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        )


class ServerRefused(SyncError):
    """The server answered, and retrying the same request will not change its answer."""

    code = "server_refused"

    def __init__(
        self, message: str, *, status: int, server_code: str | None = None, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.server_code = server_code
        self.detail = detail


class NetworkFailed(SyncError):
    """Still failing after every retry: the rest stays in the queue for the next run."""

    code = "network"


class SyncCancelled(SyncError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__(
            "Đã dừng đồng bộ theo yêu cầu. Những thay đổi chưa gửi xong vẫn chờ và sẽ được gửi "
            "ở lần đồng bộ sau."
        )
