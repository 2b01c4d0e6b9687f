"""Raw protocol helpers for the server tests: changes and bodies as the client makes them, and
a logged-in school that sends them (no retries, no cleverness)."""

from __future__ import annotations

import gzip as gzip_module
import json
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests

from sync import protocol

if TYPE_CHECKING:
    from sync.server.testing import ServerProcess, ServerThread

    Server = ServerThread | ServerProcess

PASSWORD = "mật khẩu 1"


@pytest.fixture(params=["sqlite", "postgres"])
def both_backends(request: pytest.FixtureRequest) -> str:
    """A module's ``server_backend = both_backends``: its server tests run on both databases."""
    backend: str = request.param
    return backend


def new_id() -> str:
    return uuid.uuid4().hex


def change(
    entity: str = "student", entity_id: str | None = None, *, version: int = 1,
    op: str = "upsert", change_id: str | None = None, **fields: Any,
) -> dict[str, Any]:  # fmt: skip
    """One change as the client sends it; a student by default (code and full_name filled in)."""
    entity_id = entity_id or new_id()
    defaults: dict[str, dict[str, Any]] = {
        "student": {
            "code": f"HS{entity_id[:6]}",
            "full_name": "Nguyễn Văn An",
            "consent_date": "2025-08-15",
        },
        "need": {"student_id": "s1", "category": 1},
        "device": {"serial": f"SN{entity_id[:8]}"},
        "handover": {"device_id": "d1", "student_id": "s1", "kind": "handover"},
    }
    data = {"id": entity_id, **defaults.get(entity, {}), **fields, "version": version}
    return {
        "change_id": change_id or new_id(), "entity": entity, "entity_id": entity_id, "op": op,
        "version": version, "changed_at": "2025-09-01T08:00:00.000+00:00", "data": data,
    }  # fmt: skip


def submission(school: str, changes: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {
        "school_code": school, "client_id": "client-1", "submission_id": new_id(),
        "created_at": "2025-09-01T08:00:00.000+00:00", "changes": changes, **fields,
    }  # fmt: skip


class SchoolApi:
    """Raw protocol calls as one school's client makes them (no retries, no cleverness)."""

    def __init__(self, url: str, school: str, token: str) -> None:
        self.url, self.school = url, school
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {token}"

    def submit(
        self, body: dict[str, Any] | bytes, key: str | None = "", *, gzip: bool = False,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:  # fmt: skip
        """POST a body; key "" means a fresh key, None means no Idempotency-Key header."""
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        if key is not None:
            sent[protocol.IDEMPOTENCY_HEADER] = key or new_id()
        if gzip:
            data = gzip_module.compress(data)
            sent["Content-Encoding"] = "gzip"
        return self.http.post(
            self.url + protocol.SUBMISSIONS_PATH, data=data, headers=sent, timeout=30
        )

    def status(self, submission_id: str) -> requests.Response:
        return self.http.get(f"{self.url}{protocol.SUBMISSIONS_PATH}/{submission_id}", timeout=10)

    def wait_done(self, submission_id: str, timeout: float = 15) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            answer = self.status(submission_id)
            assert answer.status_code == 200, answer.text
            result: dict[str, Any] = answer.json()
            if result["status"] == "done":
                return result
            assert time.monotonic() < deadline, f"not done in {timeout} s: {result}"
            time.sleep(0.02)

    def wait_status(self, submission_id: str, status: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while self.status(submission_id).json()["status"] != status:
            assert time.monotonic() < deadline, f"never {status} in {timeout} s"
            time.sleep(0.01)

    def send(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Submit, wait, and return the per-change results."""
        body = submission(self.school, changes)
        answer = self.submit(body)
        assert answer.status_code == 202, answer.text
        results: list[dict[str, Any]] = self.wait_done(body["submission_id"])["results"]
        return results

    def feedback(self, since: int = 0) -> requests.Response:
        return self.http.get(self.url + protocol.FEEDBACK_PATH, params={"since": since}, timeout=10)


def login(
    url: str, school: str, username: str = "clerk", password: str = PASSWORD
) -> requests.Response:
    return requests.post(
        url + protocol.TOKEN_PATH,
        json={"school_code": school, "username": username, "password": password}, timeout=10,
    )  # fmt: skip


def api_for(server: Server, school: str = "66001") -> SchoolApi:
    server.add_school(school, "clerk", PASSWORD, name=f"Trường THCS {school}")
    answer = login(server.url, school)
    assert answer.status_code == 200, answer.text
    return SchoolApi(server.url, school, answer.json()["access_token"])


def package_zip(
    school: str, bodies: list[dict[str, Any]], *, keys: list[str] | None = None,
    version: int = protocol.PACKAGE_VERSION, client_id: str = "client-1",
) -> bytes:  # fmt: skip
    """The zip inside a package, as the client writes it (sync.server.packages documents it)."""
    import hashlib
    import io
    import zipfile

    entries = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, body in enumerate(bodies, start=1):
            name = f"submissions/{number:04d}.json"
            data = json.dumps(body, ensure_ascii=False).encode()
            archive.writestr(name, data)
            entries.append({
                "file": name, "idempotency_key": keys[number - 1] if keys else f"pkg-{number}",
                "sha256": hashlib.sha256(data).hexdigest(), "changes": len(body["changes"]),
            })  # fmt: skip
        manifest = {
            "format": protocol.PACKAGE_FORMAT, "version": version,
            "school_code": school, "client_id": client_id,
            "created_at": "2025-09-01T08:00:00.000+00:00", "submissions": entries,
        }  # fmt: skip
        archive.writestr("manifest.json", json.dumps(manifest))
    return buffer.getvalue()


def write_package(
    path: Path, school: str, bodies: list[dict[str, Any]], *, keys: list[str] | None = None
) -> Path:
    """An unsigned, unencrypted package of version 1 (before packages were sealed)."""
    path.write_bytes(
        package_zip(school, bodies, keys=keys, version=protocol.UNSIGNED_PACKAGE_VERSION)
    )
    return path


def signing_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def register_key(
    where: Path | Server, school: str, key: Any, client_id: str | None = "client-1"
) -> None:
    """The school's signing key registered on the server (or the data folder's SQLite file), as
    the district operator does."""
    from sync.sealing import encode_key, public_raw
    from sync.server.keys import register_school_key
    from sync.server.store import DB_FILENAME, Store

    store = Store(Path(where) / DB_FILENAME) if isinstance(where, Path | str) else where.store
    register_school_key(store, school, encode_key(public_raw(key)), client_id=client_id,
                        source="operator", registered_by="test")  # fmt: skip


def seal_package(
    path: Path, data_dir: Path, school: str, payload: bytes, key: Any, *,
    client_id: str = "client-1", server_key: bytes | None = None,
) -> Path:  # fmt: skip
    """``payload`` sealed as the school's client does: to the server of ``data_dir`` (or to
    ``server_key``), signed by ``key``."""
    from sync.sealing import public_raw, seal
    from sync.server.keys import server_key as own_key

    path.write_bytes(seal(
        payload, school_code=school, client_id=client_id,
        created_at="2025-09-01T08:00:00.000+00:00", signing_key=key,
        server_key=server_key or public_raw(own_key(Path(data_dir))),
    ))  # fmt: skip
    return path


def sealed_package(
    path: Path, data_dir: Path, school: str, bodies: list[dict[str, Any]], key: Any, *,
    keys: list[str] | None = None, client_id: str = "client-1",
) -> Path:  # fmt: skip
    """A package of version 2 as the school's client writes it."""
    payload = package_zip(school, bodies, keys=keys, client_id=client_id)
    return seal_package(path, data_dir, school, payload, key, client_id=client_id)
