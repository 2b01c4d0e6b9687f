"""The school's vaccination report (CSDL ngành, mục 4.9): students vaccinated by grade and number
of doses, and the doses by vaccine and place, as the Báo cáo page shows them and as the district
receives them (the ministry layout of ``excel.print_layout``, like the 4.8.2 summary).

The figures are ``vaccinations.coverage``'s; this module only lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from desktop_app.core.access import record_access
from desktop_app.core.messages import say
from desktop_app.core.rules.vaccinations import COVERAGE_DOSES, place_list, vaccine_list
from desktop_app.core.vaccinations.coverage import (
    Coverage,
    CoverageRow,
    DosesByPlace,
    coverage,
    doses_by_vaccine_and_place,
)

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

    from desktop_app.core.excel.print_layout import Align

Value = int | float | str
# The sheet's columns: grade, students, (number, percent) for each of COVERAGE_DOSES, no dose.
# "Tỷ lệ (%)" on one line in bold needs 10.
WIDTHS = [12.0, 8.0, *[8.0, 10.0] * len(COVERAGE_DOSES), 10.0]
# The doses table over the same columns: (first, last) column of the vaccine, each place, total.
DOSE_SPANS = ((1, 3), (4, 5), (6, 7), (8, 8), (9, 9))
PERCENT_FORMAT = "0.0"


@dataclass(frozen=True)
class VaccinationReport:
    """The report's two tables: coverage by grade (and in all), doses by vaccine and place."""

    coverage: Coverage
    doses: DosesByPlace

    @property
    def students(self) -> int:
        return self.coverage.total.students


def vaccination_report(db: Database) -> VaccinationReport:
    return VaccinationReport(coverage(db.conn), doses_by_vaccine_and_place(db.conn))


def percent(row: CoverageRow, dose: int) -> float:
    """The share printed: one decimal, as the district's tables give it."""
    return round(row.percent(dose), 1)


def grade_label(grade: int | None, lang: str = "vi") -> str:
    if grade is None:
        return say("vaccination_report.no_grade", lang)
    return say("report.grade", lang, grade=grade)


def coverage_rows(report: VaccinationReport, lang: str = "vi") -> list[list[Value]]:
    """One row per grade (a student whose grade is unknown last), then "Tổng cộng": the grade,
    students, (number, percent) for at least 1, 2, 3 doses, and students with no dose."""
    grades = sorted(report.coverage.by_grade, key=lambda r: (r.grade is None, r.grade or 0))
    labels = [grade_label(r.grade, lang) for r in grades] + [say("report.grand_total", lang)]
    rows: list[list[Value]] = []
    for label, row in zip(labels, [*grades, report.coverage.total], strict=True):
        cells: list[Value] = [label, row.students]
        for dose in COVERAGE_DOSES:
            cells += [row.at_least[dose], percent(row, dose)]
        rows.append([*cells, row.none])
    return rows


def coverage_headers(lang: str = "vi") -> tuple[list[str], list[str]]:
    """The coverage table's two header rows: the groups ("Đã tiêm ít nhất 1 mũi" over its two
    columns; grade, students and no dose span both rows) and the columns under them."""
    groups = [say("vaccination_report.column.grade", lang),
              say("vaccination_report.column.students", lang)]  # fmt: skip
    columns = ["", ""]
    for dose in COVERAGE_DOSES:
        groups += [say("vaccination_report.column.at_least", lang, count=dose), ""]
        columns += [say("vaccination_report.column.count", lang),
                    say("vaccination_report.column.percent", lang)]  # fmt: skip
    groups.append(say("vaccination_report.column.none", lang))
    columns.append("")
    return groups, columns


def doses_header(lang: str = "vi") -> list[str]:
    places = place_list()
    return [say("vaccination_report.column.vaccine", lang),
            *(places.display(p, lang) for p in places.codes),
            say("vaccination_report.column.doses_total", lang)]  # fmt: skip


def doses_rows(report: VaccinationReport, lang: str = "vi") -> list[list[Value]]:
    """One row per vaccine (the code list's, in its order), then "Tổng cộng"."""
    doses, vaccines = report.doses, vaccine_list()
    rows: list[list[Value]] = [
        [vaccines.display(v, lang), *(doses.cell(v, p) for p in doses.places),
         doses.vaccine_total(v)]
        for v in doses.vaccines
    ]  # fmt: skip
    rows.append([say("report.grand_total", lang),
                 *(doses.place_total(p) for p in doses.places), doses.total])  # fmt: skip
    return rows


# --- the Excel file --------------------------------------------------------------------------


def export_vaccination_report(
    db: Database, target: Path, day: date | None = None, *, actor: str | None = None
) -> None:
    """The report as the district receives it: agency header and national motto, the title,
    the two tables (the coverage header repeated on every page), the place and date, the
    signatures. Always Vietnamese; written atomically; the export is in the access log."""
    from desktop_app.core.excel.printed_blocks import (
        section_heading,
        spanned_header,
        spanned_row,
        two_row_header,
    )
    from desktop_app.core.reports import _document
    from desktop_app.core.templates.workbook import save_workbook

    day = day or date.today()
    report = vaccination_report(db)
    wb, sheet, school = _document(db, WIDTHS)
    sheet.ws.title = say("vaccination_report.sheet")
    sheet.letterhead(school)
    sheet.title(say("vaccination_report.title"))
    sheet.subtitle(say("vaccination_report.subtitle"), italic=True)
    sheet.subtitle(say("vaccination_report.as_of", day=day, count=report.students), italic=True)
    sheet.blank()
    section_heading(sheet, say("vaccination_report.section.coverage"))
    two_row_header(sheet, *coverage_headers())
    repeated = sheet.header_rows
    centred: list[Align] = ["center"] * (len(WIDTHS) - 1)
    rows = coverage_rows(report)
    for number, line in enumerate(rows, start=1):
        sheet.table_row(line, bold=number == len(rows), align=["left", *centred],
                        write=_write)  # fmt: skip
    sheet.blank(12)
    section_heading(sheet, say("vaccination_report.section.doses"))
    spanned_header(sheet, DOSE_SPANS, doses_header())
    rows = doses_rows(report)
    for number, line in enumerate(rows, start=1):
        spanned_row(sheet, DOSE_SPANS, line, bold=number == len(rows))
    sheet.header_rows = repeated  # the coverage table's header repeats, not the doses'
    sheet.closing(school, day)
    sheet.finish()
    save_workbook(wb, target)
    record_access(db.conn, "report", target, report.students, actor=actor)


def _write(cell: Cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, float):
        cell.number_format = PERCENT_FORMAT
