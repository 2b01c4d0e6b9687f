"""Schools, their accounts and bearer tokens.

Passwords are kept as scrypt hashes with a per-user salt; tokens are random and only their SHA-256
is stored. A failed login says the same thing whatever was wrong (school, user or password) and
takes about the same time, so it tells a guesser nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sync.server import audit
from sync.server.audit import Actor
from sync.server.errors import BadRequest, Forbidden, NotFound, Unauthorized
from sync.server.store import Connection, Store, utc_now

if TYPE_CHECKING:
    from sync.server.login_guard import LoginGuard

DEFAULT_TOKEN_TTL = 8 * 3600  # one working day
MAX_CODE_LENGTH = 32
MAX_USERNAME_LENGTH = 64
MAX_PASSWORD_LENGTH = 1024
MIN_PASSWORD_LENGTH = 8  # for a password set from now on; older, shorter ones still log in
LEVELS = ("TH", "THCS", "THPT")
LEVEL_NAMES = {"TH": "tiểu học", "THCS": "trung học cơ sở", "THPT": "trung học phổ thông"}

# scrypt at n=2**14, r=8: 16 MiB and ~50 ms per hash — slow for a guesser, fine for a login.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P, _SCRYPT_LEN = 2**14, 8, 1, 32

INVALID_CREDENTIALS = (
    "Sai mã trường, tên đăng nhập hoặc mật khẩu. / Wrong school code, username or password."
)
TOKEN_MISSING = (
    "Chưa đăng nhập: thiếu mã truy cập. Hãy đăng nhập lại. / "
    "Not logged in: the bearer token is missing. Log in again."
)
ACCOUNT_DISABLED = (
    "Tài khoản này đã bị khóa trên máy chủ; hãy liên hệ phòng/sở giáo dục. / "
    "This account is disabled on the server; contact the district office."
)
TOKEN_INVALID = (
    "Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Hãy đăng nhập lại. / "
    "The token has expired or is not valid. Log in again."
)


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=_SCRYPT_LEN
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
            dklen=len(expected) // 2,
        )  # fmt: skip
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)


# Compared against when the school or user does not exist, so that case costs a hash too.
DUMMY_HASH = hash_password("", salt=b"\0" * 16)


def token_hash(token: str) -> str:
    """What is kept of a session token (school, staff or console): never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    """Who a valid token speaks for: one school, one account."""

    school_code: str
    username: str


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_at: str
    expires_in: int


@dataclass(frozen=True)
class AccountChange:
    school_created: bool
    user_created: bool
    tokens_revoked: int
    # What an existing school had changed: (field "name" | "unit" | "level", old, new).
    changed: tuple[tuple[str, str | None, str | None], ...] = ()


def check_new_password(password: str) -> None:
    """A password about to be set (a school's or a staff account's): 8 to 1024 characters."""
    if not password:
        raise BadRequest("Mật khẩu không được để trống. / The password is empty.",
                         code="empty_password")  # fmt: skip
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(
            f"Mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD_LENGTH} ký tự. / The password is too "
            f"short: at least {MIN_PASSWORD_LENGTH} characters.",
            code="password_too_short",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BadRequest(
            f"Mật khẩu quá dài (tối đa {MAX_PASSWORD_LENGTH} ký tự). / The password is too long.",
            code="invalid_password",
        )


def check_code(school_code: str) -> str:
    code = school_code.strip()
    if not code or len(code) > MAX_CODE_LENGTH or any(c.isspace() for c in code):
        raise BadRequest(
            f"Mã trường không hợp lệ: {school_code!r} (không để trống, không có dấu cách, tối đa "
            f"{MAX_CODE_LENGTH} ký tự).",
            code="invalid_school_code",
        )
    return code


def add_school(
    store: Store, code: str, *, name: str | None, username: str, password: str,
    unit: str | None = None, level: str | None = None, actor: Actor | None = None,
) -> AccountChange:  # fmt: skip
    """Create the school and its account, or update them: a new password replaces the old one
    and ends every session the account had. ``unit``: the district the school belongs to."""
    code = check_code(code)
    username = username.strip()
    if not username or len(username) > MAX_USERNAME_LENGTH:
        raise BadRequest(
            f"Tên đăng nhập không hợp lệ (không để trống, tối đa {MAX_USERNAME_LENGTH} ký tự).",
            code="invalid_username",
        )
    if level is not None and level not in LEVELS:
        raise BadRequest(f"Cấp học không hợp lệ: {level!r} ({', '.join(LEVELS)}).",
                         code="bad_level")  # fmt: skip
    check_new_password(password)
    password_hash = hash_password(password)  # outside the write lock: it takes a while
    now = utc_now()
    unit = unit.strip() if unit else None
    with store.transaction() as conn:
        if unit is not None:
            kind = conn.execute("SELECT kind FROM units WHERE code = ?", (unit,)).fetchone()
            if kind is None or kind["kind"] != "district":
                raise NotFound(
                    f"Chưa có phòng giáo dục (đơn vị cấp huyện) mã {unit}: hãy thêm bằng "
                    "songmay-server unit add. / No district unit with this code.",
                    code="unit_unknown",
                )
        school = conn.execute(
            "SELECT name, unit_code, level FROM schools WHERE code = ?", (code,)
        ).fetchone()
        changed: list[tuple[str, str | None, str | None]] = []
        if school is None:
            if not (name and name.strip()):
                raise BadRequest(
                    f"Trường {code} chưa có trên máy chủ: hãy cho biết tên trường (--name).",
                    code="school_name_missing",
                )
            conn.execute(
                "INSERT INTO schools (code, name, unit_code, level, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (code, name.strip(), unit, level, now, now),
            )
        else:
            for field, old, new in (("name", school["name"], name.strip() if name else None),
                                    ("unit", school["unit_code"], unit),
                                    ("level", school["level"], level)):  # fmt: skip
                if new is not None and new != old:
                    changed.append((field, old, new))
            if changed:
                conn.execute(
                    "UPDATE schools SET name = ?, unit_code = ?, level = ?, updated_at = ?"
                    " WHERE code = ?",
                    (name.strip() if name and name.strip() else school["name"],
                     unit if unit is not None else school["unit_code"],
                     level if level is not None else school["level"], now, code),
                )  # fmt: skip
        user_created = (
            conn.execute(
                "UPDATE users SET password_hash = ?, updated_at = ? "
                "WHERE school_code = ? AND username = ?",
                (password_hash, now, code, username),
            ).rowcount
            == 0
        )
        if user_created:
            conn.execute(
                "INSERT INTO users (school_code, username, password_hash, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (code, username, password_hash, now, now),
            )
        else:  # a new password lifts a login lockout, as a staff account's does
            from sync.server.login_guard import record_success

            record_success(conn, f"school:{code}/{username}")
        revoked = conn.execute(
            "DELETE FROM tokens WHERE school_code = ? AND username = ?", (code, username)
        ).rowcount
        action = (
            "school.add" if school is None
            else "school.account.add" if user_created else "school.password.reset"
        )  # fmt: skip
        actor = actor or audit.operator()
        audit.record(conn, actor, action, target=f"{code}/{username}",
                     unit_code=unit or (school["unit_code"] if school else None))  # fmt: skip
        for field, old, new in changed:
            audit.record(conn, actor, f"school.{field}", target=code, unit_code=unit or
                         (school["unit_code"] if school else None),
                         outcome="ok" if field == "name" else f"{old or '-'} -> {new}")  # fmt: skip
    return AccountChange(school is None, user_created, revoked, tuple(changed))


def school_exists(conn: Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM schools WHERE code = ?", (code,)).fetchone() is not None


def login(
    store: Store, school_code: str, username: str, password: str, *,
    ttl: int = DEFAULT_TOKEN_TTL, guard: LoginGuard | None = None, address: str | None = None,
) -> IssuedToken:  # fmt: skip
    """A token for the school's account; 401 for a wrong school, user or password, 429 while
    the account or ``address`` is locked after too many failures (see login_guard)."""
    from sync.server.login_guard import check_password, default_guard, record_success

    account = f"school:{school_code}/{username}"
    actor = Actor(f"{school_code}/{username}"[:200], "school")
    found: dict[str, Any] = {}

    def stored_hash(conn: Connection) -> str | None:
        # The school's unit even for a wrong username: its failed logins are the district's too.
        row = conn.execute(
            "SELECT u.password_hash, s.disabled, s.unit_code FROM schools s"
            " LEFT JOIN users u ON u.school_code = s.code AND u.username = ? WHERE s.code = ?",
            (username, school_code),
        ).fetchone()
        if row is None:
            return None
        found.update(disabled=row["disabled"], unit=row["unit_code"])
        return None if row["password_hash"] is None else str(row["password_hash"])

    check_password(
        store, guard or default_guard(), password, stored_hash, account=account,
        actor=lambda: Actor(actor.name, "school", found.get("unit")),
        target=school_code, address=address,
        refused=Unauthorized(INVALID_CREDENTIALS, code="invalid_credentials"),
    )  # fmt: skip
    actor = Actor(actor.name, "school", found.get("unit"))
    token = secrets.token_urlsafe(32)
    now = time.time()
    expires = now + ttl
    with store.transaction() as conn:
        record_success(conn, account)
        if found.get("disabled"):
            audit.record(conn, actor, "login", target=school_code, outcome="disabled",
                         address=address)  # fmt: skip
        else:
            conn.execute("DELETE FROM tokens WHERE expires_at < ?", (now,))
            conn.execute(
                "INSERT INTO tokens (token_hash, school_code, username, issued_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (token_hash(token), school_code, username, utc_now(), expires),
            )
            audit.record(conn, actor, "login", target=school_code, address=address)
    if found.get("disabled"):
        raise Forbidden(ACCOUNT_DISABLED, code="account_disabled")
    expires_at = datetime.fromtimestamp(expires, UTC).isoformat(timespec="seconds")
    return IssuedToken(token, expires_at, ttl)


def authenticate(store: Store, token: str | None) -> Session:
    if not token:
        raise Unauthorized(TOKEN_MISSING, code="token_missing")
    with store.connect() as conn:
        row = conn.execute(
            "SELECT t.school_code, t.username, t.expires_at FROM tokens t"
            " JOIN schools s ON s.code = t.school_code WHERE t.token_hash = ? AND s.disabled = 0",
            (token_hash(token),),
        ).fetchone()
    if row is None:
        raise Unauthorized(TOKEN_INVALID, code="token_invalid")
    if row["expires_at"] <= time.time():
        raise Unauthorized(TOKEN_INVALID, code="token_expired")
    return Session(row["school_code"], row["username"])


def expire_tokens(store: Store, school_code: str | None = None) -> int:
    """End sessions now (all, or one school's): their next request gets 401 token_expired."""
    with store.transaction() as conn:
        return conn.execute(
            "UPDATE tokens SET expires_at = 0 WHERE CAST(? AS TEXT) IS NULL OR school_code = ?",
            (school_code, school_code),
        ).rowcount
