"""Real servers for tests: on 127.0.0.1, an OS-chosen port, their own data folder.

- :class:`ServerThread` runs uvicorn in a thread of the test process: starts in milliseconds,
  and can inject faults (:meth:`ServerThread.fail_next`) to test a client on a flaky network.
- :class:`ServerProcess` runs ``songmay-server serve`` as a child process, so it can be killed for
  real (:meth:`ServerProcess.kill`, SIGKILL) in the middle of its work.

Both restart on the same port and data (``stop()`` then ``start()``), and do the district's jobs
directly on the database: ``add_school``, ``review``, ``stats``, ``expire_tokens``. Their database
is ``data_dir/server.sqlite3``, or the PostgreSQL database at ``database`` (a URL) if given.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import uvicorn

from sync.server import auth, district
from sync.server.app import HEALTH_PATH, ServerSettings, create_app
from sync.server.net import listening_socket
from sync.server.store import DB_FILENAME, Store
from sync.server.timeouts import Timeouts, server_config

START_TIMEOUT = 20.0
_REPO = Path(__file__).resolve().parents[2]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Harness:
    """What both kinds share: where the data is, and the district's jobs."""

    def __init__(
        self, data_dir: Path, settings: ServerSettings | None = None, database: str | None = None
    ) -> None:
        self.data_dir = Path(data_dir)
        self.settings = settings or ServerSettings()
        self.database = database
        self.store = Store(database or self.data_dir / DB_FILENAME, data_dir=self.data_dir)
        self.store.initialize()
        self.host = "127.0.0.1"
        self.port = 0  # chosen by the OS at the first start, kept for restarts

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def cli_args(self) -> list[str]:
        """The global options of ``songmay-server`` that name this server's data."""
        return ["--data", str(self.data_dir), *(["--db", self.database] if self.database else [])]

    def add_school(
        self, code: str, username: str, password: str, name: str | None = None
    ) -> auth.AccountChange:
        return auth.add_school(
            self.store, code, name=name or f"Trường {code}", username=username, password=password
        )

    def review(
        self, school: str, student_code: str, approve: bool = True, comment: str | None = None
    ) -> dict[str, Any]:
        return district.record_decision(
            self.store, school, student_code, approve=approve, comment=comment, reviewer="test"
        )

    def stats(self, school: str) -> dict[str, Any]:
        return district.stats(self.store, school)

    def expire_tokens(self, school: str | None = None) -> int:
        """End every session (of one school): the next request with them gets 401."""
        return auth.expire_tokens(self.store, school)

    def _wait_healthy(self, alive: Callable[[], bool]) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if not alive():
                raise RuntimeError(f"the server at {self.url} stopped while starting")
            try:
                if requests.get(self.url + HEALTH_PATH, timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"the server at {self.url} did not start in {START_TIMEOUT} s")

    def _bind(self) -> socket.socket:
        sock = listening_socket(self.host, self.port)  # SO_REUSEADDR on POSIX
        self.port = sock.getsockname()[1]
        return sock


@dataclass
class Fault:
    """One answer replaced: ``status`` (with ``Retry-After`` if given) instead of the real one.

    ``after_commit``: the request is handled for real first — the client's data is committed but
    its answer lost. ``drop``: the connection is cut in the middle of the answer instead.
    ``method``/``path``: only requests of that method / whose path starts with it.
    """

    status: int = 503
    retry_after: int | None = None
    after_commit: bool = False
    drop: bool = False
    method: str | None = None
    path: str | None = None


class ConnectionCut(Exception):
    """Raised inside the app after the answer started: uvicorn then closes the connection."""


class _Faults:
    """The faults still to inject; shared by the test thread and the server's (kept on restart)."""

    def __init__(self) -> None:
        self._waiting: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._waiting.append(fault)

    def take(self, scope: Scope) -> Fault | None:
        with self._lock:
            for fault in self._waiting:
                if (fault.method is None or fault.method.upper() == scope["method"]) and (
                    fault.path is None or scope["path"].startswith(fault.path)
                ):
                    self._waiting.remove(fault)
                    return fault
        return None


class _FaultInjector:
    """ASGI middleware: answers with the next matching fault instead of the app."""

    def __init__(self, app: ASGIApp, faults: _Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fault = self.faults.take(scope) if scope["type"] == "http" else None
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.after_commit:

            async def discard(message: Message) -> None:
                return None

            await self.app(scope, receive, discard)
        body = b'{"error": {"code": "injected_fault", "message": "test fault"}}'
        headers = [(b"content-type", b"application/json")]
        if fault.drop:
            headers.append((b"content-length", b"1000"))
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b'{"subm', "more_body": True})
            raise ConnectionCut
        headers.append((b"content-length", str(len(body)).encode()))
        if fault.retry_after is not None:
            headers.append((b"retry-after", str(fault.retry_after).encode()))
        await send({"type": "http.response.start", "status": fault.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class ServerThread(_Harness):
    """uvicorn in a background thread of this process (fast; can inject faults)."""

    def __init__(
        self, data_dir: Path, settings: ServerSettings | None = None, database: str | None = None
    ) -> None:
        super().__init__(data_dir, settings, database)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._faults = _Faults()

    def start(self) -> None:
        sock = self._bind()
        config = server_config(  # the protocol and timeouts of serve
            _FaultInjector(create_app(self.store, self.settings), self._faults),
            Timeouts(),
            log_level="warning",
            lifespan="on",
            timeout_graceful_shutdown=5,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="songmay-test-server", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the test server on port {self.port} did not start")
            time.sleep(0.005)

    def stop(self) -> None:
        """A graceful stop (like Ctrl+C); a submission being applied is rolled back."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(15)
        self._server = self._thread = None

    def fail_next(self, count: int = 1, **fault: Any) -> None:
        """The next ``count`` matching requests get a :class:`Fault` (see its fields)."""
        for _ in range(count):
            self._faults.add(Fault(**fault))

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


class ServerProcess(_Harness):
    """``songmay-server serve`` as a child process: it can be killed (SIGKILL) mid-work."""

    def __init__(
        self, data_dir: Path, settings: ServerSettings | None = None, database: str | None = None
    ) -> None:
        super().__init__(data_dir, settings, database)
        self.process: subprocess.Popen[str] | None = None
        self.log_path = self.data_dir / "serve-stderr.log"  # server.log is the server's own
        self.extra_args: list[str] = []  # more options for serve (timeouts, log file…)

    def command(self) -> list[str]:
        settings = self.settings
        return [
            sys.executable, "-m", "sync.server.cli", *self.cli_args(), "serve",
            "--host", self.host, "--port", str(self.port), "--log-level", "warning",
            "--token-ttl", str(settings.token_ttl), "--rate-limit", str(settings.rate_limit),
            "--test-apply-delay", str(settings.apply_delay), "--workers", str(settings.workers),
            "--login-address-limit", str(settings.login_address_limit), *self.extra_args,
        ]  # fmt: skip

    def start(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_REPO), env.get("PYTHONPATH")]))
        env["PYTHONUNBUFFERED"] = "1"
        with self.log_path.open("a", encoding="utf-8") as log:
            process = subprocess.Popen(
                self.command(), stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL,
                text=True, encoding="utf-8", env=env,
            )  # fmt: skip
        self.process = process
        lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        stdout = process.stdout

        def read_lines() -> None:  # keeps the pipe drained while the server runs
            for line in stdout:
                lines.put(line)

        threading.Thread(target=read_lines, daemon=True).start()
        try:
            first = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            first = ""
        found = re.search(r"http://[\d.]+:(\d+)", first)
        if found is None:
            self.kill()
            raise RuntimeError(
                f"songmay-server serve did not start: {first!r}\n{self.log_path.read_text()}"
            )
        self.port = int(found.group(1))
        self._wait_healthy(lambda: process.poll() is None)

    def stop(self) -> None:
        """A graceful stop (Ctrl+C on POSIX)."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.process = None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no cleanup — a power cut for the server."""
        process = self.process
        if process is not None:
            process.kill()
            process.wait()
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None
