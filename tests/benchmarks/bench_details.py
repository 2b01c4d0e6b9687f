"""Workbook-details benchmark: ``read_details`` vs python-calamine's own read of the same
generated .xlsx (50,000 rows x 17 columns by default, the shape Excel writes: shared
strings, a code column formatted "0000000000", some error cells, merges, hidden rows).
Goal: the details pass, which the import runs beside calamine's read, costs no more than that
read (≤ 1×; issue 13 measured 0.18 s against 0.66 s).

    .venv/bin/python tests/benchmarks/bench_details.py --size 50000

Both sides run alternately in this process, on a warm page cache; each side's peak memory is the
process's peak while that side ran.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import common
from harness import Result, alternate, load
from python_calamine import CalamineWorkbook

from desktop_app.core.excel.details import read_details

COLUMNS = 17
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _col(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def build(path: Path, rows: int) -> None:
    strings = [f"Học sinh {i}" for i in range(1000)] + ["Nam", "Nữ", "6A", "7B"]
    cols = [_col(c) for c in range(COLUMNS)]
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>']
    parts.append('<sheetData><row r="1">')
    parts += [f'<c r="{cols[c]}1" t="s"><v>{c % 4 + 1000}</v></c>' for c in range(COLUMNS)]
    parts.append("</row>")
    for r in range(2, rows + 2):
        hidden = ' hidden="1"' if r % 5000 == 0 else ""
        cells = [
            f'<row r="{r}" spans="1:{COLUMNS}"{hidden}>',
            f'<c r="A{r}" s="1"><v>{192285142 + r}</v></c>',
            f'<c r="B{r}" t="s"><v>{r % 1000}</v></c>',
        ]
        for c in range(2, COLUMNS):
            ref = f"{cols[c]}{r}"
            if c == 5 and r % 1000 == 0:
                cells.append(f'<c r="{ref}" t="e"><f>NA()</f><v>#N/A</v></c>')
            elif c % 3 == 0:
                cells.append(f'<c r="{ref}" s="2"><v>{r * c % 977}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="s"><v>{1000 + (r + c) % 4}</v></c>')
        cells.append("</row>")
        parts.append("".join(cells))
    parts.append('</sheetData><autoFilter ref="A1:Q2"/><mergeCells count="1">')
    parts.append('<mergeCell ref="C2:C4"/></mergeCells></worksheet>')
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{REL_NS}">'
            '<sheets><sheet name="Nhu cau" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="0000000000"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
            "</cellXfs></styleSheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>'
        ),
        "xl/worksheets/sheet1.xml": "".join(parts),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, text.encode("utf-8"))


def main() -> None:
    parser = common.arguments(__doc__, 50_000, "rows of the generated .xlsx")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "details.xlsx"
        build(path, args.size)

        def calamine() -> None:
            book = CalamineWorkbook.from_path(str(path))
            book.get_sheet_by_name("Nhu cau").to_python(skip_empty_area=False)
            book.close()

        def details() -> None:
            found = read_details(path, "xlsx").sheet("Nhu cau")
            assert len(found.digit_widths) == args.size, len(found.digit_widths)
            assert len(found.errors) == args.size // 1000

        with zipfile.ZipFile(path) as zf:
            inflated = zf.getinfo("xl/worksheets/sheet1.xml").file_size
        result = Result(
            "details",
            goal="read_details ≤ 1× python-calamine's read of the same .xlsx",
            conditions={
                "rows": args.size,
                "columns": COLUMNS,
                "file MB": round(path.stat().st_size / 1e6, 1),
                "sheet XML MB": round(inflated / 1e6, 1),
                "load": load(),
            },
        )
        result.timings = alternate(
            [("calamine read", common.timed(calamine)), ("read_details", common.timed(details))],
            args.repeat,
        )
        result.compare("read_details", "calamine read", limit=1.0)
    result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
