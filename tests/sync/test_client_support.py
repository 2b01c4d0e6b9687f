"""Helpers shared by the sync client's tests (no tests here): an in-memory keyring, fast settings,
a scripted HTTP server for the transport, and ways to fill and inspect a school's database."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from keyrings import MemoryKeyring, using_keyring

from desktop_app.core.store.changes import ChangeSet
from desktop_app.core.store.database import write_transaction
from sync.account import Account
from sync.client import SyncClient, SyncSettings
from sync.transport import RetryPolicy, Timeouts

SCHOOL = "66001"
USER = "vanthu"
PASSWORD = "Mật-khẩu đồng bộ 2021!"  # a distinctive string to grep for


@contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    with using_keyring(MemoryKeyring()) as backend:
        yield backend


FAST_RETRY = RetryPolicy(attempts=8, base=0.01, cap=0.1, max_retry_after=0.3)
FAST = SyncSettings(
    timeouts=Timeouts(connect=2.0, read=5.0), retry=FAST_RETRY, poll_first=0.005, poll_max=0.05,
    poll_timeout=30.0,
)  # fmt: skip


def client_for(url: str, *, password: str = PASSWORD, settings: SyncSettings = FAST,
               **kwargs: Any) -> SyncClient:  # fmt: skip
    return SyncClient(Account(url, SCHOOL, USER), lambda: password, settings=settings, **kwargs)


def student(code: str, name: str = "Lò Văn Sáng", **extra: Any) -> dict[str, Any]:
    return {"code": code, "full_name": name, "name_key": name.lower(), "sort_key": name.lower(),
            "birth_date": "2010-01-01", "gender": "Nam", "class_name": "6A", **extra}  # fmt: skip


def add_students(db: Any, count: int, prefix: str = "S", start: int = 0) -> list[dict[str, Any]]:
    changes = ChangeSet(source="test")
    rows = [changes.insert("student", student(f"{prefix}{n:06d}")) for n in range(start,
                                                                               start + count)]  # fmt: skip
    with write_transaction(db):
        changes.apply(db.conn)
    return rows


def edit(db: Any, entity: str, table: str, record_id: str, **values: Any) -> None:
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    old = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    changes = ChangeSet(source="test")
    changes.update(entity, old, values)
    with write_transaction(db):
        changes.apply(db.conn)


def local_change_ids(db: Any) -> set[str]:
    return {row[0] for row in db.execute("SELECT change_id FROM outbox")}


def statuses(db: Any) -> dict[str, int]:
    return dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())


class Recorder:
    """A progress object that records calls and can cancel after N of them."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.calls: list[tuple[int, int, str]] = []
        self.cancel_after = cancel_after

    def set_progress(self, done: int, total: int, stage: str) -> None:
        self.calls.append((done, total, stage))

    def is_cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.calls) >= self.cancel_after


# --- a scripted HTTP server for transport tests ----------------------------------------------

Reply = tuple[int, dict[str, str], bytes]


@contextmanager
def scripted_server(replies: list[Reply | Callable[[], Reply]]) -> Iterator[tuple[str, list[str]]]:
    """Answers each request with the next reply (the last one repeats); yields (url, paths seen)."""
    seen: list[str] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with lock:
                seen.append(f"{self.command} {self.path}")
                reply = replies[min(len(seen) - 1, len(replies) - 1)]
            status, headers, body = reply() if callable(reply) else reply
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def ok(value: Any) -> Reply:
    return 200, {"Content-Type": "application/json"}, json.dumps(value).encode()


def error(status: int, code: str, headers: dict[str, str] | None = None) -> Reply:
    body = json.dumps({"error": {"code": code, "message": f"lỗi {code}"}}).encode()
    return status, {"Content-Type": "application/json", **(headers or {})}, body


def district_key(db: Any) -> Any:
    """A district server's package key pair, its public half given to the school's database as
    a key file would (for package tests without a server); the private half is returned."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from sync.keys import accept_server_key
    from sync.sealing import encode_key, public_raw

    key = X25519PrivateKey.generate()
    accept_server_key(db, {"public_key": encode_key(public_raw(key))}, source="test")
    return key


def unsealed(path: Any, key: Any) -> Any:
    """The zip inside a sealed package, opened with the district's private key."""
    import io
    import zipfile
    from pathlib import Path

    from sync.sealing import open_sealed, split

    return zipfile.ZipFile(io.BytesIO(open_sealed(split(Path(path).read_bytes()), key)))
