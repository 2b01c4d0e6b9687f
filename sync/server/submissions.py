"""Receiving a submission: read the body, check its shape, and commit it before answering 202.

This is the one path for both HTTP and an offline package, so both keep the same promise: the same
(school, Idempotency-Key) with the same ``body_fingerprint`` gets the same answer and is stored
once; the same key with another body is refused (``idempotency_key_reused``).

What is stored of each change is minimised first (``minimise_change``), so that nothing the
district may not hold is ever written to the server's file, whatever client sent it: the record's
fields are cut to ``sync.protocol.district_view`` (a student without recorded consent keeps no
name or birth date); a field the school keeps (``SCHOOL_ONLY_FIELDS``: CCCD, phone, address… as an
older client still sends them) is dropped and counted in the log, and the change is applied; a
field on neither list is dropped too, and the change is refused (``field_not_allowed``) by the
worker. The body's fingerprint is taken over the minimised body, so an older client resending a
submission it built with every field and a newer one rebuilding it minimised agree.
"""

from __future__ import annotations

import json
import logging
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any

from sync.protocol import (
    ENTITIES,
    MAX_KEY_LENGTH,
    SCHOOL_ONLY_FIELDS,
    SENT_FIELDS,
    SERVER_MAX_BYTES,
    SERVER_MAX_CHANGES,
    body_fingerprint,
    canonical_json,
    district_view,
)
from sync.server.auth import school_exists
from sync.server.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    KeyReused,
    NotFound,
    TooLarge,
    Unprocessable,
)
from sync.server.store import Connection, Store, utc_now

log = logging.getLogger(__name__)

MAX_ID_LENGTH = 128
# Ids the server stores and that come back in a URL (submission, change, entity, Idempotency-Key):
# what the desktop client makes (UUIDs, "1" for the school profile) and nothing that needs
# escaping. The OpenAPI document says the same (sync/server/schemas.py).
ID_PATTERN = f"^[A-Za-z0-9-]{{1,{MAX_ID_LENGTH}}}$"
_ID = re.compile(ID_PATTERN)
# What any JSON the server reads may hold: numbers within the signed 64-bit range (so finite),
# strings of real Unicode, and nesting no deeper than this.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_DEPTH = 32
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TOP_LEVEL = ("school_code", "client_id", "submission_id", "created_at", "changes")
_CHANGE_KEYS = ("change_id", "entity", "entity_id", "op", "version", "changed_at", "data")
# Set by the server only (a client's key of that name is dropped with any other unknown key):
# the names of the fields refused in a change, which the worker then rejects.
REFUSED_FIELDS = "refused_fields"
_MAX_REFUSED_NAMES = 10
_MAX_NAME_LENGTH = 64


def minimise_change(change: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The change as the server stores it, and how many of its fields were dropped as fields the
    school keeps (an older client's CCCD, phone…, or a name without consent). Names of fields on
    neither list go into ``REFUSED_FIELDS`` (never their values)."""
    stored = {key: change[key] for key in _CHANGE_KEYS if key in change}
    for key in ("version", "entity_id"):  # 2.0 is the integer 2 (JSON has one kind of number)
        value = stored.get(key)
        if isinstance(value, float) and value.is_integer():
            stored[key] = int(value)
    data, entity = change.get("data"), change.get("entity")
    if not isinstance(data, dict):
        return stored, 0
    if not isinstance(entity, str) or entity not in ENTITIES:
        stored["data"] = None  # refused as unknown_entity: keep nothing of it
        return stored, 0
    known = {*SENT_FIELDS[entity], *SCHOOL_ONLY_FIELDS[entity]}
    refused = sorted(name for name in data if name not in known)
    stored["data"] = district_view(entity, data)
    if refused:
        stored[REFUSED_FIELDS] = [n[:_MAX_NAME_LENGTH] for n in refused[:_MAX_REFUSED_NAMES]]
    return stored, len(data) - len(stored["data"]) - len(refused)


@dataclass(frozen=True)
class Received:
    """The answer to a POST, and whether this call stored the submission (False: seen before)."""

    answer: dict[str, Any]
    seq: int
    new: bool


def too_large(size_hint: str = "") -> TooLarge:
    return TooLarge(
        f"Lượt gửi quá lớn{size_hint} (tối đa {SERVER_MAX_BYTES // (1024 * 1024)} MB, "
        f"{SERVER_MAX_CHANGES} thay đổi): hãy chia nhỏ. / The submission is too large: split it.",
        code="too_large",
    )


def check_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise BadRequest(
            "Thiếu tiêu đề Idempotency-Key. / The Idempotency-Key header is required.",
            code="idempotency_key_missing",
        )
    if len(key) > MAX_KEY_LENGTH:
        raise BadRequest(
            f"Idempotency-Key quá dài (tối đa {MAX_KEY_LENGTH} ký tự). / "
            f"The Idempotency-Key is longer than {MAX_KEY_LENGTH} characters.",
            code="idempotency_key_too_long",
        )
    if not _ID.match(key):
        raise BadRequest(
            "Idempotency-Key chỉ được gồm chữ cái không dấu, chữ số và dấu gạch ngang. / The "
            "Idempotency-Key may hold only letters A-Z, a-z, digits and '-'.",
            code="idempotency_key_invalid",
        )
    return key


def decode_body(raw: bytes, content_encoding: str | None) -> dict[str, Any]:
    """Bytes as sent (JSON, or gzip of it) → the body; never inflates past the size limit."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "gzip":
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = inflater.decompress(raw, SERVER_MAX_BYTES + 1)
        except zlib.error as exc:
            raise BadRequest(
                "Nội dung nén gzip bị hỏng. / The gzip body is corrupt.", code="invalid_gzip"
            ) from exc
        if len(data) > SERVER_MAX_BYTES:
            raise too_large(" sau khi giải nén")
        if not inflater.eof:
            raise BadRequest(
                "Nội dung nén gzip bị cắt cụt. / The gzip body is truncated.", code="invalid_gzip"
            )
    elif encoding == "identity":
        if len(raw) > SERVER_MAX_BYTES:
            raise too_large()
        data = raw
    else:
        raise BadRequest(
            f"Không hỗ trợ Content-Encoding {encoding!r} (chỉ gzip). / "
            "Unsupported Content-Encoding (use gzip or none).",
            code="unsupported_encoding",
        )
    check_depth(data)
    try:
        body = json.loads(data, parse_constant=_no_constant)
    except _NotANumber as exc:
        raise _not_json(
            f"{exc.name} không phải số JSON", f"{exc.name} is not a JSON number"
        ) from None
    except UnicodeDecodeError:
        raise _not_json("không phải văn bản UTF-8", "it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _not_json(
            f"lỗi ở dòng {exc.lineno}, cột {exc.colno}",
            f"{exc.msg} at line {exc.lineno}, column {exc.colno}",
        ) from None
    except (ValueError, RecursionError):
        raise _not_json("không đọc được", "it cannot be read") from None
    if not isinstance(body, dict):
        raise _invalid("nội dung phải là một đối tượng JSON", "the body must be a JSON object")
    check_values(body)
    return body


class _NotANumber(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_constant(name: str) -> Any:
    raise _NotANumber(name)  # NaN, Infinity, -Infinity: not JSON


def _not_json(vi: str, en: str) -> BadRequest:
    return BadRequest(
        f"Nội dung không phải JSON hợp lệ: {vi}. / The body is not valid JSON: {en}.",
        code="invalid_json",
    )


def check_depth(data: bytes) -> None:
    """Refuse JSON nested deeper than ``MAX_DEPTH`` before parsing it (a parser — and anything
    that walks the result — recurses once per level). No recursion here: strings are cut out,
    everything but brackets dropped, and innermost pairs removed one level per pass."""
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    for _ in range(MAX_DEPTH):
        if not brackets:
            return
        brackets = _INNERMOST.sub(b"", brackets)
    if not brackets:
        return
    opened = brackets.count(b"[") + brackets.count(b"{")
    if opened * 2 != len(brackets):
        raise BadRequest(
            "Nội dung không phải JSON hợp lệ: dấu ngoặc không khớp. / The body is not valid "
            "JSON: its brackets do not match.",
            code="invalid_json",
        )
    raise _invalid(
        f"JSON lồng sâu quá {MAX_DEPTH} mức", f"JSON nested deeper than {MAX_DEPTH} levels"
    )


def check_values(body: Any) -> None:
    """Every string (keys too) real Unicode, every number the server keeps within the signed
    64-bit range (no NaN, no infinity) — what the database, the canonical JSON and the worker
    can take. Iterative: call it on JSON
    whose depth ``check_depth`` bounded."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(body, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            where = _path(path)
            if _SURROGATE.search(value):
                raise _invalid(
                    f"'{where}' chứa ký tự Unicode không hợp lệ (nửa cặp thay thế)",
                    f"'{where}' is not valid Unicode (a lone surrogate)",
                )
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int | float):
            in_range = math.isfinite(value) and INT64_MIN <= value <= INT64_MAX
            if not in_range and _used(path):
                raise _unprocessable(
                    path,
                    "số nằm ngoài khoảng số nguyên 64 bit có dấu",
                    "a number outside the signed 64-bit range",
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    raise _invalid(
                        f"một tên trường trong '{_path(path)}' chứa ký tự không hợp lệ",
                        f"a key in '{_path(path)}' is not valid Unicode",
                    )
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))


def _used(path: tuple[str | int, ...]) -> bool:
    """Whether the server keeps what is at ``path``: a field it does not know (a newer client's)
    is dropped unread, whatever number it holds."""
    if not path or path[0] not in _TOP_LEVEL:
        return False
    return path[0] != "changes" or len(path) < 3 or path[2] in _CHANGE_KEYS


def _path(path: tuple[str | int, ...]) -> str:
    """changes[3].data.ram_gb — field names only: never a value."""
    text = ""
    for part in path:
        name = part if isinstance(part, int) else part[:_MAX_NAME_LENGTH]
        text += f"[{name}]" if isinstance(name, int) else f".{name}" if text else name
    return text or "(body)"


def _unprocessable(path: tuple[str | int, ...], vi: str, en: str) -> Unprocessable:
    """422: ``vi`` wholly Vietnamese, ``en`` English; the field path stays in both."""
    where = _path(path)
    return Unprocessable(
        f"Lượt gửi có giá trị máy chủ không xử lý được ở '{where}': {vi}. / "
        f"Unprocessable value at '{where}': {en}.",
        code="invalid_value",
    )


def _invalid(vi: str, en: str) -> BadRequest:
    """400: ``vi`` wholly Vietnamese, ``en`` English."""
    return BadRequest(
        f"Lượt gửi sai định dạng: {vi}. / Malformed submission: {en}.",
        code="invalid_submission",
    )


def validate_body(body: dict[str, Any]) -> None:
    """The envelope must be right (else 400 for the whole upload); what is wrong inside one
    change is that change's own rejection, found later by the worker."""
    for name in _TOP_LEVEL:
        if name not in body:
            raise _invalid(f"thiếu trường '{name}'", f"missing field '{name}'")
    for name in ("school_code", "client_id", "submission_id", "created_at"):
        value = body[name]
        if not isinstance(value, str) or not value.strip():
            raise _invalid(
                f"'{name}' phải là chuỗi ký tự không rỗng", f"'{name}' must be a non-empty string"
            )
        if len(value) > MAX_ID_LENGTH:
            raise _invalid(
                f"'{name}' dài quá {MAX_ID_LENGTH} ký tự",
                f"'{name}' is longer than {MAX_ID_LENGTH} characters",
            )
    changes = body["changes"]
    if not isinstance(changes, list):
        raise _invalid("'changes' phải là một danh sách", "'changes' must be a list")
    if len(changes) > SERVER_MAX_CHANGES:
        raise TooLarge(
            f"Lượt gửi có {len(changes)} thay đổi, tối đa {SERVER_MAX_CHANGES}: hãy chia nhỏ. / "
            f"{len(changes)} changes in one submission (at most {SERVER_MAX_CHANGES}): split it.",
            code="too_many_changes",
        )
    for index, change in enumerate(changes):
        if not isinstance(change, dict):
            raise _invalid(
                f"'changes[{index}]' phải là một đối tượng", f"'changes[{index}]' must be an object"
            )
        change_id = change.get("change_id")
        if not isinstance(change_id, str) or not change_id or len(change_id) > MAX_ID_LENGTH:
            raise _invalid(
                f"'changes[{index}].change_id' phải là chuỗi 1–{MAX_ID_LENGTH} ký tự",
                f"'changes[{index}].change_id' must be a string of 1–{MAX_ID_LENGTH} characters",
            )
    check_schema(body)


# What pydantic reports for a value of the right kind that the server still cannot take (422);
# anything else (a wrong type, an id the pattern refuses…) is a malformed body (400).
_UNPROCESSABLE = {"literal_error", "enum", "greater_than_equal", "less_than_equal",
                  "greater_than", "less_than", "finite_number"}  # fmt: skip


def check_schema(body: dict[str, Any]) -> None:
    """The body against ``schemas.SubmissionBody``, the model the OpenAPI document is made of:
    what the document promises is what the server enforces."""
    from pydantic import ValidationError

    from sync.server.schemas import SubmissionBody

    try:
        SubmissionBody.model_validate(body, strict=True)
    except ValidationError as exc:
        problems = exc.errors(include_url=False, include_input=False)
        first = problems[0]
        path = field_path(body, first["loc"], keep_last=first["type"] == "missing")
        # A union (a value in data, an entity id) reports one problem per kind it tried.
        tried = [p for p in problems if field_path(body, p["loc"]) == path]
        vi, en = describe_problem(first, tried)
        if first["type"] in _UNPROCESSABLE:
            raise _unprocessable(path, vi, en) from None
        raise _invalid(f"'{_path(path)}' {vi}", f"'{_path(path)}' {en}") from None


def field_path(
    body: Any, loc: tuple[str | int, ...] | list[str | int], *, keep_last: bool = False
) -> tuple[str | int, ...]:
    """Pydantic's ``loc`` cut to the field names and indexes that are in ``body``: its own parts
    (``constrained-str``, ``function-after[…]``, a union member's tag) are dropped. A missing
    field is not in the body, so ``keep_last`` keeps the name it reports."""
    path: list[str | int] = []
    value = body
    for position, part in enumerate(loc):
        in_dict = isinstance(value, dict) and isinstance(part, str) and part in value
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if in_dict or in_list:
            value = value[part]
        elif not (keep_last and position == len(loc) - 1 and isinstance(value, dict)):
            continue
        path.append(part)
    return tuple(path)


# A kind of JSON value, as pydantic's ``*_type`` errors name it: (Vietnamese, English).
_KINDS = {
    "string_type": ("chuỗi ký tự", "a string"),
    "int_type": ("số nguyên", "an integer"),
    "float_type": ("số", "a number"),
    "bool_type": ("true/false", "true/false"),
    "none_type": ("null", "null"),
    "none_required": ("null", "null"),
    "dict_type": ("đối tượng", "an object"),
    "model_type": ("đối tượng", "an object"),
    "model_attributes_type": ("đối tượng", "an object"),
    "list_type": ("danh sách", "a list"),
}


def _either(words: list[str], last: str) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


def describe_problem(problem: Any, tried: list[Any] | None = None) -> tuple[str, str]:
    """What pydantic found wrong, as a short (Vietnamese, English) phrase to follow the field's
    name; never the value itself."""
    kind, ctx = problem["type"], problem.get("ctx") or {}
    kinds = [p["type"] for p in tried or [] if p["type"] in _KINDS]
    if len(kinds) > 1 and len(kinds) == len(tried or []):
        names = list(dict.fromkeys(_KINDS[k] for k in kinds))
        return (
            "phải là " + _either([vi for vi, _ in names], "hoặc"),
            "must be " + _either([en for _, en in names], "or"),
        )
    if kind in _KINDS:
        vi, en = _KINDS[kind]
        return f"phải là {vi}", f"must be {en}"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", ""))
        allowed = re.findall(r"'([^']*)'", expected) or [
            word.strip() for word in expected.split(",") if word.strip()
        ]
        listed = ", ".join(allowed)
        return f"phải là một trong: {listed}", f"must be one of: {listed}"
    phrases = {
        "missing": ("bị thiếu", "is missing"),
        "extra_forbidden": ("là trường không được phép", "is not an allowed field"),
        "string_pattern_mismatch": (
            f"không đúng mẫu {str(ctx.get('pattern', '')).strip('^$')}",
            f"does not match the pattern {str(ctx.get('pattern', '')).strip('^$')}",
        ),
        "string_too_short": (
            f"phải có ít nhất {ctx.get('min_length')} ký tự",
            f"must have at least {ctx.get('min_length')} character(s)",
        ),
        "string_too_long": (
            f"dài quá {ctx.get('max_length')} ký tự",
            f"is longer than {ctx.get('max_length')} characters",
        ),
        "too_short": (
            f"phải có ít nhất {ctx.get('min_length')} phần tử",
            f"must have at least {ctx.get('min_length')} item(s)",
        ),
        "too_long": (
            f"có quá {ctx.get('max_length')} phần tử",
            f"has more than {ctx.get('max_length')} items",
        ),
        "greater_than_equal": (f"phải từ {ctx.get('ge')} trở lên", f"must be ≥ {ctx.get('ge')}"),
        "greater_than": (f"phải lớn hơn {ctx.get('gt')}", f"must be > {ctx.get('gt')}"),
        "less_than_equal": (f"phải từ {ctx.get('le')} trở xuống", f"must be ≤ {ctx.get('le')}"),
        "less_than": (f"phải nhỏ hơn {ctx.get('lt')}", f"must be < {ctx.get('lt')}"),
        "too_big": ("quá lớn", "is too big"),
        "too_small": ("quá nhỏ", "is too small"),
        "finite_number": ("phải là số hữu hạn", "must be a finite number"),
        "string_unicode": ("chứa ký tự Unicode không hợp lệ", "is not valid Unicode"),
    }
    if kind in phrases:
        return phrases[kind]
    if kind == "value_error" and "Unicode" in str(problem.get("msg", "")):
        return "chứa ký tự Unicode không hợp lệ", "is not valid Unicode"
    return "có giá trị không hợp lệ", "has a value the server does not accept"


def check_school(body: dict[str, Any], school_code: str) -> None:
    if body.get("school_code") != school_code:
        raise Forbidden(
            f"Tài khoản của trường {school_code} không được gửi dữ liệu của trường khác. / "
            "This token may only send its own school's data.",
            code="wrong_school",
        )


def receive(
    conn: Connection, school_code: str, key: str, body: dict[str, Any], *, source: str
) -> Received:
    """Store one validated body in the caller's write transaction (or find it stored already)."""
    check_key(key)
    validate_body(body)
    check_school(body, school_code)
    minimised = [minimise_change(change) for change in body["changes"]]
    changes = [change for change, _ in minimised]
    fingerprint = body_fingerprint({**body, "changes": changes})
    # A submission stored before the server minimised was bound to the body exactly as sent.
    fingerprints = {fingerprint, body_fingerprint(body)}
    seen = conn.execute(
        "SELECT seq, fingerprint, response FROM submissions "
        "WHERE school_code = ? AND idempotency_key = ?",
        (school_code, key),
    ).fetchone()
    if seen is not None:
        if seen["fingerprint"] not in fingerprints:
            raise KeyReused(
                "Idempotency-Key này đã được dùng cho một lượt gửi khác. / This Idempotency-Key "
                "was already used for a different submission.",
                code="idempotency_key_reused",
            )
        return Received(json.loads(seen["response"]), seen["seq"], new=False)
    submission_id = body["submission_id"]
    # A submission id names a submission within its school only: another school's ids are
    # neither in the way nor visible.
    same_id = conn.execute(
        "SELECT seq, fingerprint, response FROM submissions"
        " WHERE school_code = ? AND submission_id = ?",
        (school_code, submission_id),
    ).fetchone()
    if same_id is not None:
        if same_id["fingerprint"] in fingerprints:
            return Received(json.loads(same_id["response"]), same_id["seq"], new=False)
        raise Conflict(
            f"Mã lượt gửi {submission_id} đã được dùng cho một lượt gửi khác của trường. / This "
            "submission_id already names a different submission of this school.",
            code="submission_id_conflict",
        )
    if not school_exists(conn, school_code):
        raise NotFound(
            f"Trường {school_code} chưa có trên máy chủ. / School {school_code} is unknown.",
            code="school_unknown",
        )
    answer = {"submission_id": submission_id, "status": "received"}
    seq = conn.execute(
        "INSERT INTO submissions (submission_id, school_code, idempotency_key, fingerprint,"
        " client_id, created_at, received_at, source, response)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        (
            submission_id, school_code, key, fingerprint, body["client_id"], body["created_at"],
            utc_now(), source, json.dumps(answer),
        ),
    ).fetchone()["seq"]  # fmt: skip
    conn.executemany(
        "INSERT INTO submission_changes (submission_seq, position, change_id, change)"
        " VALUES (?, ?, ?, ?)",
        (
            (seq, position, change["change_id"], canonical_json(change).decode())
            for position, change in enumerate(changes)
        ),
    )
    dropped = sum(count for _, count in minimised)
    refused = sum(REFUSED_FIELDS in change for change in changes)
    if dropped or refused:  # counts only: never a value, never a field of a child
        log.info(
            "submission %s: %d field value(s) kept at the school were not stored; %d change(s)"
            " carry fields not allowed", submission_id, dropped, refused,
        )  # fmt: skip
    return Received(answer, seq, new=True)


def submission_status(store: Store, submission_id: str, school_code: str) -> dict[str, Any]:
    with store.snapshot() as conn:
        # Another school's submission is answered exactly as one that does not exist: which
        # ids exist elsewhere is nobody's business.
        row = conn.execute(
            "SELECT seq, status FROM submissions WHERE school_code = ? AND submission_id = ?",
            (school_code, submission_id),
        ).fetchone()
        if row is None:
            raise NotFound(
                f"Không có lượt gửi {submission_id}. / Unknown submission.",
                code="submission_unknown",
            )
        results = [
            {"change_id": r["change_id"], "status": r["status"], "code": r["code"],
             "message": r["message"]}
            for r in conn.execute(
                "SELECT change_id, status, code, message FROM results "
                "WHERE submission_seq = ? ORDER BY position",
                (row["seq"],),
            )
        ]  # fmt: skip
    return {"submission_id": submission_id, "status": row["status"], "results": results}
