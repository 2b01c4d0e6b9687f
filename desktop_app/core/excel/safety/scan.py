"""``inspect_file``: the one streaming pass over an uploaded file.

Stat and magic bytes first, then either the CFB block loop (xls) or, for a zip, every
member inflated piece by piece (counted against the budget) and handed to the scanner of
its format: ``xlsx_sheet`` for worksheets, ``ods`` for content.xml; every other member is
inflated and counted but not parsed."""

from __future__ import annotations

import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from desktop_app.core.excel.safety._common import (
    _MAX_FORMULA_REFS,  # noqa: F401 - tests/test_safety.py reads the cap from this module
    FileFacts,
    Limits,
    UnsafeFile,
    _corrupt,
)
from desktop_app.core.excel.safety.container import (
    _CFB_ENCRYPTION_NAMES,
    _CFB_MAGIC,
    _CFB_WORKBOOK_NAMES,
    _ODF_MIMETYPE_PREFIX,
    _ODS_MIMETYPE,
    _ZIP_MAGIC,
    _Budget,
    _cfb_entry_in,
    _check_central_directory,
    _guess_kind,
)
from desktop_app.core.excel.safety.ods import _OdsContentScan
from desktop_app.core.excel.safety.xlsx_package import (
    _existing,
    _local,
    _only_one,
    _parse_small_xml,
    _relationships,
)
from desktop_app.core.excel.safety.xlsx_sheet import (
    _MAX_PREFIXES,
    _ExactSheetScan,
    _FastSheetScan,
    _NeedExactScan,
    _NewPrefixes,
)

_CHUNK: Final = 1 << 20  # inflated bytes handed to a scanner at a time (and disk reads)
_COMPRESSED_READ: Final = 1 << 18  # compressed bytes fed to zlib at a time
_SMALL_PART_MAX: Final = 8 << 20  # workbook.xml, its rels, mimetype, manifest.xml


def inspect_file(path: Path, limits: Limits = Limits()) -> FileFacts:  # noqa: B008 - Limits is frozen
    """Scan ``path`` and return what we learnt, or raise :class:`UnsafeFile`.

    Never raises anything else: any unexpected error while reading becomes ``corrupt``.
    """
    try:
        return _inspect(Path(path), limits)
    except UnsafeFile:
        raise
    except Exception as exc:  # zipfile/zlib/expat/OSError/UnicodeDecodeError/...: all "corrupt"
        raise UnsafeFile("corrupt", {"problem": "unreadable", "error": type(exc).__name__}) from exc


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


# --------------------------------------------------------------------------------------------
# OLE2 / Compound File Binary: legacy .xls, or an encrypted OOXML package


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


# --------------------------------------------------------------------------------------------
# Zip containers (xlsx, ods)


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
# Package resolution (which members are the workbook, its rels and its sheets) is
# explained in xlsx_package.py; the sheet scans are in xlsx_sheet.py.


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
