"""Login protection: lockouts per account and per client address, and a bounded hashing pool.

- **Per account** (a school's account or a staff account, existing or not): after
  ``ACCOUNT_FAILURES`` failed logins within ``WINDOW`` seconds the account is locked for
  ``LOCK_FIRST`` seconds, doubling with each further lock up to ``LOCK_MAX``. A locked account is
  refused (429 with ``Retry-After``) even with the right password until the lock ends; a
  successful login clears its record. Kept in the database (``login_locks``), so a restart
  does not unlock it.
- **Per client address** (in memory): ``address_failures`` failed logins within ``WINDOW``
  lock the address the same way — one machine guessing many accounts is stopped too.
- **Checking** (the database and scrypt, ~50 ms and 16 MiB each) runs on ``HASH_WORKERS``
  threads of its own with at most ``HASH_QUEUE`` logins waiting; beyond that a login is answered
  503 at once, on the event loop, instead of queueing without end: a flood costs bounded memory
  and CPU, never holds the threads other requests need, and leaves the event loop (where the
  health check runs) free. A refused login (429, 503) is answered after ``REFUSAL_HOLD`` s, so
  a client that ignores ``Retry-After`` cannot turn refusals into a busy loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import math
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sync.server import audit
from sync.server.audit import Actor
from sync.server.errors import RateLimited, ServerError
from sync.server.store import Connection, Store

WINDOW = 300.0
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 50
LOCK_FIRST = 30.0
LOCK_MAX = 900.0
HASH_WORKERS = max(1, (os.cpu_count() or 2) // 2)  # half the cores: the rest serve the others
HASH_QUEUE = 8
REFUSAL_HOLD = 1.0  # seconds a refused login waits for its answer (429/503)
MAX_HELD = 4096  # refusals held at once; beyond that they are answered at once
T = TypeVar("T")
_FORGET_AFTER = 86_400.0  # an account's record with nothing recent is deleted


class LoginBusy(ServerError):
    status, exit_code, code = 503, 1, "login_busy"


def lock_seconds(level: int) -> float:
    """How long the ``level``-th lock (0 = first) lasts."""
    return min(LOCK_MAX, LOCK_FIRST * float(1 << min(level, 20)))


def locked_error(seconds: float) -> RateLimited:
    wait = max(1, math.ceil(seconds))
    return RateLimited(
        f"Đăng nhập sai quá nhiều lần: tạm khóa, hãy thử lại sau {wait} giây. / "
        f"Too many failed logins: locked, retry after {wait} s.",
        code="login_locked",
        headers={"Retry-After": str(wait)},
    )


def account_lock(conn: Connection, account: str, now: float) -> float:
    """Seconds the account stays locked (0: not locked)."""
    row = conn.execute(
        "SELECT locked_until FROM login_locks WHERE account = ?", (account,)
    ).fetchone()
    return max(0.0, row["locked_until"] - now) if row else 0.0


def record_failure(conn: Connection, account: str, now: float) -> float:
    """Count a failed login (inside the caller's write transaction); the lock it starts, if any."""
    row = conn.execute(
        "SELECT failures, window_start, lock_level, locked_until FROM login_locks"
        " WHERE account = ?",
        (account,),
    ).fetchone()
    failures, start, level = 1, now, 0
    if row is not None:
        level = row["lock_level"]
        if now - row["window_start"] < WINDOW and row["locked_until"] <= now:
            failures, start = row["failures"] + 1, row["window_start"]
        if now - max(row["window_start"], row["locked_until"]) > _FORGET_AFTER:
            level = 0
    locked_until, lock = 0.0, 0.0
    if failures >= ACCOUNT_FAILURES:
        lock = lock_seconds(level)
        locked_until, failures, level = now + lock, 0, level + 1
    conn.execute(
        "INSERT INTO login_locks (account, failures, window_start, lock_level, locked_until,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET"
        " failures = excluded.failures, window_start = excluded.window_start,"
        " lock_level = excluded.lock_level, locked_until = excluded.locked_until,"
        " updated_at = excluded.updated_at",
        (account, failures, start, level, locked_until, now),
    )
    if row is None:  # now and then, forget accounts with nothing recent
        conn.execute(
            "DELETE FROM login_locks WHERE updated_at < ? AND locked_until < ?",
            (now - _FORGET_AFTER, now),
        )
    return lock


def record_success(conn: Connection, account: str) -> None:
    conn.execute("DELETE FROM login_locks WHERE account = ?", (account,))


class AddressLimiter:
    """Failed logins per client address, in memory (a restart forgets them)."""

    def __init__(self, failures: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures = failures
        self.clock = clock
        self._state: dict[str, tuple[int, float, int, float]] = {}  # n, start, level, until
        self._lock = threading.Lock()

    def check(self, address: str | None) -> None:
        if self.failures <= 0 or not address:
            return
        with self._lock:
            state = self._state.get(address)
        if state and state[3] > self.clock():
            raise locked_error(state[3] - self.clock())

    def failed(self, address: str | None) -> float:
        if self.failures <= 0 or not address:
            return 0.0
        now = self.clock()
        with self._lock:
            if len(self._state) > 100_000:  # bounded memory: forget what is over
                self._state = {k: v for k, v in self._state.items() if v[3] > now}
            n, start, level, until = self._state.get(address, (0, now, 0, 0.0))
            if now - start >= WINDOW or (until > 0 and until <= now):
                n, start = 0, now
            n += 1
            lock = 0.0
            if n >= self.failures:
                lock = lock_seconds(level)
                n, until, level = 0, now + lock, level + 1
            self._state[address] = (n, start, level, until)
            return lock


class LoginGuard:
    """What an HTTP login goes through: the address limiter, then a place among the few logins
    checked at once (``workers`` threads of their own, ``queue`` more waiting; beyond that 503
    at once, without a thread). A busy answer is not a failure: many schools behind one
    address (a district's network, a proxy) must not lock each other out by logging in at once;
    a flood from one address is still locked by the wrong passwords that do get checked."""

    def __init__(
        self, *, address_failures: int = ADDRESS_FAILURES, workers: int = HASH_WORKERS,
        queue: int = HASH_QUEUE, hold: float = REFUSAL_HOLD,
    ) -> None:  # fmt: skip
        self.addresses = AddressLimiter(address_failures)
        self.hold = hold
        self._held = 0
        self.capacity = workers + queue
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._admitted = 0  # only touched on the event loop

    async def admit(self, address: str | None, login: Callable[[], T]) -> T:
        """Run ``login`` (blocking: database and scrypt) on the guard's own threads. A refusal
        (locked, busy) is answered after ``hold`` seconds: a client that ignores Retry-After
        then costs the server one sleeping coroutine a second instead of a busy event loop."""
        try:
            return await self._admit(address, login)
        except (RateLimited, LoginBusy):
            if self.hold > 0 and self._held < MAX_HELD:
                self._held += 1
                try:
                    await asyncio.sleep(self.hold)
                finally:
                    self._held -= 1
            raise

    async def _admit(self, address: str | None, login: Callable[[], T]) -> T:
        self.addresses.check(address)
        if self._admitted >= self.capacity:
            raise LoginBusy(
                "Máy chủ đang bận xử lý nhiều lượt đăng nhập; hãy thử lại sau giây lát. / "
                "Too many logins at once; retry in a moment.",
                headers={"Retry-After": "1"},
            )
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                self._workers, thread_name_prefix="login", initializer=_lower_priority
            )
        self._admitted += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, login)
        finally:
            self._admitted -= 1

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _lower_priority() -> None:
    """A login thread yields the CPU to the event loop (Linux: a thread has its own nice)."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


@functools.cache
def default_guard() -> LoginGuard:
    """For logins outside the HTTP server (tests, commands): account locks, no address limit."""
    return LoginGuard(address_failures=0)


def check_password(
    store: Store, guard: LoginGuard, password: str, stored_hash: Callable[[Connection], str | None],
    *,
    account: str, actor: Actor | Callable[[], Actor], target: str, address: str | None,
    refused: ServerError,
) -> None:  # fmt: skip
    """Let the login through, or raise: 429 while the account or address is locked (before any
    hashing, even for the right password), ``refused`` for a wrong password (counted and
    audited as ``actor``, or as what ``actor()`` returns once ``stored_hash`` ran; 429 instead
    when this failure starts a lock). ``stored_hash`` reads the account's
    hash (None: no such account — a dummy hash is checked instead, so it costs the same)."""
    from sync.server.auth import DUMMY_HASH, verify_password

    guard.addresses.check(address)
    with store.connect() as conn:
        wait = account_lock(conn, account, time.time())
        found = stored_hash(conn) if wait <= 0 else None
    if wait > 0:
        raise locked_error(wait)
    if verify_password(password, found or DUMMY_HASH) and found:
        return
    address_lock = guard.addresses.failed(address)
    if callable(actor):  # known once the account was read (its unit, for the district's trail)
        actor = actor()
    with store.transaction() as conn:
        lock = record_failure(conn, account, time.time())
        audit.record(conn, actor, "login", target=target, outcome="failed", address=address)
        if lock or address_lock:
            audit.record(conn, actor, "lockout", target=target, address=address,
                         outcome=f"locked {math.ceil(max(lock, address_lock))} s")  # fmt: skip
    if lock or address_lock:
        raise locked_error(max(lock, address_lock))
    raise refused
