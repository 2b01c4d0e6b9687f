"""The console's pages under ``/console/``: server-rendered HTML (Jinja2), one vendored script.

Only the session cookie (``sessions.COOKIE``) opens a page; every POST carries the session's CSRF
token; every answer carries the headers of :data:`SECURITY_HEADERS` (:class:`ConsoleHeaders`).
The data layer's errors (``sync.server.errors``, Vietnamese) are shown on the page with their
status, never a traceback. Out-of-scope schools answer exactly as unknown ones (404).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from desktop_app.core.rules.programme import Category
from desktop_app.core.rules.vaccinations import COVERAGE_DOSES
from desktop_app.core.templates.spec import load_codelists
from desktop_app.core.text import search_key
from sync.server import audit
from sync.server.audit import Actor
from sync.server.console import (
    board,
    deadlines,
    figures,
    labels,
    report_excel,
    report_pdf,
    reports,
    review,
    scope,
    sessions,
)
from sync.server.console.model import BoardRow, StudentNeed, Viewer
from sync.server.console.vaccination_board import GradeCounts
from sync.server.errors import Forbidden, NotFound, RateLimited, ServerError
from sync.server.login_guard import LoginGuard
from sync.server.store import Store

PREFIX = "/console"
HERE = Path(__file__).resolve().parent
STATIC = {"console.css": "text/css; charset=utf-8",
          "console.js": "text/javascript; charset=utf-8", "favicon.svg": "image/svg+xml"}  # fmt: skip
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
}
AUDIT_ROLES = ("admin", "statistician")
AUDIT_PAGE = 50
LOOPBACK = ("127.0.0.1", "::1")
LEVELS = ("TH", "THCS", "THPT")
STATE_NAMES = {"waiting": "Chờ duyệt", "reopened": "Trường đã sửa — chờ duyệt lại",
               "approved": "Đã duyệt", "returned": "Đã trả lại"}  # fmt: skip
REPORT_NAMES = {
    "needs": "Tổng hợp nhu cầu thiết bị (mẫu 4.8.2)",
    "receipts": "Thiết bị đã nhận theo nguồn và nhà tài trợ",
    "progress": "Tiến độ bàn giao (hạn 5 ngày và 7 ngày)",
    "vaccinations": "Tiêm vắc-xin theo trường và mũi tiêm (mục 4.9)",
}
# Who sees the schools' vaccination figures (counts only, never a child): school health, the
# statisticians who make every consolidated report, and the administrators. Reviewers decide
# device needs and have no need of health data (data minimisation, Decree 13/2023).
VACCINATION_ROLES = ("health", "statistician", "admin")
ROLE_REPORTS = {"vaccinations": VACCINATION_ROLES}
ROLE_NAMES = {"reviewer": "Người duyệt", "statistician": "Thống kê",
              "health": "Y tế trường học", "admin": "Quản trị"}  # fmt: skip
DEADLINE_NAMES = {"district_report": "Bàn giao và báo cáo Phòng (5 ngày)",
                  "department_report": "Báo cáo Sở (7 ngày)"}  # fmt: skip
BOARD_SORTS: dict[str, Callable[[BoardRow], Any]] = {
    "code": lambda r: r.code,
    "name": lambda r: search_key(r.name),
    "level": lambda r: r.level or "",
    "last_sync": lambda r: r.last_sync_at or "",
    "needs": lambda r: r.needs,
    "approved": lambda r: r.approved,
    "returned": lambda r: r.returned,
    "waiting": lambda r: r.waiting,
    "devices": lambda r: r.devices,
    "handed_over": lambda r: r.handed_over,
}
DONE_MESSAGES = {
    "approve": "Đã duyệt {n} học sinh.",
    "return": "Đã trả lại {n} học sinh.",
    "lock": "Đã chốt duyệt đợt {round}.",
}


@dataclass(frozen=True)
class ConsoleSettings:
    idle: float = sessions.IDLE_TIMEOUT
    absolute: float = sessions.ABSOLUTE_TIMEOUT


class ConsoleHeaders:
    """ASGI middleware: the security headers on every answer under ``/console``."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PREFIX):
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {bytes(k).lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                # The page's own time on the server (queries and template), for the benchmark
                # and the browser's developer tools; no figure about the data.
                spent = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={spent:.1f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["day"] = format_day
    env.filters["local_time"] = local_time
    env.filters["action_label"] = labels.action_label
    env.filters["outcome_label"] = labels.outcome_label
    env.filters["actor_kind"] = lambda kind: labels.ACTOR_KINDS.get(kind, kind)
    env.filters["number"] = lambda n: f"{n:,}".replace(",", ".") if isinstance(n, int) else n
    env.globals["STATE_NAMES"] = STATE_NAMES
    env.globals["ROLE_NAMES"] = ROLE_NAMES
    env.globals["REPORT_NAMES"] = REPORT_NAMES
    env.globals["DEADLINE_NAMES"] = DEADLINE_NAMES
    env.globals["category_name"] = category_name
    env.globals["device_name"] = device_name
    env.globals["VACCINATION_ROLES"] = VACCINATION_ROLES
    env.globals["COVERAGE_DOSES"] = COVERAGE_DOSES
    env.globals["grade_label"] = reports.grade_label
    env.globals["coverage_texts"] = coverage_texts
    return env


def format_day(value: date | str | None) -> str:
    """dd/mm/yyyy, from a date or an ISO date/time text; "" when empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


def local_time(stamp: str | None) -> str:
    """A UTC ISO stamp as the server's local dd/mm/yyyy HH:MM."""
    if not stamp:
        return ""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%d/%m/%Y %H:%M")


def category_name(value: int | None) -> str:
    if value is None:
        return ""
    try:
        return Category(value).label.text("vi")
    except ValueError:
        return str(value)


def device_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(load_codelists()["device_type_student"].display(code, "vi"))
    except (KeyError, ValueError):
        return code


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _secure(request: Request) -> bool:
    """Came over TLS: directly, or through a reverse proxy on this machine that says so."""
    if request.url.scheme == "https":
        return True
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return proto == "https" and _client(request) in LOOPBACK


def _audit_rows(
    store: Store, viewer: Viewer, action: str | None, page: int
) -> tuple[list[dict[str, Any]], int, list[str]]:
    """The unit's audit rows (a province: its own and its districts'), newest first."""
    where = "(unit_code = ? OR unit_code IN (SELECT code FROM units WHERE parent_code = ?))"
    params: list[Any] = [viewer.unit_code, viewer.unit_code]
    with store.connect() as conn:
        actions = [r["action"] for r in conn.execute(
            f"SELECT DISTINCT action FROM audit WHERE {where} ORDER BY action", params
        ).fetchall()]  # fmt: skip
        if action:
            where += " AND action = ?"
            params.append(action)
        total = conn.execute(f"SELECT count(*) FROM audit WHERE {where}", params).fetchone()[0]
        rows = conn.execute(
            f"SELECT {', '.join(audit.COLUMNS)} FROM audit WHERE {where}"
            " ORDER BY seq DESC LIMIT ? OFFSET ?",
            (*params, AUDIT_PAGE, (page - 1) * AUDIT_PAGE),
        ).fetchall()
    return [{k: r[k] for k in audit.COLUMNS} for r in rows], int(total), actions


def board_rows(
    rows: Sequence[BoardRow], *, today: date, level: str = "", status: str = "", q: str = "",
    sort: str = "code", descending: bool = False,
) -> list[BoardRow]:  # fmt: skip
    """The board's rows filtered (level, status, a search without diacritics: every word of it
    in the code or the name) and sorted."""
    wanted = search_key(q.strip()) if q.strip() else ""
    chosen = []
    for row in rows:
        if level and row.level != level:
            continue
        if status == "waiting" and row.waiting <= 0:
            continue
        if status == "overdue" and not (row.handover_overdue(today) or row.updates_late):
            continue
        if wanted:  # every word of the search, in the code or the name ("truong le loi")
            text = f"{search_key(row.code)} {search_key(row.name)}"
            if not all(word in text for word in wanted.split()):
                continue
        chosen.append(row)
    key = BOARD_SORTS.get(sort, BOARD_SORTS["code"])
    return sorted(chosen, key=lambda r: (key(r), r.code), reverse=descending)


def console_router(store: Store, guard: LoginGuard, settings: Any = None) -> APIRouter:
    """The console's routes (kept out of the OpenAPI document). ``settings`` may carry
    ``console_idle`` / ``console_absolute`` (seconds)."""
    idle = float(getattr(settings, "console_idle", sessions.IDLE_TIMEOUT))
    absolute = float(getattr(settings, "console_absolute", sessions.ABSOLUTE_TIMEOUT))
    env = _environment()
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    def page(
        request: Request, template: str, status: int = 200, *,
        headers: dict[str, str] | None = None, **context: Any,
    ) -> HTMLResponse:  # fmt: skip
        text = env.get_template(template).render(request=request, prefix=PREFIX, **context)
        return HTMLResponse(text, status, headers=headers)

    def error_page(
        request: Request, exc: ServerError, who: Viewer | None = None,
        csrf: str | None = None,
    ) -> HTMLResponse:  # fmt: skip
        headers = {k: v for k, v in exc.headers.items() if k.lower() == "retry-after"}
        return page(request, "error.html", exc.status, headers=headers, viewer=who, csrf=csrf,
                    message=labels.vietnamese(exc.message), status_code=exc.status)  # fmt: skip

    def to_login(request: Request) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"{PREFIX}/login?next={quote(target, safe='')}", 303)

    def current(request: Request) -> tuple[sessions.ConsoleSession, Viewer] | None:
        found = sessions.find(
            store, request.cookies.get(sessions.COOKIE), idle=idle, absolute=absolute
        )
        if found is None:
            return None
        try:
            with store.connect() as conn:
                viewer = scope.load_viewer(conn, found.username)
        except ServerError:
            return None
        return found, viewer

    async def form_of(request: Request) -> dict[str, Any]:
        """The posted form; a form posted from another site (its Origin another host) is
        read without its CSRF field, so it is refused like a forged one."""
        form = await request.form()
        fields: dict[str, Any] = {"_list": form.getlist, **{k: form.get(k) for k in form}}
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
            fields.pop("csrf", None)
            fields["_foreign"] = True
        return fields

    async def posted(
        request: Request,
    ) -> tuple[sessions.ConsoleSession, Viewer, dict[str, Any]] | Response:
        """A form posted in a live session with its CSRF token: (session, viewer, form); else
        the answer to give (the login page, or 403 for a missing or wrong token)."""
        found = await run_in_threadpool(current, request)
        if found is None:
            return to_login(request)
        session, viewer = found
        form = await form_of(request)
        if not sessions.csrf_ok(session, form.get("csrf")):
            return forbidden_csrf(request, viewer)
        return session, viewer, form

    def forbidden_csrf(request: Request, who: Viewer) -> HTMLResponse:
        return error_page(request, Forbidden(
            "Phiên làm việc không hợp lệ hoặc biểu mẫu đã cũ (CSRF): hãy tải lại trang rồi làm "
            "lại. / Invalid form token.", code="csrf"), who)  # fmt: skip

    # ---- login, logout, static ---------------------------------------------------------------

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response("Không có tệp này.", 404, media_type="text/plain; charset=utf-8")
        body = (HERE / "static" / name).read_bytes()
        return Response(body, media_type=STATIC[name])

    @router.get("/login")
    def login_form(request: Request, next: str = "", out: str = "") -> Response:
        if current(request) is not None:
            return RedirectResponse(_safe_next(next), 303)
        notice = "Bạn đã đăng xuất." if out else None
        return page(request, "login.html", viewer=None, next=_safe_next(next), username="",
                    message=None, notice=notice)  # fmt: skip

    @router.post("/login")
    async def login(request: Request) -> Response:
        form = await form_of(request)
        if form.get("_foreign"):
            return page(request, "login.html", 403, viewer=None, next=PREFIX + "/", username="",
                        message="Biểu mẫu đăng nhập phải gửi từ chính trang này.")  # fmt: skip
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        target = _safe_next(str(form.get("next") or ""))
        address = _client(request)
        try:
            if not username or not password:
                raise ServerError("Hãy nhập tên đăng nhập và mật khẩu.", code="missing")
            token = await guard.admit(address, lambda: sessions.log_in(
                store, username, password, guard=guard, address=address))  # fmt: skip
        except ServerError as exc:
            status = 400 if exc.status == 500 else exc.status
            headers = {k: v for k, v in exc.headers.items() if k.lower() == "retry-after"}
            message = labels.vietnamese(exc.message)
            if isinstance(exc, RateLimited) and "Retry-After" in exc.headers:
                message = (f"Đăng nhập sai quá nhiều lần: tài khoản tạm khóa. Hãy thử lại sau "
                           f"{exc.headers['Retry-After']} giây.")  # fmt: skip
            return page(request, "login.html", status, headers=headers, viewer=None,
                        next=target, username=username, message=message)  # fmt: skip
        answer = RedirectResponse(target, 303)
        answer.set_cookie(
            sessions.COOKIE, token, httponly=True, samesite="strict", path=sessions.COOKIE_PATH,
            secure=_secure(request),
        )  # fmt: skip
        return answer

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        found = await run_in_threadpool(current, request)
        if found is None:
            return RedirectResponse(f"{PREFIX}/login", 303)
        form = await form_of(request)
        if not sessions.csrf_ok(found[0], form.get("csrf")):
            return forbidden_csrf(request, found[1])
        await run_in_threadpool(sessions.log_out, store, found[0], address=_client(request))
        answer = RedirectResponse(f"{PREFIX}/login?out=1", 303)
        answer.delete_cookie(sessions.COOKIE, path=sessions.COOKIE_PATH, httponly=True,
                             samesite="strict", secure=_secure(request))  # fmt: skip
        return answer

    # ---- the board -----------------------------------------------------------------------------

    @router.get("/")
    def schools_board(
        request: Request, level: str = "", status: str = "", q: str = "", sort: str = "code",
        dir: str = "asc",
    ) -> Response:  # fmt: skip
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        today = date.today()
        try:
            every = board.school_board(store, viewer)
        except ServerError as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        rows = board_rows(every, today=today, level=level if level in LEVELS else "",
                          status=status, q=q, sort=sort, descending=dir == "desc")  # fmt: skip
        totals = {name: sum(getattr(r, name) for r in rows) for name in
                  ("needs", "approved", "returned", "waiting", "reopened", "devices",
                   "handed_over")}  # fmt: skip
        filters = {"level": level, "status": status, "q": q}

        def sort_link(column: str) -> str:
            direction = "desc" if sort == column and dir != "desc" else "asc"
            return "?" + urlencode({**{k: v for k, v in filters.items() if v},
                                    "sort": column, "dir": direction})  # fmt: skip

        return page(request, "board.html", viewer=viewer, csrf=session.csrf_token, rows=rows,
                    total_schools=len(every), totals=totals, today=today, filters=filters,
                    sort=sort, dir=dir, sort_link=sort_link, levels=LEVELS, nav="board")  # fmt: skip

    # ---- review --------------------------------------------------------------------------------

    def review_page(
        request: Request, session: sessions.ConsoleSession, viewer: Viewer, code: str,
        survey_round: str | None, *, status: int = 200, error: str | None = None,
        notice: str | None = None, comment: str = "", selected: Sequence[str] = (),
    ) -> HTMLResponse:  # fmt: skip
        try:
            school = review.school_review(store, viewer, code, survey_round or None)
        except ServerError as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        return page(request, "review.html", status, viewer=viewer, csrf=session.csrf_token,
                    school=school, error=error, notice=notice, comment=comment,
                    selected=set(selected), nav="board", student_label=student_label)  # fmt: skip

    @router.get("/schools/{code}")
    def school_page(request: Request, code: str, round: str = "", done: str = "",
                    n: int = 0) -> Response:  # fmt: skip
        found = current(request)
        if found is None:
            return to_login(request)
        if not found[1].may_read_students:
            refused = Forbidden(
                "Trang học sinh của trường dành cho người duyệt, thống kê và quản trị; cán bộ y tế "
                "trường học xem số liệu tiêm vắc-xin. / The school's student page is for "
                "reviewers, statisticians and administrators.",
                code="role_forbidden",
            )
            return error_page(request, refused, found[1], found[0].csrf_token)
        notice = None
        if done in DONE_MESSAGES:
            notice = DONE_MESSAGES[done].format(n=n, round=round)
        return review_page(request, *found, code, round, notice=notice)

    @router.post("/schools/{code}/decisions")
    async def decisions(request: Request, code: str) -> Response:
        checked = await posted(request)
        if isinstance(checked, Response):
            return checked
        session, viewer, form = checked
        students = [str(s) for s in form["_list"]("students") if str(s).strip()]
        action = str(form.get("action") or "")
        comment = str(form.get("comment") or "").strip()
        survey_round = str(form.get("round") or "")

        def again(status: int, message: str) -> HTMLResponse:
            return review_page(request, session, viewer, code, survey_round, status=status,
                               error=message, comment=comment, selected=students)  # fmt: skip

        if action not in ("approve", "return"):
            return await run_in_threadpool(again, 400, "Hãy chọn Duyệt hoặc Trả lại.")
        if not students:
            return await run_in_threadpool(
                again, 400, "Chưa chọn học sinh nào: đánh dấu ô ở đầu dòng (phím x)."
            )
        if action == "return" and not comment:
            return await run_in_threadpool(
                again, 400, "Trả lại cần ghi lý do (ô Nhận xét) để trường biết cần sửa gì."
            )
        try:
            count = await run_in_threadpool(lambda: review.decide(
                store, viewer, code, students, approve=action == "approve",
                comment=comment or None, address=_client(request),
                survey_round=survey_round or None))  # fmt: skip
        except NotFound as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        except ServerError as exc:
            return await run_in_threadpool(again, exc.status, labels.vietnamese(exc.message))
        query = urlencode({"round": survey_round, "done": action, "n": count})
        return RedirectResponse(f"{PREFIX}/schools/{quote(code)}?{query}", 303)

    @router.post("/schools/{code}/lock")
    async def lock(request: Request, code: str) -> Response:
        checked = await posted(request)
        if isinstance(checked, Response):
            return checked
        session, viewer, form = checked
        survey_round = str(form.get("round") or "")
        try:
            await run_in_threadpool(lambda: review.lock_round(
                store, viewer, code, survey_round, address=_client(request)))  # fmt: skip
        except NotFound as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        except ServerError as exc:
            status, message = exc.status, labels.vietnamese(exc.message)
            return await run_in_threadpool(lambda: review_page(
                request, session, viewer, code, survey_round, status=status,
                error=message))  # fmt: skip
        query = urlencode({"round": survey_round, "done": "lock"})
        return RedirectResponse(f"{PREFIX}/schools/{quote(code)}?{query}", 303)

    # ---- deadlines -----------------------------------------------------------------------------

    @router.get("/deadlines")
    def deadlines_page(request: Request) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        today = date.today()
        try:
            items = deadlines.deadline_items(store, viewer, today)
        except ServerError as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        late = [i for i in items if i.state == "late"]
        soon = [i for i in items if i.state == "soon"]
        return page(request, "deadlines.html", viewer=viewer, csrf=session.csrf_token,
                    late=late, soon=soon, today=today, nav="deadlines")  # fmt: skip

    # ---- reports -------------------------------------------------------------------------------

    def kinds(viewer: Viewer) -> list[str]:
        return [k for k in reports.KINDS if viewer.role in ROLE_REPORTS.get(k, (viewer.role,))]

    @router.get("/reports")
    def reports_page(request: Request) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        return page(request, "reports.html", viewer=viewer, csrf=session.csrf_token,
                    kinds=kinds(viewer), nav="reports")  # fmt: skip

    @router.get("/reports/{name}")
    def report(request: Request, name: str) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        kind, _, suffix = name.partition(".")
        if kind in reports.KINDS and kind not in kinds(viewer):
            return error_page(request, vaccinations_forbidden(), viewer, session.csrf_token)
        if kind not in kinds(viewer) or suffix not in ("", "xlsx", "pdf"):
            return error_page(request, NotFound("Không có báo cáo này. / No such report."),
                              viewer, session.csrf_token)  # fmt: skip
        day = date.today()
        try:
            document = reports.build_report(kind, store, viewer, day)
            body = b""
            if suffix == "xlsx":
                body = report_excel.workbook_bytes(document)
            elif suffix == "pdf":
                body = report_pdf.pdf_bytes(document)
        except ServerError as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        with store.transaction() as conn:
            audit.record(conn, Actor(viewer.username, "staff", viewer.unit_code),
                         "report.print" if not suffix else "report.export",
                         target=kind, unit_code=viewer.unit_code, outcome=suffix or "html",
                         address=_client(request))  # fmt: skip
        if not suffix:
            return page(request, "report.html", viewer=viewer, csrf=session.csrf_token,
                        doc=document, kind=kind, nav="reports")  # fmt: skip
        filename = f"bao-cao-{kind}-{viewer.unit_code}-{day.isoformat()}.{suffix}"
        media = ("application/pdf" if suffix == "pdf" else
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
        return Response(body, media_type=media, headers={
            "content-disposition": f'attachment; filename="{filename}"'})  # fmt: skip

    # ---- vaccinations (CSDL 4.9) ---------------------------------------------------------------

    def vaccinations_forbidden() -> Forbidden:
        return Forbidden(
            "Số liệu tiêm vắc-xin chỉ dành cho cán bộ y tế trường học, thống kê và quản trị. / "
            "Vaccination figures are for school health staff, statisticians and administrators.",
            code="role_forbidden",
        )

    @router.get("/vaccinations")
    def vaccinations_page(request: Request) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        if viewer.role not in VACCINATION_ROLES:
            return error_page(request, vaccinations_forbidden(), viewer, session.csrf_token)
        try:
            schools = figures.vaccination_schools(store, viewer)
        except ServerError as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        total = GradeCounts()
        for school in schools:
            total.merge(school.counts)
        rows = [(school, coverage_texts(school.counts)) for school in schools]
        return page(request, "vaccinations.html", viewer=viewer, csrf=session.csrf_token,
                    schools=rows, total=total, today=date.today(),
                    nav="vaccinations")  # fmt: skip

    @router.get("/vaccinations/{code}")
    def vaccination_school_page(request: Request, code: str) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        if viewer.role not in VACCINATION_ROLES:
            return error_page(request, vaccinations_forbidden(), viewer, session.csrf_token)
        try:
            school = figures.vaccination_school(store, viewer, code)
        except ServerError as exc:
            return error_page(request, exc, viewer, session.csrf_token)
        return page(request, "vaccination_school.html", viewer=viewer, csrf=session.csrf_token,
                    school=school, today=date.today(), nav="vaccinations")  # fmt: skip

    # ---- audit ---------------------------------------------------------------------------------

    @router.get("/audit")
    def audit_page(request: Request, action: str = "", page_number: int = 1) -> Response:
        found = current(request)
        if found is None:
            return to_login(request)
        session, viewer = found
        if viewer.role not in AUDIT_ROLES:
            return error_page(request, Forbidden(
                "Nhật ký chỉ dành cho cán bộ thống kê và quản trị. / The audit trail is for "
                "statisticians and administrators."), viewer, session.csrf_token)  # fmt: skip
        number = max(1, page_number)
        rows, total, actions = _audit_rows(store, viewer, action or None, number)
        pages = max(1, math.ceil(total / AUDIT_PAGE))

        def page_link(to: int) -> str:
            return "?" + urlencode({**({"action": action} if action else {}), "page_number": to})

        return page(request, "audit.html", viewer=viewer, csrf=session.csrf_token, rows=rows,
                    total=total, actions=actions, action=action, page_number=number,
                    pages=pages, page_link=page_link, nav="audit")  # fmt: skip

    return router


def coverage_texts(counts: GradeCounts) -> tuple[str, ...]:
    """A coverage row's cells as the page writes them (the report's, numbers with a dot every
    three digits), written out here: a province's thousand rows render fast."""
    return tuple(f"{v:,}".replace(",", ".") if isinstance(v, int) else v
                 for v in reports.coverage_cells(counts))  # fmt: skip


def student_label(student: StudentNeed) -> str:
    return student.full_name or "(chưa có đồng ý của phụ huynh)"


def _safe_next(target: str) -> str:
    """Only a console path (never another site) after the login."""
    if target.startswith(PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return PREFIX + "/"
