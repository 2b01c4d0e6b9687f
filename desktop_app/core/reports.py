"""The 4.8.2 needs summary: students by category × grade × requested device type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from desktop_app.core.messages import say
from desktop_app.core.rules.holdings import load_holdings
from desktop_app.core.rules.needs import CURRENT_NEEDS
from desktop_app.core.rules.programme import Category
from desktop_app.core.templates.spec import load_codelists

DEVICE_TYPES = ("laptop", "desktop", "tablet", "smartphone")


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


def export_needs_summary(db: Database, target: Path) -> None:
    """The 4.8.2 summary in the ministry's layout, with the signature block, written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from desktop_app.core.school import load_school
    from desktop_app.core.templates.workbook import (
        fit_to_page_width,
        save_workbook,
        style_header_row,
    )

    school = load_school(db)
    summary = needs_summary(db)
    header, body = summary_table(summary)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "4.8.2"
    ws["A1"] = (school.name or "").upper()
    ws["A1"].font = Font(bold=True)
    ws["A2"] = say("report.needs_summary.title")
    ws["A2"].font = Font(bold=True, size=14)
    ws["A3"] = say("report.needs_summary.subtitle", count=summary.total)
    for column, text in enumerate(header, start=1):
        ws.cell(row=5, column=column, value=text)
    style_header_row(ws, 5, {1: 28, 2: 22})
    for offset, line in enumerate(body, start=6):
        for column, value in enumerate(line, start=1):
            cell = ws.cell(row=offset, column=column, value=value)
            cell.alignment = Alignment(horizontal="center")
            if line[1] in (say("report.subtotal"), ""):
                cell.font = Font(bold=True)
    signature_row = 6 + len(body) + 2
    # The principal signs on the right: three columns in from the last, but never over the
    # clerk's column (a school with no needs yet has no grade columns).
    last = max(len(header), 6)
    ws.cell(row=signature_row, column=2, value=say("report.prepared_by")).font = Font(bold=True)
    ws.cell(row=signature_row, column=last - 3, value=say("report.principal")).font = Font(
        bold=True
    )
    ws.cell(row=signature_row + 1, column=2, value=say("report.sign_name")).font = Font(italic=True)
    ws.cell(row=signature_row + 1, column=last - 3, value=say("report.sign_seal")).font = Font(
        italic=True
    )
    ws.cell(row=signature_row + 5, column=2, value=school.clerk or "").font = Font(bold=True)
    ws.cell(row=signature_row + 5, column=last - 3, value=school.principal or "").font = Font(
        bold=True
    )
    for column in range(3, last + 1):
        ws.column_dimensions[get_column_letter(column)].width = 10
    fit_to_page_width(ws)
    save_workbook(wb, target)
