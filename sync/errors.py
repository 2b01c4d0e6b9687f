"""What can stop a sync, in words the clerk can act on. Codes are stable; scripts match on them."""

from __future__ import annotations

from typing import Any

from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import Msg, msg


class SyncError(SongMayError):
    code = "sync_error"


class NotLoggedIn(SyncError):
    code = "not_logged_in"

    def __init__(self) -> None:
        super().__init__(msg("sync.not_logged_in"))


class BadSetting(SyncError):
    code = "bad_setting"


class PasswordMissing(SyncError):
    code = "password_missing"


class LoginRefused(SyncError):
    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__(msg("sync.login_refused"))


class ServerRefused(SyncError):
    """The server answered, and retrying the same request will not change its answer."""

    code = "server_refused"

    def __init__(
        self, message: Msg | str, *, status: int, server_code: str | None = None, detail: str = ""
    ) -> None:
        super().__init__(message)
        self.status = status
        self.server_code = server_code
        self.detail = detail


class NetworkFailed(SyncError):
    """Still failing after every retry: the rest stays in the queue for the next run."""

    code = "network"


# Why a run was stopped before its end, said by "sync.cancelled.<reason>": the clerk pressed Hủy,
# the window was closed, or either happened while the server could not be reached (the network
# was lost: the run was only waiting to try again).
CANCEL_REASONS = ("clerk", "closing", "network")


class SyncCancelled(SyncError):
    code = "cancelled"

    def __init__(self, reason: str = "clerk", *, problem: Msg | None = None) -> None:
        if problem is not None:
            super().__init__(msg("sync.cancelled.network", problem=problem))
        else:
            known = reason if reason in CANCEL_REASONS and reason != "network" else "clerk"
            super().__init__(msg(f"sync.cancelled.{known}"))
        self.reason = "network" if problem is not None else reason


def message_data(message: Msg) -> dict[str, Any]:
    """A message as JSON, to be kept (the last sync's result) and said later in any language:
    its id and its facts, a fact that is itself a message nested the same way."""
    params: dict[str, Any] = {}
    for name, value in message.params.items():
        if isinstance(value, Msg):
            params[name] = message_data(value)
        elif value is None or isinstance(value, str | int | float | bool):
            params[name] = value
        else:
            params[name] = str(value)
    return {"id": message.id, "params": params}


def message_from_data(data: object) -> Msg | None:
    """The message ``message_data`` kept; None for anything else (a result of an older version)."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    raw = data.get("params")
    params = {
        str(name): (message_from_data(value) or value) if isinstance(value, dict) else value
        for name, value in (raw.items() if isinstance(raw, dict) else ())
    }
    return Msg(data["id"], params)
