"""The 4.8.2 needs summary: students by category × grade × requested device type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from desktop_app.core.access import record_access
from desktop_app.core.messages import say
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.needs import CURRENT_NEEDS
from desktop_app.core.rules.programme import Category
from desktop_app.core.templates.spec import load_codelists
from desktop_app.core.vaccinations.report import export_vaccination_report

if TYPE_CHECKING:
    from desktop_app.core.excel.print_layout import Align, PrintedSheet
    from desktop_app.core.school import SchoolProfile

DEVICE_TYPES = ("laptop", "desktop", "tablet", "smartphone")
# The donor report's columns, each headed by "report.donors.column.<name>".
DONOR_COLUMNS = ("number", "source", "donor", "batches", "devices", "handed_over", "not_handed")


@dataclass(frozen=True)
class NeedsSummary:
    """counts[(grade, category, device_type)] for every live student's latest need."""

    counts: Counter[tuple[int, int, str]]
    grades: list[int]

    def cell(self, grade: int, category: int, device: str) -> int:
        return self.counts.get((grade, category, device), 0)

    def grade_total(self, grade: int) -> int:
        return sum(n for (g, _, _), n in self.counts.items() if g == grade)

    def category_total(self, category: int) -> int:
        return sum(n for (_, c, _), n in self.counts.items() if c == category)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def programme_total(self) -> int:
        """Categories 1–3 ("diện hỗ trợ của Chương trình"); category 4 is reported apart."""
        return sum(n for (_, c, _), n in self.counts.items() if Category(c).in_programme)


def needs_summary(db: Database) -> NeedsSummary:
    rows = db.execute(
        "SELECT s.grade, n.category, n.requested_device, COUNT(*)"
        f" FROM {CURRENT_NEEDS} AND n.has_device = 0 GROUP BY 1, 2, 3"
    ).fetchall()
    counts: Counter[tuple[int, int, str]] = Counter(
        {(grade, category, device): count for grade, category, device, count in rows}
    )
    return NeedsSummary(counts, sorted({grade for grade, _, _ in counts}))


def summary_table(
    summary: NeedsSummary, lang: str = "vi"
) -> tuple[list[str], list[list[int | str]]]:
    """The summary as a table that fits a page: one row per category and requested device type
    (with a subtotal per category), one column per grade, and the totals. The ministry's file is
    always Vietnamese; the screen follows the reader's language."""
    device_labels = load_codelists()["device_type_student"]
    grades = [say("report.grade", lang, grade=g) for g in summary.grades]
    header = [say("report.category", lang), say("report.requested_device", lang), *grades,
              say("report.total", lang)]  # fmt: skip
    body: list[list[int | str]] = []
    for category in Category:
        name = category.label.text(lang)
        for device in DEVICE_TYPES:
            cells = [summary.cell(g, category, device) for g in summary.grades]
            body.append([name, device_labels.display(device, lang), *cells, sum(cells)])
        per_grade = [
            sum(summary.cell(g, category, d) for d in DEVICE_TYPES) for g in summary.grades
        ]
        body.append([name, say("report.subtotal", lang), *per_grade, sum(per_grade)])
    body.append([say("report.grand_total", lang), "",
                 *[summary.grade_total(g) for g in summary.grades], summary.total])  # fmt: skip
    return header, body


@dataclass(frozen=True)
class DonorReceipts:
    source: str  # "4.8.3.1" | "4.8.3.2"
    donor: str
    batches: int
    devices: int
    handed_over: int


def receipts_by_donor(db: Database) -> list[DonorReceipts]:
    """Devices received per source and donor, and how many of them a student holds now."""
    holdings = load_holdings(db.conn)
    totals: dict[tuple[str, str, str], list[int]] = {}  # (source, donor name, donor id)
    batches: dict[tuple[str, str, str], set[str]] = {}
    for source, donor, donor_id, batch_id, device_id in db.execute(
        "SELECT b.source, d.name, d.id, b.id, v.id FROM donation_batches b"
        " JOIN donors d ON d.id = b.donor_id"
        " LEFT JOIN devices v ON v.batch_id = b.id AND v.deleted = 0 WHERE b.deleted = 0"
    ):
        key = (source, donor, donor_id)
        counts = totals.setdefault(key, [0, 0])
        batches.setdefault(key, set()).add(batch_id)
        if device_id is not None:
            counts[0] += 1
            counts[1] += holdings.holder(device_id) is not None
    return [
        DonorReceipts(key[0], key[1], len(batches[key]), devices, held)
        for key, (devices, held) in sorted(totals.items())
    ]


def _document(db: Database, widths: list[float]) -> tuple[Any, PrintedSheet, SchoolProfile]:
    from openpyxl import Workbook

    from desktop_app.core.excel.print_layout import PrintedSheet, use_document_font
    from desktop_app.core.school import load_school

    wb = Workbook()
    use_document_font(wb)
    ws = wb.active
    assert ws is not None
    return wb, PrintedSheet(ws, widths), load_school(db)


def summary_widths(grades: int) -> list[float]:
    """The summary's printed columns: the longest category ("Cha/mẹ tử vong do COVID-19") and
    device type on one line, a narrow column per grade and for the total."""
    return [28.0, 21.0, *[7.2] * grades, 7.2]


def export_needs_summary(
    db: Database, target: Path, day: date | None = None, *, actor: str | None = None
) -> None:
    """The 4.8.2 summary as the district receives it: agency header and national motto, the
    title, the table (header repeated on every page), the place and date, the signatures.
    Always Vietnamese; written atomically."""
    from desktop_app.core.templates.workbook import save_workbook

    summary = needs_summary(db)
    header, body = summary_table(summary)
    widths = summary_widths(len(summary.grades))
    wb, sheet, school = _document(db, widths)
    sheet.ws.title = "4.8.2"
    sheet.letterhead(school)
    sheet.title(say("report.needs_summary.title"))
    sheet.subtitle(say("report.needs_summary.subtitle", count=summary.total), italic=True)
    sheet.blank()
    sheet.table_header(header)
    subtotal = say("report.subtotal")
    centred: list[Align] = ["center"] * (len(header) - 2)
    align: list[Align] = ["left", "left", *centred]
    for line in body:
        sheet.table_row(line, bold=line[1] in (subtotal, ""), align=align)
    sheet.closing(school, day or date.today())
    sheet.finish()
    save_workbook(wb, target)
    record_access(db.conn, "report", target, summary.total, actor=actor)


def export_donor_report(
    db: Database, target: Path, day: date | None = None, *, actor: str | None = None
) -> None:
    """Devices received by source and donor, and how many a student holds, as a signed report
    to the district (same layout as the 4.8.2 summary). Always Vietnamese; written atomically."""
    from desktop_app.core.templates.workbook import save_workbook

    sources = load_codelists()["source"]
    rows = receipts_by_donor(db)
    header = [say(f"report.donors.column.{name}") for name in DONOR_COLUMNS]
    wb, sheet, school = _document(db, [5.0, 16.0, 28.0, 7.0, 9.0, 9.0, 9.0])
    sheet.ws.title = say("report.donors.sheet")
    sheet.letterhead(school)
    sheet.title(say("report.donors.title"))
    sheet.subtitle(say("report.donors.subtitle"), italic=True)
    sheet.blank()
    sheet.table_header(header)
    align: list[Align] = ["center", "left", "left", "center", "center", "center", "center"]
    for number, r in enumerate(rows, start=1):
        sheet.table_row(
            [number, sources.label(r.source), r.donor, r.batches, r.devices, r.handed_over,
             r.devices - r.handed_over],
            align=align,
        )  # fmt: skip
    devices = sum(r.devices for r in rows)
    held = sum(r.handed_over for r in rows)
    sheet.table_row(
        ["", say("report.grand_total"), "", sum(r.batches for r in rows), devices, held,
         devices - held],
        bold=True, align=align,
    )  # fmt: skip
    sheet.closing(school, day or date.today())
    sheet.finish()
    save_workbook(wb, target)
    record_access(db.conn, "report", target, 0, actor=actor)  # counts of devices, no student


REPORTS: dict[str, Callable[..., None]] = {
    "summary": export_needs_summary,
    "donors": export_donor_report,
    "vaccinations": export_vaccination_report,
}
