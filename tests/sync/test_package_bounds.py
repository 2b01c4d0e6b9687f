"""``import-package`` reads at most a bounded total, whatever the manifest lists: a small hostile
zip (one multi-MB member listed many times, or members whose uncompressed sizes add up past the
limit) is refused with exit 2 and a Vietnamese reason, before the server's memory grows."""

from __future__ import annotations

import hashlib
import io
import json
import tracemalloc
import zipfile

import pytest
from server_helpers import (
    both_backends,
    change,
    register_key,
    seal_package,
    signing_key,
    submission,
)

from sync import protocol
from sync.server import cli as server_cli
from sync.server.packages import MAX_TOTAL_BYTES

server_backend = both_backends  # the server tests run on SQLite and on PostgreSQL

SCHOOL = "66001"


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, "clerk", "mật khẩu 1", name="Trường THCS Ea Tu")
    return sync_server


def big_body() -> bytes:
    """A valid submission of ~7.6 MB (2,000 students with long names): it compresses to ~30 KB."""
    changes = [change(full_name="Lò Văn Sáng " * 240) for _ in range(protocol.SERVER_MAX_CHANGES)]
    data = json.dumps(submission(SCHOOL, changes), ensure_ascii=False).encode()
    assert 7 * 1024 * 1024 < len(data) <= protocol.SERVER_MAX_BYTES
    return data


def hostile_zip(body: bytes, names: list[str]) -> bytes:
    """A package zip whose manifest lists ``names`` (repeats allowed), each holding ``body``."""
    digest = hashlib.sha256(body).hexdigest()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in dict.fromkeys(names):
            archive.writestr(name, body)
        manifest = {
            "format": protocol.PACKAGE_FORMAT, "version": protocol.PACKAGE_VERSION,
            "school_code": SCHOOL, "client_id": "client-1",
            "created_at": "2025-09-01T08:00:00.000+00:00",
            "submissions": [
                {"file": name, "idempotency_key": f"pkg-{n}", "sha256": digest,
                 "changes": protocol.SERVER_MAX_CHANGES}
                for n, name in enumerate(names)
            ],
        }  # fmt: skip
        archive.writestr("manifest.json", json.dumps(manifest))
    return buffer.getvalue()


def import_measured(capsys, server, package) -> tuple[int, str, int]:
    """Exit code, stderr and the peak of Python allocations while importing (bytes)."""
    tracemalloc.start()
    try:
        code = server_cli.main([*server.cli_args(), "import-package", str(package)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return code, capsys.readouterr().err, peak


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(["submissions/0001.json"] * 16, id="one-member-listed-16-times"),
        pytest.param([f"submissions/{n:04d}.json" for n in range(10)], id="10-members-76MB"),
    ],
)
def test_a_package_listing_more_than_the_total_bound_is_refused_with_memory_bounded(
    capsys, server, tmp_path, names
):
    key = signing_key()
    register_key(server, SCHOOL, key)
    payload = hostile_zip(big_body(), names)
    assert len(payload) < 2 * 1024 * 1024 < MAX_TOTAL_BYTES < len(names) * 7 * 1024 * 1024
    package = seal_package(tmp_path / "hostile.songmay", server.data_dir, SCHOOL, payload, key)

    code, err, peak = import_measured(capsys, server, package)

    assert code == 2, err
    assert "Không có dữ liệu nào được nhập" in err and "Traceback" not in err
    assert "nhiều lần" in err or "package_too_large" in err
    assert peak < 24 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    assert server.stats(SCHOOL)["changes_applied"] == 0
