"""The unit's consolidated reports laid out as documents: the 4.8.2 needs summary, receipts by
source and donor, handover progress against the 5- and 7-day deadlines.

The layout functions take plain lists (``figures`` reads them from the store) and return a
``ReportDocument``: the header and signature block of the issuing unit (Decree 30/2020), a
title, the table's columns and rows. Excel (``report_excel``), PDF (``report_pdf``) and the
printable page all render the same document. Always Vietnamese: the report goes up the chain.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Literal

from desktop_app.core.excel.print_layout import Align, Geometry
from desktop_app.core.messages import say
from desktop_app.core.reports import (
    DEVICE_TYPES,
    DONOR_COLUMNS,
    NeedsSummary,
    summary_table,
    summary_widths,
)
from desktop_app.core.rules.programme import Category, due_date
from desktop_app.core.rules.vaccinations import COVERAGE_DOSES
from desktop_app.core.templates.spec import load_codelists
from desktop_app.core.text import search_key
from sync.server.console import figures
from sync.server.console.model import (
    NeedCount,
    Percent,
    ProgressLine,
    ReceiptLine,
    ReportDocument,
    ReportRow,
    SchoolVaccination,
    UnitHeader,
    Viewer,
)
from sync.server.console.vaccination_board import UNKNOWN_GRADE, GradeCounts
from sync.server.errors import NotFound
from sync.server.store import Store

KINDS = ("needs", "receipts", "progress", "vaccinations")
PROGRAMME = 'Chương trình "Sóng và máy tính cho em"'

# --- the issuing unit -------------------------------------------------------------------------

_OFFICE = r"(?:gd\s*&\s*đt|gd\s*-\s*đt|gdđt|gd\s+và\s+đt|giáo\s+dục\s+(?:và|&)\s+đào\s+tạo)"
_DISTRICT_OFFICE = re.compile(rf"^phòng\s+{_OFFICE}\s*", re.IGNORECASE)
_PROVINCE_OFFICE = re.compile(rf"^sở\s+{_OFFICE}\s*", re.IGNORECASE)
_DISTRICT_KIND = re.compile(r"^(huyện|quận|thị\s+xã|thành\s+phố|tp\.?)\s*(\S.*)$", re.IGNORECASE)
_PROVINCE_KIND = re.compile(r"^(tỉnh|thành\s+phố|tp\.?)\s*(\S.*)$", re.IGNORECASE)
# The centrally-run cities: their department answers to "UBND THÀNH PHỐ …", not "UBND TỈNH …".
_CITIES = frozenset({"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"})


def _kind_word(found: str) -> str:
    word = " ".join(found.split()).lower()
    return "thành phố" if word.startswith("tp") else word


def _place(kind: str, name: str) -> str:
    """The place in the date line: the name alone, or with its kind when it is a number
    ("Quận 1, ngày …"), as Decree 30/2020 writes it."""
    return f"{kind.capitalize()} {name}" if name[:1].isdigit() else name


def unit_header(viewer: Viewer, *, signer_name: str = "") -> UnitHeader:
    """The letterhead and signature block of the viewer's unit: a district office signs as
    "TRƯỞNG PHÒNG" under "UBND HUYỆN …", a province department as "GIÁM ĐỐC" under "UBND
    TỈNH …". A district whose name does not say its kind ("Phòng GD&ĐT Buôn Ma Thuột") is
    headed by its own name, under its parent's."""
    name = " ".join(unicodedata.normalize("NFC", viewer.unit_name).split())
    if viewer.unit_kind == "province":
        rest = _PROVINCE_OFFICE.sub("", name) or name
        kind_match = _PROVINCE_KIND.match(rest)
        if kind_match:
            kind, rest = _kind_word(kind_match.group(1)), kind_match.group(2)
        else:
            kind = "thành phố" if search_key(rest) in _CITIES else "tỉnh"
        return UnitHeader(
            agency_above=f"UBND {kind} {rest}".upper(),
            agency="SỞ GIÁO DỤC VÀ ĐÀO TẠO",
            place=_place(kind, rest),
            signer_title="GIÁM ĐỐC",
            signer_name=signer_name,
        )
    rest = _DISTRICT_OFFICE.sub("", name)
    kind_match = _DISTRICT_KIND.match(rest)
    if kind_match:
        kind, rest = _kind_word(kind_match.group(1)), kind_match.group(2)
        return UnitHeader(
            agency_above=f"UBND {kind} {rest}".upper(),
            agency="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
            place=_place(kind, rest),
            signer_title="TRƯỞNG PHÒNG",
            signer_name=signer_name,
        )
    return UnitHeader(
        agency_above=(viewer.parent_name or "").upper(),
        agency=name.upper(),
        place=rest or name,
        signer_title="TRƯỞNG PHÒNG",
        signer_name=signer_name,
    )


def _orientation_is_landscape(widths: Sequence[float]) -> bool:
    return Geometry.for_widths(widths).orientation == "landscape"


def _school_order(code: str, name: str) -> tuple[str, str]:
    return (search_key(name), code)


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


# --- 4.8.2: needs by category × requested device × grade --------------------------------------


def needs_report(header: UnitHeader, counts: Sequence[NeedCount], day: date) -> ReportDocument:
    """The 4.8.2 summary of the unit: for each school a row with its totals by grade, then its
    categories' requested devices (the rows that have students) with a subtotal per category and
    the programme's share (categories 1–3); then the unit's whole table, as a school's summary
    prints it (every category and device type), and the grand total."""
    grades = sorted({c.grade for c in counts})
    schools: dict[str, str] = {}
    per_school: dict[str, Counter[tuple[int, int, str]]] = defaultdict(Counter)
    unit: Counter[tuple[int, int, str]] = Counter()
    for c in counts:
        schools.setdefault(c.school_code, c.school_name)
        key = (c.grade, c.category, c.requested_device)
        per_school[c.school_code][key] += c.count
        unit[key] += c.count
    columns, unit_body = summary_table(NeedsSummary(unit, grades))
    width = len(columns)
    subtotal = say("report.subtotal")
    rows: list[ReportRow] = []

    def programme_row(summary: NeedsSummary) -> ReportRow:
        cells = [
            sum(summary.cell(g, c, d) for c in Category if c.in_programme for d in DEVICE_TYPES)
            for g in grades
        ]
        return ReportRow(("Trong đó: diện hỗ trợ của Chương trình (diện 1–3)", "", *cells,
                          sum(cells)))  # fmt: skip

    ordered = sorted(schools, key=lambda code: _school_order(code, schools[code]))
    for number, code in enumerate(ordered, start=1):
        summary = NeedsSummary(per_school[code], grades)
        _, body = summary_table(summary)
        totals = body[-1][2:]
        rows.append(ReportRow((f"{number}. {schools[code]}", "", *totals), bold=True))
        for line in body[:-1]:
            if line[-1] == 0:
                continue  # a school's block keeps the rows that have students
            rows.append(ReportRow(tuple(line), bold=line[1] == subtotal))
        rows.append(programme_row(summary))
    unit_summary = NeedsSummary(unit, grades)
    rows.append(ReportRow((f"Tổng hợp toàn đơn vị ({len(ordered)} trường)", *[""] * (width - 1)),
                          bold=True))  # fmt: skip
    for line in unit_body[:-1]:
        rows.append(ReportRow(tuple(line), bold=line[1] == subtotal))
    rows.append(ReportRow(tuple(unit_body[-1]), bold=True))
    rows.append(programme_row(unit_summary))
    widths = tuple(summary_widths(len(grades)))
    centred: list[Align] = ["center"] * (width - 2)
    return ReportDocument(
        kind="needs",
        title="BÁO CÁO TỔNG HỢP NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN",
        subtitle=(
            f"(Mục 4.8.2 — {PROGRAMME} — {len(ordered)} trường, tổng số "
            f"{unit_summary.total} học sinh)"
        ),
        header=header,
        columns=tuple(columns),
        widths=widths,
        align=("left", "left", *centred),
        rows=tuple(rows),
        day=day,
        landscape=_orientation_is_landscape(widths),
        notes=(
            "Số học sinh có nhu cầu thiết bị đã được duyệt (kể cả học sinh đã nhận thiết bị), theo đề nghị của nhà trường.",
            "Diện khó khăn khác (diện 4) không thuộc diện hỗ trợ của Chương trình, báo cáo riêng.",
        ),
    )


# --- 4.8.3: receipts by source and donor ------------------------------------------------------


def receipts_report(header: UnitHeader, lines: Sequence[ReceiptLine], day: date) -> ReportDocument:
    """Devices received, handed over and not yet handed over: for each school a row with its
    totals, then its sources and donors; then the unit's figures by source (each with its
    donors) and the grand total."""
    sources = load_codelists()["source"]

    def source_label(code: str) -> str:
        return sources.label(code) if code else "Chưa rõ nguồn"

    columns = tuple(say(f"report.donors.column.{name}") for name in DONOR_COLUMNS)
    columns = (columns[0], "Trường / Nguồn", *columns[2:])

    def figures_of(group: Sequence[ReceiptLine]) -> tuple[int, int, int, int]:
        devices = sum(x.devices for x in group)
        handed = sum(x.handed_over for x in group)
        return (sum(x.batches for x in group), devices, handed, devices - handed)

    by_school: dict[str, list[ReceiptLine]] = defaultdict(list)
    for line in lines:
        by_school[line.school_code].append(line)
    rows: list[ReportRow] = []
    ordered = sorted(by_school, key=lambda c: _school_order(c, by_school[c][0].school_name))
    for number, code in enumerate(ordered, start=1):
        group = by_school[code]
        rows.append(ReportRow((str(number), group[0].school_name, "", *figures_of(group)),
                              bold=True))  # fmt: skip
        merged: dict[tuple[str, str], list[ReceiptLine]] = defaultdict(list)
        for line in group:
            merged[(line.source, line.donor)].append(line)
        for item, (source, donor) in enumerate(sorted(merged, key=_donor_order), start=1):
            rows.append(ReportRow((f"{number}.{item}", source_label(source), donor,
                                   *figures_of(merged[(source, donor)]))))  # fmt: skip
    rows.append(ReportRow(("", "Toàn đơn vị, theo nguồn và nhà tài trợ", "", "", "", "", ""),
                          bold=True))  # fmt: skip
    by_source: dict[str, dict[str, list[ReceiptLine]]] = defaultdict(lambda: defaultdict(list))
    for line in lines:
        by_source[line.source][line.donor].append(line)
    for source in sorted(by_source):
        donors = by_source[source]
        everything = [x for group in donors.values() for x in group]
        rows.append(ReportRow(("", source_label(source), "", *figures_of(everything)),
                              bold=True))  # fmt: skip
        for item, donor in enumerate(sorted(donors, key=search_key), start=1):
            rows.append(ReportRow((str(item), "", donor, *figures_of(donors[donor]))))
    rows.append(ReportRow(("", say("report.grand_total"), "", *figures_of(lines)), bold=True))
    widths = (7.0, 28.0, 28.0, 8.0, 10.0, 10.0, 10.0)
    align: tuple[Align, ...] = ("center", "left", "left", "center", "center", "center", "center")
    return ReportDocument(
        kind="receipts",
        title="BÁO CÁO TỔNG HỢP TIẾP NHẬN VÀ BÀN GIAO THIẾT BỊ THEO NGUỒN VÀ NHÀ TÀI TRỢ",
        subtitle=f"(Mục 4.8.3 — {PROGRAMME} — {len(ordered)} trường)",
        header=header,
        columns=columns,
        widths=widths,
        align=align,
        rows=tuple(rows),
        day=day,
        landscape=False,  # seven columns: portrait, a little smaller
        notes=("Đã bàn giao: thiết bị đã giao cho học sinh (kể cả thiết bị đã thu hồi sau đó).",),
    )


def _donor_order(key: tuple[str, str]) -> tuple[str, str]:
    return (key[0], search_key(key[1]))


# --- handover progress against the 5- and 7-day deadlines -------------------------------------

BatchState = Literal["on_time", "not_due", "late"]
STATE_LABELS: dict[BatchState, str] = {
    "on_time": "Đúng hạn",
    "not_due": "Chưa đến hạn",
    "late": "Trễ hạn",
}


def batch_state(line: ProgressLine, day: date) -> BatchState:
    """A batch is on time when every device was handed over within 5 days of its receipt (the
    district's deadline to report, which the province's 7 days build on); late when that day
    has passed without it; not yet due otherwise."""
    if line.handed_within_5 >= line.devices:
        return "on_time"
    if day <= due_date("district_report", line.received_date):
        return "not_due"
    return "late"


def progress_report(header: UnitHeader, lines: Sequence[ProgressLine], day: date) -> ReportDocument:
    """Every batch received, oldest first: devices, handed over, handed over within 5 days (and
    that due date), within 7 days (and that due date), and its state on ``day``."""
    ordered = sorted(
        lines,
        key=lambda x: (x.received_date, search_key(x.school_name), x.school_code,
                       x.batch_code or ""),
    )  # fmt: skip
    rows: list[ReportRow] = []
    states: Counter[BatchState] = Counter()
    for number, line in enumerate(ordered, start=1):
        state = batch_state(line, day)
        states[state] += 1
        rows.append(ReportRow((
            number, line.school_name, line.batch_code or "", _day(line.received_date),
            line.devices, line.handed_over,
            line.handed_within_5, _day(due_date("district_report", line.received_date)),
            line.handed_within_7, _day(due_date("department_report", line.received_date)),
            STATE_LABELS[state],
        )))  # fmt: skip
    rows.append(ReportRow((
        "", say("report.grand_total"), f"{len(ordered)} đợt", "",
        sum(x.devices for x in ordered), sum(x.handed_over for x in ordered),
        sum(x.handed_within_5 for x in ordered), "",
        sum(x.handed_within_7 for x in ordered), "",
        f"{states['late']} trễ hạn",
    ), bold=True))  # fmt: skip
    columns = (
        "STT", "Trường", "Đợt tiếp nhận", "Ngày nhận", "Số thiết bị", "Đã bàn giao",
        "Bàn giao trong 5 ngày", "Hạn 5 ngày", "Bàn giao trong 7 ngày", "Hạn 7 ngày",
        "Tình trạng",
    )  # fmt: skip
    widths = (5.0, 23.0, 11.0, 11.0, 9.0, 9.0, 10.0, 11.0, 10.0, 11.0, 13.0)
    align: tuple[Align, ...] = ("center", "left", "left", "center", "center", "center",
                                "center", "center", "center", "center", "left")  # fmt: skip
    return ReportDocument(
        kind="progress",
        title="BÁO CÁO TIẾN ĐỘ BÀN GIAO THIẾT BỊ CHO HỌC SINH",
        subtitle=f"(Theo thời hạn 05 ngày và 07 ngày kể từ khi tiếp nhận — tính đến ngày "
        f"{_day(day)})",
        header=header,
        columns=columns,
        widths=widths,
        align=align,
        rows=tuple(rows),
        day=day,
        landscape=True,
        notes=(
            "Hạn 5 ngày: Phòng GD&ĐT báo cáo Sở GD&ĐT tình hình bàn giao; hạn 7 ngày: Sở GD&ĐT "
            "báo cáo Bộ GD&ĐT (kể từ ngày tiếp nhận thiết bị từ nhà tài trợ).",
            f"Tính đến ngày {_day(day)}: {states['on_time']} đợt đúng hạn, "
            f"{states['not_due']} đợt chưa đến hạn, {states['late']} đợt trễ hạn.",
        ),
    )


# --- vaccinations (CSDL 4.9): coverage by school and dose -------------------------------------


def percent(value: float) -> Percent:
    """85,3% (a decimal comma, as Vietnamese writes it), its number kept for Excel."""
    return Percent(value)


def grade_label(grade: int) -> str:
    return "Chưa rõ khối" if grade == UNKNOWN_GRADE else f"Khối {grade}"


def coverage_cells(counts: GradeCounts) -> tuple[str | int, ...]:
    """Students, then for each dose the number and the percent, then none, then late doses."""
    doses = (cell for n in COVERAGE_DOSES for cell in (counts.at_least[n],
                                                       percent(counts.percent(n))))  # fmt: skip
    return (counts.students, *doses, counts.none, counts.late)


COVERAGE_COLUMNS = (
    "Số học sinh",
    *(word for n in COVERAGE_DOSES for word in (f"Đã tiêm ≥ {n} mũi", "Tỷ lệ")),
    "Chưa tiêm mũi nào",
    "Mũi ghi trễ (> 1 ngày)",
)


def vaccinations_report(
    header: UnitHeader, schools: Sequence[SchoolVaccination], day: date
) -> ReportDocument:
    """For each school of the unit its students and how many have had at least 1, 2 and 3 doses
    (number and share), none, and doses recorded late; then the unit by grade, and the total."""
    ordered = sorted(schools, key=lambda s: _school_order(s.code, s.name))
    rows: list[ReportRow] = []
    total = GradeCounts()
    by_grade: dict[int, GradeCounts] = defaultdict(GradeCounts)
    for number, school in enumerate(ordered, start=1):
        rows.append(ReportRow((number, school.name, *coverage_cells(school.counts))))
        total.merge(school.counts)
        for grade, counts in school.grades:
            by_grade[grade].merge(counts)
    if by_grade:
        rows.append(ReportRow(("", "Toàn đơn vị, theo khối", *[""] * len(COVERAGE_COLUMNS)),
                              bold=True))  # fmt: skip
        for grade in sorted(by_grade, key=lambda g: (g == UNKNOWN_GRADE, g)):
            rows.append(ReportRow(("", grade_label(grade), *coverage_cells(by_grade[grade]))))
    rows.append(ReportRow(("", say("report.grand_total"), *coverage_cells(total)), bold=True))
    widths = (5.0, 26.0, 9.0, *(9.0, 7.0) * len(COVERAGE_DOSES), 9.0, 9.0)
    centred: list[Align] = ["center"] * len(COVERAGE_COLUMNS)
    align: tuple[Align, ...] = ("center", "left", *centred)
    return ReportDocument(
        kind="vaccinations",
        title="BÁO CÁO TỔNG HỢP TIÊM VẮC-XIN CỦA HỌC SINH THEO TRƯỜNG VÀ MŨI TIÊM",
        subtitle=f"(Mục 4.9 — {len(ordered)} trường, {total.students} học sinh — tính đến ngày "
        f"{_day(day)})",
        header=header,
        columns=("STT", "Trường", *COVERAGE_COLUMNS),
        widths=widths,
        align=align,
        rows=tuple(rows),
        day=day,
        landscape=True,
        notes=(
            "Đã tiêm ≥ n mũi: học sinh có đủ các mũi 1 đến n (theo các mũi hiện hành, sau khi "
            "đã tính các lần sửa và hủy); tỷ lệ trên tổng số học sinh của trường.",
            "Mũi ghi trễ: mũi tiêm nhà trường ghi nhận sau ngày tiêm quá 1 ngày.",
        ),
    )


# --- the glue ---------------------------------------------------------------------------------


def build_report(kind: str, store: Store, viewer: Viewer, day: date) -> ReportDocument:
    """The report ``kind`` of the viewer's unit, with its figures as the store holds them now."""
    header = unit_header(viewer)
    if kind == "needs":
        return needs_report(header, figures.need_counts(store, viewer), day)
    if kind == "receipts":
        return receipts_report(header, figures.receipt_lines(store, viewer), day)
    if kind == "progress":
        return progress_report(header, figures.progress_lines(store, viewer), day)
    if kind == "vaccinations":
        return vaccinations_report(header, figures.vaccination_schools(store, viewer), day)
    raise NotFound("Không có báo cáo này. / No such report.")
