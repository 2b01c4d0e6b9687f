"""The work, on the database worker: no widgets here. A dry run to check, the real run to
import, both through the core's ``import_file``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.importing.service import ImportOptions, ImportReport, import_file
from desktop_app.core.jobs import Cancelled, JobState


class _Stages:
    """The job state handed to ``import_file``: stage names in Vietnamese for the progress
    dialog, and Cancel honoured at every progress report — including the last one before the
    write starts, which is inside the transaction, so a cancel there rolls everything back."""

    def __init__(self, state: JobState, labels: dict[str, str]) -> None:
        self._state = state
        self._labels = labels

    def set_progress(self, done: int, total: int, stage: str) -> None:
        if self._state.is_cancelled():
            raise Cancelled()
        self._state.set_progress(done, total, self._labels.get(stage, ""))

    def is_cancelled(self) -> bool:
        return self._state.is_cancelled()


def _check_work(
    kind: str, path: Path, labels: dict[str, str]
) -> Callable[[Database, JobState], ImportReport]:
    def work(db: Database, state: JobState) -> ImportReport:
        report = import_file(db, kind, path, ImportOptions(dry_run=True), _Stages(state, labels))
        if state.is_cancelled():  # a dry run wrote nothing: a late cancel still counts
            raise Cancelled()
        return report

    return work


def _import_work(
    kind: str, path: Path, partial: bool, labels: dict[str, str]
) -> Callable[[Database, JobState], ImportReport]:
    def work(db: Database, state: JobState) -> ImportReport:
        options = ImportOptions(dry_run=False, partial=partial)
        return import_file(db, kind, path, options, _Stages(state, labels))

    return work
