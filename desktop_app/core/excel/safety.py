"""Cheap pre-flight scan of an uploaded spreadsheet, run before python-calamine touches it.

python-calamine is a Rust reader that builds a *dense* cell range per sheet and aborts the
whole process (``memory allocation of N bytes failed`` - not a Python exception) when that
range does not fit in memory.  A 1 KB forged file is enough: one cell at row 1,000,000,000
plus one at A1 asks for 32 GB.  ``inspect_file`` reads the file once, streaming, with
bounded memory, and refuses hostile or broken files in seconds with an :class:`UnsafeFile`
whose ``reason`` + ``detail`` another module turns into the clerk's message.

What was checked against python-calamine 0.9.1 while writing this (hand-built files):

xlsx
  * ``<c r="...">`` decides where a cell goes (letters case-insensitive, ``zz1`` is column
    702); a cell without ``r`` goes to the next column of the current row; a ``<row>``
    without ``r`` is the row after the previous one.  Element names are matched on their
    local name, so ``<x:row>`` / ``<x:c>`` count like ``<row>`` / ``<c>``.  Comments are
    ignored.  ``<dimension ref>`` is *not* used to allocate.
  * The range spans min..max of the cells that hold a value: A1 + A1000000 -> 1,000,000
    rows (212 MB); A1 + A1000000000 -> abort.  A lone cell at row 1e9 gives a 1x1 range,
    but ``to_python(skip_empty_area=False)`` then aborts (32 GB), so any huge index is
    refused whatever else the sheet holds.  Row numbers wrap at 2**32 (``r="5000000000"``
    asked for 22 GB).
  * Formula cells without a cached value (openpyxl writes ``<f>A1+1</f><v />``) come back
    as empty cells - hence ``FileFacts.formulas_without_value``.

ods (content.xml; names matched literally: ``table:table-row``, ``table:table-cell``,
``table:covered-table-cell``)
  * A row or cell with ``number-rows-repeated`` / ``number-columns-repeated`` is expanded
    densely when it holds a value: 10,000 rows x 1,000 repeated non-empty cells took 5.4 s
    and 1.3 GB; 100,000 x 1,000 in an 800-byte file aborted the process (4 GB allocation).
  * Repeated *empty* rows/cells at the end of a sheet or row cost nothing (LibreOffice's
    ``number-rows-repeated="1048553"`` filler is dropped), but empty repeated rows in the
    *middle* are materialised: 1,000,000 empty rows followed by one value gave a
    1,000,002-row range (159 MB).  So what counts is the position of the last non-empty
    row/cell, with every repeat before it included.
  * calamine clamps at 1,048,576 rows / 16,384 columns (beyond that values are dropped
    silently); our counts are unclamped, which only makes them stricter.
  * A cell is non-empty for calamine when it has ``office:value``, ``office:string-value``,
    ``office:date-value``, ``office:time-value``, ``office:boolean-value``, a
    ``table:formula`` or ``office:value-type="string"`` (the text then becomes the value).

xls (OLE2/CFB) is checked by size only (and for the OOXML-encryption stream names).

How the scan works
  * Format by magic bytes; size by ``os.stat`` before anything is read.
  * Zip: the central directory is sized first (zipfile keeps one object per entry), then
    *every* member is inflated straight from its local header with ``zlib`` in <= 1 MiB
    pieces, ignoring the sizes the directory declares; the bytes actually produced are
    counted against ``max_inflated_bytes`` as they come, and the real size and CRC must
    match at the end.  Only a sliver of each piece is kept between pieces.
  * xlsx worksheets: a byte-level fast scan (a few C-speed regex/search passes per piece,
    no per-cell Python work for ordinary files; ~0.2 s for a 39 MB sheet).  Namespace
    prefixes (``<x:row>``) are stripped and the sheet rescanned; any other unusual shape
    (rows/cells without ``r``, ``r`` not first, odd quoting) sends the sheet to an exact
    expat scan that mirrors calamine's cell placement.
  * ods content.xml: expat, tracking the last non-empty row/column with repeats expanded.
  * Any other exception inside the scan becomes ``corrupt``; the slow (expat) scans carry
    work caps so that padding cannot make them run for minutes.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Literal
from xml.etree import ElementTree
from xml.parsers import expat

__all__ = ["FileFacts", "Limits", "Reason", "UnsafeFile", "inspect_file"]

Reason = Literal[
    "empty",
    "too_large",
    "not_a_spreadsheet",
    "encrypted",
    "corrupt",
    "inflated_too_large",
    "too_many_rows",
    "too_many_columns",
    "too_many_cells",
]


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 50 * 1024 * 1024  # on disk
    max_inflated_bytes: int = 400 * 1024 * 1024  # all zip members together, counted while inflating
    max_rows: int = 200_000  # rows in any one sheet
    max_columns: int = 200  # columns in any one sheet
    max_cells: int = 10_000_000  # max_row_index * max_column_index of any sheet


class UnsafeFile(Exception):
    """The file must not be handed to python-calamine.

    ``reason`` is stable (see :data:`Reason`); ``detail`` carries what a message needs:

    * ``too_large``: ``limit``, ``actual`` (bytes on disk).
    * ``inflated_too_large``: ``limit``, ``actual`` (bytes inflated when we stopped, so a
      lower bound), ``member``.
    * ``too_many_rows`` / ``too_many_columns``: ``sheet``, ``limit``, ``actual``.
      ``too_many_cells``: ``sheet``, ``limit``, ``actual`` (= ``rows`` x ``columns``).
      For ordinary xlsx files the numbers are the sheet's real ones; for ods and for xlsx
      files that need the slow exact scan the scan stops at the first number over the
      limit, so ``actual`` is then a lower bound.  When one of those slow scans meets far
      more XML than the sheet's cells justify (padding meant to waste time) it stops with
      ``too_many_cells`` and ``problem`` ("too_many_elements", "repeated_cells") instead
      of numbers.
    * ``not_a_spreadsheet``: ``detected`` ("pdf", "text", "image", "xml_or_html", "docx",
      "pptx", "odf", "xlsb", "ole2", "unknown").
    * ``encrypted``: ``container`` ("ooxml", "zip", "ods").
    * ``corrupt``: ``problem`` (a short code such as "no_central_directory", "bad_crc",
      "size_mismatch", "truncated", "bad_xml"), sometimes ``member`` - for logs.
    * ``empty``: nothing.
    """

    def __init__(self, reason: Reason, detail: dict[str, int | str] | None = None) -> None:
        self.reason: Reason = reason
        self.detail: dict[str, int | str] = dict(detail or {})
        super().__init__(f"{reason}: {self.detail}" if self.detail else reason)


@dataclass(frozen=True)
class FileFacts:
    format: str  # "xlsx" | "xls" | "ods"
    size_bytes: int
    # sheet name -> refs ("D7") of formula cells without a cached value (xlsx only; calamine
    # reads those as empty).  Only sheets that have some are listed; at most 100,000 each.
    formulas_without_value: dict[str, list[str]]
    # sheet name -> highest row index seen (xlsx: any <row r>/<c r>, rows without r counted
    # sequentially; ods: last row holding a value, repeats included).  Empty for xls.
    sheet_rows: dict[str, int]


def inspect_file(path: Path, limits: Limits = Limits()) -> FileFacts:
    """Scan ``path`` and return what we learnt, or raise :class:`UnsafeFile`.

    Never raises anything else: any unexpected error while reading becomes ``corrupt``.
    """
    try:
        return _inspect(Path(path), limits)
    except UnsafeFile:
        raise
    except Exception as exc:  # zipfile/zlib/expat/OSError/UnicodeDecodeError/...: all "corrupt"
        raise UnsafeFile("corrupt", {"problem": "unreadable", "error": type(exc).__name__}) from exc


# --------------------------------------------------------------------------------------------
# Format detection

_ZIP_MAGIC: Final = b"PK\x03\x04"
_CFB_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE: Final = b"application/vnd.oasis.opendocument.spreadsheet"
_ODF_MIMETYPE_PREFIX: Final = b"application/vnd.oasis.opendocument."

_CHUNK: Final = 1 << 20  # inflated bytes handed to a scanner at a time (and disk reads)
_COMPRESSED_READ: Final = 1 << 18  # compressed bytes fed to zlib at a time
_CARRY_MAX: Final = 1 << 20  # longest unfinished tail kept between chunks (fast xlsx scan)
_GIANT_TOKEN: Final = 4 << 20  # bytes without a '<' before an XML stream is called corrupt
_SMALL_PART_MAX: Final = 8 << 20  # workbook.xml, its rels, mimetype, manifest.xml
_MAX_MEMBERS: Final = 10_000  # zip entries (zipfile keeps one ZipInfo per entry in memory)
_MAX_CENTRAL_DIRECTORY: Final = 4 << 20


def _corrupt(problem: str, member: str | None = None, **extra: int | str) -> UnsafeFile:
    detail: dict[str, int | str] = {"problem": problem}
    if member is not None:
        detail["member"] = member
    detail.update(extra)
    return UnsafeFile("corrupt", detail)


def _inspect(path: Path, limits: Limits) -> FileFacts:
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _corrupt("cannot_read", error=type(exc).__name__) from exc
    size = st.st_size
    if size == 0:
        raise UnsafeFile("empty")
    if size > limits.max_file_bytes:
        raise UnsafeFile("too_large", {"limit": limits.max_file_bytes, "actual": size})
    with open(path, "rb") as fp:
        head = fp.read(8)
        if head.startswith(b"PK"):  # local header, or an empty/spanned archive -> zipfile decides
            return _inspect_zip(fp, size, limits)
        if head == _CFB_MAGIC:
            return _inspect_cfb(fp, size)
    raise UnsafeFile("not_a_spreadsheet", {"detected": _guess_kind(head)})


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


def _inspect_cfb(fp: BinaryIO, size: int) -> FileFacts:
    """Legacy xls is read whole by calamine and checked by size only; an OOXML file saved
    with a password is a CFB holding "EncryptionInfo" + "EncryptedPackage" streams."""
    fp.seek(0)
    offset = 0
    has_workbook = False
    while True:
        block = fp.read(_CHUNK)  # _CHUNK is a multiple of 128: entries never straddle blocks
        if not block:
            break
        if any(_cfb_entry_in(block, offset, name) for name in _CFB_ENCRYPTION_NAMES):
            raise UnsafeFile("encrypted", {"container": "ooxml"})
        if not has_workbook:
            has_workbook = any(_cfb_entry_in(block, offset, name) for name in _CFB_WORKBOOK_NAMES)
        offset += len(block)
    if not has_workbook:  # a .doc/.ppt/.msg renamed .xls
        raise UnsafeFile("not_a_spreadsheet", {"detected": "ole2"})
    return FileFacts(format="xls", size_bytes=size, formulas_without_value={}, sheet_rows={})


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


def _member_chunks(
    fp: BinaryIO, size: int, info: zipfile.ZipInfo, budget: _Budget
) -> Iterator[bytes]:
    """Inflate one member straight from its local header, ignoring the sizes it declares.

    Every produced byte is counted into ``budget`` before it is yielded (<= _CHUNK at a
    time); at the end the real size and CRC must match the central directory.
    """
    name = info.filename
    fp.seek(info.header_offset)
    header = fp.read(30)
    if len(header) != 30 or header[:4] != _ZIP_MAGIC:
        raise _corrupt("bad_local_header", name)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + int(name_len) + int(extra_len)
    left = info.compress_size
    if start + left > size:
        raise _corrupt("truncated", name)
    fp.seek(start)
    crc = 0
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        while left:
            block = fp.read(min(_CHUNK, left))
            if not block:
                raise _corrupt("truncated", name)
            left -= len(block)
            budget.add(len(block), name)
            crc = zlib.crc32(block, crc)
            produced += len(block)
            yield block
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        while not inflater.eof:
            if inflater.unconsumed_tail:
                data = inflater.unconsumed_tail
            elif left:
                data = fp.read(min(_COMPRESSED_READ, left))
                if not data:
                    raise _corrupt("truncated", name)
                left -= len(data)
            else:
                data = b""  # input exhausted: drain what zlib still holds
            out = inflater.decompress(data, _CHUNK)
            if out:
                budget.add(len(out), name)
                crc = zlib.crc32(out, crc)
                produced += len(out)
                yield out
            elif not data:
                break
        if not inflater.eof:
            raise _corrupt("truncated", name)
    else:
        raise _corrupt("unsupported_compression", name, method=info.compress_type)
    if produced != info.file_size:
        raise _corrupt("size_mismatch", name, declared=info.file_size, actual=produced)
    if crc != info.CRC:
        raise _corrupt("bad_crc", name)


def _drain(fp: BinaryIO, size: int, info: zipfile.ZipInfo, budget: _Budget) -> None:
    for _chunk in _member_chunks(fp, size, info, budget):
        pass


def _read_small(
    fp: BinaryIO, size: int, info: zipfile.ZipInfo, budget: _Budget, cap: int = _SMALL_PART_MAX
) -> bytes:
    parts: list[bytes] = []
    total = 0
    for chunk in _member_chunks(fp, size, info, budget):
        total += len(chunk)
        if total > cap:
            raise _corrupt("part_too_large", info.filename)
        parts.append(chunk)
    return b"".join(parts)


def _inspect_zip(fp: BinaryIO, size: int, limits: Limits) -> FileFacts:
    _check_central_directory(fp, size)
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _corrupt("bad_zip", error=type(exc).__name__) from exc
    infos = archive.infolist()
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename in members:
            raise _corrupt("duplicate_member", info.filename)
        members[info.filename] = info
        if info.flag_bits & 0x41:  # 0x01 encrypted, 0x40 strong encryption
            raise UnsafeFile("encrypted", {"container": "zip", "member": info.filename})

    budget = _Budget(limits.max_inflated_bytes)
    is_ods = False
    if "mimetype" in members:
        mimetype = _read_small(fp, size, members["mimetype"], budget, cap=4096).strip()
        if mimetype.startswith(_ODF_MIMETYPE_PREFIX) and mimetype != _ODS_MIMETYPE:
            raise UnsafeFile("not_a_spreadsheet", {"detected": "odf"})  # .odt/.odp renamed
        is_ods = mimetype == _ODS_MIMETYPE
    is_ooxml = "_rels/.rels" in members or "[Content_Types].xml" in members
    if is_ods and is_ooxml:
        # python-calamine picks its reader by file extension (from_path) or by sniffing
        # (from_filelike): a polyglot could be read as the format we did not scan.
        raise _corrupt("ambiguous_container")
    if is_ods:
        return _inspect_ods(fp, size, infos, members, budget, limits)
    if is_ooxml:
        return _inspect_xlsx(fp, size, infos, members, budget, limits)
    raise _corrupt("no_workbook")


# --------------------------------------------------------------------------------------------
# xlsx
#
# Package resolution mirrors python-calamine 0.9.1, checked with forged packages: the
# workbook is <folder>/workbook.xml where <folder> is that of the officeDocument target in
# _rels/.rels (not necessarily xl/), its rels are <folder>/_rels/workbook.xml.rels, and a
# sheet target is joined to <folder> *literally* ("../" is not resolved, a backslash is
# kept, "/x" starts at the package root), whatever the relationship's Type says.  We scan
# every plausible spelling that exists, and refuse packages offering two workbooks.


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parse_small_xml(data: bytes, member: str) -> ElementTree.Element:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # no entity games; Excel never writes one
        raise _corrupt("doctype", member)
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise _corrupt("bad_xml", member) from exc


def _relationships(data: bytes, member: str) -> list[tuple[str, str, str]]:
    """(Id, Type, Target) of the internal relationships in a .rels part."""
    found = []
    for el in _parse_small_xml(data, member).iter():
        if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
            rid, target = el.get("Id"), el.get("Target")
            if rid is not None and target:
                found.append((rid, el.get("Type", ""), target))
    return found


def _spellings(base: str, target: str) -> list[str]:
    """Member names a relationship target may denote: calamine's literal join first."""
    literal = target[1:] if target.startswith("/") else f"{base}/{target}" if base else target
    names = [literal]
    for variant in (literal.replace("\\", "/"), target.lstrip("/")):
        for name in (variant, posixpath.normpath(variant)):
            if name not in names:
                names.append(name)
    return names


def _existing(members: dict[str, zipfile.ZipInfo], base: str, target: str) -> list[str]:
    return [name for name in _spellings(base, target) if name in members]


def _only_one(members: dict[str, zipfile.ZipInfo], names: list[str], wanted: str) -> str:
    """The single existing member among ``names`` (and their normalised spellings)."""
    found = {n for name in names for n in (name, posixpath.normpath(name)) if n in members}
    if not found:
        raise _corrupt("missing_part", wanted[:200])
    if len(found) > 1:
        raise _corrupt("ambiguous_container")
    return found.pop()


def _inspect_xlsx(
    fp: BinaryIO,
    size: int,
    infos: list[zipfile.ZipInfo],
    members: dict[str, zipfile.ZipInfo],
    budget: _Budget,
    limits: Limits,
) -> FileFacts:
    def read(name: str) -> bytes:
        info = members.get(name)
        if info is None:
            raise _corrupt("missing_part", name)
        return _read_small(fp, size, info, budget)

    roots = [
        target
        for _rid, kind, target in _relationships(read("_rels/.rels"), "_rels/.rels")
        if kind.endswith("/officeDocument")
    ]
    if len(roots) != 1:
        raise _corrupt("no_workbook" if not roots else "ambiguous_container")
    target = roots[0][1:] if roots[0].startswith("/") else roots[0]
    main = target.lower()
    if main.endswith(".bin"):
        raise UnsafeFile("not_a_spreadsheet", {"detected": "xlsb"})
    if main.endswith("document.xml"):
        raise UnsafeFile("not_a_spreadsheet", {"detected": "docx"})
    if main.endswith("presentation.xml"):
        raise UnsafeFile("not_a_spreadsheet", {"detected": "pptx"})
    folder = posixpath.dirname(target)
    # calamine 0.9.1 reads <folder>/workbook.xml whatever the target's file name; the target
    # itself and xl/workbook.xml (older calamine) are what other readers would take.
    workbook_part = _only_one(
        members,
        [f"{folder}/workbook.xml" if folder else "workbook.xml", target, "xl/workbook.xml"],
        target,
    )
    base, name = posixpath.split(workbook_part)
    prefix = f"{base}/" if base else ""
    rels_part = _only_one(
        members,
        [f"{prefix}_rels/workbook.xml.rels", f"{prefix}_rels/{name}.rels"],
        f"{prefix}_rels/workbook.xml.rels",
    )
    workbook = _parse_small_xml(read(workbook_part), workbook_part)
    if _local(workbook.tag) != "workbook":
        raise _corrupt("no_workbook", workbook_part)
    targets = {rid: where for rid, _kind, where in _relationships(read(rels_part), rels_part)}

    done = {"mimetype", "_rels/.rels", workbook_part, rels_part}
    names_by_part: dict[str, list[str]] = {}
    for el in workbook.iter():
        if _local(el.tag) != "sheet":
            continue
        sheet = el.get("name")
        rid = next(
            (v for k, v in el.attrib.items() if k.startswith("{") and k.endswith("}id")), None
        )
        if sheet is None or rid is None or rid not in targets:
            raise _corrupt("bad_workbook", workbook_part)
        parts = _existing(members, base, targets[rid])
        if not parts:
            raise _corrupt("missing_sheet_part", targets[rid][:200])
        for part in parts:  # chartsheets too: calamine goes by the target, not the Type
            if part in done:
                raise _corrupt("bad_sheet_part", part)
            names_by_part.setdefault(part, []).append(sheet)

    formulas: dict[str, list[str]] = {}
    sheet_rows: dict[str, int] = {}
    for info in infos:
        if info.filename in done:
            continue
        names = names_by_part.get(info.filename)
        if names is None:
            _drain(fp, size, info, budget)  # counted against the inflation budget, not parsed
            continue
        max_row, refs = _scan_sheet(fp, size, info, budget, limits, names[0])
        for sheet in names:
            sheet_rows[sheet] = max(sheet_rows.get(sheet, 0), max_row)
            if refs:
                formulas.setdefault(sheet, []).extend(refs)
    return FileFacts(
        format="xlsx", size_bytes=size, formulas_without_value=formulas, sheet_rows=sheet_rows
    )


class _NeedExactScan(Exception):
    """The fast scan met something it does not model; rescan the sheet with expat."""


class _NewPrefixes(Exception):
    """Row/cell elements carry namespace prefixes: rescan with them stripped."""

    def __init__(self, prefixes: frozenset[bytes]) -> None:
        super().__init__()
        self.prefixes = prefixes


class _SheetTally:
    """Row/column bookkeeping shared by the sheet scanners.

    ``strict`` tallies raise as soon as a limit is passed (the expat and ods scans, whose
    worst case is slow), so their ``actual`` is a lower bound; the fast xlsx scan finishes
    the sheet first and reports the real numbers."""

    def __init__(self, limits: Limits, sheet: str, *, strict: bool) -> None:
        self.limits = limits
        self.sheet = sheet
        self.strict = strict
        self.rows = 0  # <row> elements
        self.max_row = 0  # highest 1-based row index seen
        self.max_col = 0  # highest 1-based column index seen
        self.formulas: list[str] = []

    def count_rows(self, n: int) -> None:
        self.rows += n
        if self.rows > self.limits.max_rows and (self.strict or self.rows > _EXCEL_MAX_ROWS):
            self.check()

    def note(self, row: int, col: int) -> None:
        changed = False
        if row > self.max_row:
            self.max_row = row
            changed = True
        if col > self.max_col:
            self.max_col = col
            changed = True
        # Past what Excel itself can save the file is forged: no need for exact numbers, and
        # stopping now bounds the work a hostile file can ask for.
        if changed and (
            self.strict or self.max_row > _EXCEL_MAX_ROWS or self.max_col > _EXCEL_MAX_COLUMNS
        ):
            self.check()

    def add_formula(self, ref: str) -> None:
        if len(self.formulas) < _MAX_FORMULA_REFS:
            self.formulas.append(ref)

    def check(self) -> None:
        limits = self.limits
        rows = max(self.rows, self.max_row)
        if rows > limits.max_rows:
            raise self._error("too_many_rows", limits.max_rows, rows)
        if self.max_col > limits.max_columns:
            raise self._error("too_many_columns", limits.max_columns, self.max_col)
        if self.max_row * self.max_col > limits.max_cells:
            raise UnsafeFile(
                "too_many_cells",
                {
                    "sheet": self.sheet,
                    "limit": limits.max_cells,
                    "actual": self.max_row * self.max_col,
                    "rows": self.max_row,
                    "columns": self.max_col,
                },
            )

    def _error(self, reason: Reason, limit: int, actual: int) -> UnsafeFile:
        return UnsafeFile(reason, {"sheet": self.sheet, "limit": limit, "actual": actual})


def _scan_sheet(
    fp: BinaryIO, size: int, info: zipfile.ZipInfo, budget: _Budget, limits: Limits, sheet: str
) -> tuple[int, list[str]]:
    mark = budget.total
    strip: frozenset[bytes] = frozenset()
    while True:
        fast = _FastSheetScan(limits, sheet, strip)
        try:
            for chunk in _member_chunks(fp, size, info, budget):
                fast.feed(chunk)
            fast.finish()
            return fast.max_row, fast.formulas
        except _NewPrefixes as exc:  # e.g. <x:row> from the OpenXML SDK: strip and start over
            budget.total = mark  # the same bytes are inflated again; count them once
            strip |= exc.prefixes
            if len(strip) > _MAX_PREFIXES:
                break
        except _NeedExactScan:
            budget.total = mark
            break
    exact = _ExactSheetScan(limits, sheet)
    for chunk in _member_chunks(fp, size, info, budget):
        exact.feed(chunk)
    exact.close()
    return exact.max_row, exact.formulas


def _column_letters(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _le_alternatives(bound: str, lo: str, hi: str) -> list[str]:
    """Regex alternatives for same-length strings <= ``bound`` over the range lo..hi."""
    alts = []
    for i, ch in enumerate(bound):
        if ch > lo:
            below = lo if ch == chr(ord(lo) + 1) else f"[{lo}-{chr(ord(ch) - 1)}]"
            rest = len(bound) - i - 1
            alts.append(bound[:i] + below + (f"[{lo}-{hi}]{{{rest}}}" if rest else ""))
    alts.append(bound)
    return alts


@functools.lru_cache(maxsize=64)
def _cell_outlier_re(max_row: int, max_col: int) -> re.Pattern[bytes]:
    """Matches every ``<c>`` tag that is NOT ``<c r="<col><=max_col><row><=max_row>"`` -
    cells beyond what the sheet's rows already told us, cells without a leading ``r`` and
    lowercase refs.  In a normal file, where each chunk's rows come before its cells, it
    matches nothing after the first row of a wide sheet."""
    letters = _column_letters(max(max_col, 26))
    col_alts = _le_alternatives(letters, "A", "Z")
    if len(letters) > 1:
        col_alts.append(f"[A-Z]{{1,{len(letters) - 1}}}")
    digits = str(max_row)
    row_alts = _le_alternatives(digits, "0", "9")
    if len(digits) > 1:
        row_alts.append(f"[0-9]{{1,{len(digits) - 1}}}")
    pattern = f'<c(?=[\\s/>])(?! r="(?:{"|".join(col_alts)})(?:{"|".join(row_alts)})")'
    return re.compile(pattern.encode("ascii"))


_ROW_RE: Final = re.compile(rb'<row(?=[\s/>])(?: r="([0-9]{1,15})")?')
_PREFIXED_RE: Final = re.compile(rb":(?:row|c)(?=[\s/>])")  # ':' is rare: a cheap search
_PREFIX_NAME_RE: Final = re.compile(rb"</?([A-Za-z_][\w.\-]{0,31})$")
_FORMULA_RE: Final = re.compile(rb"<f(?=[\s/>])")
# <f .../> or <f ...>text</f>, then an optional <v .../> or <v ...>text</v>
_FORMULA_TAIL_RE: Final = re.compile(
    rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f\s*>)\s*(<v(?:\s[^>]*)?(?:/>|>([^<]*)</v\s*>))?"
)
_CELL_TAG_WINDOW: Final = 512
_TYPE_ATTR_RE: Final = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")
_REF_RE: Final = re.compile(rb"([A-Za-z]{1,8})([0-9]{1,15})")
_HUGE: Final = 10**15  # stands for any index with more digits than we bother to parse
_EXCEL_MAX_ROWS: Final = 1_048_576
_EXCEL_MAX_COLUMNS: Final = 16_384
_RECOMPILE_EVERY: Final = 64  # outliers handled before the outlier pattern is tightened
_MAX_FORMULA_REFS: Final = 100_000  # per sheet; more says nothing new and costs memory
_MAX_FORMULA_CANDIDATES: Final = 2 * _MAX_FORMULA_REFS  # <f> tags examined per sheet
# Work caps for the expat scans (~1-2 us per element in Python handlers).  Legitimate files
# stay far below the relative caps; the absolute ones bound a crafted file to a few seconds.
_MAX_SLOW_XLSX_ELEMENTS: Final = 4_000_000  # ~1M cells: an irregular 60,000 x 17 sheet
_MAX_ODS_ELEMENTS: Final = 8_000_000  # a 200,000 x 17 LibreOffice sheet is ~7M
_SLACK: Final = 500_000
_MAX_PREFIXES: Final = 4


def _column_index(letters: bytes) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ch - 64)
    return col


def _safe_cut(buf: bytes) -> int:
    """Where to split ``buf``: the head is scanned now, the tail waits for the next chunk.

    Every pattern we look for lives inside one tag, so a cut at a ``<`` or just after a
    ``>`` never splits one.  We prefer cutting just after the last ``</c>`` (or before an
    unclosed ``<c``) so that formula cells are always seen whole."""
    close = buf.rfind(b"</c>")
    cut = close + 4 if close != -1 else buf.rfind(b"<c")
    if cut == -1:
        cut = buf.rfind(b"<")
        if cut == -1:  # no markup at all: text, nothing to keep
            return len(buf)
    if len(buf) - cut <= _CARRY_MAX:
        return cut
    cut = max(buf.rfind(b"<"), buf.rfind(b">") + 1)  # a cell over 1 MiB: only its report
    if len(buf) - cut <= _CARRY_MAX:
        return cut
    if buf[cut : cut + 1] == b"<":
        raise _corrupt("giant_tag")
    return len(buf)  # a long text node: no '<' in it, nothing to match


class _FastSheetScan(_SheetTally):
    """Byte-level scan of worksheet XML for the shape that Excel/openpyxl/LibreOffice/
    EPPlus/POI write: ``<row r="N">`` and ``<c r="A1" ...>`` with ``r`` first.

    Per region: a cheap search for prefixed row/c tags (-> :class:`_NewPrefixes`, rescan
    with them stripped), one regex pass over rows (count + highest ``r``), one pass over
    cells that matches only cells outside the bounds the rows gave, and one search for
    ``<f``.  Anything else it does not model raises :class:`_NeedExactScan`.
    """

    def __init__(self, limits: Limits, sheet: str, strip: frozenset[bytes] = frozenset()) -> None:
        super().__init__(limits, sheet, strict=False)
        self._carry = b""
        self._strip = strip
        self._formula_candidates = 0

    def feed(self, chunk: bytes) -> None:
        buf = self._carry + chunk if self._carry else chunk
        for prefix in self._strip:  # calamine matches local names: <x:row> is a row
            buf = buf.replace(b"<" + prefix + b":", b"<").replace(b"</" + prefix + b":", b"</")
        cut = _safe_cut(buf)
        self._carry = buf[cut:]
        if cut:
            self._scan(buf[:cut] if cut < len(buf) else buf)

    def finish(self) -> None:
        if self._carry:
            self._scan(self._carry)
            self._carry = b""
        self.check()
        # Single-letter refs are never parsed here, so all we know is "column <= 26" unless
        # a wider cell was seen.  If that rough bound could break a limit, be exact.
        col_bound = max(self.max_col, 26)
        if col_bound > self.limits.max_columns or self.max_row * col_bound > self.limits.max_cells:
            raise _NeedExactScan

    def _scan(self, region: bytes) -> None:
        if _PREFIXED_RE.search(region):
            self._prefixed(region)
        rows = _ROW_RE.findall(region)
        if rows:
            if b"" in rows:  # a row without a leading numeric r: sequential numbering
                raise _NeedExactScan
            self.count_rows(len(rows))
            self.note(max(map(int, rows)), 0)
        pattern = _cell_outlier_re(self.max_row, self.max_col)
        pos = handled = 0
        while (match := pattern.search(region, pos)) is not None:
            self._outlier(region, match.start())
            pos = match.start() + 2
            handled += 1
            if handled % _RECOMPILE_EVERY == 0:  # repeated or creeping refs: raise the bar
                pattern = _cell_outlier_re(self.max_row, self.max_col)
        if self._formula_candidates < _MAX_FORMULA_CANDIDATES and _FORMULA_RE.search(region):
            self._formulas(region)

    def _prefixed(self, region: bytes) -> None:
        found: set[bytes] = set()
        for match in _PREFIXED_RE.finditer(region):
            name = _PREFIX_NAME_RE.search(region, max(0, match.start() - 34), match.start())
            if name is not None:  # a tag, not text such as "Lop:c "
                found.add(name.group(1))
            if len(found) > _MAX_PREFIXES:
                raise _NeedExactScan
        if found - self._strip:
            raise _NewPrefixes(frozenset(found))

    def _outlier(self, region: bytes, pos: int) -> None:
        if region[pos + 2 : pos + 6] != b' r="':
            raise _NeedExactScan
        end = region.find(b'"', pos + 6, pos + 64)
        match = _REF_RE.fullmatch(region, pos + 6, end) if end != -1 else None
        if match is None:
            raise _NeedExactScan  # odd ref: let the exact scan judge it
        digits = match.group(2)
        row = int(digits) if len(digits) < 16 else _HUGE
        self.note(row, _column_index(match.group(1)))

    def _formulas(self, region: bytes) -> None:
        # Linear in the region: the cell tag is looked for in a short window before <f>
        # (<f> is a cell's first child), and the <v> right after </f> (schema order).
        for match in _FORMULA_RE.finditer(region):
            self._formula_candidates += 1
            if self._formula_candidates > _MAX_FORMULA_CANDIDATES:
                return  # junk <f> tags by the million: reporting stops, the scan goes on
            pos = match.start()
            start = region.rfind(b'<c r="', max(0, pos - _CELL_TAG_WINDOW), pos)
            if start == -1:
                continue
            tag_end = region.find(b">", start, pos)
            if tag_end == -1 or region[tag_end - 1] == 0x2F or region[tag_end + 1 : pos].strip():
                continue  # not the first child of an open <c ...> tag
            tail = _FORMULA_TAIL_RE.match(region, pos)
            if tail is None:
                continue
            attrs = region[start:tag_end]
            cell_type = _TYPE_ATTR_RE.search(attrs)
            has_value = bool(tail.group(2) and tail.group(2).strip()) or (
                tail.group(1) is not None
                and cell_type is not None
                and cell_type.group(1) == b"str"  # cached empty string: <v></v>
            )
            if not has_value:
                ref_end = attrs.find(b'"', 6)
                self.add_formula(attrs[6:ref_end].decode("ascii", "replace").upper())


class _ExpatStream:
    """Streaming expat parser: bounded memory, no DTD, no giant tokens."""

    def __init__(self, max_elements: int) -> None:
        self._parser = expat.ParserCreate()
        self._parser.buffer_text = True
        self._parser.StartDoctypeDeclHandler = self._refuse_doctype
        self._parser.EntityDeclHandler = self._refuse_entity
        self._since_lt = 0
        self._elements = 0
        self._max_elements = max_elements

    def too_much_work(self, sheet: str, problem: str) -> UnsafeFile:
        return UnsafeFile("too_many_cells", {"sheet": sheet, "problem": problem})

    def feed(self, chunk: bytes) -> None:
        last = chunk.rfind(b"<")
        self._since_lt = self._since_lt + len(chunk) if last == -1 else len(chunk) - last
        if self._since_lt > _GIANT_TOKEN:  # expat would buffer a giant tag whole
            raise _corrupt("giant_token")
        self._parser.Parse(chunk, False)

    def close(self) -> None:
        self._parser.Parse(b"", True)

    @staticmethod
    def _refuse_doctype(*_args: object) -> None:
        raise _corrupt("doctype")

    @staticmethod
    def _refuse_entity(*_args: object) -> None:
        raise _corrupt("doctype")


_ASCII_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _split_ref(value: str) -> tuple[str, int]:
    """("AB", 12) for "AB12"; letters may be empty.  Anything else is not a reference."""
    digits = value.lstrip(_ASCII_LETTERS)
    if not digits or not digits.isascii() or not digits.isdigit():
        raise _corrupt("bad_cell_reference", ref=value[:32])
    return value[: len(value) - len(digits)], int(digits) if len(digits) < 16 else _HUGE


@functools.lru_cache(maxsize=4096)
def _letters_index(letters: str) -> int:
    return _column_index(letters.encode("ascii")) if len(letters) < 9 else _HUGE


def _row_number(value: str) -> int:
    """calamine's get_row: optional column letters, then the row digits."""
    return _split_ref(value)[1]


def _cell_position(value: str) -> tuple[int, int]:
    letters, row = _split_ref(value)
    if not letters:
        raise _corrupt("bad_cell_reference", ref=value[:32])
    return row, _letters_index(letters)


class _ExactSheetScan(_SheetTally, _ExpatStream):
    """Element-level scan that mirrors calamine's cell placement (local names, ``r``
    anywhere, rows/cells without ``r`` numbered sequentially).  About a microsecond per
    element, so it only runs for files the fast scan does not understand, and gives up
    (``too_many_cells``) on more elements than a real sheet of that size could have."""

    def __init__(self, limits: Limits, sheet: str) -> None:
        _SheetTally.__init__(self, limits, sheet, strict=True)
        _ExpatStream.__init__(self, _MAX_SLOW_XLSX_ELEMENTS)
        self._cells = 0
        self._row_index = 0  # 0-based, like calamine: <row r> sets it, </row> increments it
        self._col_index = 0
        self._in_cell = False
        self._cell = (0, 0)
        self._cell_is_str = False
        self._has_formula = False
        self._has_v = False
        self._has_v_text = False
        self._in_v = False
        p = self._parser
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._text

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._elements += 1
        if self._elements > self._max_elements:
            raise self.too_much_work(self.sheet, "too_many_elements")
        local = name[name.find(":") + 1 :]
        if local == "c":
            # a real sheet has at most one cell per position: repeats are padding for time
            self._cells += 1
            if self._cells > self.max_row * self.max_col + _SLACK:
                raise self.too_much_work(self.sheet, "repeated_cells")
            ref = attrs.get("r")
            if ref is not None:
                row, col = _cell_position(ref)
                self._col_index = col
            else:
                row = self._row_index + 1
                self._col_index += 1
                col = self._col_index
            self.note(row, col)
            self._in_cell = True
            self._cell = (row, col)
            self._cell_is_str = attrs.get("t") == "str"
            self._has_formula = self._has_v = self._has_v_text = False
        elif local == "row":
            self.count_rows(1)
            ref = attrs.get("r")
            if ref is not None:
                self._row_index = _row_number(ref) - 1
            self.note(self._row_index + 1, 0)
        elif self._in_cell:
            if local == "f":
                self._has_formula = True
            elif local == "v":
                self._has_v = self._in_v = True

    def _end(self, name: str) -> None:
        local = name[name.find(":") + 1 :]
        if local == "c":
            cached = self._has_v_text or (self._cell_is_str and self._has_v)
            if self._in_cell and self._has_formula and not cached:
                row, col = self._cell
                self.add_formula(f"{_column_letters(col)}{row}")
            self._in_cell = False
        elif local == "row":
            self._row_index += 1
            self._col_index = 0
        elif local == "v":
            self._in_v = False

    def _text(self, data: str) -> None:
        if self._in_v and not self._has_v_text and data.strip():
            self._has_v_text = True


# --------------------------------------------------------------------------------------------
# ods


def _inspect_ods(
    fp: BinaryIO,
    size: int,
    infos: list[zipfile.ZipInfo],
    members: dict[str, zipfile.ZipInfo],
    budget: _Budget,
    limits: Limits,
) -> FileFacts:
    manifest_info = members.get("META-INF/manifest.xml")
    if manifest_info is None:  # calamine refuses an ods without one
        raise _corrupt("missing_part", "META-INF/manifest.xml")
    if "content.xml" not in members:
        raise _corrupt("missing_part", "content.xml")
    manifest = _read_small(fp, size, manifest_info, budget)
    if b"manifest:encryption-data" in manifest:  # calamine's own password check
        raise UnsafeFile("encrypted", {"container": "ods"})
    scan = _OdsContentScan(limits)
    for info in infos:
        if info.filename in ("mimetype", "META-INF/manifest.xml"):
            continue
        if info.filename == "content.xml":
            for chunk in _member_chunks(fp, size, info, budget):
                scan.feed(chunk)
            scan.close()
        else:
            _drain(fp, size, info, budget)
    return FileFacts(
        format="ods", size_bytes=size, formulas_without_value={}, sheet_rows=scan.sheet_rows
    )


_ODS_VALUE_ATTRS: Final = frozenset(
    {
        "office:value",
        "office:string-value",
        "office:date-value",
        "office:time-value",
        "office:boolean-value",
        "table:formula",
    }
)
_ODS_CELLS: Final = frozenset({"table:table-cell", "table:covered-table-cell"})


def _repeat(value: str | None) -> int:
    if value is None:
        return 1
    if not value.isdigit() or len(value) > 15:
        raise _corrupt("bad_repeat", "content.xml", value=value[:32])
    return max(int(value), 1)


class _OdsTable(_SheetTally):
    def __init__(self, limits: Limits, sheet: str) -> None:
        super().__init__(limits, sheet, strict=True)
        self.row_pos = 0  # rows consumed so far, repeats included
        self.in_row = False
        self.row_repeat = 1
        self.col_pos = 0
        self.row_last_col = 0  # end column of the last non-empty cell in this row
        self.cell_depth = 0

    def end_row(self) -> None:
        self.in_row = False
        if self.row_last_col:  # only rows holding a value pull the range (and its gaps) down
            self.note(self.row_pos + self.row_repeat, self.row_last_col)
        self.row_pos += self.row_repeat


class _OdsContentScan(_ExpatStream):
    """Tracks, per table, the last row and column that hold a value, with every
    ``number-rows-repeated`` / ``number-columns-repeated`` before them expanded - the range
    calamine will allocate."""

    def __init__(self, limits: Limits) -> None:
        super().__init__(_MAX_ODS_ELEMENTS)
        self._limits = limits
        self._allowance = _SLACK  # 4 elements per non-empty cell, 1 per row element
        self._table: _OdsTable | None = None
        self._outer: list[_OdsTable | None] = []
        self._count = 0
        self.sheet_rows: dict[str, int] = {}
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._elements += 1
        if self._elements > self._allowance or self._elements > self._max_elements:
            sheet = self._table.sheet if self._table is not None else ""
            raise self.too_much_work(sheet, "too_many_elements")
        table = self._table
        if name == "table:table":
            self._outer.append(table)
            self._count += 1
            self._table = _OdsTable(self._limits, attrs.get("table:name") or f"#{self._count}")
        elif table is None:
            return
        elif name in _ODS_CELLS:
            if table.in_row and table.cell_depth == 0:
                repeat = _repeat(attrs.get("table:number-columns-repeated"))
                if (
                    not _ODS_VALUE_ATTRS.isdisjoint(attrs)
                    or attrs.get("office:value-type") == "string"
                ):
                    self._allowance += 4
                    table.row_last_col = table.col_pos + repeat
                    if table.row_last_col > self._limits.max_columns:  # before the row ends
                        table.note(table.row_pos + 1, table.row_last_col)
                table.col_pos += repeat
            table.cell_depth += 1
        elif name == "table:table-row" and table.cell_depth == 0:
            self._allowance += 1
            table.in_row = True
            table.row_repeat = _repeat(attrs.get("table:number-rows-repeated"))
            table.col_pos = 0
            table.row_last_col = 0

    def _end(self, name: str) -> None:
        table = self._table
        if table is None:
            return
        if name in _ODS_CELLS:
            table.cell_depth = max(table.cell_depth - 1, 0)
        elif name == "table:table-row" and table.cell_depth == 0 and table.in_row:
            table.end_row()
        elif name == "table:table":
            self.sheet_rows[table.sheet] = max(self.sheet_rows.get(table.sheet, 0), table.max_row)
            self._table = self._outer.pop() if self._outer else None
