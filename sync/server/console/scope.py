"""Who sees which school: a district's staff its district's schools, a province's every school of
its districts. Out of scope answers exactly as unknown (404), so a URL reveals nothing."""

from __future__ import annotations

from typing import Any

from sync.server.console.model import Viewer
from sync.server.store import Connection


def load_viewer(conn: Connection, username: str) -> Viewer:
    """The enabled staff account ``username`` and its unit (Forbidden when disabled)."""
    raise NotImplementedError


def visible_school(conn: Connection, viewer: Viewer, code: str) -> dict[str, Any]:
    """The school (code, name, level, unit_code) when the viewer may see it; NotFound otherwise,
    with the same words as for a school that does not exist."""
    raise NotImplementedError
