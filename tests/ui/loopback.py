"""The school's account on the reference server that the window's sync tests run on loopback
(the ``server`` and ``slow_server`` fixtures of this folder's conftest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHOOL = "66001"  # the root conftest's school
USER = "vanthu"
PASSWORD = "Mật-khẩu đồng bộ 2021!"


def running_server(folder: Path, apply_delay: float | None = None) -> Iterator[Any]:
    """The reference server (uvicorn in a thread) with the school's account, until the test ends;
    ``apply_delay`` makes each submission take that long to apply."""
    import pytest

    pytest.importorskip("fastapi", reason="the reference server needs the 'server' extra")
    pytest.importorskip("uvicorn", reason="the reference server needs the 'server' extra")
    from sync.server.app import ServerSettings
    from sync.server.testing import ServerThread

    settings = ServerSettings(apply_delay=apply_delay) if apply_delay is not None else None
    server = ServerThread(folder, settings)
    server.start()
    server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    yield server
    server.stop()
