"""read_details: what calamine does not tell (errors, merges, zero-padded codes, hidden rows,
autofilter, hidden sheets, 1904) for .xlsx, and for genuine .xls/.ods written by LibreOffice."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from python_calamine import CalamineWorkbook

from desktop_app.core.excel.details import (
    SheetDetails,
    WorkbookDetails,
    padding_width,
    read_details,
)
from tests.conftest import Soffice

ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]
FIRST_CODE = 192285142
# The data starts at C5 (not A1): headers in row 5, ten students in rows 6-15.
CODE_COL, NAME_COL, ERROR_COL, CLASS_COL, PADDED_HASH_COL = 2, 3, 4, 5, 6
DATA_ROWS = range(5, 15)  # row0 of the students
HIDDEN_ROW0S = (9, 10)  # Excel rows 10 and 11
FORMULA_ERROR = (12, ERROR_COL)  # E13: =NA() with a cached #N/A


def _error_cells() -> dict[tuple[int, int], str]:
    cells = {(5 + k, ERROR_COL): e for k, e in enumerate(ERRORS)}
    cells[FORMULA_ERROR] = "#N/A"
    return cells


def _rewrite(src: Path, dst: Path, edit: dict[str, object]) -> None:
    """Copy a zip, replacing members: bytes, a function of the old bytes, or None (drop)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            change = edit.get(item.filename, data)
            if change is None:
                continue
            zout.writestr(item, change(data) if callable(change) else change)


def _patch_errors(xml: bytes) -> bytes:
    """openpyxl cannot write an error value: turn the placeholders into t="e" cells."""
    text = xml.decode()

    def constant(m: re.Match[str]) -> str:
        return f'<c r="{m.group(1)}" t="e"><v>{ERRORS[int(m.group(2))]}</v></c>'

    text, n = re.subn(
        r'<c r="([A-Z]+[0-9]+)"[^>]*t="inlineStr"><is><t>ERR([0-9])</t></is></c>', constant, text
    )
    assert n == len(ERRORS)
    text, n = re.subn(
        r'<c r="E13"([^>]*)><f>NA\(\)</f><v\s*/>',
        r'<c r="E13"\1 t="e"><f>NA()</f><v>#N/A</v>',
        text,
    )
    assert n == 1
    return text.encode()


def build_shapes(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    assert ws is not None
    ws.title = "Học sinh"
    for col, title in enumerate(["Mã", "Họ tên", "Lỗi", "Lớp", "Mã 2"], start=3):
        ws.cell(5, col, title)
    for i, row0 in enumerate(DATA_ROWS):
        ws.cell(row0 + 1, CODE_COL + 1, FIRST_CODE + i).number_format = "0000000000"
        ws.cell(row0 + 1, NAME_COL + 1, f"Học sinh {i}")
    for k in range(len(ERRORS)):
        ws.cell(6 + k, ERROR_COL + 1, f"ERR{k}")
    ws.cell(FORMULA_ERROR[0] + 1, ERROR_COL + 1, "=NA()")
    ws.cell(6, CLASS_COL + 1, "6A")
    ws.merge_cells("F6:F8")  # a vertical merged block inside the data
    ws.cell(6, PADDED_HASH_COL + 1, 5).number_format = "000000000#"
    ws.cell(7, PADDED_HASH_COL + 1, 7).number_format = "0"  # built-in 1: no padding
    ws.cell(8, PADDED_HASH_COL + 1, "0123").number_format = "0000000000"  # text: not numeric
    for row0 in HIDDEN_ROW0S:
        ws.row_dimensions[row0 + 1].hidden = True
    ws.row_dimensions[40].hidden = True  # a hidden empty row below the data: not counted
    ws.auto_filter.ref = "C5:G15"
    hidden = wb.create_sheet("Ẩn")
    hidden["A1"] = "x"
    hidden.sheet_state = "hidden"
    raw = path.with_name("raw-" + path.name)
    wb.save(raw)
    _rewrite(
        raw,
        path,
        {
            "xl/worksheets/sheet1.xml": _patch_errors,
            "xl/workbook.xml": lambda b: b.replace(b' fullCalcOnLoad="1"', b""),
        },
    )
    return path


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_shapes(tmp_path_factory.mktemp("details") / "shapes.xlsx")


def _assert_shapes(details: WorkbookDetails, fmt: str) -> None:
    assert list(details.sheets) == ["Học sinh", "Ẩn"]
    sheet = details.sheet("Học sinh")
    assert sheet.errors == _error_cells()
    assert sheet.merged == [(5, CLASS_COL, 7, CLASS_COL)]
    codes = {(row0, CODE_COL): 10 for row0 in DATA_ROWS}
    assert {k: v for k, v in sheet.digit_widths.items() if k[1] == CODE_COL} == codes
    # "000000000#": 10 digits for a non-zero value; LibreOffice's ods keeps a 9-digit minimum
    assert sheet.digit_widths[(5, PADDED_HASH_COL)] == (9 if fmt == "ods" else 10)
    assert (6, PADDED_HASH_COL) not in sheet.digit_widths  # format "0"
    assert (7, PADDED_HASH_COL) not in sheet.digit_widths  # a text cell
    assert sheet.hidden_rows == len(HIDDEN_ROW0S)
    assert sheet.autofilter
    assert not sheet.hidden
    other = details.sheet("Ẩn")
    assert other.hidden
    assert other == SheetDetails(hidden=True)
    assert details.date1904 is (fmt != "ods")
    assert details.sheet("no such sheet") == SheetDetails()


def _assert_calamine_agrees(path: Path, details: WorkbookDetails) -> None:
    """The coordinates index calamine's to_python(skip_empty_area=False) rows."""
    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name("Học sinh").to_python(skip_empty_area=False)
    sheet = details.sheet("Học sinh")
    assert rows[4][CODE_COL] == "Mã"  # C5, data not starting at A1
    for row0, col0 in sheet.errors:
        assert rows[row0][col0] == ""  # what calamine makes of an error
    for i, row0 in enumerate(DATA_ROWS):
        assert rows[row0][CODE_COL] == FIRST_CODE + i
    first_row, first_col, _, _ = sheet.merged[0]
    assert rows[first_row][first_col] == "6A"
    book.close()


def test_xlsx_details(shapes: Path) -> None:
    details = read_details(shapes, "xlsx")
    _assert_shapes(details, "xlsx")
    _assert_calamine_agrees(shapes, details)


@pytest.mark.render
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_converted_details(
    fmt: str, shapes: Path, soffice: Soffice, tmp_path_factory: pytest.TempPathFactory
) -> None:
    (converted,) = soffice.convert([shapes], fmt, tmp_path_factory.mktemp(fmt))
    details = read_details(converted, fmt)
    _assert_shapes(details, fmt)
    _assert_calamine_agrees(converted, details)


# -- xlsx shapes the fast scan does not model, and broken parts ------------------------------


def _prefixed(xml: bytes) -> bytes:
    """The same sheet with every element in an "x:" prefix (as some .NET writers do)."""
    text = xml.decode()
    text = re.sub(r"<(/?)([A-Za-z]+)(?=[\s/>])", r"<\1x:\2", text)
    return text.replace(' xmlns="', ' xmlns:x="', 1).encode()


def test_prefixed_sheet_xml_gives_the_same_details(shapes: Path, tmp_path: Path) -> None:
    odd = tmp_path / "prefixed.xlsx"
    _rewrite(shapes, odd, {"xl/worksheets/sheet1.xml": _prefixed})
    with zipfile.ZipFile(odd) as zf:
        assert b"<x:c " in zf.read("xl/worksheets/sheet1.xml")
    assert read_details(odd, "xlsx") == read_details(shapes, "xlsx")


def test_cells_without_r_are_placed_like_calamine(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["B3"] = 1
    ws["C3"] = "ERR"
    ws["D3"] = 192285142
    ws["D3"].number_format = "0000000000"
    raw, odd = tmp_path / "raw.xlsx", tmp_path / "no-r.xlsx"
    wb.save(raw)

    def strip_refs(xml: bytes) -> bytes:
        text = re.sub(r'<c r="[A-Z]+[0-9]+"', "<c", xml.decode())
        text = re.sub(
            r'<c t="inlineStr"><is><t>ERR</t></is></c>', '<c t="e"><v>#DIV/0!</v></c>', text
        )
        return text.encode()

    _rewrite(raw, odd, {"xl/worksheets/sheet1.xml": strip_refs})
    sheet = read_details(odd, "xlsx").sheet("Sheet")
    rows = (
        CalamineWorkbook.from_path(str(odd)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    )
    assert sheet.errors == {(2, 1): "#DIV/0!"}  # the row's r, then A, B, C in order
    assert rows[2][0] == 1 and rows[2][1] == ""
    assert sheet.digit_widths == {(2, 2): 10}
    assert rows[2][2] == 192285142


def test_damaged_styles_give_no_digit_widths(shapes: Path, tmp_path: Path) -> None:
    for name, styles in [("garbage", b"<styleSheet><numFmts><numFmt"), ("missing", None)]:
        broken = tmp_path / f"{name}.xlsx"
        _rewrite(shapes, broken, {"xl/styles.xml": styles})
        sheet = read_details(broken, "xlsx").sheet("Học sinh")
        assert sheet.digit_widths == {}
        assert sheet.errors == _error_cells()  # the rest is still read


def test_damaged_sheet_xml_gives_empty_details_for_that_sheet(shapes: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-sheet.xlsx"
    _rewrite(shapes, broken, {"xl/worksheets/sheet1.xml": b"<x:worksheet><x:c r='A1'"})
    details = read_details(broken, "xlsx")
    assert details.sheet("Học sinh") == SheetDetails()
    assert details.date1904
    assert details.sheet("Ẩn").hidden


def test_sheet_without_cells_still_has_its_merges_and_filter(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.merge_cells("B2:C3")
    ws.auto_filter.ref = "A1:C3"
    wb.save(tmp_path / "empty.xlsx")
    sheet = read_details(tmp_path / "empty.xlsx", "xlsx").sheet("Sheet")
    assert sheet.merged == [(1, 1, 2, 2)]
    assert sheet.autofilter


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_unreadable_files_give_empty_details(fmt: str, tmp_path: Path) -> None:
    junk = tmp_path / f"junk.{fmt}"
    junk.write_bytes(b"PK\x03\x04 not really a workbook" * 10)
    assert read_details(junk, fmt) == WorkbookDetails()
    assert read_details(tmp_path / "missing.xlsx", fmt) == WorkbookDetails()


def test_unknown_format_gives_empty_details(shapes: Path) -> None:
    assert read_details(shapes, "csv") == WorkbookDetails()


def test_big_sheet_is_scanned_across_chunks(tmp_path: Path) -> None:
    """Errors, codes and hidden rows spread over many 1 MiB pieces of sheet XML."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Lớn")
    for r in range(1, 30_001):
        ws.append([r, f"Học sinh số {r} với một cái tên dài", "ERR0" if r % 997 == 0 else r])
    raw, big = tmp_path / "raw.xlsx", tmp_path / "big.xlsx"
    wb.save(raw)

    def patch(xml: bytes) -> bytes:
        text = re.sub(
            r'<c r="(C[0-9]+)" t="inlineStr"><is><t>ERR0</t></is></c>',
            r'<c r="\1" t="e"><v>#N/A</v></c>',
            xml.decode(),
        )
        return re.sub(r'<row r="(2[0-9]{3}7)"', r'<row r="\1" hidden="1"', text).encode()

    _rewrite(raw, big, {"xl/worksheets/sheet1.xml": patch})
    with zipfile.ZipFile(big) as zf:
        assert zf.getinfo("xl/worksheets/sheet1.xml").file_size > 3 << 20
    sheet = read_details(big, "xlsx").sheet("Lớn")
    assert sheet.errors == {(r - 1, 2): "#N/A" for r in range(997, 30_001, 997)}
    assert sheet.hidden_rows == 1000  # rows 20007, 20017, ... 29997


@pytest.mark.parametrize(
    ("code", "width"),
    [
        ("0000000000", 10),
        ("000000000#", 10),
        ("#0000", 4),
        ("00", 2),
        ("[Red]0000;-0000", 4),
        ("0", 0),
        ("#", 0),
        ("General", 0),
        ("0.00", 0),
        ("000.0", 0),
        ("#,##0", 0),
        ("dd/mm/yyyy", 0),
        ("@", 0),
        ('"HS"0000', 0),
        ("0.00E+00", 0),
    ],
)
def test_padding_width(code: str, width: int) -> None:
    assert padding_width(code) == width


def test_the_details_are_read_on_another_thread_while_calamine_reads_and_finished_at_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import threading

    from desktop_app.core.excel import reader

    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Mã học sinh", "Họ và tên"])
    book.active.append(["HS001", "Nguyễn Văn An"])
    book.save(path)
    threads: list[str] = []
    original = reader.read_details

    def recording(*args: object) -> WorkbookDetails:
        threads.append(threading.current_thread().name)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "read_details", recording)
    with reader.open_workbook(path) as opened:
        rows = opened.rows(opened.sheet_names[0])  # type: ignore[attr-defined]
        details = opened.details  # type: ignore[union-attr]
    assert rows[1] == ["HS001", "Nguyễn Văn An"] and isinstance(details, WorkbookDetails)
    assert threads == ["songmay-details"]  # read once, not on the caller's thread
    assert not any(t.name == "songmay-details" for t in threading.enumerate())
