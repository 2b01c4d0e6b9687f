"""The district's own accounts: units (province, district), schools' unit and disabled flag, and
staff users (reviewer, statistician, health, admin) with their logins and sessions.

Every change here writes its audit row in the same transaction (sync.server.audit). A staff
token lives in its own table: it is never accepted where a school's token is, nor the reverse.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sync.server import audit
from sync.server.audit import Actor
from sync.server.auth import (
    DEFAULT_TOKEN_TTL,
    LEVELS,
    MAX_USERNAME_LENGTH,
    TOKEN_INVALID,
    TOKEN_MISSING,
    IssuedToken,
    check_code,
    check_new_password,
    hash_password,
    token_hash,
)
from sync.server.errors import BadRequest, Conflict, Forbidden, NotFound, Unauthorized
from sync.server.login_guard import (
    LoginGuard,
    account_lock,
    check_password,
    default_guard,
    record_success,
)
from sync.server.store import Connection, IntegrityError, Store, utc_now

UNIT_KINDS = ("province", "district")
ROLES = ("reviewer", "statistician", "health", "admin")
# What an operator reads (the codes stay in --json, the API and the database).
UNIT_KIND_NAMES = {"province": "tỉnh/thành phố — Sở", "district": "quận/huyện — Phòng"}
ROLE_NAMES = {"reviewer": "người duyệt", "statistician": "thống kê",
              "health": "y tế trường học", "admin": "quản trị"}  # fmt: skip
REVIEW_ROLES = ("reviewer", "admin")

STAFF_INVALID = (
    "Sai tên đăng nhập hoặc mật khẩu. / Wrong username or password."
)  # fmt: skip
STAFF_DISABLED = (
    "Tài khoản cán bộ này đã bị khóa. / This staff account is disabled."
)  # fmt: skip


@dataclass(frozen=True)
class StaffSession:
    """Who a staff token speaks for."""

    username: str
    role: str
    unit_code: str
    level: str | None


def _unit_unknown(code: str) -> NotFound:
    return NotFound(f"Chưa có đơn vị mã {code}. / No unit with this code.", code="unit_unknown")


def _staff_unknown(username: str) -> NotFound:
    return NotFound(
        f"Chưa có tài khoản cán bộ {username}. / No staff account with this name.",
        code="staff_unknown",
    )


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > MAX_USERNAME_LENGTH or any(c.isspace() for c in name):
        raise BadRequest(
            f"Tên đăng nhập không hợp lệ: {username!r} (không để trống, không có dấu cách, tối "
            f"đa {MAX_USERNAME_LENGTH} ký tự).",
            code="invalid_username",
        )
    return name


# ---- units ------------------------------------------------------------------------------------


def add_unit(
    store: Store, code: str, *, name: str, parent: str | None = None, actor: Actor | None = None
) -> dict[str, Any]:
    """A province (no parent) or a district (its parent a province); adding again renames it."""
    code = check_code(code)
    if not name.strip():
        raise BadRequest("Tên đơn vị không được để trống (--name).", code="unit_name_missing")
    kind = "district" if parent else "province"
    now = utc_now()
    with store.transaction() as conn:
        if parent:
            above = conn.execute("SELECT kind FROM units WHERE code = ?", (parent,)).fetchone()
            if above is None:
                raise _unit_unknown(parent)
            if above["kind"] != "province":
                raise BadRequest(
                    f"Đơn vị cấp trên {parent} phải là một tỉnh (không có cấp trên). / "
                    "The parent must be a province.",
                    code="bad_parent",
                )
        existing = conn.execute("SELECT kind FROM units WHERE code = ?", (code,)).fetchone()
        if existing is not None and existing["kind"] != kind:
            raise Conflict(
                f"Đơn vị {code} đã có và là cấp {UNIT_KIND_NAMES[existing['kind']]}. / The unit "
                "exists with "
                "another kind.",
                code="unit_kind_conflict",
            )
        conn.execute(
            "INSERT INTO units (code, name, kind, parent_code, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
            " parent_code = excluded.parent_code, updated_at = excluded.updated_at",
            (code, name.strip(), kind, parent, now, now),
        )
        audit.record(conn, actor or audit.operator(), "unit.add", target=code,
                     unit_code=parent or code)  # fmt: skip
    return {"code": code, "name": name.strip(), "kind": kind, "parent": parent,
            "created": existing is None}  # fmt: skip


def list_units(store: Store) -> list[dict[str, Any]]:
    with store.connect() as conn:
        rows = conn.execute(
            "SELECT code, name, kind, parent_code FROM units ORDER BY kind DESC, code"
        ).fetchall()
    return [{"code": r["code"], "name": r["name"], "kind": r["kind"], "parent": r["parent_code"]}
            for r in rows]  # fmt: skip


# ---- schools ----------------------------------------------------------------------------------


def list_schools(store: Store) -> list[dict[str, Any]]:
    with store.connect() as conn:
        rows = conn.execute(
            "SELECT s.code, s.name, s.unit_code, s.level, s.disabled,"
            " (SELECT count(*) FROM users u WHERE u.school_code = s.code) AS accounts"
            " FROM schools s ORDER BY s.code"
        ).fetchall()
    return [{"code": r["code"], "name": r["name"], "unit": r["unit_code"], "level": r["level"],
             "disabled": bool(r["disabled"]), "accounts": r["accounts"]} for r in rows]  # fmt: skip


def set_school_disabled(
    store: Store, code: str, disabled: bool, *, actor: Actor | None = None
) -> int:
    """Disable (its sessions end at once) or enable (old sessions stay ended) a school; the
    number of sessions ended."""
    with store.transaction() as conn:
        row = conn.execute("SELECT unit_code FROM schools WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise NotFound(f"Trường {code} chưa có trên máy chủ.", code="school_unknown")
        conn.execute(
            "UPDATE schools SET disabled = ?, updated_at = ? WHERE code = ?",
            (1 if disabled else 0, utc_now(), code),
        )
        ended = conn.execute("DELETE FROM tokens WHERE school_code = ?", (code,)).rowcount
        audit.record(conn, actor or audit.operator(),
                     "school.disable" if disabled else "school.enable", target=code,
                     unit_code=row["unit_code"])  # fmt: skip
    return ended


# ---- staff ------------------------------------------------------------------------------------


def add_user(
    store: Store, username: str, *, full_name: str, role: str, unit: str, password: str,
    level: str | None = None, actor: Actor | None = None,
) -> None:  # fmt: skip
    username = _check_username(username)
    if not full_name.strip():
        raise BadRequest("Họ tên không được để trống (--name).", code="name_missing")
    if role not in ROLES:
        raise BadRequest(f"Vai trò không hợp lệ: {role!r} ({', '.join(ROLES)}).", code="bad_role")
    if level is not None and level not in LEVELS:
        raise BadRequest(f"Cấp học không hợp lệ: {level!r} ({', '.join(LEVELS)}).",
                         code="bad_level")  # fmt: skip
    check_new_password(password)
    password_hash = hash_password(password)  # outside the write lock: it takes a while
    now = utc_now()
    with store.transaction() as conn:
        if conn.execute("SELECT 1 FROM units WHERE code = ?", (unit,)).fetchone() is None:
            raise _unit_unknown(unit)
        try:
            conn.execute(
                "INSERT INTO staff (username, full_name, role, unit_code, level, password_hash,"
                " disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (username, full_name.strip(), role, unit, level, password_hash, now, now),
            )
        except IntegrityError:
            raise Conflict(
                f"Tài khoản {username} đã có: dùng user reset-password để đổi mật khẩu. / "
                "The username is taken.",
                code="staff_exists",
            ) from None
        audit.record(conn, actor or audit.operator(), "user.add", target=username,
                     unit_code=unit)  # fmt: skip


def staff_exists(conn: Connection) -> bool:
    return conn.execute("SELECT 1 FROM staff LIMIT 1").fetchone() is not None


def list_users(store: Store) -> list[dict[str, Any]]:
    now = time.time()
    with store.connect() as conn:
        rows = conn.execute(
            "SELECT s.username, s.full_name, s.role, s.unit_code, s.level, s.disabled,"
            " (SELECT count(*) FROM staff_tokens t WHERE t.username = s.username"
            "  AND t.expires_at > ?) AS sessions FROM staff s ORDER BY s.username",
            (now,),
        ).fetchall()
    return [{"username": r["username"], "name": r["full_name"], "role": r["role"],
             "unit": r["unit_code"], "level": r["level"], "disabled": bool(r["disabled"]),
             "sessions": r["sessions"]} for r in rows]  # fmt: skip


def _change_user(
    store: Store, username: str, action: str, actor: Actor | None, *,
    disabled: bool | None = None, password_hash: str | None = None,
) -> int:  # fmt: skip
    """Apply one account change and end the account's sessions; the number ended."""
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT unit_code, disabled FROM staff WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            raise _staff_unknown(username)
        if disabled is False and not row["disabled"]:
            return 0  # already enabled: its sessions go on, nothing to record
        now = utc_now()
        if disabled is not None:
            conn.execute("UPDATE staff SET disabled = ?, updated_at = ? WHERE username = ?",
                         (1 if disabled else 0, now, username))  # fmt: skip
        if password_hash is not None:
            conn.execute("UPDATE staff SET password_hash = ?, updated_at = ? WHERE username = ?",
                         (password_hash, now, username))  # fmt: skip
            record_success(conn, f"staff:{username}")  # a new password lifts a lockout
        ended = conn.execute("DELETE FROM staff_tokens WHERE username = ?", (username,)).rowcount
        # and the console's logins (a revoked account or a new password ends them too)
        ended += conn.execute(
            "DELETE FROM console_sessions WHERE username = ?", (username,)
        ).rowcount
        audit.record(conn, actor or audit.operator(), action, target=username,
                     unit_code=row["unit_code"])  # fmt: skip
    return ended


def disable_user(store: Store, username: str, *, actor: Actor | None = None) -> int:
    return _change_user(store, username, "user.disable", actor, disabled=True)


def enable_user(store: Store, username: str, *, actor: Actor | None = None) -> int:
    return _change_user(store, username, "user.enable", actor, disabled=False)


def revoke_user(store: Store, username: str, *, actor: Actor | None = None) -> int:
    return _change_user(store, username, "user.revoke", actor)


def reset_password(
    store: Store, username: str, password: str, *, actor: Actor | None = None
) -> int:
    check_new_password(password)
    return _change_user(store, username, "user.reset-password", actor,
                        password_hash=hash_password(password))  # fmt: skip


def unlock_user(store: Store, username: str, *, actor: Actor | None = None) -> bool:
    """Lift a staff account's login lockout (and forget its failed logins); whether it was
    locked. Audited either way."""
    with store.transaction() as conn:
        row = conn.execute("SELECT unit_code FROM staff WHERE username = ?",
                           (username,)).fetchone()  # fmt: skip
        if row is None:
            raise _staff_unknown(username)
        locked = account_lock(conn, f"staff:{username}", time.time()) > 0
        record_success(conn, f"staff:{username}")
        audit.record(conn, actor or audit.operator(), "user.unlock", target=username,
                     unit_code=row["unit_code"], outcome="ok" if locked else "not locked")  # fmt: skip
    return locked


def unlock_school(store: Store, code: str, *, actor: Actor | None = None) -> list[str]:
    """Lift the login lockouts of the school's accounts; the usernames that were locked."""
    with store.transaction() as conn:
        row = conn.execute("SELECT unit_code FROM schools WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise NotFound(f"Trường {code} chưa có trên máy chủ. / No school with this code.",
                           code="school_unknown")  # fmt: skip
        names = [r["username"] for r in conn.execute(
            "SELECT username FROM users WHERE school_code = ? ORDER BY username", (code,)
        ).fetchall()]  # fmt: skip
        now, locked = time.time(), []
        for name in names:
            if account_lock(conn, f"school:{code}/{name}", now) > 0:
                locked.append(name)
            record_success(conn, f"school:{code}/{name}")
        audit.record(conn, actor or audit.operator(), "school.unlock", target=code,
                     unit_code=row["unit_code"],
                     outcome=f"unlocked {', '.join(locked)}" if locked else "not locked")  # fmt: skip
    return locked


def verify_staff(
    store: Store, username: str, password: str, *, guard: LoginGuard | None = None,
    address: str | None = None,
) -> StaffSession:  # fmt: skip
    """Check a staff account's password with the login protection (lockouts per account and
    address, bounded hashing): the account, its lockout record cleared. Raises 401/429 like the
    API's login, and 403 (audited) for a disabled account. The caller opens the session and
    records the login."""
    found: dict[str, Any] = {}

    def stored_hash(conn: Connection) -> str | None:
        row = conn.execute(
            "SELECT password_hash, role, unit_code, level, disabled FROM staff WHERE username = ?",
            (username,),
        ).fetchone()
        if row is None:
            return None
        found.update({key: row[key] for key in ("role", "unit_code", "level", "disabled")})
        return str(row["password_hash"])

    check_password(
        store, guard or default_guard(), password, stored_hash, account=f"staff:{username}",
        actor=lambda: Actor(username[:200], "staff", found.get("unit_code")), target=username,
        address=address,
        refused=Unauthorized(STAFF_INVALID, code="invalid_credentials"),
    )  # fmt: skip
    with store.transaction() as conn:
        record_success(conn, f"staff:{username}")
        if found["disabled"]:
            audit.record(conn, Actor(username, "staff", found["unit_code"]), "login",
                         target=username, outcome="disabled", address=address)  # fmt: skip
    if found["disabled"]:
        raise Forbidden(STAFF_DISABLED, code="account_disabled")
    return StaffSession(username, found["role"], found["unit_code"], found["level"])


def staff_login(
    store: Store, username: str, password: str, *, ttl: int = DEFAULT_TOKEN_TTL,
    guard: LoginGuard | None = None, address: str | None = None,
) -> tuple[IssuedToken, StaffSession]:  # fmt: skip
    """A staff token and what it allows (role, unit, level); the same protection as a school's
    login (lockouts per account and address, bounded hashing)."""
    session = verify_staff(store, username, password, guard=guard, address=address)
    actor = Actor(username, "staff", session.unit_code)
    token, now = secrets.token_urlsafe(32), time.time()
    with store.transaction() as conn:
        conn.execute("DELETE FROM staff_tokens WHERE expires_at < ?", (now,))
        conn.execute(
            "INSERT INTO staff_tokens (token_hash, username, issued_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (token_hash(token), username, utc_now(), now + ttl),
        )
        audit.record(conn, actor, "login", target=username, address=address)
    expires_at = datetime.fromtimestamp(now + ttl, UTC).isoformat(timespec="seconds")
    return IssuedToken(token, expires_at, ttl), session


def authenticate_staff(store: Store, token: str | None) -> StaffSession:
    if not token:
        raise Unauthorized(TOKEN_MISSING, code="token_missing")
    with store.connect() as conn:
        row = conn.execute(
            "SELECT s.username, s.role, s.unit_code, s.level, t.expires_at FROM staff_tokens t"
            " JOIN staff s ON s.username = t.username WHERE t.token_hash = ? AND s.disabled = 0",
            (token_hash(token),),
        ).fetchone()
    if row is None:
        raise Unauthorized(TOKEN_INVALID, code="token_invalid")
    if row["expires_at"] <= time.time():
        raise Unauthorized(TOKEN_INVALID, code="token_expired")
    return StaffSession(row["username"], row["role"], row["unit_code"], row["level"])


def reviewer_for(conn: Connection, username: str, school_code: str) -> Actor:
    """The staff account ``username`` if it may review this school's students: enabled, role
    reviewer or admin, its unit the school's district or that district's province, and its
    level (if set) the school's. Raises 403/404 otherwise."""
    staff = conn.execute(
        "SELECT role, unit_code, level, disabled FROM staff WHERE username = ?", (username,)
    ).fetchone()
    if staff is None:
        raise _staff_unknown(username)
    school = conn.execute(
        "SELECT s.unit_code, s.level, u.parent_code FROM schools s"
        " LEFT JOIN units u ON u.code = s.unit_code WHERE s.code = ?",
        (school_code,),
    ).fetchone()
    if school is None:
        raise NotFound(f"Trường {school_code} chưa có trên máy chủ.", code="school_unknown")
    if staff["disabled"]:
        raise Forbidden(STAFF_DISABLED, code="account_disabled")
    if staff["role"] not in REVIEW_ROLES:
        raise Forbidden(
            f"Tài khoản {username} có vai trò {ROLE_NAMES[staff['role']]}, không được duyệt (cần "
            "người duyệt hoặc quản trị). / This role may not review.",
            code="role_forbidden",
        )
    if (
        staff["unit_code"] not in (school["unit_code"], school["parent_code"])
        or not school["unit_code"]
    ):
        raise Forbidden(
            f"Trường {school_code} không thuộc đơn vị {staff['unit_code']} của tài khoản "
            f"{username}. / The school is outside this account's unit.",
            code="unit_forbidden",
        )
    if staff["level"] and staff["level"] != school["level"]:
        raise Forbidden(
            f"Tài khoản {username} chỉ duyệt cấp {staff['level']}; trường {school_code} "
            f"{'là cấp ' + school['level'] if school['level'] else 'chưa ghi cấp học (--level)'}."
            " / The school's level does not match this account's.",
            code="level_forbidden",
        )
    return Actor(username, "staff", staff["unit_code"])
