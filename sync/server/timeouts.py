"""Slow clients are cut off: uvicorn's HTTP/1.1 protocol (h11) with a header and a body timeout.

uvicorn (checked against its ``protocols/http/h11_impl.py``, 0.55) only times out an idle
keep-alive connection (``timeout_keep_alive``, armed after a response): a client that sends half
its request headers, or stops in the middle of its body, holds its socket and its slot in
``limit_concurrency`` for ever. :class:`TimedH11Protocol` adds

- a **header timeout**: from the moment the connection waits for a request (opened, or its last
  response sent) until that request's headers are complete — a total, not an idle time, so
  dribbling one byte a second does not help; the connection is closed;
- a **body timeout**: the longest pause between two pieces of a request's body; the client then
  gets ``408`` (if no answer was started) and the connection is closed, and the app reading the
  body sees the client gone;
- a **connection cap** that slow clients cannot fill: past ``max_connections``, a new connection
  evicts the one that has waited longest without sending a complete request (half-open or idle
  keep-alive); only when every connection is busy with a request is the new one refused.
  (uvicorn's own ``limit_concurrency`` counts half-open sockets too, so 1,000 of them would
  turn every request into 503 until they time out: it is not used.)

:func:`server_config` is the one place that builds the uvicorn configuration for ``serve``.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from sync.server.ops import TIMED_OUT

DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 30.0
DEFAULT_KEEP_ALIVE = 5
DEFAULT_MAX_CONNECTIONS = 1000


@dataclass(frozen=True)
class Timeouts:
    header: float = DEFAULT_HEADER_TIMEOUT
    body: float = DEFAULT_BODY_TIMEOUT
    keep_alive: int = DEFAULT_KEEP_ALIVE
    max_connections: int = DEFAULT_MAX_CONNECTIONS


def _request_timeout() -> bytes:
    body = json.dumps({"error": {"code": "request_timeout", "message": (
        "Hết thời gian chờ nội dung yêu cầu. / The request body stalled; send it again."
    )}}, ensure_ascii=False).encode()  # fmt: skip
    head = (
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
        f"connection: close\r\ncontent-length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


_REQUEST_TIMEOUT = _request_timeout()


class TimedH11Protocol(H11Protocol):
    """H11Protocol plus the header and body timeouts of ``timeouts`` (see :func:`protocol_for`)."""

    timeouts = Timeouts()

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self._header_timeout = self.timeouts.header
        self._body_timeout = self.timeouts.body
        self._header_timer: asyncio.TimerHandle | None = None
        self._body_timer: asyncio.TimerHandle | None = None
        self._waiting_since = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm_header_timer()
        cap = self.timeouts.max_connections
        if cap and len(self.connections) > cap:
            self._make_room()

    def _waiting(self) -> bool:
        """Open, and no request of its own under way: waiting for (the rest of) its headers."""
        return (
            self._header_timer is not None
            and self.conn.their_state is h11.IDLE
            and not self.transport.is_closing()
        )

    def _make_room(self) -> None:
        waiting = [
            other for other in self.connections
            if isinstance(other, TimedH11Protocol) and other is not self and other._waiting()
        ]  # fmt: skip
        if waiting:
            min(waiting, key=lambda other: other._waiting_since).transport.close()
        else:  # every connection is busy with a request: no room for this one
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timers()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow_state()

    def on_response_complete(self) -> None:
        self._arm_header_timer()  # waiting for the next request on this connection
        super().on_response_complete()
        self._follow_state()

    def _follow_state(self) -> None:
        """Headers complete: no header timer. Body coming: (re)start the body timer."""
        state = self.conn.their_state
        if state is not h11.IDLE and self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        if self._body_timer is not None:
            self._body_timer.cancel()
            self._body_timer = None
        if state is h11.SEND_BODY and not self.transport.is_closing():
            self._body_timer = self.loop.call_later(self._body_timeout, self._body_timed_out)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._waiting_since = self.loop.time()
        self._header_timer = self.loop.call_later(self._header_timeout, self._headers_timed_out)

    def _cancel_timers(self) -> None:
        for timer in (self._header_timer, self._body_timer):
            if timer is not None:
                timer.cancel()
        self._header_timer = self._body_timer = None

    def _headers_timed_out(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def _body_timed_out(self) -> None:
        self._body_timer = None
        if self.conn.their_state is not h11.SEND_BODY or self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_started:
            self.transport.write(_REQUEST_TIMEOUT)
            scope: dict[str, Any] = self.scope  # type: ignore[assignment]
            scope[TIMED_OUT] = True  # for the request log: the client got 408, not the app's
        self.transport.close()  # the app reading the body then sees the client gone


def protocol_for(timeouts: Timeouts) -> type[TimedH11Protocol]:
    """The protocol class uvicorn instantiates per connection, with these timeouts."""
    return type("TimedH11Protocol", (TimedH11Protocol,), {"timeouts": timeouts})


def server_config(app: Any, timeouts: Timeouts, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for ``serve``: the timed protocol (with its connection cap) and
    the keep-alive timeout. uvicorn's own access log is off: it prints whole URLs (ids, query
    strings) to stdout; the server's request log keeps route templates only."""
    return uvicorn.Config(
        app, http=protocol_for(timeouts), timeout_keep_alive=timeouts.keep_alive,
        access_log=False, **options,
    )  # fmt: skip
