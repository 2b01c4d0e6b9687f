"""An encrypted copy of the database for a USB stick: the file holds students' personal data, so
a lost stick must not give it away. Restorable on another PC with the passphrase alone.

Format (version 1), all integers big-endian::

    header  magic "SMAYENC\\0" · version 1 · KDF 1 (scrypt) · log2 N · r · p · 3 zero bytes ·
            chunk size (4 bytes) · salt (16) · nonce prefix (7) · key check (16)      = 59 bytes
    body    chunks of AES-256-GCM: each chunk of plaintext (``chunk size`` bytes, the last one
            shorter, possibly empty) + its 16-byte tag

scrypt derives 48 bytes from the passphrase (NFC-normalised UTF-8, so the same Vietnamese text
typed with Telex or VNI gives the same key), with N = 2^17, r = 8, p = 1 for new copies (the
reader takes them from the header, so copies made with N = 2^15 still open): 32 are the AES
key, 16 the key check kept in the header, which tells a wrong passphrase from a damaged file.
Each chunk's nonce is the prefix, the chunk's number and a "last chunk" flag (the STREAM
construction), and the whole header is the associated data of every chunk: chunks cannot be
reordered, dropped, cut short or moved to another file, and the header cannot be edited, without
the check failing.

Memory stays bounded (scrypt's 128 MB, then one 1 MB chunk at a time) whatever the size of the
database; a 100 MB database takes a few seconds. A new copy's passphrase must pass
``passphrase.passphrase_problem``; opening a copy never checks it.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import os
import secrets
import struct
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop_app.core.files import atomic_path, private_folder
from desktop_app.core.jobs import Cancelled, JobState, SilentJob
from desktop_app.core.paths import backups_dir
from desktop_app.core.safekeeping.backups import (
    BackupError,
    copy_database,
    explain_failure,
    integrity_problem,
    record_file_access,
)
from desktop_app.core.safekeeping.leftovers import work_in_progress
from desktop_app.core.safekeeping.passphrase import passphrase_problem
from desktop_app.core.safekeeping.restore import RestoreResult, restore_backup, verify_backup
from desktop_app.core.store import driver
from desktop_app.core.store.keys import add_candidate, new_key

MAGIC = b"SMAYENC\x00"
# Version 1: the payload is a plaintext SQLite file. Version 2: the payload is the 32-byte key of
# a SQLCipher file, then that file (the copy is encrypted with a fresh key of its own, so no
# plaintext copy is written on this PC and the passphrase alone opens it on another one).
VERSION = 2
VERSIONS = (1, 2)
COPY_KEY_SIZE = 32
KDF_SCRYPT = 1
_HEADER = struct.Struct(">8sBBBBB3xI16s7s16s")
HEADER_SIZE = _HEADER.size
TAG_SIZE = 16
CHUNK_SIZE = 1 << 20
# OWASP's scrypt minimum (N = 2^17, r = 8, p = 1): 128 MB of memory, about 0.6-0.9 s on one core
# of the reference machine. Copies made before used N = 2^15; the header says which, so they open.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
# A crafted header must not make the reader allocate gigabytes.
_MAX_LOG2_N, _MAX_R, _MAX_P, _MAX_CHUNK = 20, 16, 4, 16 << 20
SUFFIX = ".smbk"


@dataclass(frozen=True)
class Header:
    log2_n: int
    r: int
    p: int
    chunk_size: int
    salt: bytes
    nonce_prefix: bytes
    key_check: bytes
    version: int = 1

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC, self.version, KDF_SCRYPT, self.log2_n, self.r, self.p, self.chunk_size,
            self.salt, self.nonce_prefix, self.key_check,
        )  # fmt: skip


def _tampered(path: Path) -> BackupError:
    return BackupError.of("encrypted.tampered", code="file_tampered", name=path.name)


def _wrong_passphrase() -> BackupError:
    return BackupError.of("encrypted.wrong_passphrase", code="wrong_passphrase")


def _key_material(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    text = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=48, n=1 << log2_n, r=r, p=p).derive(text)


def check_passphrase(passphrase: str) -> None:
    """Refuse a weak passphrase for a NEW copy (``passphrase_problem``); opening never checks."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise BackupError(problem, code="weak_passphrase")


def is_encrypted(path: Path) -> bool:
    """True when the file starts like an encrypted backup (the header is checked on reading)."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


def _read_header(handle: BinaryIO, path: Path) -> tuple[Header, bytes]:
    raw = handle.read(HEADER_SIZE)
    if len(raw) < HEADER_SIZE or not raw.startswith(MAGIC):
        raise BackupError.of("encrypted.not_encrypted_copy", code="not_a_backup", name=path.name)
    _magic, version, kdf, log2_n, r, p, chunk, salt, prefix, check = _HEADER.unpack(raw)
    if version not in VERSIONS or kdf != KDF_SCRYPT:
        raise BackupError.of("encrypted.newer_version", code="unsupported_version", name=path.name)
    if not (10 <= log2_n <= _MAX_LOG2_N and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P
            and 1024 <= chunk <= _MAX_CHUNK):  # fmt: skip
        raise _tampered(path)
    return Header(log2_n, r, p, chunk, salt, prefix, check, version), raw


class _Joined:
    """``head`` then the file: reads of any size across the seam."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int) -> bytes:
        taken, self.head = self.head[:size], self.head[size:]
        return taken + self.rest.read(size - len(taken)) if len(taken) < size else taken


class _KeyThenFile:
    """Keeps the first ``COPY_KEY_SIZE`` bytes written (a version-2 copy's key) in memory and
    passes the rest to ``out``."""

    def __init__(self, out: BinaryIO | None) -> None:
        self.out, self.key = out, b""

    def write(self, data: bytes) -> int:
        need = COPY_KEY_SIZE - len(self.key)
        if need > 0:
            self.key += data[:need]
            data = data[need:]
        if data and self.out is not None:
            self.out.write(data)
        return len(data)


def _chunks(source: BinaryIO | _Joined, size: int) -> Iterator[tuple[bytes, bool]]:
    """(block, is_last) with one block of look-ahead; an empty file is one empty last block."""
    current = source.read(size)
    while True:
        following = source.read(size)
        yield current, not following
        if not following:
            return
        current = following


def encrypt_file(
    plain: Path,
    out: BinaryIO,
    passphrase: str,
    *,
    log2_n: int = SCRYPT_LOG2_N,
    job: JobState | None = None,
    copy_key: bytes | None = None,
) -> None:
    """``copy_key``: ``plain`` is a SQLCipher file with that key (version 2), else a plaintext
    SQLite file (version 1)."""
    job = job or SilentJob()
    salt, prefix = secrets.token_bytes(16), secrets.token_bytes(7)
    material = _key_material(passphrase, salt, log2_n, SCRYPT_R, SCRYPT_P)
    version = 1 if copy_key is None else 2
    header = Header(log2_n, SCRYPT_R, SCRYPT_P, CHUNK_SIZE, salt, prefix, material[32:], version)
    packed = header.pack()
    aes = AESGCM(material[:32])
    out.write(packed)
    total = max(1, Path(plain).stat().st_size)
    with Path(plain).open("rb") as handle:
        source = _Joined(copy_key or b"", handle)
        for counter, (block, last) in enumerate(_chunks(source, CHUNK_SIZE)):
            if job.is_cancelled():
                raise Cancelled()
            out.write(aes.encrypt(_nonce(prefix, counter, last), block, packed))
            job.set_progress(min(total, (counter + 1) * CHUNK_SIZE), total, "encrypt")


def encrypt_bytes(data: bytes, passphrase: str, *, log2_n: int = SCRYPT_LOG2_N) -> bytes:
    """A small secret (the database key) in the same format, in memory."""
    out = io.BytesIO()
    salt, prefix = secrets.token_bytes(16), secrets.token_bytes(7)
    material = _key_material(passphrase, salt, log2_n, SCRYPT_R, SCRYPT_P)
    header = Header(log2_n, SCRYPT_R, SCRYPT_P, CHUNK_SIZE, salt, prefix, material[32:])
    packed = header.pack()
    out.write(packed)
    out.write(AESGCM(material[:32]).encrypt(_nonce(prefix, 0, True), data, packed))
    return out.getvalue()


def decrypt_bytes(blob: bytes, passphrase: str) -> bytes:
    """What ``encrypt_bytes`` sealed; ``wrong_passphrase`` / ``file_tampered`` as for a file."""
    out = io.BytesIO()
    _decrypt(io.BytesIO(blob), Path("key"), len(blob), out, passphrase, SilentJob())
    return out.getvalue()


def decrypt_file(
    encrypted: Path, out: BinaryIO | None, passphrase: str, *, job: JobState | None = None
) -> bytes | None:
    """Decrypt into ``out`` (None: only check every chunk). Raises ``wrong_passphrase``,
    ``file_tampered`` or ``not_a_backup``; ``out`` may hold a prefix of the data on failure."""
    job = job or SilentJob()
    path = Path(encrypted)
    total = max(1, path.stat().st_size)
    with path.open("rb") as source:
        return _decrypt(source, path, total, out, passphrase, job)


def _decrypt(
    source: BinaryIO, path: Path, total: int, out: BinaryIO | None, passphrase: str, job: JobState
) -> bytes | None:
    """Returns a version-2 copy's own key (what ``out`` receives is then the SQLCipher file)."""
    header, packed = _read_header(source, path)
    sink: BinaryIO | _KeyThenFile | None = _KeyThenFile(out) if header.version == 2 else out
    material = _key_material(passphrase, header.salt, header.log2_n, header.r, header.p)
    if not hmac.compare_digest(material[32:], header.key_check):
        raise _wrong_passphrase()
    aes = AESGCM(material[:32])
    for counter, (block, last) in enumerate(_chunks(source, header.chunk_size + TAG_SIZE)):
        if job.is_cancelled():
            raise Cancelled()
        try:
            plain = aes.decrypt(_nonce(header.nonce_prefix, counter, last), block, packed)
        except InvalidTag as exc:
            raise _tampered(path) from exc
        if not last and len(plain) != header.chunk_size:
            raise _tampered(path)
        if sink is not None:
            sink.write(plain)
        job.set_progress(min(total, HEADER_SIZE + (counter + 1) * len(block)), total,
                         "decrypt")  # fmt: skip
    if isinstance(sink, _KeyThenFile):
        if len(sink.key) != COPY_KEY_SIZE:
            raise _tampered(path)
        return sink.key
    return None


@contextlib.contextmanager
def _scratch(db_path: Path, suffix: str) -> Iterator[Path]:
    """A temporary file (0600) on this PC's disk, in the database's backups folder (never on the
    stick), removed on exit; one left by a cut is removed at the next start
    (``safekeeping.leftovers``). The decrypted copy holds the same data as the database."""
    folder = private_folder(backups_dir(db_path), own=True)
    with work_in_progress(db_path):
        fd, name = tempfile.mkstemp(prefix=".songmay-", suffix=suffix, dir=folder)
        os.close(fd)
        try:
            yield Path(name)
        finally:
            Path(name).unlink(missing_ok=True)
            Path(f"{name}-journal").unlink(missing_ok=True)


def export_encrypted(
    db_path: Path,
    out_path: Path,
    passphrase: str,
    *,
    log2_n: int = SCRYPT_LOG2_N,
    job: JobState | None = None,
    actor: str | None = None,
) -> Path:
    """Write an encrypted, checked snapshot of ``db_path`` to ``out_path`` (a USB stick is fine:
    written to a temporary name there, fsynced, renamed), then read it back to check it. The copy
    is a row of the access trail."""
    check_passphrase(passphrase)
    db_path, out_path = Path(db_path), Path(out_path)
    if not db_path.is_file():
        raise BackupError.of("store.database_missing", code="not_found", path=db_path)
    try:
        copy_key = new_key()
        with _scratch(db_path, ".sqlite3") as snapshot:
            copy_database(db_path, snapshot, job=job, key=copy_key)  # never a plaintext copy
            problem = integrity_problem(snapshot, key=copy_key)
            if problem is not None:
                raise BackupError.of(
                    "backup.source_damaged.export", code="backup_damaged", problem=problem
                )
            with atomic_path(out_path) as temp, temp.open("wb") as out:
                encrypt_file(snapshot, out, passphrase, log2_n=log2_n, job=job, copy_key=copy_key)
        decrypt_file(out_path, None, passphrase)
    except (driver.DatabaseError, OSError) as exc:
        raise explain_failure(exc, "write", out_path) from exc
    record_file_access(db_path, "usb_copy", out_path, actor)
    return out_path


def restore_encrypted(
    db_path: Path,
    encrypted_path: Path,
    passphrase: str,
    *,
    live: bool = False,
    job: JobState | None = None,
) -> RestoreResult:
    """Decrypt ``encrypted_path`` (on this PC's disk, every chunk checked before anything is
    used) and restore it like a backup. A wrong passphrase or a changed file: refused, and the
    database is not touched."""
    db_path, encrypted_path = Path(db_path), Path(encrypted_path)
    if not encrypted_path.is_file():
        raise BackupError.of("restore.file_missing", code="not_found", path=encrypted_path)
    try:
        with _scratch(db_path, ".restore.sqlite3") as plain:
            with plain.open("wb") as out:
                copy_key = decrypt_file(encrypted_path, out, passphrase, job=job)
                out.flush()
                os.fsync(out.fileno())
            if copy_key is not None:  # version 2: a SQLCipher file with its own key
                add_candidate(copy_key)
            verify_backup(plain)
            result = restore_backup(db_path, plain, live=live, job=job)
    except (driver.DatabaseError, OSError) as exc:
        raise explain_failure(exc, "restore") from exc
    return RestoreResult(encrypted_path, result.previous, result.previous_damaged)
