"""Fixtures for the district console's tests: the sync tests' real servers on loopback (their
fixtures are reused as they are), a province with two districts, schools and staff accounts, and
a logged-in ``requests`` session that reads the CSRF token from the pages.

``district`` — the accounts made in a server's database:
    province 66 "Tỉnh Đắk Lắk"; districts 6601 "Huyện Krông Bông" and 6602 "Huyện Ea Kar";
    schools 66001 (6601, THCS, "Trường THCS Lê Lợi"), 66002 (6601, TH, "Trường TH Hòa Bình"),
    66101 (6602, THCS, "Trường THCS Ea Kar");
    staff "lan" (reviewer, 6601), "binh" (statistician, 6601), "kha" (reviewer, 6602),
    "so" (admin, province 66); every staff password is STAFF_PASSWORD,
    every school's account "clerk" / SCHOOL_PASSWORD.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SYNC_TESTS = HERE.parent / "sync"
for folder in (SYNC_TESTS, HERE.parent):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

_spec = importlib.util.spec_from_file_location("console_sync_fixtures", SYNC_TESTS / "conftest.py")
assert _spec is not None and _spec.loader is not None
_sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_sync)

# The sync tests' fixtures, as they are (a real server on loopback, SQLite or PostgreSQL).
server_backend = _sync.server_backend
postgres_cluster = _sync.postgres_cluster
server_database = _sync.server_database
sync_server = _sync.sync_server
sync_server_process = _sync.sync_server_process
sync_server_factory = _sync.sync_server_factory

from console_helpers import Console  # noqa: E402


@pytest.fixture
def console() -> Any:
    """``console(server, username=None)``: a :class:`Console` client, logged in when named."""

    def make(server: Any, username: str | None = None) -> Console:
        client = Console(server.url)
        if username is not None:
            answer = client.login(username)
            assert answer.status_code == 303, answer.text
        return client

    return make
