"""The server's one base exception: HTTP answers and command exit codes both come from it."""

from __future__ import annotations


class ServerError(Exception):
    """An error the server expects and explains.

    ``code`` is stable (clients and tests match on it, never on the text); ``message`` is
    Vietnamese first, English second, because both clerks and district IT staff read it.
    """

    status = 500
    exit_code = 1
    code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.headers = headers or {}


class BadRequest(ServerError):
    status, exit_code, code = 400, 2, "malformed"


class Unauthorized(ServerError):
    status, exit_code, code = 401, 1, "unauthorized"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ServerError):
    status, exit_code, code = 403, 1, "wrong_school"


class NotFound(ServerError):
    status, exit_code, code = 404, 1, "not_found"


class Conflict(ServerError):
    status, exit_code, code = 409, 2, "conflict"


class TooLarge(ServerError):
    status, exit_code, code = 413, 2, "too_large"


class Unprocessable(ServerError):
    """Well-formed, but a value the server cannot store or apply (422)."""

    status, exit_code, code = 422, 2, "unprocessable"


class KeyReused(ServerError):
    status, exit_code, code = 422, 2, "idempotency_key_reused"


class RateLimited(ServerError):
    status, exit_code, code = 429, 1, "rate_limited"
