"""Long work reports progress and listens for Cancel through a plain object (no Qt here): the
window passes one that emits signals, the command line one that does nothing."""

from __future__ import annotations

from typing import Protocol

from desktop_app.core.errors import SongMayError
from desktop_app.core.messages import msg


class JobState(Protocol):
    def set_progress(self, done: int, total: int, stage: str) -> None: ...

    def is_cancelled(self) -> bool: ...


class SilentJob:
    def set_progress(self, done: int, total: int, stage: str) -> None:
        return None

    def is_cancelled(self) -> bool:
        return False


class Cancelled(SongMayError):
    code = "cancelled"

    def __init__(self) -> None:
        super().__init__(msg("job.cancelled"))
