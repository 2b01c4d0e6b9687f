"""Shared fixtures for the sync tests: a real reference server on loopback.

``sync_server`` — a started :class:`sync.server.testing.ServerThread` (uvicorn in a thread; starts
in ~50 ms) with its own data folder under tmp_path:

    .url                       "http://127.0.0.1:<port>" (an OS-chosen free port)
    .data_dir                  its folder (the database is data_dir / "server.sqlite3")
    .add_school(code, username, password, name=None)   creates, or updates the password
    .review(school, student_code, approve=True, comment=None) -> the decision (with its cursor)
    .stats(school) -> {"school", "students", "needs", "devices", "handovers", "changes_applied"}
    .expire_tokens(school=None)   every session ends: the next request gets 401
    .stop() / .start()         graceful restart on the same port and data (the worker resumes)
    .fail_next(count=1, status=503, retry_after=None, after_commit=False, drop=False,
               method=None, path=None)   the next matching answers are faults (flaky network)

``sync_server_process`` — the same API, but ``songmay-server serve`` in a child process; adds
``.kill()`` (SIGKILL) for crash tests. Slower to start (~0.7 s): use it only for that.

``sync_server_factory(process=False, **settings)`` — another server with ServerSettings
(token_ttl, rate_limit, apply_delay), started; stopped at the end of the test.

``school_api`` — ``school_api(code="66001")`` adds the school to ``sync_server`` (user "clerk",
password "mật khẩu 1") and returns a logged-in :class:`SchoolApi` for raw protocol calls.

``server_backend`` — the database these servers use: "sqlite" here; a module that runs on both
overrides it with ``server_backend = server_helpers.both_backends`` (ids ``sqlite``/``postgres``).
``postgres`` servers each get a fresh database of one throwaway cluster per test process
(tests/sync/postgres.py); without PostgreSQL's binaries they skip — on CI (``CI=true``) they fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # the server needs the 'server' extra; the client's tests must not
    from server_helpers import SchoolApi, Server

    from sync.server.testing import ServerProcess, ServerThread


def _server_kinds() -> tuple[type[ServerThread], type[ServerProcess]]:
    pytest.importorskip("fastapi", reason="the reference server needs the 'server' extra")
    pytest.importorskip("uvicorn", reason="the reference server needs the 'server' extra")
    from sync.server.testing import ServerProcess, ServerThread

    return ServerThread, ServerProcess


@pytest.fixture
def server_backend() -> str:
    return "sqlite"


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Any]:
    import os

    from postgres import INSTALL_HINT, Cluster, binaries

    bindir = binaries()
    missing = INSTALL_HINT if bindir is None else None
    try:
        import psycopg  # noqa: F401
    except ImportError:
        missing = "psycopg is not installed (pip install -e '.[test]')"
    if missing is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    assert bindir is not None
    cluster = Cluster(bindir)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def server_database(server_backend: str, request: pytest.FixtureRequest) -> str | None:
    """None (SQLite in the server's data folder) or a fresh PostgreSQL database's URL."""
    if server_backend == "sqlite":
        return None
    url: str = request.getfixturevalue("postgres_cluster").new_database()
    return url


@pytest.fixture
def sync_server(tmp_path: Path, server_database: str | None) -> Iterator[ServerThread]:
    server = _server_kinds()[0](tmp_path / "server", database=server_database)
    server.start()
    yield server
    server.stop()
    server.store.close()


@pytest.fixture
def sync_server_process(tmp_path: Path, server_database: str | None) -> Iterator[ServerProcess]:
    server = _server_kinds()[1](tmp_path / "server-process", database=server_database)
    server.start()
    yield server
    server.kill()
    server.store.close()


@pytest.fixture
def sync_server_factory(
    tmp_path: Path, server_backend: str, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Server]]:
    thread_kind, process_kind = _server_kinds()
    from sync.server.app import ServerSettings

    started: list[Server] = []

    def make(*, process: bool = False, **settings: Any) -> Server:
        kind = process_kind if process else thread_kind
        database = None
        if server_backend == "postgres":
            database = request.getfixturevalue("postgres_cluster").new_database()
        server = kind(tmp_path / f"server-{len(started)}", ServerSettings(**settings), database)
        server.start()
        started.append(server)
        return server

    yield make
    for server in started:
        if isinstance(server, process_kind):
            server.kill()
        else:
            server.stop()
        server.store.close()


@pytest.fixture
def school_api(sync_server: ServerThread) -> Callable[..., SchoolApi]:
    from server_helpers import api_for

    def make(code: str = "66001") -> SchoolApi:
        return api_for(sync_server, code)

    return make
