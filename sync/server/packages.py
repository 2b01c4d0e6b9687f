"""Importing an offline package: the school's submissions, carried on a USB stick.

Format (``sync.protocol.PACKAGE_FORMAT`` / ``PACKAGE_VERSION`` 2; the client writes it): a file
sealed by ``sync.sealing`` — encrypted to this server's package key and signed by the school's
registered key (``sync.server.keys``) — around a zip file holding

- ``manifest.json``::

      {"format": "songmay-package", "version": 2,
       "school_code": "66001", "client_id": "…", "created_at": "2025-…Z",
       "submissions": [{"file": "submissions/0001.json", "idempotency_key": "…",
                        "sha256": "<hex SHA-256 of the file's bytes>", "changes": 12}, …]}

- ``submissions/NNNN.json``: each exactly the body of a ``POST /api/v1/submissions``.

Import checks everything first — that the package is addressed to this server's key, that the
school is known and the signature is its registered key's (and the client its registered
client), that the ciphertext is what was signed, then the manifest, every checksum, every body's
shape, school and client, and that no key was used for another body — and refuses the whole
package (exit 2) if anything is wrong: nothing is applied. The unsigned zip of version 1 is refused
unless the operator allows it for a transition (``--allow-unsigned``). Then each submission goes through the same path as an HTTP POST with its
key (so importing a package twice, or a package whose data also came over the network, applies
nothing twice), and is processed at once, in order.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync import sealing
from sync.protocol import (
    PACKAGE_FORMAT,
    PACKAGE_VERSION,
    SERVER_MAX_BYTES,
    UNSIGNED_PACKAGE_VERSION,
)
from sync.server.auth import school_exists
from sync.server.errors import BadRequest, ServerError
from sync.server.keys import school_key, schools_with_key, server_key
from sync.server.processing import process_pending
from sync.server.store import Store
from sync.server.submissions import decode_body, receive

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SUBMISSIONS = 10_000
# What one import may read in all, across every member and listing (uncompressed): a school's
# pending changes are a few MB; the bound keeps a hostile zip from growing the server's memory.
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_PACKAGE_BYTES = MAX_TOTAL_BYTES + MAX_MANIFEST_BYTES + 16 * 1024 * 1024
ZIP_MAGIC = b"PK"

log = logging.getLogger("sync.server.packages")


class PackageRejected(BadRequest):
    code = "package_invalid"


@dataclass(frozen=True)
class Entry:
    file: str
    key: str
    body: dict[str, Any]


@dataclass(frozen=True)
class Opened:
    """A package whose every check passed: its school, client and submissions."""

    school_code: str
    client_id: str
    entries: list[Entry]
    signed: bool


@dataclass
class ImportSummary:
    school_code: str
    submissions: int = 0
    signed: bool = True
    new_submissions: int = 0
    already_imported: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"accepted": 0, "duplicate": 0, "rejected": 0}
    )

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": self.school_code, "signed": self.signed, "submissions": self.submissions,
            "new_submissions": self.new_submissions, "already_imported": self.already_imported,
            **self.counts,
        }  # fmt: skip


def _refuse(path: Path, detail: str, code: str = PackageRejected.code) -> PackageRejected:
    return PackageRejected(
        f"Gói dữ liệu {path.name} không hợp lệ: {detail}. Không có dữ liệu nào được nhập. Hãy "
        "xuất lại gói từ máy của trường và chép lại. / The package is not valid; nothing "
        f"imported ({code}).",
        code=code,
    )


def open_package(store: Store, path: Path, *, allow_unsigned: bool = False) -> Opened:
    """The package at ``path``, opened and every check passed; PackageRejected otherwise."""
    data = _read_file(path)
    if data.startswith(ZIP_MAGIC):
        if not allow_unsigned:
            raise _refuse(
                path,
                "đây là gói cũ (phiên bản 1) không có chữ ký và không được mã hóa; hãy cập nhật "
                "chương trình ở trường rồi xuất lại gói (chỉ khi chuyển đổi, cán bộ có thể nhận "
                "gói cũ bằng --allow-unsigned)",
                code="package_unsigned",
            )
        school, client, entries = read_zip(path, io.BytesIO(data), UNSIGNED_PACKAGE_VERSION)
        with store.connect() as conn:
            _known_school(conn, path, school)
        log.warning("imported an unsigned package of school %s (--allow-unsigned)", school)
        return Opened(school, client, entries, signed=False)
    try:
        sealed = sealing.split(data)
    except sealing.SealError as exc:
        raise _refuse(path, "tệp không phải gói dữ liệu của chương trình hoặc bị hỏng") from exc
    header = sealed.header
    if header["format"] != PACKAGE_FORMAT or header["version"] != PACKAGE_VERSION:
        raise _refuse(path, f"không phải gói {PACKAGE_FORMAT} phiên bản {PACKAGE_VERSION} "
                      f"(format={header['format']!r}, version={header['version']!r})")  # fmt: skip
    own = server_key(store.data_dir)
    own_id = sealing.key_id(sealing.public_raw(own))
    if header["server_key_id"] != own_id:
        raise _refuse(
            path,
            f"gói được mã hóa cho một máy chủ khác (khóa {header['server_key_id']}, khóa của máy "
            f"chủ này là {own_id}); trường cần đăng nhập đồng bộ với máy chủ này hoặc dùng tệp "
            "khóa của máy chủ này rồi xuất lại gói",
            code="package_wrong_server",
        )
    school, client = header["school_code"], header["client_id"]
    with store.connect() as conn:
        _known_school(conn, path, school)
        registered = school_key(conn, school)
        if registered is None:
            raise _refuse(
                path,
                f"trường {school} chưa đăng ký khóa ký gói dữ liệu; trường đăng nhập đồng bộ một "
                "lần khi có mạng, hoặc cán bộ đăng ký khóa trường đưa: songmay-server "
                f"register-key {school} KHÓA",
                code="package_key_unknown",
            )
        if not sealing.verify(sealed, registered.raw):
            signers = [
                k.school_code for k in schools_with_key(conn, header["school_key_id"])
                if k.school_code != school and sealing.verify(sealed, k.raw)
            ]  # fmt: skip
            if signers:
                raise _refuse(
                    path,
                    f"gói ghi là của trường {school} nhưng được ký bằng khóa của trường "
                    f"{', '.join(signers)}",
                    code="package_other_school",
                )
            raise _refuse(
                path,
                f"chữ ký không đúng: gói không được ký bằng khóa đã đăng ký của trường {school} "
                "(gói giả mạo, hoặc bị sửa sau khi xuất)",
                code="package_bad_signature",
            )
    if registered.client_id is not None and registered.client_id != client:
        raise _refuse(
            path,
            f"gói được xuất từ một máy khác với máy đã đăng ký của trường {school}",
            code="package_wrong_client",
        )
    try:
        payload = sealing.open_sealed(sealed, own)
    except sealing.SealError as exc:
        raise _refuse(path, "nội dung gói bị sửa sau khi ký (không giải mã được)",
                      code="package_tampered") from exc  # fmt: skip
    inner_school, inner_client, entries = read_zip(path, io.BytesIO(payload), PACKAGE_VERSION)
    if inner_school != school or inner_client != client:
        raise _refuse(path, "manifest.json không khớp trường hoặc máy ghi trên gói")
    for entry in entries:
        if entry.body.get("client_id") != client:
            raise _refuse(path, f"{entry.file} là dữ liệu của một máy khác")
    return Opened(school, client, entries, signed=True)


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            # read(n) reserves n bytes at once: ask only for what the file holds.
            size = min(os.fstat(handle.fileno()).st_size, MAX_PACKAGE_BYTES)
            data = handle.read(size + 1)
    except FileNotFoundError as exc:
        raise PackageRejected(f"Không tìm thấy tệp {path}.", code="package_missing") from exc
    except OSError as exc:
        raise _refuse(path, f"không đọc được tệp ({exc.strerror})") from exc
    if len(data) > MAX_PACKAGE_BYTES:
        raise _refuse(path, "tệp quá lớn")
    return data


def _known_school(conn: Any, path: Path, school_code: str) -> None:
    if not school_exists(conn, school_code):
        raise PackageRejected(
            f"Gói dữ liệu {path.name} không được nhập: trường {school_code} chưa có trên máy chủ. "
            f"Hãy thêm trường trước: songmay-server add-school {school_code} --name … "
            "--username … --password-stdin / Unknown school; nothing imported.",
            code="school_unknown",
        )
    disabled = conn.execute("SELECT disabled FROM schools WHERE code = ?", (school_code,))
    if disabled.fetchone()["disabled"]:  # the same rule as its logins: nothing comes in
        raise PackageRejected(
            f"Gói dữ liệu {path.name} không được nhập: trường {school_code} đang bị tạm ngừng trên "
            f"máy chủ (songmay-server school enable {school_code} để mở lại). / The school is "
            "disabled on this server; nothing imported.",
            code="school_disabled",
        )


def read_zip(path: Path, source: io.BytesIO, version: int) -> tuple[str, str, list[Entry]]:
    """The zip's school, client and submissions, every one checked; PackageRejected otherwise."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "tệp không phải gói .zip hoặc bị hỏng") from exc
    with archive:
        budget = MAX_TOTAL_BYTES  # left to read, over all members: never more in all

        def too_much() -> PackageRejected:
            return _refuse(
                path,
                f"tổng dung lượng các tệp trong gói vượt quá {MAX_TOTAL_BYTES // (1024 * 1024)} "
                "MB; hãy xuất thành nhiều gói nhỏ hơn",
                code="package_too_large",
            )

        def read(name: str, limit: int) -> bytes:
            nonlocal budget
            try:
                info = archive.getinfo(name)
            except KeyError:
                raise _refuse(path, f"thiếu tệp {name}") from None
            if info.file_size > limit:
                raise _refuse(path, f"tệp {name} quá lớn")
            if info.file_size > budget:
                raise too_much()
            try:
                with archive.open(info) as member:
                    data = member.read(min(limit, budget) + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                raise _refuse(path, f"tệp {name} bị hỏng") from exc
            if len(data) > limit:
                raise _refuse(path, f"tệp {name} quá lớn")
            if len(data) > budget:
                raise too_much()
            budget -= len(data)
            return data

        try:
            manifest = json.loads(read(MANIFEST, MAX_MANIFEST_BYTES))
        except ValueError as exc:
            raise _refuse(path, "manifest.json không phải JSON hợp lệ") from exc
        if not isinstance(manifest, dict):
            raise _refuse(path, "manifest.json sai định dạng")
        if manifest.get("format") != PACKAGE_FORMAT or manifest.get("version") != version:
            raise _refuse(
                path,
                f"không phải gói {PACKAGE_FORMAT} phiên bản {version} "
                f"(format={manifest.get('format')!r}, version={manifest.get('version')!r})",
            )
        school_code = manifest.get("school_code")
        client_id = manifest.get("client_id")
        listed = manifest.get("submissions")
        if not isinstance(school_code, str) or not school_code:
            raise _refuse(path, "manifest.json thiếu mã trường (school_code)")
        if not isinstance(client_id, str):
            raise _refuse(path, "manifest.json thiếu mã máy (client_id)")
        if not isinstance(listed, list) or len(listed) > MAX_SUBMISSIONS:
            raise _refuse(path, "manifest.json thiếu danh sách lượt gửi (submissions)")
        files: set[str] = set()
        declared = 0
        for number, item in enumerate(listed, start=1):
            if not isinstance(item, dict) or not all(
                isinstance(item.get(k), str) for k in ("file", "idempotency_key", "sha256")
            ):
                raise _refuse(path, f"mục thứ {number} trong manifest.json sai định dạng")
            if item["file"] in files:  # each body is read once: a repeat is never legitimate
                raise _refuse(
                    path, f"tệp {item['file']} được liệt kê nhiều lần trong manifest.json"
                )
            files.add(item["file"])
            if item["file"] in archive.NameToInfo:
                # zipfile never returns more than a member declares: the sum bounds the reads.
                declared += archive.NameToInfo[item["file"]].file_size
        if declared > budget:
            raise too_much()  # before a single body is read
        entries: list[Entry] = []
        for item in listed:
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
    return school_code, client_id, entries


def import_package(store: Store, path: Path, *, allow_unsigned: bool = False) -> ImportSummary:
    """Receive every submission of the package in one transaction, then apply them."""
    opened = open_package(store, path, allow_unsigned=allow_unsigned)
    school_code, entries = opened.school_code, opened.entries
    summary = ImportSummary(school_code, submissions=len(entries), signed=opened.signed)
    new_seqs = []
    with store.transaction() as conn:
        _known_school(conn, path, school_code)
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
