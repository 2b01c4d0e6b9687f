"""Factories that write hostile (and normal) spreadsheet files, generated in code.

Used by tests/test_safety.py and by benchmark scripts; nothing big is committed.  Every
``make_*`` function takes the path to write and returns it.

Most hostile xlsx files are assembled by hand with :func:`write_raw_zip`, which writes
exactly what it is given (sizes, CRC, flags), so a file can lie in its zip directory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

SHEET_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'
)


# ------------------------------------------------------------------------------------------
# A raw zip writer: writes what it is told, including lies


@dataclass(frozen=True)
class RawMember:
    name: str
    payload: bytes  # the bytes stored in the archive (already deflated when method == 8)
    crc: int
    size: int  # uncompressed size written in the local header and the central directory
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(
    name: str,
    content: bytes,
    *,
    declared_size: int | None = None,
    crc: int | None = None,
    flags: int = 0,
) -> RawMember:
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    payload = comp.compress(content) + comp.flush()
    return RawMember(
        name=name,
        payload=payload,
        crc=zlib.crc32(content) if crc is None else crc,
        size=len(content) if declared_size is None else declared_size,
        flags=flags,
    )


def stored(name: str, content: bytes) -> RawMember:
    return RawMember(name, content, zlib.crc32(content), len(content), zipfile.ZIP_STORED)


def write_raw_zip(path: Path, members: Iterable[RawMember]) -> Path:
    """Write the members as given; sizes of 4 GiB and more get zip64 extra fields."""
    central: list[bytes] = []
    count = 0
    with open(path, "wb") as f:
        for m in members:
            name = m.name.encode("utf-8")
            flags = m.flags | (0 if name.isascii() else 0x800)
            offset = f.tell()
            big = m.size >= 0xFFFFFFFF or len(m.payload) >= 0xFFFFFFFF
            extra = struct.pack("<2H2Q", 0x0001, 16, m.size, len(m.payload)) if big else b""
            csize, usize = (0xFFFFFFFF, 0xFFFFFFFF) if big else (len(m.payload), m.size)
            version = 45 if big else 20
            f.write(
                struct.pack(
                    "<4s5H3L2H",
                    b"PK\x03\x04",
                    version,
                    flags,
                    m.method,
                    0,
                    0x21,
                    m.crc,
                    csize,
                    usize,
                    len(name),
                    len(extra),
                )
            )
            f.write(name + extra)
            f.write(m.payload)
            central.append(
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    version,
                    version,
                    flags,
                    m.method,
                    0,
                    0x21,
                    m.crc,
                    csize,
                    usize,
                    len(name),
                    len(extra),
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + name
                + extra
            )
            count += 1
        directory = b"".join(central)
        cd_offset = f.tell()
        f.write(directory)
        f.write(
            struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(directory), cd_offset, 0)
        )
    return path


# ------------------------------------------------------------------------------------------
# Minimal xlsx packages around hand-written worksheet XML


def _content_types(sheet_count: int) -> bytes:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheet_count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>' + sheets + "</Types>"
    ).encode()


def xlsx_package_members(sheets: Sequence[tuple[str, bytes | RawMember]]) -> list[RawMember]:
    """Members of a minimal xlsx; each sheet is (name, worksheet XML or a ready RawMember)."""
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ).encode()
    sheet_tags = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(sheets, start=1)
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f"<sheets>{sheet_tags}</sheets></workbook>"
    ).encode()
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">{rels}'
        "</Relationships>"
    ).encode()
    members = [
        deflated("[Content_Types].xml", _content_types(len(sheets))),
        deflated("_rels/.rels", root_rels),
        deflated("xl/workbook.xml", workbook),
        deflated("xl/_rels/workbook.xml.rels", workbook_rels),
    ]
    for i, (_, sheet) in enumerate(sheets, start=1):
        part = f"xl/worksheets/sheet{i}.xml"
        if isinstance(sheet, RawMember):
            members.append(RawMember(part, sheet.payload, sheet.crc, sheet.size, sheet.method))
        else:
            members.append(deflated(part, sheet))
    return members


def sheet_xml(sheet_data: str, *, before: str = "", head: str = SHEET_HEAD) -> bytes:
    """``<worksheet>`` with ``sheet_data`` as the content of ``<sheetData>``."""
    return f"{head}{before}<sheetData>{sheet_data}</sheetData></worksheet>".encode()


def make_xlsx_from_sheets(path: Path, sheets: Sequence[tuple[str, bytes | RawMember]]) -> Path:
    return write_raw_zip(path, xlsx_package_members(sheets))


def make_xlsx_from_sheet_xml(path: Path, xml: bytes, sheet_name: str = "Sheet1") -> Path:
    return make_xlsx_from_sheets(path, [(sheet_name, xml)])


def column_letters(n: int) -> str:
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ------------------------------------------------------------------------------------------
# Normal workbooks (openpyxl)


def make_normal_xlsx(
    path: Path,
    rows: int = 30,
    columns: int = 6,
    sheet_name: str = "Lớp 10A1",
    *,
    extra_sheets: Sequence[tuple[str, int]] = (),
) -> Path:
    """A header row + ``rows`` data rows, written by openpyxl (write-only mode: fast)."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    for name, count in [(sheet_name, rows), *extra_sheets]:
        ws = wb.create_sheet(name)
        ws.append([f"Cột {c}" for c in range(1, columns + 1)])
        for r in range(1, count + 1):
            ws.append(
                [
                    r if c == 0 else f"Nguyễn Văn {r}" if c == 1 else (r * 7 + c) % 11 / 1.0
                    for c in range(columns)
                ]
            )
    wb.save(path)
    return path


def make_large_normal_xlsx(path: Path, rows: int = 50_000, columns: int = 17) -> Path:
    """The real-import benchmark: ``rows`` x ``columns`` of mixed text/numbers, openpyxl."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Học sinh")
    ws.append([f"Cột {c}" for c in range(1, columns + 1)])
    texts = ["Nguyễn Văn An", "10A1", "Nam", "Hà Nội", "ghi chú"]
    for r in range(rows):
        ws.append(
            [
                r if c == 0 else texts[c % len(texts)] if c % 3 == 1 else (r * c) % 97 / 4
                for c in range(columns)
            ]
        )
    wb.save(path)
    return path


def make_formula_without_value(path: Path, sheet_name: str = "Điểm") -> Path:
    """openpyxl never writes cached values: D7 holds "=A1+1" and calamine reads it empty."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_name
    ws["A1"] = 5
    ws["B2"] = "điểm"
    ws["D7"] = "=A1+1"
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------------
# Hostile xlsx


def _deflate_repeated(head: bytes, unit: bytes, count: int, rest: bytes, tail: bytes) -> bytes:
    """Raw deflate of head + unit*count + rest + tail, fast for a huge count.

    After Z_FULL_FLUSH the compressor starts again from scratch, so every repetition of
    ``unit`` compresses to the very same bytes: compress it once and repeat the output.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)]
    if count:
        block = comp.compress(unit) + comp.flush(zlib.Z_FULL_FLUSH)
        again = comp.compress(unit) + comp.flush(zlib.Z_FULL_FLUSH)
        assert block == again, "deflate blocks are not reproducible"
        parts.append(block * count)
    parts.append(comp.compress(rest + tail) + comp.flush())
    return b"".join(parts)


def bomb_member(
    inflated_bytes: int, *, declared_size: int | None = None, filler: bytes = b" "
) -> RawMember:
    """Worksheet XML that inflates to exactly ``inflated_bytes`` (whitespace in sheetData)."""
    head = SHEET_HEAD.encode() + b"<sheetData>"
    tail = b"</sheetData></worksheet>"
    body = inflated_bytes - len(head) - len(tail)
    if body < 0:
        raise ValueError("inflated_bytes is smaller than the XML frame")
    unit = filler * ((1 << 20) // len(filler))
    count, rem = divmod(body, len(unit))
    rest = filler * (rem // len(filler)) + b" " * (rem % len(filler))  # whole fillers only
    payload = _deflate_repeated(head, unit, count, rest, tail)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(tail, zlib.crc32(rest, crc))
    size = inflated_bytes if declared_size is None else declared_size
    return RawMember("xl/worksheets/sheet1.xml", payload, crc, size)


def make_zip_bomb(
    path: Path, inflated_bytes: int = 1_500_000_000, *, declared_size: int | None = None
) -> Path:
    """A valid-looking xlsx whose sheet1.xml inflates to ``inflated_bytes`` (~1000:1).

    ``declared_size`` makes the zip directory lie about the inflated size.
    """
    return make_xlsx_from_sheets(
        path, [("Sheet1", bomb_member(inflated_bytes, declared_size=declared_size))]
    )


def make_huge_row_index(path: Path, row: int = 1_000_000_000) -> Path:
    """Tiny xlsx with A1 and a cell at ``row``: calamine would allocate rows x 1 cells."""
    data = f'<row r="1"><c r="A1"><v>1</v></c></row><row r="{row}"><c r="A{row}"><v>2</v></c></row>'
    return make_xlsx_from_sheet_xml(path, sheet_xml(data))


def make_many_rows(path: Path, rows: int) -> Path:
    """``rows`` rows of two small cells each (hand-written XML: fast for 200k+)."""
    parts = [SHEET_HEAD, "<sheetData>"]
    parts.extend(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    parts.append("</sheetData></worksheet>")
    return make_xlsx_from_sheet_xml(path, "".join(parts).encode())


def make_wide_sheet(path: Path, columns: int = 300, rows: int = 3) -> Path:
    """``rows`` rows of ``columns`` cells (AA.., KN for 300)."""
    data = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{column_letters(c)}{r}"><v>{c}</v></c>' for c in range(1, columns + 1))
        + "</row>"
        for r in range(1, rows + 1)
    )
    return make_xlsx_from_sheet_xml(path, sheet_xml(data))


def make_far_column(path: Path, ref: str = "XFD5") -> Path:
    """A normal small sheet plus one forged cell far to the right (default: last column)."""
    data = (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        f'<row r="2"><c r="A2"><v>2</v></c><c r="{ref}"><v>3</v></c></row>'
    )
    return make_xlsx_from_sheet_xml(path, sheet_xml(data))


def make_truncated(path: Path, keep: float = 0.5) -> Path:
    """A real openpyxl workbook cut after ``keep`` of its bytes (no central directory)."""
    make_normal_xlsx(path, rows=200)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def make_crc_error(path: Path) -> Path:
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')
    bad = deflated("xl/worksheets/sheet1.xml", xml, crc=zlib.crc32(xml) ^ 0xFFFF)
    return make_xlsx_from_sheets(path, [("Sheet1", bad)])


def make_zip_encrypted_flag(path: Path) -> Path:
    """Members marked as traditional-PKWARE encrypted (flag bit 0)."""
    members = xlsx_package_members([("Sheet1", sheet_xml(""))])
    locked = [RawMember(m.name, m.payload, m.crc, m.size, m.method, m.flags | 0x1) for m in members]
    return write_raw_zip(path, locked)


def make_docx_like(path: Path) -> Path:
    """A minimal Word document (what a .docx renamed .xlsx looks like inside)."""
    rels = (
        f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{REL_NS}/officeDocument" Target="word/document.xml"/></Relationships>'
    ).encode()
    document = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>Danh s\xc3\xa1ch</w:t></w:r></w:p></w:body></w:document>"
    )
    return write_raw_zip(
        path,
        [
            deflated("[Content_Types].xml", b"<Types/>"),
            deflated("_rels/.rels", rels),
            deflated("word/document.xml", document),
        ],
    )


def make_plain_zip(path: Path) -> Path:
    return write_raw_zip(path, [deflated("notes.txt", b"hello")])


# ------------------------------------------------------------------------------------------
# Not spreadsheets at all


def make_renamed_pdf(path: Path) -> Path:
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return path


def make_renamed_csv(path: Path) -> Path:
    path.write_text("Họ và tên,Lớp,Điểm\nNguyễn Văn An,10A1,8.5\n", encoding="utf-8")
    return path


def make_empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


# ------------------------------------------------------------------------------------------
# OLE2 / Compound File Binary


_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF


def _cfb_entry(name: str, kind: int, left: int, right: int, child: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB3L", entry, 64, len(encoded), kind, 1 if kind else 0, left, right, child)
    struct.pack_into("<LQ", entry, 116, _ENDOFCHAIN if kind else 0, 0)  # start sector, size
    return bytes(entry)


def make_cfb(path: Path, stream_names: Sequence[str]) -> Path:
    """A minimal, structurally valid CFB (v3, 512-byte sectors) with empty streams named
    ``stream_names`` (at most 3): header, one FAT sector, one directory sector."""
    if not 1 <= len(stream_names) <= 3:
        raise ValueError("1 to 3 stream names")
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<5H", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into(
        "<9L", header, 40, 0, 1, 1, 0, 4096, _ENDOFCHAIN, 0, _ENDOFCHAIN, 0
    )  # dir sectors, FAT sectors, first dir sector, txn, mini cutoff, minifat, difat
    struct.pack_into("<L", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    for i in range(1, 109):
        struct.pack_into("<L", header, 76 + 4 * i, _FREESECT)
    fat = struct.pack("<2L", _FATSECT, _ENDOFCHAIN) + struct.pack("<L", _FREESECT) * 126
    # A degenerate (all right-sibling) red-black tree is accepted by readers.
    entries = [_cfb_entry("Root Entry", 5, _NOSTREAM, _NOSTREAM, 1)]
    for i, name in enumerate(stream_names, start=1):
        right = i + 1 if i < len(stream_names) else _NOSTREAM
        entries.append(_cfb_entry(name, 2, _NOSTREAM, right, _NOSTREAM))
    while len(entries) < 4:
        entries.append(_cfb_entry("", 0, _NOSTREAM, _NOSTREAM, _NOSTREAM))
    path.write_bytes(bytes(header) + fat + b"".join(entries))
    return path


def make_encrypted_like(path: Path) -> Path:
    """What Excel writes for a password-protected xlsx: a CFB, not a zip."""
    return make_cfb(path, ["EncryptionInfo", "EncryptedPackage"])


def make_legacy_xls_like(path: Path) -> Path:
    """A CFB with a (empty) "Workbook" stream: passes the size-only xls check."""
    return make_cfb(path, ["Workbook"])


def make_doc_like(path: Path) -> Path:
    return make_cfb(path, ["WordDocument"])


# ------------------------------------------------------------------------------------------
# ods


def ods_cell(value: str | float | None = None, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{rep}/>"
    if isinstance(value, str):
        return (
            f'<table:table-cell office:value-type="string"{rep}><text:p>{value}</text:p>'
            "</table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}"{rep}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def ods_row(*cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{''.join(cells)}</table:table-row>"


def make_ods(
    path: Path,
    tables: Sequence[tuple[str, str]],
    *,
    encrypted: bool = False,
    mimetype: str = ODS_MIMETYPE,
) -> Path:
    """A hand-built ods: mimetype (stored, first), manifest, content.xml with ``tables``
    given as (name, rows XML)."""
    body = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in tables
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    ).encode()
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB"/></manifest:encryption-data>'
        if encrypted
        else ""
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{encryption}</manifest:file-entry></manifest:manifest>"
    ).encode()
    return write_raw_zip(
        path,
        [
            stored("mimetype", mimetype.encode()),
            deflated("META-INF/manifest.xml", manifest),
            deflated("content.xml", content),
        ],
    )
