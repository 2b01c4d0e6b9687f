"""What the container bytes mean: magic numbers, the CFB directory entry names that tell
a workbook or an encrypted OOXML package, the zip central directory check and the budget
that counts inflated bytes.  The reading loops that use them are in ``scan.py``."""

from __future__ import annotations

import struct
from typing import BinaryIO, Final

from desktop_app.core.excel.safety._common import UnsafeFile, _corrupt

# --------------------------------------------------------------------------------------------
# Format detection

_ZIP_MAGIC: Final = b"PK\x03\x04"
_CFB_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_ODF_MIMETYPE_PREFIX: Final = b"application/vnd.oasis.opendocument."

_MAX_MEMBERS: Final = 10_000  # zip entries (zipfile keeps one ZipInfo per entry in memory)
_MAX_CENTRAL_DIRECTORY: Final = 4 << 20


def _guess_kind(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if head.startswith((b"<?xml", b"<html", b"<HTML", b"<!DOCTYPE")):
        return "xml_or_html"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    return "text"  # CSV, TSV, plain text renamed .xlsx


# --------------------------------------------------------------------------------------------
# OLE2 / Compound File Binary: legacy .xls, or an encrypted OOXML package


def _cfb_name(name: str) -> tuple[bytes, bytes]:
    # A CFB directory entry is 128 bytes, 128-aligned in the file: UTF-16LE name at offset 0,
    # name length in bytes including the terminating NUL (u16) at offset 64.
    return name.encode("utf-16-le"), struct.pack("<H", (len(name) + 1) * 2)


_CFB_ENCRYPTION_NAMES: Final = (_cfb_name("EncryptionInfo"), _cfb_name("EncryptedPackage"))
_CFB_WORKBOOK_NAMES: Final = (_cfb_name("Workbook"), _cfb_name("Book"))


def _cfb_entry_in(block: bytes, offset: int, name: tuple[bytes, bytes]) -> bool:
    encoded, length = name
    i = block.find(encoded)
    while i != -1:
        if (offset + i) % 128 == 0 and block[i + 64 : i + 66] == length:
            return True
        i = block.find(encoded, i + 1)
    return False


# --------------------------------------------------------------------------------------------
# Zip containers (xlsx, ods)


class _Budget:
    """Inflated bytes of all members together, counted as they are produced."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0

    def add(self, n: int, member: str) -> None:
        self.total += n
        if self.total > self.limit:
            # "actual" is how far we got before stopping: a lower bound.
            raise UnsafeFile(
                "inflated_too_large",
                {"limit": self.limit, "actual": self.total, "member": member},
            )


def _check_central_directory(fp: BinaryIO, size: int) -> None:
    """Refuse before zipfile builds one ZipInfo per entry of a huge central directory."""
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    pos = tail.rfind(b"PK\x05\x06")
    if pos == -1 or len(tail) - pos < 22:
        raise _corrupt("no_central_directory")  # truncated, or not a finished zip
    fields = struct.unpack("<4s4H2LH", tail[pos : pos + 22])
    entries, cd_size, cd_offset = int(fields[4]), int(fields[5]), int(fields[6])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        loc = pos - 20  # zip64 end-of-central-directory locator
        if loc >= 0 and tail[loc : loc + 4] == b"PK\x06\x07":
            z64_offset = int(struct.unpack("<4sLQL", tail[loc : loc + 20])[2])
            fp.seek(z64_offset)
            record = fp.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                z64 = struct.unpack("<4sQ2H2L4Q", record)
                entries, cd_size = int(z64[7]), int(z64[8])
    if entries > _MAX_MEMBERS or cd_size > _MAX_CENTRAL_DIRECTORY:
        raise _corrupt("too_many_members", entries=entries, limit=_MAX_MEMBERS)
