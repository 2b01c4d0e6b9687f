"""The reference receiving server: the HTTP face of ``sync.protocol`` (FastAPI).

``create_app(store)`` builds it; ``songmay-server serve`` runs it with uvicorn. Its lifespan brings
the database schema up to date and runs the worker that applies submissions in the background.

(No ``from __future__ import annotations`` here: FastAPI reads the routes' annotations at run
time, and they name objects local to ``create_app``.)
"""

import logging
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from sync import protocol
from sync.server import accounts, auth, district, keys, ops, schemas
from sync.server.errors import BadRequest, RateLimited, ServerError
from sync.server.login_guard import (
    ADDRESS_FAILURES,
    HASH_QUEUE,
    HASH_WORKERS,
    REFUSAL_HOLD,
    LoginGuard,
)
from sync.server.processing import Worker
from sync.server.store import IntegrityError, OperationalError, Store, is_busy
from sync.server.submissions import (
    ID_PATTERN,
    INT64_MAX,
    check_key,
    decode_body,
    describe_problem,
    receive,
    submission_status,
    too_large,
)

TITLE = "Sóng và máy tính cho em — sync API"
API_VERSION = "1.0.0"
HEALTH_PATH = f"{protocol.API}/health"
STAFF_TOKEN_PATH = f"{protocol.API}/auth/staff-token"
STAFF_ME_PATH = f"{protocol.API}/staff/me"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerSettings:
    token_ttl: int = auth.DEFAULT_TOKEN_TTL
    rate_limit: int = 0  # submissions per minute and school; 0 = no limit
    process: bool = True  # run the background worker
    apply_delay: float = 0.0  # tests only: see processing.process_submission
    workers: int = 0  # threads applying submissions; 0 = 1 on SQLite, 4 on PostgreSQL
    metrics_from: tuple[str, ...] = ops.LOOPBACK  # who may read GET /metrics (CIDR)
    login_address_limit: int = ADDRESS_FAILURES  # failed logins per address before a lock; 0 = off
    login_workers: int = HASH_WORKERS  # threads checking passwords
    login_queue: int = HASH_QUEUE  # logins waiting for them; more get 503 at once
    login_refusal_hold: float = REFUSAL_HOLD  # seconds before a refused login's 429/503
    console_idle: float = 30 * 60  # a console session unused this long ends (seconds)
    console_absolute: float = 12 * 3600  # and any console session this long after its login


class RateLimiter:
    """At most ``per_minute`` requests per key in any 60 s; the rest get 429 with Retry-After."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        if self.per_minute <= 0:
            return
        now = self.clock()
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - 60:
                seen.popleft()
            if len(seen) >= self.per_minute:
                wait = max(1, math.ceil(seen[0] + 60 - now))
                raise RateLimited(
                    f"Máy chủ đang nhận quá nhiều lượt gửi từ trường này; hãy thử lại sau {wait} "
                    f"giây. / Too many submissions; retry after {wait} s.",
                    headers={"Retry-After": str(wait)},
                )
            seen.append(now)


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status, headers=headers)


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": schemas.ErrorBody} for status in statuses}


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


def create_app(store: Store, settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()
    worker = Worker(store, apply_delay=settings.apply_delay, threads=settings.workers)
    limiter = RateLimiter(settings.rate_limit)
    metrics = ops.Metrics()
    metrics_from = ops.networks(settings.metrics_from)
    guard = LoginGuard(
        address_failures=settings.login_address_limit, workers=settings.login_workers,
        queue=settings.login_queue, hold=settings.login_refusal_hold,
    )  # fmt: skip

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(store.initialize)
        if settings.process:
            worker.start()
            log.info("processing worker started")
        try:
            yield
        finally:
            await run_in_threadpool(worker.stop)
            store.close()
            log.info("processing worker stopped")
            guard.shutdown()

    app = FastAPI(
        title=TITLE,
        version=API_VERSION,
        description=(
            "Protocol v1 of the school app's sync (sync/protocol.py, docs SYNC.md). A school's "
            "token reads and writes only that school's data. Errors are "
            '`{"error": {"code", "message"}}`.'
        ),
        lifespan=lifespan,
    )
    app.add_middleware(ops.Observe, metrics=metrics)
    bearer = HTTPBearer(auto_error=False, description="From POST /api/v1/auth/token.")

    def session(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> auth.Session:
        return auth.authenticate(store, credentials.credentials if credentials else None)

    Authenticated = Annotated[auth.Session, Depends(session)]

    def staff_session(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> accounts.StaffSession:
        return accounts.authenticate_staff(store, credentials.credentials if credentials else None)

    Staff = Annotated[accounts.StaffSession, Depends(staff_session)]

    @app.exception_handler(ServerError)
    async def server_error(request: Request, exc: ServerError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = exc.errors()
        for problem in problems:
            where = tuple(problem.get("loc", ()))[:2]
            if where == ("header", protocol.IDEMPOTENCY_HEADER):
                try:
                    check_key(problem.get("input"))
                except BadRequest as bad:
                    return _error(400, bad.code, bad.message)
            if where == ("body", "public_key"):  # the key's own stable code, as before
                try:
                    keys.check_public_key(str(problem.get("input")))
                except BadRequest as bad:
                    return _error(400, bad.code, bad.message)
        said = []  # (vi, en) per problem, the field named as the client wrote it
        for problem in problems:
            field = ".".join(
                str(part) for part in problem.get("loc", ())
                if isinstance(part, int) or ("[" not in part and part != "constrained-str")
            )  # fmt: skip
            vi, en = describe_problem(problem)
            said.append((f"'{field}' {vi}", f"'{field}' {en}"))
        return _error(
            400, "malformed",
            f"Yêu cầu sai định dạng: {'; '.join(v for v, _ in said)}. / Malformed request: "
            f"{'; '.join(e for _, e in said)}.",
        )  # fmt: skip

    async def store_error(request: Request, exc: Exception) -> JSONResponse:
        if is_busy(exc):
            # Locked past busy_timeout (a long import beside the server), or a conflict on
            # PostgreSQL: nothing was written.
            return _error(
                503, "store_busy", "Máy chủ đang bận, hãy thử lại sau. / The server is busy; "
                "retry later.", {"Retry-After": "5"},
            )  # fmt: skip
        log.error("database error", exc_info=exc)
        return _error(500, "internal_error", "Lỗi máy chủ. / Internal server error.")

    for kind in OperationalError:  # whatever the database
        app.add_exception_handler(kind, store_error)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return _error(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.get(HEALTH_PATH, response_model=schemas.Health, tags=["server"])
    async def health() -> dict[str, str]:
        """Up and answering (no login needed). On the event loop itself: never waits behind
        the threads that logins and database work use."""
        return {"status": "ok"}

    @app.get(ops.METRICS_PATH, include_in_schema=False)
    def metrics_text(request: Request) -> Response:
        """Prometheus text; to the allowed addresses only (others: 404, as if it did not exist)."""
        if not ops.allowed(request.client.host if request.client else None, metrics_from):
            return _error(404, "not_found", "Not Found")
        text = ops.render_metrics(store, metrics)
        return PlainTextResponse(text, media_type="text/plain; version=0.0.4; charset=utf-8")

    @app.post(
        protocol.TOKEN_PATH, response_model=schemas.TokenResponse, tags=["auth"],
        responses=_errors(400, 401, 403, 429, 503),
    )  # fmt: skip
    async def token(body: schemas.TokenRequest, request: Request) -> dict[str, Any]:
        """Log in with the school's account; a wrong school, user or password all get the same
        401 ``invalid_credentials``. Too many failures lock the account (and the client's
        address) for a while: 429 ``login_locked`` with ``Retry-After``, even for the right
        password; 503 ``login_busy`` when too many logins are being checked at once."""
        address = request.client.host if request.client else None
        issued = await guard.admit(address, lambda: auth.login(
            store, body.school_code, body.username, body.password, ttl=settings.token_ttl,
            guard=guard, address=address,
        ))  # fmt: skip
        return {"access_token": issued.access_token, "token_type": "bearer",
                "expires_at": issued.expires_at, "expires_in": issued.expires_in}  # fmt: skip

    @app.post(
        STAFF_TOKEN_PATH, response_model=schemas.StaffTokenResponse, tags=["auth"],
        responses=_errors(400, 401, 403, 429, 503),
    )  # fmt: skip
    async def staff_token(body: schemas.StaffTokenRequest, request: Request) -> dict[str, Any]:
        """Log in with a district/province staff account; its token is for the staff endpoints
        only (never accepted by a school's). The same lockouts as a school's login."""
        address = request.client.host if request.client else None
        issued, who = await guard.admit(address, lambda: accounts.staff_login(
            store, body.username, body.password, ttl=settings.token_ttl, guard=guard,
            address=address,
        ))  # fmt: skip
        return {"access_token": issued.access_token, "token_type": "bearer",
                "expires_at": issued.expires_at, "expires_in": issued.expires_in,
                "staff": _staff(who)}  # fmt: skip

    @app.get(
        STAFF_ME_PATH, response_model=schemas.StaffSession, tags=["staff"],
        responses=_errors(401),
    )  # fmt: skip
    def staff_me(who: Staff) -> dict[str, Any]:
        """The staff account a staff token speaks for: role, unit, level."""
        return _staff(who)

    @app.get(protocol.SERVER_KEY_PATH, response_model=schemas.ServerKey, tags=["keys"])
    def server_key() -> dict[str, str]:
        """The key USB packages are encrypted to (no login needed: it is public)."""
        return keys.server_public_key(store).as_dict()

    @app.post(
        protocol.KEYS_PATH, response_model=schemas.KeyRegistered, tags=["keys"],
        responses=_errors(400, 401),
    )  # fmt: skip
    def register_key(body: schemas.KeyRegistration, who: Authenticated) -> dict[str, object]:
        """Register the school's key that signs its USB packages; it replaces the school's
        previous key. Every registration is kept and logged."""
        return keys.register_school_key(
            store, who.school_code, body.public_key, client_id=body.client_id, source="login",
            registered_by=who.username,
        ).as_dict()  # fmt: skip

    @app.post(
        protocol.SUBMISSIONS_PATH, status_code=202, response_model=schemas.SubmissionAccepted,
        tags=["submissions"], responses=_errors(400, 401, 403, 409, 413, 422, 429, 503),
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/SubmissionBody"}}}}},
    )  # fmt: skip
    async def submit(
        request: Request,
        who: Authenticated,
        idempotency_key: Annotated[
            str,
            Header(alias=protocol.IDEMPOTENCY_HEADER, max_length=protocol.MAX_KEY_LENGTH,
                   pattern=ID_PATTERN, description=schemas.IDEMPOTENCY_KEY_DOC),
        ],
    ) -> Any:  # fmt: skip
        """Receive a submission (JSON, or gzip with ``Content-Encoding: gzip``). It is stored
        before the 202; the worker applies it — poll ``GET /submissions/{id}``. The same key and
        body again: the same answer, applied once; the same key with another body: 422; a
        ``submission_id`` this school already used for another body: 409 (ids are per school)."""
        limiter.check(who.school_code)
        raw = await _read_limited(request)
        # Inflating, parsing and checking up to 8 MB: off the event loop, like the database.
        body = await run_in_threadpool(decode_body, raw, request.headers.get("content-encoding"))

        def store_it() -> dict[str, Any]:
            try:
                with store.transaction() as conn:
                    received = receive(conn, who.school_code, idempotency_key, body, source="http")
            except IntegrityError:  # the same upload at the same moment (PostgreSQL): it is in
                with store.transaction() as conn:
                    received = receive(conn, who.school_code, idempotency_key, body, source="http")
            if received.new:
                worker.wake()
            return received.answer

        return await run_in_threadpool(store_it)

    @app.get(
        f"{protocol.SUBMISSIONS_PATH}/{{submission_id}}", response_model=schemas.SubmissionStatus,
        tags=["submissions"], responses=_errors(400, 401, 404),
    )  # fmt: skip
    def submission(
        submission_id: Annotated[str, Path(pattern=ID_PATTERN)], who: Authenticated
    ) -> dict[str, Any]:
        """Where a submission is, and once ``done`` the result of each change, in order. Ids are
        the school's own: another school's id is answered 404, like one that does not exist."""
        return submission_status(store, submission_id, who.school_code)

    @app.get(
        protocol.FEEDBACK_PATH, response_model=schemas.Feedback, tags=["feedback"],
        responses=_errors(400, 401),
    )  # fmt: skip
    def feedback(
        who: Authenticated,
        since: Annotated[
            int, Query(ge=0, le=INT64_MAX, description="The last cursor seen (0: all).")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=district.FEEDBACK_PAGE)] = district.FEEDBACK_PAGE,
    ) -> dict[str, Any]:
        """The district's review decisions for this school after ``since``, oldest first."""
        return district.feedback(store, who.school_code, since, limit)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            models = schemas.SubmissionBody.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            components = document.setdefault("components", {}).setdefault("schemas", {})
            components.update(models.pop("$defs", {}))
            components["SubmissionBody"] = models
            components.update(_record_schemas())
            # FastAPI documents its own 422 for bad parameters; this server answers 400 instead.
            for operations in document["paths"].values():
                for operation in operations.values():
                    answers = operation.get("responses", {})
                    if "HTTPValidationError" in str(answers.get("422")):
                        del answers["422"]
            for name in ("HTTPValidationError", "ValidationError"):
                components.pop(name, None)
            document["components"]["schemas"] = dict(sorted(components.items()))
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    # The district console (/console/, HTML pages; not in the OpenAPI document).
    from sync.server.console.routes import ConsoleHeaders, console_router

    app.include_router(console_router(store, guard, settings))
    app.add_middleware(ConsoleHeaders)
    return app


def _staff(who: accounts.StaffSession) -> dict[str, Any]:
    return {"username": who.username, "role": who.role, "unit": who.unit_code, "level": who.level}


def _record_schemas() -> dict[str, Any]:
    """Each entity's ``data``: the fields the district may receive (``sync.protocol``)."""
    result: dict[str, Any] = {}
    for entity, fields in protocol.SENT_FIELDS.items():
        schema: dict[str, Any] = {
            "type": "object",
            "title": protocol.record_schema_name(entity),
            "description": (
                f"The data of a '{entity}' change: only these fields. Fields the school keeps "
                "(x-school-only-fields) are dropped and not stored; any other field makes the "
                "change rejected (field_not_allowed)."
            ),
            "properties": {name: {} for name in fields},
            "additionalProperties": False,
            "x-school-only-fields": list(protocol.SCHOOL_ONLY_FIELDS[entity]),
        }
        if entity == "student":
            schema["description"] += (
                " Without recorded consent (consent_date empty) only x-without-consent is kept:"
                " no name, no birth date."
            )
            schema["x-without-consent"] = list(protocol.STUDENT_WITHOUT_CONSENT)
        result[protocol.record_schema_name(entity)] = schema
    return result


async def _read_limited(request: Request) -> bytes:
    """The raw body, refused (413) as soon as it passes the limit — never read whole first."""
    limit = protocol.SERVER_MAX_BYTES
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)
