"""The pre-flight scan that keeps hostile spreadsheets away from python-calamine."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from desktop_app.core.excel.safety import FileFacts, Limits, UnsafeFile, inspect_file
from desktop_app.core.excel.safety import scan as safety

try:
    import hostile_files as hf
except ImportError:  # tests/ collected as a package
    from tests import hostile_files as hf

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def refused(path: Path, limits: Limits | None = None) -> UnsafeFile:
    with pytest.raises(UnsafeFile) as caught:
        inspect_file(path, limits or Limits())
    return caught.value


def calamine_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet, read the way the importer reads it (dense from A1)."""
    book = CalamineWorkbook.from_path(str(path))  # as desktop_app/core/excel/reader.py does
    try:
        return {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names
        }
    finally:
        book.close()


def accepted(path: Path, limits: Limits | None = None) -> FileFacts:
    """The scan lets the file through - and python-calamine can then read all of it."""
    facts = inspect_file(path, limits or Limits())
    assert facts.size_bytes == path.stat().st_size
    sheets = calamine_sheets(path)
    assert set(sheets) == set(facts.sheet_rows)
    for name, rows in sheets.items():
        # our highest row index bounds the dense range calamine builds from A1
        assert len(rows) <= facts.sheet_rows[name]
    return facts


def force_exact_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def give_up(self: object, chunk: bytes) -> None:
        raise safety._NeedExactScan

    monkeypatch.setattr(safety._FastSheetScan, "feed", give_up)


def tiny_chunks(monkeypatch: pytest.MonkeyPatch, size: int = 61) -> None:
    """Inflate a few dozen bytes at a time: every pattern ends up split somewhere."""
    monkeypatch.setattr(safety, "_CHUNK", size)
    monkeypatch.setattr(safety, "_COMPRESSED_READ", 7)


# --------------------------------------------------------------------------------------------
# Session-wide big files


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bang_diem.xlsx"
    return hf.make_zip_bomb(path)  # 1.5 GB inflated, ~1.5 MB on disk


@pytest.fixture(scope="session")
def large_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "hoc_sinh_50k.xlsx"
    return hf.make_large_normal_xlsx(path, rows=50_000, columns=17)


# --------------------------------------------------------------------------------------------
# Normal files pass, with the right facts


def test_normal_workbook_passes_with_its_facts(tmp_path: Path) -> None:
    path = hf.make_normal_xlsx(
        tmp_path / "lop.xlsx", rows=30, columns=6, extra_sheets=[("Sheet B", 5)]
    )
    facts = accepted(path)
    assert facts == FileFacts(
        format="xlsx",
        size_bytes=path.stat().st_size,
        formulas_without_value={},
        sheet_rows={"Lớp 10A1": 31, "Sheet B": 6},
    )


def test_sheet_rows_match_what_calamine_reads(tmp_path: Path) -> None:
    gap = hf.sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="40"><c r="C40"><v>2</v></c></row>'
    )
    path = hf.make_xlsx_from_sheet_xml(tmp_path / "gap.xlsx", gap, "Gap")
    facts = accepted(path)
    assert facts.sheet_rows == {"Gap": 40}
    assert len(calamine_sheets(path)["Gap"]) == 40


def test_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    path = hf.make_formula_without_value(tmp_path / "diem.xlsx")
    facts = accepted(path)
    assert facts.formulas_without_value == {"Điểm": ["D7"]}
    assert facts.sheet_rows == {"Điểm": 7}
    # what the report is for: calamine drops the cell, its range ends at B2
    assert len(calamine_sheets(path)["Điểm"]) == 2


FORMULA_CASES = (
    '<row r="1"><c r="A1"><v>1</v></c>'
    '<c r="B1"><f>A1+1</f><v>2</v></c>'  # cached value: fine
    '<c r="C1" t="str"><f>""</f><v></v></c>'  # cached empty string: fine
    '<c r="D1"><f>A1*2</f></c>'  # no <v>
    '<c r="E1"><f>A1*3</f><v/></c>'  # empty <v/> (openpyxl)
    '<c r="F1" s="1"><f t="shared" ref="F1:F2" si="0">A1</f><v>  </v></c></row>'
    '<row r="2"><c r="F2"><f t="shared" si="0"/></c><c r="G2"><v>7</v></c></row>'
)


def test_formula_cells_are_found_precisely(tmp_path: Path) -> None:
    path = hf.make_xlsx_from_sheet_xml(tmp_path / "f.xlsx", hf.sheet_xml(FORMULA_CASES), "Tính")
    facts = accepted(path)
    assert facts.formulas_without_value == {"Tính": ["D1", "E1", "F1", "F2"]}


def test_files_without_formulas_report_none(tmp_path: Path) -> None:
    path = hf.make_many_rows(tmp_path / "rows.xlsx", 500)
    assert accepted(path).formulas_without_value == {}


@pytest.mark.parametrize("size", [5, 23, 61, 997])
def test_chunk_boundaries_do_not_change_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    files = [
        hf.make_xlsx_from_sheet_xml(tmp_path / "f.xlsx", hf.sheet_xml(FORMULA_CASES), "Tính"),
        hf.make_normal_xlsx(tmp_path / "n.xlsx", rows=40, columns=30),
        hf.make_wide_sheet(tmp_path / "w.xlsx", columns=150, rows=4),
        hf.make_formula_without_value(tmp_path / "o.xlsx"),
    ]
    expected = [inspect_file(p) for p in files]
    tiny_chunks(monkeypatch, size)
    assert [inspect_file(p) for p in files] == expected


def test_exact_scan_agrees_with_fast_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [
        hf.make_xlsx_from_sheet_xml(tmp_path / "f.xlsx", hf.sheet_xml(FORMULA_CASES), "Tính"),
        hf.make_normal_xlsx(tmp_path / "n.xlsx", rows=40, columns=30, extra_sheets=[("B", 3)]),
        hf.make_formula_without_value(tmp_path / "o.xlsx"),
    ]
    expected = [inspect_file(p) for p in files]
    force_exact_scan(monkeypatch)
    assert [inspect_file(p) for p in files] == expected
    tiny_chunks(monkeypatch)
    assert [inspect_file(p) for p in files] == expected


def test_large_normal_file_passes_the_scan(large_workbook: Path) -> None:
    # Its speed is measured by tests/benchmarks/bench_import.py, not asserted here (CI timing).
    facts = inspect_file(large_workbook)
    assert facts.sheet_rows == {"Học sinh": 50_001}
    assert facts.formulas_without_value == {}


def test_large_normal_file_is_readable_by_calamine(large_workbook: Path) -> None:
    rows = calamine_sheets(large_workbook)["Học sinh"]
    assert len(rows) == 50_001


# --------------------------------------------------------------------------------------------
# Not a spreadsheet / broken


def test_empty_file(tmp_path: Path) -> None:
    assert refused(hf.make_empty(tmp_path / "rong.xlsx")).reason == "empty"


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hf.make_normal_xlsx(tmp_path / "lop.xlsx")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(safety, "open", no_reading, raising=False)
    error = refused(path, Limits(max_file_bytes=1000))
    assert error.reason == "too_large"
    assert error.detail == {"limit": 1000, "actual": path.stat().st_size}


@pytest.mark.parametrize(
    ("factory", "detected"),
    [
        (hf.make_renamed_pdf, "pdf"),
        (hf.make_renamed_csv, "text"),
        (hf.make_docx_like, "docx"),
        (hf.make_doc_like, "ole2"),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, factory: Any, detected: str) -> None:
    error = refused(factory(tmp_path / "ds.xlsx"))
    assert (error.reason, error.detail) == ("not_a_spreadsheet", {"detected": detected})


def test_renamed_odt_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = hf.make_ods(
        tmp_path / "x.ods", [("T", "")], mimetype="application/vnd.oasis.opendocument.text"
    )
    assert refused(path).detail == {"detected": "odf"}


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.999])
def test_truncated_workbook_is_corrupt(tmp_path: Path, keep: float) -> None:
    error = refused(hf.make_truncated(tmp_path / "cut.xlsx", keep))
    assert error.reason == "corrupt"


def test_crc_error_is_corrupt(tmp_path: Path) -> None:
    error = refused(hf.make_crc_error(tmp_path / "crc.xlsx"))
    assert error.detail["problem"] == "bad_crc"


def test_zip_without_workbook_is_corrupt(tmp_path: Path) -> None:
    assert refused(hf.make_plain_zip(tmp_path / "z.xlsx")).detail == {"problem": "no_workbook"}


def test_missing_sheet_part_is_corrupt(tmp_path: Path) -> None:
    members = [
        m
        for m in hf.xlsx_package_members([("A", hf.sheet_xml(""))])
        if not m.name.startswith("xl/worksheets/")
    ]
    error = refused(hf.write_raw_zip(tmp_path / "m.xlsx", members))
    assert error.detail["problem"] == "missing_sheet_part"


def test_unsupported_compression_is_corrupt(tmp_path: Path) -> None:
    members = hf.xlsx_package_members([("A", hf.sheet_xml(""))])
    odd = [hf.RawMember(m.name, m.payload, m.crc, m.size, method=12) for m in members]
    error = refused(hf.write_raw_zip(tmp_path / "bz.xlsx", odd))
    assert error.detail["problem"] == "unsupported_compression"


def test_duplicate_member_names_are_corrupt(tmp_path: Path) -> None:
    members = hf.xlsx_package_members([("A", hf.sheet_xml(""))])
    error = refused(hf.write_raw_zip(tmp_path / "dup.xlsx", [*members, members[-1]]))
    assert error.detail["problem"] == "duplicate_member"


def test_too_many_members_is_refused_before_zipfile_loads_them(tmp_path: Path) -> None:
    members = hf.xlsx_package_members([("A", hf.sheet_xml(""))])
    junk = [hf.stored(f"x/{i}", b"") for i in range(10_001)]
    error = refused(hf.write_raw_zip(tmp_path / "many.xlsx", [*members, *junk]))
    assert error.detail["problem"] == "too_many_members"


def test_missing_file_is_an_unsafe_file_not_a_traceback(tmp_path: Path) -> None:
    assert refused(tmp_path / "khong_co.xlsx").reason == "corrupt"


def test_random_damage_never_escapes_as_another_exception(tmp_path: Path) -> None:
    source = hf.make_formula_without_value(tmp_path / "src.xlsx").read_bytes()
    rng = random.Random(20240901)
    target = tmp_path / "damaged.xlsx"
    outcomes: set[str] = set()
    for _ in range(300):
        data = bytearray(source)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            del data[rng.randrange(len(data)) :]
        target.write_bytes(bytes(data))
        try:
            inspect_file(target)
            outcomes.add("ok")
        except UnsafeFile as exc:
            outcomes.add(exc.reason)
    assert "corrupt" in outcomes


# --------------------------------------------------------------------------------------------
# Encryption


def test_password_protected_ooxml_is_encrypted(tmp_path: Path) -> None:
    error = refused(hf.make_encrypted_like(tmp_path / "mat_khau.xlsx"))
    assert (error.reason, error.detail) == ("encrypted", {"container": "ooxml"})


def test_encrypted_zip_members_are_encrypted(tmp_path: Path) -> None:
    error = refused(hf.make_zip_encrypted_flag(tmp_path / "zc.xlsx"))
    assert error.reason == "encrypted"


def test_legacy_xls_is_checked_by_size_only(tmp_path: Path) -> None:
    path = hf.make_legacy_xls_like(tmp_path / "cu.xls")
    facts = inspect_file(path)
    assert facts == FileFacts("xls", path.stat().st_size, {}, {})
    assert refused(path, Limits(max_file_bytes=100)).reason == "too_large"


# --------------------------------------------------------------------------------------------
# Zip bombs


_MEASURE = """
import json, resource, subprocess, sys
child = subprocess.run([sys.executable, "-c", sys.argv[1], *sys.argv[2:]],
                       capture_output=True, text=True, check=False)
print(json.dumps({"stdout": child.stdout, "stderr": child.stderr,
                  "returncode": child.returncode,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

_INSPECT = """
import json, sys, time
from pathlib import Path
from desktop_app.core.excel.safety import UnsafeFile, inspect_file
started = time.perf_counter()
try:
    inspect_file(Path(sys.argv[1]))
    reason = "accepted"
except UnsafeFile as exc:
    reason = exc.reason
print(json.dumps({"reason": reason, "seconds": time.perf_counter() - started}))
"""


def measured_inspection(path: Path) -> tuple[dict[str, Any], int]:
    """Inspect in a grandchild; returns its report and its peak RSS in bytes.

    RUSAGE_CHILDREN is read by a wrapper whose only child is the inspection, so nothing
    else this test session ran can inflate the number.
    """
    wrapper = subprocess.run(
        [sys.executable, "-c", _MEASURE, _INSPECT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    outer = json.loads(wrapper.stdout)
    assert outer["returncode"] == 0, outer["stderr"]
    return json.loads(outer["stdout"]), outer["maxrss_kb"] * 1024


def test_zip_bomb_is_refused_quickly_with_bounded_memory(bomb: Path) -> None:
    report, peak_rss = measured_inspection(bomb)
    print(
        f"\n1.5 GB zip bomb ({bomb.stat().st_size / MB:.1f} MB on disk): refused as "
        f"{report['reason']} in {report['seconds']:.2f} s, peak RSS {peak_rss / MB:.0f} MB"
    )
    assert report["reason"] == "inflated_too_large"
    assert report["seconds"] < 5
    assert peak_rss < 300 * MB


def test_zip_bomb_detail(bomb: Path) -> None:
    error = refused(bomb, Limits(max_inflated_bytes=8 * MB))
    assert error.reason == "inflated_too_large"
    assert error.detail["limit"] == 8 * MB
    assert int(error.detail["actual"]) > 8 * MB
    assert error.detail["member"] == "xl/worksheets/sheet1.xml"


def test_declared_size_lie_is_still_counted(tmp_path: Path) -> None:
    path = hf.make_zip_bomb(tmp_path / "lie.xlsx", 60 * MB, declared_size=1000)
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 1000  # what zipfile (and the directory) believe
    error = refused(path, Limits(max_inflated_bytes=20 * MB))
    assert error.reason == "inflated_too_large"


def test_small_declared_size_lie_is_corrupt(tmp_path: Path) -> None:
    path = hf.make_zip_bomb(tmp_path / "lie.xlsx", 5 * MB, declared_size=1000)
    error = refused(path)
    assert (error.reason, error.detail["problem"]) == ("corrupt", "size_mismatch")


def test_bomb_in_a_member_nobody_parses_is_still_counted(tmp_path: Path) -> None:
    members = hf.xlsx_package_members([("A", hf.sheet_xml(""))])
    blob = hf.bomb_member(30 * MB)
    thumb = hf.RawMember("docProps/thumbnail.jpeg", blob.payload, blob.crc, blob.size)
    error = refused(
        hf.write_raw_zip(tmp_path / "t.xlsx", [*members, thumb]), Limits(max_inflated_bytes=10 * MB)
    )
    assert (error.reason, error.detail["member"]) == ("inflated_too_large", thumb.name)


def test_many_members_adding_up_are_counted_together(tmp_path: Path) -> None:
    members = hf.xlsx_package_members([("A", hf.sheet_xml(""))])
    blob = hf.bomb_member(3 * MB)
    parts = [
        hf.RawMember(f"xl/media/p{i}.bin", blob.payload, blob.crc, blob.size) for i in range(5)
    ]
    error = refused(
        hf.write_raw_zip(tmp_path / "sum.xlsx", [*members, *parts]),
        Limits(max_inflated_bytes=10 * MB),
    )
    assert error.reason == "inflated_too_large"


# --------------------------------------------------------------------------------------------
# Rows, columns, cells (xlsx)


def test_huge_row_index(tmp_path: Path) -> None:
    error = refused(hf.make_huge_row_index(tmp_path / "xa.xlsx"))
    assert error.reason == "too_many_rows"
    assert error.detail == {"sheet": "Sheet1", "limit": 200_000, "actual": 1_000_000_000}


def test_row_index_past_32_bits(tmp_path: Path) -> None:
    error = refused(hf.make_huge_row_index(tmp_path / "xa.xlsx", row=5_000_000_000))
    assert error.detail["actual"] == 5_000_000_000


def test_huge_row_index_on_an_empty_row_anywhere(tmp_path: Path) -> None:
    data = '<row r="900000"/><row r="1"><c r="A1"><v>1</v></c></row>'
    error = refused(hf.make_xlsx_from_sheet_xml(tmp_path / "e.xlsx", hf.sheet_xml(data)))
    assert (error.reason, error.detail["actual"]) == ("too_many_rows", 900_000)


def test_row_limit_boundary(tmp_path: Path) -> None:
    limits = Limits(max_rows=1000)
    facts = accepted(hf.make_many_rows(tmp_path / "ok.xlsx", 1000), limits)
    assert facts.sheet_rows == {"Sheet1": 1000}
    error = refused(hf.make_many_rows(tmp_path / "over.xlsx", 1001), limits)
    assert error.detail == {"sheet": "Sheet1", "limit": 1000, "actual": 1001}


def test_too_many_rows_with_default_limits_reports_the_real_count(tmp_path: Path) -> None:
    error = refused(hf.make_many_rows(tmp_path / "big.xlsx", 200_050))
    assert error.detail == {"sheet": "Sheet1", "limit": 200_000, "actual": 200_050}


def test_wide_sheet(tmp_path: Path) -> None:
    error = refused(hf.make_wide_sheet(tmp_path / "wide.xlsx", columns=300))
    assert error.detail == {"sheet": "Sheet1", "limit": 200, "actual": 300}
    accepted(hf.make_wide_sheet(tmp_path / "ok.xlsx", columns=200))


@pytest.mark.parametrize(("ref", "column"), [("XFD5", 16_384), ("xfd5", 16_384), ("GS2", 201)])
def test_far_column(tmp_path: Path, ref: str, column: int) -> None:
    error = refused(hf.make_far_column(tmp_path / "far.xlsx", ref))
    assert (error.reason, error.detail["actual"]) == ("too_many_columns", column)


def test_too_many_cells(tmp_path: Path) -> None:
    path = hf.make_wide_sheet(tmp_path / "c.xlsx", columns=30, rows=40)
    error = refused(path, Limits(max_cells=1000))
    assert error.reason == "too_many_cells"
    assert error.detail == {
        "sheet": "Sheet1",
        "limit": 1000,
        "actual": 1200,
        "rows": 40,
        "columns": 30,
    }
    accepted(path, Limits(max_cells=1200))


def test_too_many_cells_in_narrow_sheet_with_tight_limits(tmp_path: Path) -> None:
    # single-letter columns are not parsed by the fast scan; the exact scan settles it and,
    # as it stops at the first cell over the limit, reports a lower bound
    path = hf.make_wide_sheet(tmp_path / "c.xlsx", columns=11, rows=100)
    error = refused(path, Limits(max_cells=1000))
    assert error.reason == "too_many_cells"
    assert 1000 < int(error.detail["actual"]) <= 1100
    assert error.detail["columns"] == 11
    accepted(path, Limits(max_cells=1100))


def test_forged_cell_beyond_its_row_is_caught(tmp_path: Path) -> None:
    # rows 1..3 only, but one cell claims CW99999: 99,999 x 101 cells from A1
    data = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in (1, 2))
    data += '<row r="3"><c r="A3"><v>3</v></c><c r="CW99999"><v>9</v></c></row>'
    error = refused(hf.make_xlsx_from_sheet_xml(tmp_path / "cw.xlsx", hf.sheet_xml(data)))
    assert error.reason == "too_many_cells"
    assert (error.detail["rows"], error.detail["columns"]) == (99_999, 101)


def test_worksheet_stored_without_compression_is_scanned_too(tmp_path: Path) -> None:
    xml = hf.sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row><row r="999999"/>')
    path = hf.make_xlsx_from_sheets(tmp_path / "s.xlsx", [("A", hf.stored("x", xml))])
    assert refused(path).reason == "too_many_rows"


# --- shapes the fast scan hands to the exact (expat) scan


PREFIXED = (
    '<?xml version="1.0"?><x:worksheet xmlns:x="{ns}"><x:sheetData>'
    '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
    '<x:row r="{row}"><x:c r="B{row}"><x:f>A1</x:f></x:c></x:row>'
    "</x:sheetData></x:worksheet>"
)


def no_exact_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the slow exact scan was used")

    monkeypatch.setattr(safety._ExactSheetScan, "__init__", refuse)


def test_namespace_prefixed_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_exact_scan(monkeypatch)  # the OpenXML SDK writes these: prefixes are stripped instead
    xml = PREFIXED.format(ns=hf.MAIN_NS, row=300).encode()
    facts = accepted(hf.make_xlsx_from_sheet_xml(tmp_path / "p.xlsx", xml))
    assert facts.sheet_rows == {"Sheet1": 300}
    assert facts.formulas_without_value == {"Sheet1": ["B300"]}
    xml = PREFIXED.format(ns=hf.MAIN_NS, row=3_000_000).encode()
    error = refused(hf.make_xlsx_from_sheet_xml(tmp_path / "q.xlsx", xml))
    assert error.reason == "too_many_rows"


def test_prefixes_split_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xml = PREFIXED.format(ns=hf.MAIN_NS, row=300).encode()
    path = hf.make_xlsx_from_sheet_xml(tmp_path / "p.xlsx", xml)
    expected = inspect_file(path)
    tiny_chunks(monkeypatch, 3)
    assert inspect_file(path) == expected


def test_text_that_looks_like_a_prefix_is_harmless(tmp_path: Path) -> None:
    data = '<row r="1"><c r="A1" t="inlineStr"><is><t>Lớp:c 10A1:row x</t></is></c></row>'
    path = hf.make_xlsx_from_sheet_xml(tmp_path / "t.xlsx", hf.sheet_xml(data))
    assert accepted(path).sheet_rows == {"Sheet1": 1}


def test_rows_without_r_count_sequentially(tmp_path: Path) -> None:
    data = "<row><c><v>1</v></c></row>" * 250
    path = hf.make_xlsx_from_sheet_xml(tmp_path / "n.xlsx", hf.sheet_xml(data))
    assert accepted(path).sheet_rows == {"Sheet1": 250}
    assert refused(path, Limits(max_rows=200)).reason == "too_many_rows"


def test_cells_without_r_count_sequentially(tmp_path: Path) -> None:
    data = '<row r="1">' + "<c><v>1</v></c>" * 250 + "</row>"
    error = refused(hf.make_xlsx_from_sheet_xml(tmp_path / "c.xlsx", hf.sheet_xml(data)))
    assert (error.reason, error.detail["actual"]) == ("too_many_columns", 201)


def test_mixed_attribute_order_and_quotes(tmp_path: Path) -> None:
    data = (
        '<row spans="1:2" r="2"><c s="0" r="B2"><v>1</v></c>'
        "<c t='n' r='C700000'><v>2</v></c></row>"
    )
    error = refused(hf.make_xlsx_from_sheet_xml(tmp_path / "o.xlsx", hf.sheet_xml(data)))
    assert (error.reason, error.detail["actual"]) == ("too_many_rows", 700_000)


def test_comment_cannot_hide_rows(tmp_path: Path) -> None:
    # calamine ignores comments: the row after the fake end still counts
    data = (
        '<row r="1"><c r="A1"><v>1</v></c></row><!-- </sheetData> -->'
        '<row r="400"><c r="A400"><v>1</v></c></row>'
    )
    path = hf.make_xlsx_from_sheet_xml(tmp_path / "k.xlsx", hf.sheet_xml(data))
    assert accepted(path).sheet_rows == {"Sheet1": 400}


IRREGULAR = "<row><c><v>1</v></c></row>"  # no r attributes: only the exact scan reads it


def test_doctype_in_exact_scan_is_corrupt(tmp_path: Path) -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "1">]>' + hf.sheet_xml(
        IRREGULAR, head=f'<worksheet xmlns="{hf.MAIN_NS}">'
    )
    error = refused(hf.make_xlsx_from_sheet_xml(tmp_path / "d.xlsx", xml))
    assert (error.reason, error.detail["problem"]) == ("corrupt", "doctype")


def test_malformed_xml_in_exact_scan_is_corrupt(tmp_path: Path) -> None:
    xml = hf.sheet_xml(IRREGULAR).replace(b"</sheetData>", b"")
    assert refused(hf.make_xlsx_from_sheet_xml(tmp_path / "m.xlsx", xml)).reason == "corrupt"


# --- padding meant to waste the scan's time is cut short


def padded(path: Path, filler: bytes, inflated: int = 60 * MB) -> Path:
    return hf.make_xlsx_from_sheets(path, [("S", hf.bomb_member(inflated, filler=filler))])


@pytest.mark.parametrize(
    ("filler", "reason"),
    [
        (b'<row r="1"/>', "too_many_rows"),  # rows beyond what Excel can hold
        (b"<f/>", "inflated_too_large"),  # formula tags outside any cell
        (b'<c r="A1"><f>1</f></c>', "inflated_too_large"),  # formula cells by the million
        (b'<c r="A2"/>', "inflated_too_large"),  # the same outlier again and again
        (b"<col/>", "inflated_too_large"),
        (b'<x:c r="A1"/>', "inflated_too_large"),  # prefixed: still the fast scan
        (b'<c s="1" r="A1"/>', "too_many_cells"),  # slow scan: repeated cells
        (b"<c/>", "too_many_columns"),  # slow scan: sequential columns
    ],
)
def test_padding_is_refused_quickly(tmp_path: Path, filler: bytes, reason: str) -> None:
    path = padded(tmp_path / "pad.xlsx", filler)
    started = time.perf_counter()
    error = refused(path, Limits(max_inflated_bytes=50 * MB))
    assert error.reason == reason
    assert time.perf_counter() - started < 5


def test_formula_reports_are_capped(tmp_path: Path) -> None:
    path = padded(tmp_path / "f.xlsx", b'<c r="A1"><f>1</f></c>', inflated=4 * MB)
    facts = inspect_file(path)
    assert len(facts.formulas_without_value["S"]) == safety._MAX_FORMULA_REFS


def test_ods_padding_is_refused_quickly(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell("x"), "<text:p/>" * 600_000)
    started = time.perf_counter()
    error = refused(hf.make_ods(tmp_path / "p.ods", [("S", rows)]))
    assert (error.reason, error.detail["problem"]) == ("too_many_cells", "too_many_elements")
    assert time.perf_counter() - started < 5


# --- package layouts: follow the same parts calamine reads


def _package(path: Path, parts: dict[str, bytes], officedoc: str) -> Path:
    root = (
        f'<Relationships xmlns="{hf.PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{hf.REL_NS}/officeDocument" Target="{officedoc}"/></Relationships>'
    ).encode()
    members = [hf.deflated("[Content_Types].xml", b"<Types/>"), hf.deflated("_rels/.rels", root)]
    members += [hf.deflated(name, data) for name, data in parts.items()]
    return hf.write_raw_zip(path, members)


def _workbook(target: str, kind: str = "worksheet") -> tuple[bytes, bytes]:
    workbook = (
        f'<workbook xmlns="{hf.MAIN_NS}" xmlns:r="{hf.REL_NS}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ).encode()
    rels = (
        f'<Relationships xmlns="{hf.PKG_REL_NS}"><Relationship Id="rId1" '
        f'Type="{hf.REL_NS}/{kind}" Target="{target}"/></Relationships>'
    ).encode()
    return workbook, rels


FAR = hf.sheet_xml(
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="777"><c r="A777"><v>1</v></c></row>'
)
NEAR = hf.sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')


@pytest.mark.parametrize(
    ("officedoc", "target", "kind", "parts"),
    [
        # workbook elsewhere than xl/ (calamine follows _rels/.rels)
        ("book/workbook.xml", "s.xml", "worksheet", {"book/s.xml": FAR}),
        ("workbook.xml", "s.xml", "worksheet", {"s.xml": FAR}),
        # "../" is not resolved by calamine: the literal member name wins
        ("xl/workbook.xml", "../xl/worksheets/s.xml", "worksheet",
         {"xl/worksheets/s.xml": NEAR, "xl/../xl/worksheets/s.xml": FAR}),
        # a backslash is kept literally
        ("xl/workbook.xml", "worksheets\\s.xml", "worksheet",
         {"xl/worksheets/s.xml": NEAR, "xl/worksheets\\s.xml": FAR}),
        # an absolute target starts at the package root
        ("xl/workbook.xml", "/other/s.xml", "worksheet", {"other/s.xml": FAR}),
        # the relationship type is not what decides
        ("xl/workbook.xml", "worksheets/s.xml", "chartsheet", {"xl/worksheets/s.xml": FAR}),
    ],
)  # fmt: skip
def test_sheet_parts_are_resolved_like_calamine(
    tmp_path: Path, officedoc: str, target: str, kind: str, parts: dict[str, bytes]
) -> None:
    workbook, rels = _workbook(target, kind)
    base, _, name = officedoc.rpartition("/")
    rels_part = f"{base}/_rels/{name}.rels" if base else f"_rels/{name}.rels"
    parts = {officedoc: workbook, rels_part: rels, **parts}
    path = _package(tmp_path / "pkg.xlsx", parts, officedoc)
    assert len(calamine_sheets(path)["S"]) == 777  # what calamine really reads
    assert accepted(path).sheet_rows["S"] == 777


@pytest.mark.parametrize(
    "parts",
    [
        # _rels/.rels points to book/wb.xml, but calamine reads book/workbook.xml
        {"book/wb.xml": "NEAR", "book/workbook.xml": "FAR"},
        # older calamine read xl/workbook.xml whatever _rels/.rels said
        {"book/workbook.xml": "NEAR", "xl/workbook.xml": "FAR"},
    ],
)
def test_two_workbooks_are_ambiguous(tmp_path: Path, parts: dict[str, str]) -> None:
    files: dict[str, bytes] = {}
    for part, sheet in parts.items():
        folder, _, name = part.rpartition("/")
        workbook, rels = _workbook(f"{name}.{sheet}.xml")
        files[part] = workbook
        files[f"{folder}/_rels/{name}.rels"] = rels
        files[f"{folder}/{name}.{sheet}.xml"] = FAR if sheet == "FAR" else NEAR
    error = refused(_package(tmp_path / "two.xlsx", files, "book/wb.xml"))
    assert error.detail["problem"] == "ambiguous_container"


def test_ods_xlsx_polyglot_is_refused(tmp_path: Path) -> None:
    ods = hf.make_ods(tmp_path / "a.ods", [("T", hf.ods_row(hf.ods_cell("x")))])
    with zipfile.ZipFile(ods) as z:
        members = [hf.deflated(i.filename, z.read(i)) for i in z.infolist()]
    members += hf.xlsx_package_members([("S", FAR)])
    error = refused(hf.write_raw_zip(tmp_path / "poly.xlsx", members))
    assert error.detail["problem"] == "ambiguous_container"


# --------------------------------------------------------------------------------------------
# ods


def test_plain_ods(tmp_path: Path) -> None:
    path = hf.make_ods(
        tmp_path / "a.ods",
        [
            ("Trang 1", hf.ods_row(hf.ods_cell("Họ tên"), hf.ods_cell(8.5)) * 2),
            ("Trang 2", hf.ods_row(hf.ods_cell(None), hf.ods_cell("x"))),
        ],
    )
    facts = accepted(path)
    assert facts == FileFacts("ods", path.stat().st_size, {}, {"Trang 1": 2, "Trang 2": 1})


def test_libreoffice_trailing_filler_is_accepted(tmp_path: Path) -> None:
    # LibreOffice pads every sheet to its full size with repeated EMPTY rows and cells
    rows = hf.ods_row(hf.ods_cell("a"), hf.ods_cell(1), hf.ods_cell(None, repeat=1022))
    rows += hf.ods_row(hf.ods_cell(None, repeat=1024), repeat=1_048_575)
    path = hf.make_ods(tmp_path / "lo.ods", [("Sheet1", rows)])
    assert accepted(path).sheet_rows == {"Sheet1": 1}
    assert calamine_sheets(path)["Sheet1"] == [["a", 1.0]]


def test_ods_empty_rows_before_a_value_count(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell("a"))
    rows += hf.ods_row(hf.ods_cell(None, repeat=5), repeat=98)
    rows += hf.ods_row(hf.ods_cell(None), hf.ods_cell("z"))
    path = hf.make_ods(tmp_path / "gap.ods", [("S", rows)])
    assert accepted(path).sheet_rows == {"S": 100}
    assert len(calamine_sheets(path)["S"]) == 100  # calamine materialises the gap


def test_ods_empty_rows_in_the_middle_are_expanded(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell("a"))
    rows += hf.ods_row(hf.ods_cell(None, repeat=1024), repeat=1_000_000)
    rows += hf.ods_row(hf.ods_cell("z"))
    error = refused(hf.make_ods(tmp_path / "mid.ods", [("S", rows)]))
    assert error.detail == {"sheet": "S", "limit": 200_000, "actual": 1_000_002}


def test_ods_repeated_non_empty_rows(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell("x"), repeat=10_000_000)
    error = refused(hf.make_ods(tmp_path / "r.ods", [("S", rows)]))
    assert (error.reason, error.detail["actual"]) == ("too_many_rows", 10_000_000)


def test_ods_repeated_non_empty_cells(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell(1.5, repeat=100_000))
    error = refused(hf.make_ods(tmp_path / "c.ods", [("S", rows)]))
    assert (error.reason, error.detail["actual"]) == ("too_many_columns", 100_000)


def test_ods_repeated_rows_times_cells(tmp_path: Path) -> None:
    # 800 bytes on disk; calamine would abort the process allocating 100,000 x 1,000 cells
    rows = hf.ods_row(hf.ods_cell("x", repeat=1000), repeat=100_000)
    path = hf.make_ods(tmp_path / "rc.ods", [("S", rows)])
    error = refused(path, Limits(max_columns=5000))
    assert error.detail == {
        "sheet": "S",
        "limit": 10_000_000,
        "actual": 100_000_000,
        "rows": 100_000,
        "columns": 1000,
    }


def test_ods_small_repeats_match_calamine(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell("x", repeat=3), hf.ods_cell(None, repeat=4), repeat=5)
    rows += hf.ods_row(hf.ods_cell(None, repeat=2), hf.ods_cell(7))
    path = hf.make_ods(tmp_path / "s.ods", [("S", rows)])
    assert accepted(path).sheet_rows == {"S": 6}
    sheet = calamine_sheets(path)["S"]
    assert len(sheet) == 6
    assert sheet[0] == ["x", "x", "x"]
    assert sheet[5] == ["", "", 7.0]


def test_ods_password(tmp_path: Path) -> None:
    error = refused(hf.make_ods(tmp_path / "p.ods", [("S", "")], encrypted=True))
    assert (error.reason, error.detail) == ("encrypted", {"container": "ods"})


def test_ods_bad_repeat_is_corrupt(tmp_path: Path) -> None:
    rows = (
        '<table:table-row table:number-rows-repeated="lots"><table:table-cell/></table:table-row>'
    )
    error = refused(hf.make_ods(tmp_path / "b.ods", [("S", rows)]))
    assert (error.reason, error.detail["problem"]) == ("corrupt", "bad_repeat")


def test_ods_giant_text_node_is_corrupt(tmp_path: Path) -> None:
    rows = hf.ods_row(hf.ods_cell("x" * (5 * MB)))
    error = refused(hf.make_ods(tmp_path / "g.ods", [("S", rows)]))
    assert (error.reason, error.detail["problem"]) == ("corrupt", "giant_token")
