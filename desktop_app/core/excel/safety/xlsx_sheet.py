"""The xlsx worksheet scans, fed one inflated piece at a time by ``scan._scan_sheet``.

``_FastSheetScan`` is a byte-level scan for the shape real writers produce; whatever it
does not model raises ``_NeedExactScan`` (or ``_NewPrefixes``) and the sheet is scanned
again by ``_ExactSheetScan``, an expat scan that mirrors calamine's cell placement."""

from __future__ import annotations

import functools
import re
from typing import Final

from desktop_app.core.excel.safety._common import (
    _MAX_FORMULA_REFS,
    _SLACK,
    Limits,
    _corrupt,
    _ExpatStream,
    _SheetTally,
)


class _NeedExactScan(Exception):
    """The fast scan met something it does not model; rescan the sheet with expat."""


class _NewPrefixes(Exception):
    """Row/cell elements carry namespace prefixes: rescan with them stripped."""

    def __init__(self, prefixes: frozenset[bytes]) -> None:
        super().__init__()
        self.prefixes = prefixes


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
_RECOMPILE_EVERY: Final = 64  # outliers handled before the outlier pattern is tightened
_MAX_FORMULA_CANDIDATES: Final = 2 * _MAX_FORMULA_REFS  # <f> tags examined per sheet
# Work cap for the exact scan (see the note on _SLACK in _common.py).
_MAX_SLOW_XLSX_ELEMENTS: Final = 4_000_000  # ~1M cells: an irregular 60,000 x 17 sheet
_MAX_PREFIXES: Final = 4
_CARRY_MAX: Final = 1 << 20  # longest unfinished tail kept between chunks (fast xlsx scan)


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
