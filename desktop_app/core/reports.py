"""The 4.8.2 needs summary: students by category × grade × requested device type."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.core.domain import CATEGORY_LABELS, Category
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
        "SELECT s.grade, n.category, n.requested_device, COUNT(*) FROM students s"
        " JOIN needs n ON n.id = (SELECT id FROM needs WHERE student_id = s.id AND deleted = 0"
        " ORDER BY survey_round DESC LIMIT 1)"
        " WHERE s.deleted = 0 AND n.has_device = 0 GROUP BY 1, 2, 3"
    ).fetchall()
    counts: Counter[tuple[int, int, str]] = Counter(
        {(grade, category, device): count for grade, category, device, count in rows}
    )
    return NeedsSummary(counts, sorted({grade for grade, _, _ in counts}))


def summary_table(summary: NeedsSummary) -> tuple[list[str], list[list[object]]]:
    """The summary as a table: one row per grade, one column per category × device type."""
    device_labels = load_codelists()["device_type_student"]
    header = ["Khối"]
    for category in Category:
        for device in DEVICE_TYPES:
            header.append(f"{CATEGORY_LABELS[category]} — {device_labels.label(device)}")
    header.append("Tổng")
    body: list[list[object]] = []
    for grade in summary.grades:
        line: list[object] = [grade]
        line += [summary.cell(grade, c, d) for c in Category for d in DEVICE_TYPES]
        line.append(summary.grade_total(grade))
        body.append(line)
    totals: list[object] = ["Tổng"]
    totals += [sum(summary.cell(g, c, d) for g in summary.grades) for c in Category
               for d in DEVICE_TYPES]  # fmt: skip
    totals.append(summary.total)
    body.append(totals)
    return header, body
