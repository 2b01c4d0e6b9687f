"""Plain values shared by the console's parts: no SQL, no HTTP, no rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from desktop_app.core.rules.programme import due_date
from sync.server.console.vaccination_board import GradeCounts

# A need as the district sees it (``board.review_state`` decides which):
# waiting  — no decision yet on this need;
# reopened — decided, then the school changed it (back to "proposed"): waiting again, visibly;
# approved / returned — the district's latest decision stands.
ReviewState = Literal["waiting", "reopened", "approved", "returned"]
REVIEW_STATES: tuple[ReviewState, ...] = ("waiting", "reopened", "approved", "returned")


@dataclass(frozen=True)
class Viewer:
    """The staff account looking at the console, and the unit it answers for."""

    username: str
    full_name: str
    role: str  # reviewer | statistician | health | admin
    unit_code: str
    unit_name: str
    unit_kind: str  # district | province
    level: str | None  # TH | THCS | THPT, or None for every level
    parent_name: str | None = None  # the province above a district (for the report header)

    @property
    def may_review(self) -> bool:
        return self.role in ("reviewer", "admin")

    @property
    def may_read_students(self) -> bool:
        """Whether the account sees a school's students one by one (the review page: names with
        consent, categories, needs). School health staff see counts only: their purpose is
        vaccination coverage (data minimisation, Decree 13/2023)."""
        return self.role != "health"

    def may_review_level(self, level: str | None) -> bool:
        """Whether the account may decide for a school of this level (within its unit): the
        buttons the page shows. ``accounts.reviewer_for`` is the check the server makes."""
        return self.may_review and (self.level is None or self.level == level)


@dataclass(frozen=True)
class BoardRow:
    """One school on the schools board: its figures as last refreshed."""

    code: str
    name: str
    level: str | None
    unit_code: str | None
    unit_name: str | None
    last_sync_at: str | None  # UTC ISO stamp of the last submission received
    last_sync_source: str | None  # "http" | "package" (USB)
    students: int
    needs: int  # students whose current need asks for a device
    approved: int
    returned: int
    waiting: int  # including reopened
    reopened: int
    devices: int
    handed_over: int  # devices a student received (held now or returned since)
    late_updates: int  # receipts and handovers the school recorded more than 1 day late
    oldest_unhanded_receipt: date | None  # the oldest batch with a device never handed over
    locked_rounds: tuple[str, ...] = ()

    def handover_overdue(self, today: date) -> bool:
        """A device still not handed over 5 days after its batch was received."""
        receipt = self.oldest_unhanded_receipt
        return receipt is not None and today > due_date("district_report", receipt)

    @property
    def updates_late(self) -> bool:
        return self.late_updates > 0


@dataclass(frozen=True)
class HistoryItem:
    """One line of a student's history as the reviewer sees it, oldest first."""

    when: str  # UTC ISO stamp (a decision) or a survey round ("2026-H2")
    kind: Literal["need", "decision"]
    survey_round: str | None
    text: str  # Vietnamese: "Đợt 2026-H1: Hộ nghèo, máy tính xách tay" / "Trả lại: …"
    comment: str | None = None
    reviewer: str | None = None


@dataclass(frozen=True)
class StudentNeed:
    """A student's need in one survey round, with what the reviewer needs to decide."""

    student_id: str
    code: str
    full_name: str | None  # None when the parent's consent is not recorded at the school
    class_name: str | None
    grade: int | None
    gender: str | None
    birth_date: str | None  # ISO
    need_id: str
    need_version: int
    survey_round: str
    category: int | None
    has_device: bool
    borrowing_device: bool
    requested_device: str | None
    school_status: str  # the need's status as the school last sent it
    state: ReviewState
    comment: str | None = None  # the latest decision's
    decided_at: str | None = None
    reviewer: str | None = None
    history: tuple[HistoryItem, ...] = ()
    current: bool = True  # this round's need is the student's current one (decisions act on it)


@dataclass(frozen=True)
class RoundLock:
    survey_round: str
    locked_at: str
    locked_by: str


@dataclass(frozen=True)
class SchoolReview:
    """One school's needs in one round, for the review page."""

    code: str
    name: str
    level: str | None
    rounds: tuple[str, ...]  # every round with a need, newest first
    survey_round: str | None  # the one shown
    lock: RoundLock | None
    students: tuple[StudentNeed, ...]

    def count(self, state: ReviewState) -> int:
        return sum(1 for s in self.students if s.state == state)


@dataclass(frozen=True)
class DeadlineItem:
    """A batch whose devices must be handed over (and reported) by a date."""

    school_code: str
    school_name: str
    batch_id: str
    batch_code: str | None
    received_date: date
    devices: int
    handed_over: int
    deadline: Literal["district_report", "department_report"]  # 5 days, 7 days
    due: date
    state: Literal["late", "soon"]  # late now / late within the next 48 hours


@dataclass(frozen=True)
class UnitHeader:
    """Who issues a consolidated report: the header and the signature block (Decree 30/2020)."""

    agency_above: str  # "UBND HUYỆN KRÔNG BÔNG" / "UBND TỈNH ĐẮK LẮK"
    agency: str  # "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    place: str  # for the date line: "Krông Bông"
    signer_title: str  # "TRƯỞNG PHÒNG" / "GIÁM ĐỐC"
    prepared_by: str = "NGƯỜI LẬP BIỂU"
    signer_name: str = ""


class Percent(str):
    """A share as Vietnamese writes it ("85,3%"), keeping its number (85.3): the page and the PDF
    show the text, an Excel file stores the number so that it can be summed and charted."""

    value: float

    def __new__(cls, value: float) -> Percent:
        self = super().__new__(cls, f"{value:.1f}".replace(".", ",") + "%")
        self.value = value
        return self


@dataclass(frozen=True)
class ReportRow:
    values: tuple[str | int, ...]
    bold: bool = False  # a subtotal or total


@dataclass(frozen=True)
class ReportDocument:
    """A consolidated report, ready for any renderer (Excel, PDF, the printable page)."""

    kind: str  # "needs" | "receipts" | "progress"
    title: str
    subtitle: str
    header: UnitHeader
    columns: tuple[str, ...]
    widths: tuple[float, ...]  # relative, in Excel character widths
    align: tuple[Literal["left", "center", "right"], ...]
    rows: tuple[ReportRow, ...]
    day: date
    landscape: bool = False
    notes: tuple[str, ...] = field(default=())


# --- the consolidated reports' figures (``figures`` reads them; ``reports`` lays them out) -----


@dataclass(frozen=True)
class NeedCount:
    """Students of one school whose current need, approved by the district, asks for a device
    of this type: by grade and category (the 4.8.2 summary's cells)."""

    school_code: str
    school_name: str
    grade: int
    category: int  # rules.programme.Category
    requested_device: str  # code list "device_type_student": laptop | desktop | tablet | smartphone
    count: int


@dataclass(frozen=True)
class ReceiptLine:
    """Devices one school received from one donor through one source."""

    school_code: str
    school_name: str
    source: str  # code list "source"
    donor: str
    batches: int
    devices: int
    handed_over: int


@dataclass(frozen=True)
class ProgressLine:
    """One donation batch: received when, handed over how far, against the 5- and 7-day
    deadlines (rules.programme.DEADLINES "district_report" and "department_report")."""

    school_code: str
    school_name: str
    batch_code: str | None
    received_date: date
    devices: int
    handed_over: int
    handed_within_5: int  # handed over no later than received_date + 5 days
    handed_within_7: int
    last_handover: date | None


@dataclass(frozen=True)
class SchoolVaccination:
    """One school's vaccination coverage as the console shows it: the whole school's counts, and
    each grade's (the drill-down)."""

    code: str
    name: str
    level: str | None
    last_sync_at: str | None
    counts: GradeCounts
    grades: tuple[tuple[int, GradeCounts], ...] = ()
