"""The application's one base exception: it carries what the clerk needs to act."""

from __future__ import annotations


class SongMayError(Exception):
    """Base for every error the application expects and explains to the user.

    ``code`` is stable (tests and scripts match on it, never on the text);
    ``message`` is already in the user's language.
    """

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class FileRejected(SongMayError):
    """The file cannot be read safely (``file_unreadable``) or is not a known template."""

    code = "file_unreadable"


class StoreError(SongMayError):
    """The local database cannot be opened or written."""

    code = "store_error"
