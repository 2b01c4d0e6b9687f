"""Importing an offline package: the school's submissions, carried on a USB stick.

Format (``sync.protocol.PACKAGE_FORMAT`` / ``PACKAGE_VERSION``; the client writes it): a zip file
holding

- ``manifest.json``::

      {"format": "songmay-package", "version": 1,
       "school_code": "66001", "client_id": "…", "created_at": "2025-…Z",
       "submissions": [{"file": "submissions/0001.json", "idempotency_key": "…",
                        "sha256": "<hex SHA-256 of the file's bytes>", "changes": 12}, …]}

- ``submissions/NNNN.json``: each exactly the body of a ``POST /api/v1/submissions``.

Import checks everything first — the manifest, every checksum, every body's shape and school, and
that no key was used for another body — and refuses the whole package (exit 2) if anything is
wrong: nothing is applied. Then each submission goes through the same path as an HTTP POST with its
key (so importing a package twice, or a package whose data also came over the network, applies
nothing twice), and is processed at once, in order.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.protocol import PACKAGE_FORMAT, PACKAGE_VERSION, SERVER_MAX_BYTES
from sync.server.auth import school_exists
from sync.server.errors import BadRequest, NotFound, ServerError
from sync.server.processing import process_pending
from sync.server.store import Store
from sync.server.submissions import decode_body, receive

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SUBMISSIONS = 10_000


class PackageRejected(BadRequest):
    code = "package_invalid"


@dataclass(frozen=True)
class Entry:
    file: str
    key: str
    body: dict[str, Any]


@dataclass
class ImportSummary:
    school_code: str
    submissions: int = 0
    new_submissions: int = 0
    already_imported: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"accepted": 0, "duplicate": 0, "rejected": 0}
    )

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": self.school_code, "submissions": self.submissions,
            "new_submissions": self.new_submissions, "already_imported": self.already_imported,
            **self.counts,
        }  # fmt: skip


def _refuse(path: Path, detail: str) -> PackageRejected:
    return PackageRejected(
        f"Gói dữ liệu {path.name} không hợp lệ: {detail}. Không có dữ liệu nào được nhập. Hãy "
        "xuất lại gói từ máy của trường và chép lại. / The package is not valid; nothing imported."
    )


def read_package(path: Path) -> tuple[str, list[Entry]]:
    """The package's school and submissions, every one checked; PackageRejected otherwise."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise PackageRejected(f"Không tìm thấy tệp {path}.", code="package_missing") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "tệp không phải gói .zip hoặc bị hỏng") from exc
    with archive:

        def read(name: str, limit: int) -> bytes:
            try:
                info = archive.getinfo(name)
            except KeyError:
                raise _refuse(path, f"thiếu tệp {name}") from None
            if info.file_size > limit:
                raise _refuse(path, f"tệp {name} quá lớn")
            try:
                with archive.open(info) as member:
                    data = member.read(limit + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise _refuse(path, f"tệp {name} bị hỏng") from exc
            if len(data) > limit:
                raise _refuse(path, f"tệp {name} quá lớn")
            return data

        try:
            manifest = json.loads(read(MANIFEST, MAX_MANIFEST_BYTES))
        except ValueError as exc:
            raise _refuse(path, "manifest.json không phải JSON hợp lệ") from exc
        if not isinstance(manifest, dict):
            raise _refuse(path, "manifest.json sai định dạng")
        if manifest.get("format") != PACKAGE_FORMAT or manifest.get("version") != PACKAGE_VERSION:
            raise _refuse(
                path,
                f"không phải gói {PACKAGE_FORMAT} phiên bản {PACKAGE_VERSION} "
                f"(format={manifest.get('format')!r}, version={manifest.get('version')!r})",
            )
        school_code = manifest.get("school_code")
        listed = manifest.get("submissions")
        if not isinstance(school_code, str) or not school_code:
            raise _refuse(path, "manifest.json thiếu mã trường (school_code)")
        if not isinstance(listed, list) or len(listed) > MAX_SUBMISSIONS:
            raise _refuse(path, "manifest.json thiếu danh sách lượt gửi (submissions)")
        entries = []
        for number, item in enumerate(listed, start=1):
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("file", "idempotency_key", "sha256")
            ):
                raise _refuse(path, f"mục thứ {number} trong manifest.json sai định dạng")
            data = read(item["file"], SERVER_MAX_BYTES)
            if hashlib.sha256(data).hexdigest() != item["sha256"].lower():
                raise _refuse(path, f"tổng kiểm tra (sha256) của {item['file']} không khớp")
            try:
                body = decode_body(data, None)
            except ServerError as exc:
                raise _refuse(path, f"{item['file']}: {exc.message}") from exc
            if body.get("school_code") != school_code:
                raise _refuse(path, f"{item['file']} là dữ liệu của trường khác")
            changes = body.get("changes")
            if "changes" in item and (
                not isinstance(changes, list) or item["changes"] != len(changes)
            ):
                raise _refuse(path, f"số thay đổi trong {item['file']} không khớp manifest.json")
            entries.append(Entry(item["file"], item["idempotency_key"], body))
    return school_code, entries


def import_package(store: Store, path: Path) -> ImportSummary:
    """Receive every submission of the package in one transaction, then apply them."""
    school_code, entries = read_package(path)
    summary = ImportSummary(school_code, submissions=len(entries))
    new_seqs = []
    with store.transaction() as conn:
        if not school_exists(conn, school_code):
            raise NotFound(
                f"Trường {school_code} chưa có trên máy chủ. Hãy thêm trường trước: "
                f"songmay-server add-school {school_code} --name … --username … "
                "--password-stdin",
                code="school_unknown",
            )
        for entry in entries:
            try:
                received = receive(conn, school_code, entry.key, entry.body, source="package")
            except ServerError as exc:  # rolls back the whole package
                raise _refuse(path, f"{entry.file}: {exc.message}") from exc
            if received.new:
                new_seqs.append(received.seq)
    summary.new_submissions = len(new_seqs)
    summary.already_imported = len(entries) - len(new_seqs)
    process_pending(store)
    if new_seqs:
        with store.connect() as conn:
            marks = ",".join("?" * len(new_seqs))
            for row in conn.execute(
                f"SELECT status, count(*) AS n FROM results WHERE submission_seq IN ({marks})"
                " GROUP BY status",
                new_seqs,
            ):
                summary.counts[row["status"]] = row["n"]
    return summary
