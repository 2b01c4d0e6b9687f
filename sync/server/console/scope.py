"""Who sees which school: a district's staff its district's schools, a province's every school of
its districts. Out of scope answers exactly as unknown (404), so a URL reveals nothing."""

from __future__ import annotations

from typing import Any

from sync.server.accounts import STAFF_DISABLED
from sync.server.console.model import Viewer
from sync.server.errors import Forbidden, NotFound
from sync.server.store import Connection

# ``s`` a school, ``u`` its unit: the schools of a unit (a district) or of its districts (a
# province). Join ``units u ON u.code = s.unit_code`` and pass the viewer's unit twice.
IN_SCOPE = "(s.unit_code = ? OR u.parent_code = ?)"


def scope_params(viewer: Viewer) -> tuple[str, str]:
    return (viewer.unit_code, viewer.unit_code)


def load_viewer(conn: Connection, username: str) -> Viewer:
    """The enabled staff account ``username`` and its unit (Forbidden when disabled)."""
    row = conn.execute(
        "SELECT s.username, s.full_name, s.role, s.unit_code, s.level, s.disabled, u.name,"
        " u.kind, p.name AS parent_name FROM staff s JOIN units u ON u.code = s.unit_code"
        " LEFT JOIN units p ON p.code = u.parent_code WHERE s.username = ?",
        (username,),
    ).fetchone()
    if row is None:
        raise NotFound("Không có tài khoản cán bộ này. / No such staff account.",
                       code="staff_unknown")  # fmt: skip
    if row["disabled"]:
        raise Forbidden(STAFF_DISABLED, code="account_disabled")
    return Viewer(
        username=row["username"], full_name=row["full_name"], role=row["role"],
        unit_code=row["unit_code"], unit_name=row["name"], unit_kind=row["kind"],
        level=row["level"], parent_name=row["parent_name"],
    )  # fmt: skip


def school_not_found(code: str) -> NotFound:
    return NotFound(
        f"Không có trường {code} trong đơn vị của bạn. / No such school in your unit.",
        code="school_unknown",
    )


def visible_school(conn: Connection, viewer: Viewer, code: str) -> dict[str, Any]:
    """The school (code, name, level, unit_code) when the viewer may see it; NotFound otherwise,
    with the same words as for a school that does not exist."""
    row = conn.execute(
        "SELECT s.code, s.name, s.level, s.unit_code FROM schools s"
        f" JOIN units u ON u.code = s.unit_code WHERE s.code = ? AND {IN_SCOPE}",
        (code, *scope_params(viewer)),
    ).fetchone()
    if row is None:
        raise school_not_found(code)
    return {key: row[key] for key in ("code", "name", "level", "unit_code")}
