"""What the district's operator watches: the request log, the log file and ``GET /metrics``.

Every request is logged as one line — method, the route's *template* (``/api/v1/submissions/{id}``,
never the ids, query strings, headers or bodies), status and duration — and counted. Tokens,
passwords and children's data never reach a log line: the line is built from those four fields
only. ``/metrics`` answers in Prometheus' text format and only to the addresses allowed
(``serve --metrics-from``, loopback by default).
"""

from __future__ import annotations

import ipaddress
import logging
import logging.handlers
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync.server.store import Store

LOG_FILENAME = "server.log"
LOG_MAX_BYTES = 5 * 1024 * 1024
LOG_BACKUPS = 5
METRICS_PATH = "/metrics"
LOOPBACK = ("127.0.0.0/8", "::1/128")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TIMED_OUT = "songmay.body_timed_out"  # in a request's scope: sync.server.timeouts answered 408

requests_log = logging.getLogger("sync.server.requests")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Metrics:
    """Counters shared by the event loop and the thread pool."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, int], int] = {}
        self._seconds: dict[tuple[str, str], float] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            key = (method, route, status)
            self._requests[key] = self._requests.get(key, 0) + 1
            self._seconds[method, route] = self._seconds.get((method, route), 0.0) + seconds

    def requests(self) -> tuple[dict[tuple[str, str, int], int], dict[tuple[str, str], float]]:
        with self._lock:
            return dict(self._requests), dict(self._seconds)


class Observe:
    """ASGI middleware: one log line and one count per HTTP request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500  # an exception before any answer becomes uvicorn's 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            seconds = time.perf_counter() - began
            if scope.get(TIMED_OUT):
                status = 408
            route = route_template(scope)
            method = scope["method"] if scope["method"] in METHODS else "OTHER"  # bounded labels
            self.metrics.observe(method, route, status, seconds)
            requests_log.info("%s %s %d %.1f ms", method, route, status, seconds * 1000)


def route_template(scope: Scope) -> str:
    """The path as the app declares it (ids stay out of logs and out of the metrics' labels)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "(unmatched)"


def networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """``--metrics-from`` as networks; ValueError names the bad one."""
    return tuple(ipaddress.ip_network(spec.strip(), strict=False) for spec in specs if spec.strip())


def allowed(host: str | None, allowed_from: tuple[Network, ...]) -> bool:
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in allowed_from)


def set_aside_count(store: Store) -> int:
    """Rows of ``set_aside`` (quarantined submissions); 0 while that table does not exist yet."""
    with store.connect() as conn:
        try:
            row = conn.execute("SELECT count(*) AS n FROM set_aside").fetchone()
        except Exception:  # no such table before its migration (whatever the database)
            return 0
    return int(row["n"])


def render_metrics(store: Store, metrics: Metrics) -> str:
    """The Prometheus text exposition (format 0.0.4)."""
    with store.snapshot() as conn:
        by_state = {
            row["status"]: int(row["n"])
            for row in conn.execute("SELECT status, count(*) AS n FROM submissions GROUP BY status")
        }
        oldest = conn.execute(
            "SELECT received_at FROM submissions WHERE status <> 'done'"
            " AND status IN ('received', 'processing') ORDER BY seq LIMIT 1"
        ).fetchone()
    lag = 0.0
    if oldest is not None:
        received = datetime.fromisoformat(oldest["received_at"])
        lag = max(0.0, (datetime.now(UTC) - received).total_seconds())
    counts, seconds = metrics.requests()
    lines = [
        "# HELP songmay_requests_total HTTP requests answered, by method, route and status.",
        "# TYPE songmay_requests_total counter",
    ]
    for (method, route, status), n in sorted(counts.items()):
        lines.append(
            f'songmay_requests_total{{method="{method}",route="{_label(route)}",'
            f'status="{status}"}} {n}'
        )
    lines += [
        "# HELP songmay_request_seconds_total Time spent answering, by method and route.",
        "# TYPE songmay_request_seconds_total counter",
    ]
    for (method, route), total in sorted(seconds.items()):
        lines.append(
            f'songmay_request_seconds_total{{method="{method}",route="{_label(route)}"}} {total:.6f}'
        )
    lines += [
        "# HELP songmay_submissions Submissions stored, by state.",
        "# TYPE songmay_submissions gauge",
    ]
    for state in sorted({"received", "processing", "done", *by_state}):
        lines.append(f'songmay_submissions{{state="{_label(state)}"}} {by_state.get(state, 0)}')
    lines += [
        "# HELP songmay_set_aside Submissions set aside (quarantined) for the operator.",
        "# TYPE songmay_set_aside gauge",
        f"songmay_set_aside {set_aside_count(store)}",
        "# HELP songmay_processing_lag_seconds Age of the oldest submission not yet applied.",
        "# TYPE songmay_processing_lag_seconds gauge",
        f"songmay_processing_lag_seconds {lag:.3f}",
        "# HELP songmay_uptime_seconds Seconds since the server started.",
        "# TYPE songmay_uptime_seconds gauge",
        f"songmay_uptime_seconds {time.monotonic() - metrics.started:.3f}",
    ]
    return "\n".join(lines) + "\n"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the current one and each new one) is 0600."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


def open_log_file(path: Path) -> logging.Handler:
    """Send the server's own log (requests, worker, keys) from INFO up, and uvicorn's at its
    ``--log-level``, to ``path``; the server's warnings and errors still reach stderr too."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handler = PrivateRotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    ours = logging.getLogger("sync.server")
    ours.setLevel(logging.INFO)
    ours.addHandler(handler)
    if not any(isinstance(h, logging.StreamHandler) for h in logging.getLogger().handlers):
        console = logging.StreamHandler()  # what logging's last resort did before the file
        console.setLevel(logging.WARNING)
        ours.addHandler(console)
    logging.getLogger("uvicorn.error").addHandler(handler)
    return handler


def close_log_file(handler: logging.Handler) -> None:
    for name in ("sync.server", "uvicorn.error"):
        logging.getLogger(name).removeHandler(handler)
    handler.close()
