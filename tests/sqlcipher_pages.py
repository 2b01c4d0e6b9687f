"""Every byte of a SQLCipher 4 database, decrypted page by page — free pages, unused space and the
WAL's frames too — so a test can say that a value is in no byte of the file, not only in no row.

SQLCipher 4 with a raw key and the project's settings (``driver.CIPHER_DEFAULTS``: 16 KiB pages,
HMAC-SHA256): each page is AES-256-CBC under the key itself; the page's last 48 bytes are its
reserve (a 16-byte IV, then a 32-byte HMAC); page 1 begins with the file's 16-byte salt instead of
SQLite's header. A WAL is a 32-byte header, then frames of a 24-byte
header and one page each.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from desktop_app.core.safekeeping.backups import file_key

PAGE_SIZE = 16384
RESERVE = 48
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def _page(page: bytes, key: bytes, *, first: bool) -> bytes:
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    body = page[SALT if first else 0 : PAGE_SIZE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def decrypted_pages(data: bytes, key: bytes) -> bytes:
    """The plaintext of every whole page of a database file's bytes."""
    return b"".join(
        _page(data[start : start + PAGE_SIZE], key, first=start == 0)
        for start in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)
    )


def decrypted_wal(data: bytes, key: bytes) -> bytes:
    """The plaintext of every frame of a WAL file's bytes."""
    frames = []
    step = FRAME_HEADER + PAGE_SIZE
    for start in range(WAL_HEADER, len(data) - step + 1, step):
        number = int.from_bytes(data[start : start + 4], "big")
        page = data[start + FRAME_HEADER : start + step]
        frames.append(_page(page, key, first=number == 1))
    return b"".join(frames)


def plaintext_bytes(path: Path) -> bytes:
    """Every byte of the database at ``path`` and of its -wal, decrypted with the key that opens
    it (a plaintext file is read as it is)."""
    path = Path(path)
    wal = path.with_name(path.name + "-wal")
    key = file_key(path)
    if key is None:
        return b"".join(p.read_bytes() for p in (path, wal) if p.exists())
    data = decrypted_pages(path.read_bytes(), key)
    if wal.exists():
        data += decrypted_wal(wal.read_bytes(), key)
    return data
