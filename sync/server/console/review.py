"""A school's needs for review, the decisions on a selection, and "chốt duyệt"."""

from __future__ import annotations

from collections.abc import Sequence

from sync.server.console.model import RoundLock, SchoolReview, Viewer
from sync.server.store import Store


def school_review(
    store: Store, viewer: Viewer, code: str, survey_round: str | None = None
) -> SchoolReview:
    """The school's needs of ``survey_round`` (the latest when None), with each student's facts
    and history."""
    raise NotImplementedError


def decide(
    store: Store, viewer: Viewer, code: str, student_codes: Sequence[str], *, approve: bool,
    comment: str | None = None, address: str | None = None,
) -> int:  # fmt: skip
    """Approve or return these students' current needs, all or none; the number decided."""
    raise NotImplementedError


def lock_round(
    store: Store, viewer: Viewer, code: str, survey_round: str, *, address: str | None = None
) -> RoundLock:
    """ "Chốt duyệt": lock the round's decisions (refused while a need waits for review)."""
    raise NotImplementedError
