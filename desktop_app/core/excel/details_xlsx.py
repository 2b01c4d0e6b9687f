"""Workbook details of an .xlsx: workbook.xml (1904, sheet states), styles.xml (zero-padding
formats) and a byte-level scan of each sheet's XML, read in chunks from the zip.

The sheet scan looks for a handful of literals (``t="e"``, ``hidden="``, `` s="<id>"`` for
the padding styles only, ``<mergeCell``, ``<autoFilter``), so a 50,000-row sheet costs little
more than inflating it.  Whatever it does not model (namespace prefixes, cells without
``r``) makes it rescan that sheet with expat, which places cells as calamine does."""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final
from xml.parsers import expat

from desktop_app.core.excel.details import (
    MAX_ERRORS,
    MAX_MERGED,
    PART_ERRORS,
    SheetDetails,
    WorkbookDetails,
    error_text,
    padding_width,
)
from desktop_app.core.excel.safety import UnsafeFile
from desktop_app.core.excel.safety.xlsx_package import (
    _existing,
    _local,
    _parse_small_xml,
    _relationships,
)

log = logging.getLogger(__name__)

_CHUNK: Final = 1 << 20
_CARRY_MAX: Final = 4 << 20
_SMALL_PART_MAX: Final = 64 << 20  # workbook.xml, rels, styles.xml (the safety scan bounded all)
_TRUE: Final = ("1", "true")

_PREFIXED_RE: Final = re.compile(rb":(?:row|c|mergeCell|autoFilter|sheetData)(?=[\s/>])")
_PREFIX_NAME_RE: Final = re.compile(rb"</?[A-Za-z_][\w.\-]{0,31}$")
_REF_ATTR_RE: Final = re.compile(rb'\sr="([A-Za-z]{1,3})([0-9]{1,7})"')
_TYPE_ATTR_RE: Final = re.compile(rb'\st="([^"]*)"')
_HIDDEN_RE: Final = re.compile(rb'hidden="(?:1|true)"')
_MERGE_RE: Final = re.compile(
    rb'<mergeCell\s[^>]*?\bref="([A-Za-z]{1,3})([0-9]{1,7})(?::([A-Za-z]{1,3})([0-9]{1,7}))?"'
)
_VALUE_RE: Final = re.compile(rb"<v(?:\s[^>]*)?>([^<]*)</v\s*>")
_WS: Final = b" \t\r\n"
_MAX_LEARNED_COLUMNS: Final = 4  # (column, style) pairs
_NUMERIC: Final = (b"", b' t="n"')
_REF_RE: Final = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


class _NeedExpat(Exception):
    """The byte scan met a shape it does not model; rescan the sheet with expat."""


def _col0(letters: bytes | str) -> int:
    col = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.upper().decode("ascii"):
        col = col * 26 + (ord(ch) - 64)
    return col - 1


def _cut(buf: bytes) -> int:
    """Where to split ``buf``: after the last ``</c>`` (so cells are seen whole), else at a
    tag's start; the tail waits for the next chunk."""
    close = buf.rfind(b"</c>")
    cut = close + 4 if close != -1 else buf.rfind(b"<")
    if cut == -1:
        return len(buf)
    if len(buf) - cut > _CARRY_MAX:  # one huge cell: cut at a tag boundary inside it
        cut = max(buf.rfind(b"<"), buf.rfind(b">") + 1)
        if len(buf) - cut > _CARRY_MAX:
            return len(buf)
    return cut


class _FastSheetScan:
    def __init__(self, pad_styles: dict[int, int]) -> None:
        self.details = SheetDetails()
        self._pad_styles = pad_styles
        self._pad_ids = b"|".join(str(s).encode() for s in pad_styles)
        self._pad_re = re.compile(b' s="(' + self._pad_ids + b')"') if pad_styles else None
        # per column of padded cells seen so far, a pattern for the shape Excel, LibreOffice
        # and openpyxl write: it finds them without a Python step per cell
        self._column_res: dict[bytes, tuple[int, int, re.Pattern[bytes]]] = {}
        self._carry = b""
        self._first = True
        self._after_data = False  # </sheetData> seen: merges and the autofilter follow

    def feed(self, chunk: bytes) -> None:
        buf = self._carry + chunk if self._carry else chunk
        cut = _cut(buf)
        self._carry = buf[cut:]
        if cut:
            self._scan(buf[:cut] if cut < len(buf) else buf)

    def finish(self) -> SheetDetails:
        if self._carry:
            self._scan(self._carry)
            self._carry = b""
        return self.details

    def _scan(self, region: bytes) -> None:
        if self._first:  # a prefixed document (<x:worksheet>, <x:c>) shows it from the start
            self._first = False
            for match in _PREFIXED_RE.finditer(region):
                if _PREFIX_NAME_RE.search(region, max(0, match.start() - 34), match.start()):
                    raise _NeedExpat
        if b'hidden="' in region:
            self._hidden_rows(region)
        if b't="e"' in region:
            self._errors(region)
        if self._pad_re is not None:
            self._padded(region)
        tail = 0
        if not self._after_data:  # schema order: mergeCells and autoFilter after sheetData
            last = region.rfind(b"</c>")
            if last != -1:  # cells here: what follows </sheetData>, if it is here
                tail = region.find(b"</sheetData", last)
                if tail == -1:
                    return
                self._after_data = True
        self._after_sheet_data(region, tail)

    def _after_sheet_data(self, region: bytes, start: int) -> None:
        details = self.details
        if not details.autofilter and region.find(b"<autoFilter", start) != -1:
            details.autofilter = True
        if region.find(b"<mergeCell", start) == -1:
            return
        for m in _MERGE_RE.finditer(region, start):
            if len(details.merged) >= MAX_MERGED:
                break
            r1, c1 = int(m.group(2)) - 1, _col0(m.group(1))
            r2, c2 = (int(m.group(4)) - 1, _col0(m.group(3))) if m.group(3) else (r1, c1)
            details.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))

    def _cell_tag(self, region: bytes, pos: int) -> tuple[int, int] | None:
        """(start, end) of the ``<c ...>`` tag around ``pos``, or None when ``pos`` is not
        inside a cell's start tag (text, another element)."""
        start = region.rfind(b"<", 0, pos)
        if start == -1 or region[start + 1 : start + 2] != b"c":
            return None
        if region[start + 2 : start + 3] not in (b" ", b"\t", b"\r", b"\n"):
            return None
        end = region.find(b">", pos)
        return None if end == -1 else (start, end)

    def _position(self, tag: bytes) -> tuple[int, int]:
        ref = _REF_ATTR_RE.search(tag)
        if ref is None:
            raise _NeedExpat  # no (or an odd) r: calamine numbers such cells sequentially
        return int(ref.group(2)) - 1, _col0(ref.group(1))

    def _hidden_rows(self, region: bytes) -> None:
        for m in _HIDDEN_RE.finditer(region):
            if region[m.start() - 1 : m.start()] not in (b" ", b"\t", b"\r", b"\n"):
                continue
            start = region.rfind(b"<", 0, m.start())
            if region[start : start + 4] != b"<row" or region[start + 4 : start + 5] not in _WS:
                continue  # <col hidden>, <sheetView>…
            end = region.find(b">", m.end())
            if end == -1 or region[end - 1] == 0x2F:  # <row …/> holds no cells
                continue
            child = region.find(b"<", end)
            if child != -1 and region[child + 1 : child + 2] != b"/":  # not <row …></row>
                self.details.hidden_rows += 1

    def _errors(self, region: bytes) -> None:
        errors = self.details.errors
        pos = 0
        while (hit := region.find(b't="e"', pos)) != -1:
            pos = hit + 5
            if region[hit - 1 : hit] not in (b" ", b"\t", b"\r", b"\n"):
                continue
            tag = self._cell_tag(region, hit)
            if tag is None:
                continue
            start, end = tag
            if region[end - 1] == 0x2F:  # <c … t="e"/>: no value
                continue
            close = region.find(b"</c>", end)
            value = _VALUE_RE.search(region, end, close if close != -1 else len(region))
            if value is None or len(errors) >= MAX_ERRORS:
                continue
            text = error_text(value.group(1).decode("utf-8", "replace"))
            if text:
                errors[self._position(region[start:end])] = text

    def _padded(self, region: bytes) -> None:
        assert self._pad_re is not None
        widths = self.details.digit_widths
        if len(widths) >= MAX_ERRORS:
            return
        total = len(self._pad_re.findall(region))
        if not total:
            return
        found = 0
        pad = self._pad_styles
        for col, width, pattern in self._column_res.values():
            cells = pattern.findall(region)
            found += len(cells)
            widths.update(
                {
                    (int(row) - 1, col): width
                    for row, kind, closed in cells
                    if kind in _NUMERIC and not closed
                }
            )
        if found == total:
            return
        for m in self._pad_re.finditer(region):  # other shapes, or columns not seen yet
            tag = self._cell_tag(region, m.start())
            if tag is None:
                continue  # a row's style, say
            start, end = tag
            attrs = region[start:end]
            kind = _TYPE_ATTR_RE.search(attrs)
            if (kind is not None and kind.group(1) != b"n") or region[end - 1] == 0x2F:
                continue
            if len(widths) < MAX_ERRORS:
                position = self._position(attrs)
                widths[position] = pad[int(m.group(1))]
                self._learn(attrs, position[1], m.group(1))

    def _learn(self, attrs: bytes, col: int, style: bytes) -> None:
        ref = _REF_ATTR_RE.match(attrs, 2)
        if ref is None or len(self._column_res) >= _MAX_LEARNED_COLUMNS:
            return
        key = ref.group(1) + b"/" + style
        if key not in self._column_res and ref.group(1).isupper():
            pattern = re.compile(
                b'<c r="' + ref.group(1) + b'([0-9]{1,7})" s="' + style + b'"( t="[a-z]*")?(/?)>'
            )
            self._column_res[key] = (col, self._pad_styles[int(style)], pattern)


class _ExpatSheetScan:
    """Element-level scan with local names and calamine's placement: a cell's ``r`` wins,
    cells and rows without one follow the previous ones."""

    def __init__(self, pad_styles: dict[int, int]) -> None:
        self.details = SheetDetails()
        self._pad_styles = pad_styles
        self._row0 = 0
        self._col0 = -1
        self._cell: tuple[int, int] | None = None
        self._cell_error = False
        self._cell_value = False
        self._in_v = False
        self._row_hidden = False
        self._row_cells = False
        self._text: list[str] = []
        p = expat.ParserCreate()
        p.buffer_text = True
        p.StartDoctypeDeclHandler = self._refuse
        p.EntityDeclHandler = self._refuse
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self._chars
        self._parser = p

    @staticmethod
    def _refuse(*_args: object) -> None:
        raise ValueError("doctype")

    def feed(self, chunk: bytes) -> None:
        self._parser.Parse(chunk, False)

    def finish(self) -> SheetDetails:
        self._parser.Parse(b"", True)
        return self.details

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name[name.find(":") + 1 :]
        details = self.details
        if local == "c":
            ref = _REF_RE.fullmatch(attrs.get("r", ""))
            if ref is not None:
                self._row0, self._col0 = int(ref.group(2)) - 1, _col0(ref.group(1))
            else:
                self._col0 += 1
            self._cell = (self._row0, self._col0)
            kind = attrs.get("t", "n")
            self._cell_error = kind == "e"
            style_id = attrs.get("s", "")
            width = self._pad_styles.get(int(style_id), 0) if style_id.isdigit() else 0
            if width and kind == "n" and len(details.digit_widths) < MAX_ERRORS:
                details.digit_widths[self._cell] = width
        elif local == "row":
            row_ref = attrs.get("r", "")
            if row_ref.isdigit():
                self._row0 = int(row_ref) - 1
            self._col0 = -1
            self._row_hidden = attrs.get("hidden") in ("1", "true")
            self._row_cells = False
        elif local == "v" and self._cell is not None:
            self._in_v = True
            self._text = []
        elif local == "mergeCell" and len(details.merged) < MAX_MERGED:
            first, _, last = attrs.get("ref", "").partition(":")
            a, b = _REF_RE.fullmatch(first), _REF_RE.fullmatch(last or first)
            if a is not None and b is not None:
                r1, c1 = int(a.group(2)) - 1, _col0(a.group(1))
                r2, c2 = int(b.group(2)) - 1, _col0(b.group(1))
                details.merged.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
        elif local == "autoFilter":
            details.autofilter = True

    def _end(self, name: str) -> None:
        local = name[name.find(":") + 1 :]
        if local == "v" and self._in_v:
            self._in_v = False
            if self._cell_error and self._cell is not None:
                text = error_text("".join(self._text))
                if text and len(self.details.errors) < MAX_ERRORS:
                    self.details.errors[self._cell] = text
        elif local == "c":
            self._cell = None
            self._row_cells = True
        elif local == "row":
            if self._row_hidden and self._row_cells:
                self.details.hidden_rows += 1
            self._row0 += 1
            self._row_hidden = False

    def _chars(self, data: str) -> None:
        if self._in_v:
            self._text.append(data)


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    with zf.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _scan_sheet(zf: zipfile.ZipFile, member: str, pad_styles: dict[int, int]) -> SheetDetails:
    try:
        fast = _FastSheetScan(pad_styles)
        for chunk in _chunks(zf, member):
            fast.feed(chunk)
        return fast.finish()
    except _NeedExpat:
        pass
    exact = _ExpatSheetScan(pad_styles)
    try:
        for chunk in _chunks(zf, member):
            exact.feed(chunk)
        return exact.finish()
    except PART_ERRORS as exc:
        log.warning("sheet details unreadable: %s", type(exc).__name__)
        return SheetDetails()


def _read_small(zf: zipfile.ZipFile, member: str) -> bytes:
    info = zf.getinfo(member)
    if info.file_size > _SMALL_PART_MAX:
        raise ValueError("part too large")
    return zf.read(info)


def _padding_styles(zf: zipfile.ZipFile, member: str | None) -> dict[int, int]:
    """cellXfs index -> digits shown, for the cell formats whose number format pads with
    zeros.  Empty when styles.xml is missing or unreadable."""
    if member is None:
        return {}
    try:
        root = _parse_small_xml(_read_small(zf, member), member)
    except (UnsafeFile, *PART_ERRORS) as exc:
        log.warning("styles unreadable: %s", type(exc).__name__)
        return {}
    widths: dict[int, int] = {}  # numFmtId -> width (custom formats only: no built-in pads)
    for el in root.iter():
        if _local(el.tag) == "numFmt":
            fmt_id, code = el.get("numFmtId", ""), el.get("formatCode", "")
            if fmt_id.isdigit() and (width := padding_width(code)):
                widths[int(fmt_id)] = width
    if not widths:
        return {}
    styles: dict[int, int] = {}
    for el in root.iter():
        if _local(el.tag) == "cellXfs":
            xfs = [x for x in el if _local(x.tag) == "xf"]
            for index, xf in enumerate(xfs):
                fmt_id = xf.get("numFmtId", "0")
                if fmt_id.isdigit() and int(fmt_id) in widths:
                    styles[index] = widths[int(fmt_id)]
            break
    return styles


def read_xlsx_details(path: Path) -> WorkbookDetails:
    result = WorkbookDetails()
    try:
        zf = zipfile.ZipFile(path)
    except PART_ERRORS as exc:
        log.warning("xlsx details unreadable: %s", type(exc).__name__)
        return result
    with zf:
        members = {info.filename: info for info in zf.infolist()}
        try:
            roots = [
                target
                for _rid, kind, target in _relationships(
                    _read_small(zf, "_rels/.rels"), "_rels/.rels"
                )
                if kind.endswith("/officeDocument")
            ]
            target = roots[0].lstrip("/")
            folder = posixpath.dirname(target)
            workbook_part = next(
                name
                for name in (f"{folder}/workbook.xml" if folder else "workbook.xml", target)
                if name in members
            )
            base, name = posixpath.split(workbook_part)
            prefix = f"{base}/" if base else ""
            rels_part = next(
                p
                for p in (f"{prefix}_rels/workbook.xml.rels", f"{prefix}_rels/{name}.rels")
                if p in members
            )
            workbook = _parse_small_xml(_read_small(zf, workbook_part), workbook_part)
            rels = _relationships(_read_small(zf, rels_part), rels_part)
        except (UnsafeFile, *PART_ERRORS) as exc:
            log.warning("xlsx workbook unreadable: %s", type(exc).__name__)
            return result

        targets = {rid: where for rid, _kind, where in rels}
        styles_part = next(
            (
                found[0]
                for _rid, kind, where in rels
                if kind.endswith("/styles") and (found := _existing(members, base, where))
            ),
            f"{prefix}styles.xml" if f"{prefix}styles.xml" in members else None,
        )
        pad_styles = _padding_styles(zf, styles_part)

        sheets: list[tuple[str, str | None, bool]] = []  # name, part, hidden
        for el in workbook.iter():
            local = _local(el.tag)
            if local == "workbookPr":
                result.date1904 = (el.get("date1904") or "").lower() in _TRUE
            elif local == "sheet" and (sheet := el.get("name")) is not None:
                rid = next(
                    (v for k, v in el.attrib.items() if k.startswith("{") and k.endswith("}id")),
                    None,
                )
                parts = _existing(members, base, targets[rid]) if rid in targets else []
                hidden = el.get("state") in ("hidden", "veryHidden")
                sheets.append((sheet, parts[0] if parts else None, hidden))

        scanned: dict[str, SheetDetails] = {}
        for sheet, part, hidden in sheets:
            if part is None:
                details = SheetDetails()
            elif part in scanned:
                seen = scanned[part]
                details = SheetDetails(
                    dict(seen.errors),
                    list(seen.merged),
                    dict(seen.digit_widths),
                    seen.hidden_rows,
                    seen.autofilter,
                )
            else:
                try:
                    details = scanned[part] = _scan_sheet(zf, part, pad_styles)
                except PART_ERRORS as exc:
                    log.warning("sheet details unreadable: %s", type(exc).__name__)
                    details = SheetDetails()
            details.hidden = hidden
            result.sheets[sheet] = details
    return result
