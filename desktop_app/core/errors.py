"""The application's one base exception: it carries what the clerk needs to act."""

from __future__ import annotations

from typing import Any, Self

from desktop_app.core.messages import Msg, msg


class SongMayError(Exception):
    """Base for every error the application expects and explains to the user.

    ``code`` is stable (tests and scripts match on it, never on the text). The explanation is a
    message of the catalogue (``SongMayError(msg("id", ...))`` or ``SongMayError.of("id", ...)``),
    shown in the reader's language by ``text(lang)``; ``message`` is its Vietnamese text.
    """

    code = "error"

    def __init__(self, message: Msg | str, *, code: str | None = None) -> None:
        self.msg = message if isinstance(message, Msg) else None
        self.message = str(message)
        super().__init__(self.message)
        if code is not None:
            self.code = code

    @classmethod
    def of(cls, message_id: str, /, *, code: str | None = None, **params: Any) -> Self:
        return cls(msg(message_id, **params), code=code)

    def text(self, lang: str = "vi") -> str:
        """The explanation in ``lang`` (a text that is no catalogue message stays as it is)."""
        return self.msg.text(lang) if self.msg is not None else self.message


class FileRejected(SongMayError):
    """The file cannot be read safely (``file_unreadable``) or is not a known template."""

    code = "file_unreadable"


class StoreError(SongMayError):
    """The local database cannot be opened or written."""

    code = "store_error"
