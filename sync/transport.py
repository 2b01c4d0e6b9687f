"""HTTP with the habits of a poor 3G link: every request has a timeout, and what can succeed on a
second try (timeouts, dropped connections, 5xx, 429/503) is retried a bounded number of times with
exponential backoff and full jitter, honouring ``Retry-After``. What cannot (400, 403, 413, 422…)
is raised at once for the caller to decide.

Only idempotent requests go through here: GETs, the token request, and submissions that carry an
``Idempotency-Key``, so resending after a lost answer never applies anything twice.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from desktop_app.core.clock import PC_CLOCK, Clock, ServerTime, parse_http_date
from desktop_app.core.messages import Msg, msg
from sync.errors import NetworkFailed, SyncCancelled

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_SLEEP_SLICE = 0.25  # a cancel is noticed within this while waiting


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 60.0


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # per request, the first one included
    base: float = 0.5  # seconds; the n-th retry waits up to base * 2**n, at most cap
    cap: float = 30.0
    max_retry_after: float = 300.0  # a server asking for longer is waited for this long


class HttpError(Exception):
    """A final (non-retryable) answer: the caller maps it to what the clerk should read."""

    def __init__(self, response: requests.Response) -> None:
        self.status = response.status_code
        self.code: str | None = None
        self.message = ""
        try:
            error = response.json().get("error") or {}
            self.code, self.message = error.get("code"), str(error.get("message") or "")
        except (ValueError, AttributeError):
            self.message = response.text[:200]
        super().__init__(f"HTTP {self.status} {self.code or ''} {self.message}".strip())


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Transport:
    """One endpoint, one connection pool. ``verify`` is True or a CA bundle path, never False."""

    def __init__(
        self,
        endpoint: str,
        *,
        timeouts: Timeouts = Timeouts(),
        retry: RetryPolicy = RetryPolicy(),
        ca_bundle: str | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        user_agent: str = "songmay-sync/1",
        clock: Clock = PC_CLOCK,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeouts = timeouts
        self.retry = retry
        self.verify: str | bool = ca_bundle or True
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.cancelled = cancelled
        self.retries = 0  # how many requests had to be sent again, for the report
        # What went wrong with the last request still being retried (the connection lost, no
        # answer in time…); None once a request got through. A run stopped while it is set was
        # stopped because the network was lost, whoever then pressed Hủy or closed the window.
        self.last_problem: Msg | None = None
        # The server's ``Date`` on the last answer, with the PC's time it came at (core.clock).
        self.clock = clock
        self.server_time: ServerTime | None = None

    def close(self) -> None:
        self.session.close()

    def wait(self, seconds: float) -> None:
        """Sleep, in short slices so that Cancel is heard during a long backoff."""
        remaining = seconds
        while remaining > 0:
            if self.cancelled():
                raise SyncCancelled()
            step = min(_SLEEP_SLICE, remaining)
            self.sleep(step)
            remaining -= step

    def backoff(self, attempt: int) -> float:
        """Full jitter: anywhere between 0 and the exponential ceiling (AWS architecture blog)."""
        return self.rng.uniform(0, min(self.retry.cap, self.retry.base * 2**attempt))

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json_body: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """A 2xx response, or HttpError for a final answer, or NetworkFailed after the last try."""
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        last: Msg | str = ""
        for attempt in range(self.retry.attempts):
            if self.cancelled():
                raise SyncCancelled()
            if attempt:
                self.retries += 1
            wait: float | None = None
            try:
                response = self.session.request(
                    method,
                    self.endpoint + path,
                    json=json_body,
                    data=data,
                    headers=all_headers,
                    params=params,
                    timeout=(self.timeouts.connect, self.timeouts.read),
                    verify=self.verify,
                    allow_redirects=False,
                )
            except requests.exceptions.SSLError as exc:
                raise NetworkFailed.of("sync.tls_failed", detail=str(exc)) from exc
            except requests.exceptions.Timeout:
                last = msg("sync.network.timeout")
            except (
                requests.exceptions.ConnectionError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ):
                last = msg("sync.network.lost")
            else:
                self._saw_date(response)
                if response.status_code < 300:
                    self.last_problem = None
                    return response
                if response.status_code not in RETRY_STATUSES:
                    self.last_problem = None  # the server answered, if only to refuse
                    raise HttpError(response)
                last = msg("sync.network.busy", status=response.status_code)
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                if wait is not None:
                    wait = min(wait, self.retry.max_retry_after)
                response.close()
            if isinstance(last, Msg):
                self.last_problem = last
            if attempt + 1 < self.retry.attempts:
                self.wait(wait if wait is not None else self.backoff(attempt))
        raise NetworkFailed.of(
            "sync.network.failed", endpoint=self.endpoint, count=self.retry.attempts, last=last
        )

    def _saw_date(self, response: requests.Response) -> None:
        """Any answer the server gave carries its clock: kept to tell a wrong PC clock."""
        server_at = parse_http_date(response.headers.get("Date"))
        if server_at is not None:
            self.server_time = ServerTime(server_at, self.clock.now())

    def json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """A request whose 2xx answer must be a JSON object; an unreadable one counts as a
        failed try (a proxy's error page, a cut body)."""
        for attempt in range(self.retry.attempts):
            response = self.request(method, path, **kwargs)
            try:
                value = response.json()
            except ValueError:
                value = None
            if isinstance(value, dict):
                return value
            if attempt + 1 < self.retry.attempts:
                self.retries += 1
                self.wait(self.backoff(attempt))
        raise NetworkFailed.of("sync.network.bad_answer", endpoint=self.endpoint)
