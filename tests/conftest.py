from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A real database file on disk, with a THCS school profile."""
    database = open_database(tmp_path / "school.sqlite3")
    save_school(database, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    yield database
    database.close()
