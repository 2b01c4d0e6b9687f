"""The allocation proposal: which available device goes to which student with an open need.

A proposal only proposes; the clerk confirms each handover, and may pick any device by hand.
It is deterministic (the same data always gives the same proposal, whatever order the rows come
in) so the clerk, the principal and the district can check it against the written rule.

Definitions
-----------
- A student's **current need** is the need of their latest survey round (``LATEST_NEED``), not
  deleted, of a student not deleted. Students without a need are not considered.
- Events (rows of ``handovers``) are ordered by ``event_date, id`` (ids are UUIDv7, so a later
  record of the same day sorts later). An event is a ``handover`` or a ``return``; a return has a
  reason: faulty, moved, ineligible, lost or other.
- A **device is available** when it is not deleted and its latest event is none, or a return
  whose reason is neither ``lost`` nor ``faulty`` (a faulty or lost device is not handed out
  again; a device returned because the student moved is).
- A student's **support state** comes from their own latest event: a ``handover`` means they hold
  a device (supported); a ``return`` for ``faulty`` means a **replacement is due** (eligible again,
  served first within their category); a return for any other reason means they were supported
  once, and each student is supported only once.
- **Excluded**, in this order of precedence, each with its reason: supported already (with the
  date); has their own device (``has_device``; a device borrowed from the school does not count);
  need returned by the district (with its comment); need not approved when the school's policy is
  ``block``. With the policy ``warn`` an unapproved need is eligible and its line carries a
  warning. A need counts as approved when its status is ``approved`` or ``supplied`` (đã cấp comes
  after đã duyệt: a replacement's need is already ``supplied``).
- **Never proposed automatically** (listed as unused with the reason; the clerk may still pick
  them by hand): SIM/data plans (they go with a device, not instead of one), devices below the
  minimum specification, and device types the rule does not know.
- **Priority**: category 1 → 2 → 3 → 4, then the tie-break ``TIE_BREAK_RULE``. Devices: oldest
  batch first (received date), then serial.
- **Algorithm**: N = min(eligible students, proposable devices); the first N eligible students in
  priority order are served, so a higher category is always served before a lower one. Pass 1,
  in priority order: each served student gets the first remaining device of exactly the type
  they asked for. Pass 2, in priority order: each served student still without one gets the
  first remaining device of the nearest type (``NEAREST_TYPES``). Every proposable type is in
  every fallback list, so every served student gets exactly one device.
- Every student appears once in the result (a line, waiting, or excluded), and every available
  device once (in a line, or unused with the reason).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlite_utils import Database

from desktop_app.core.domain import CATEGORY_LABELS, Category, Ineligible, eligibility
from desktop_app.core.importing.handovers import UNAVAILABLE_AFTER
from desktop_app.core.school import APPROVAL_POLICIES, load_school
from desktop_app.core.store.queries import DEVICE_LAST_EVENT, LATEST_NEED
from desktop_app.core.templates.spec import load_codelists

TIE_BREAK_RULE = (
    "Thứ tự ưu tiên: diện 1 (hộ nghèo) → diện 2 (hộ cận nghèo) → diện 3 (cha/mẹ tử vong do "
    "COVID-19) → diện 4 (khó khăn khác). Trong cùng một diện: (a) học sinh cần thay thiết bị "
    "hỏng trước; (b) nhu cầu đã được Phòng duyệt trước nhu cầu chưa duyệt; (c) nhu cầu của đợt "
    "rà soát cũ hơn trước; (d) khối lớp thấp hơn trước, rồi theo tên lớp, rồi theo thứ tự tên "
    "trong danh sách lớp; (e) mã học sinh. Thiết bị: đợt tiếp nhận cũ hơn trước, rồi theo số "
    "serial. Mỗi học sinh nhận đúng loại thiết bị đề nghị nếu còn; nếu không còn thì nhận loại "
    "gần nhất."
)

DEVICE_TYPES = ("laptop", "desktop", "tablet", "smartphone")
# The types a student gets when the one they asked for has run out, nearest first.
NEAREST_TYPES: dict[str, tuple[str, ...]] = {
    "laptop": ("desktop", "tablet", "smartphone"),
    "desktop": ("laptop", "tablet", "smartphone"),
    "tablet": ("laptop", "smartphone", "desktop"),
    "smartphone": ("tablet", "laptop", "desktop"),
}
# A device with no holder that came back for one of these reasons is not handed out again.
NOT_REUSABLE_REASONS = UNAVAILABLE_AFTER  # one rule with the importer and the forms
REPLACEMENT_REASON = "faulty"
APPROVED_STATUSES = frozenset({"approved", "supplied"})


@dataclass(frozen=True)
class Candidate:
    """A student with a current need."""

    student_id: str
    code: str
    full_name: str
    class_name: str
    grade: int | None
    sort_key: str
    need_id: str
    category: int
    requested_device: str
    need_status: str
    survey_round: str
    has_device: bool
    review_comment: str | None
    supported_on: str | None  # ISO date of the handover they hold / held (None if never)
    replacement_due: bool

    @property
    def approved(self) -> bool:
        return self.need_status in APPROVED_STATUSES

    @property
    def supported(self) -> bool:
        """Holds a device, or held one that came back for a reason other than a fault."""
        return self.supported_on is not None and not self.replacement_due


@dataclass(frozen=True)
class AvailableDevice:
    device_id: str
    serial: str
    device_type: str
    brand: str
    model: str
    batch_code: str
    received_date: str
    below_min_spec: bool


@dataclass(frozen=True)
class ProposalLine:
    candidate: Candidate
    device: AvailableDevice
    exact_type: bool
    reason: str
    warning: str | None


@dataclass(frozen=True)
class Skipped:
    """A student not proposed: "waiting" (eligible, no device left) or "excluded"."""

    candidate: Candidate
    status: str
    reason: str


@dataclass(frozen=True)
class UnusedDevice:
    device: AvailableDevice
    reason: str


@dataclass
class Proposal:
    lines: list[ProposalLine]
    skipped: list[Skipped]
    unused: list[UnusedDevice]
    policy: str

    @property
    def waiting(self) -> list[Skipped]:
        return [s for s in self.skipped if s.status == "waiting"]

    @property
    def excluded(self) -> list[Skipped]:
        return [s for s in self.skipped if s.status == "excluded"]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (``songmay allocate --json``)."""
        waiting, excluded = self.waiting, self.excluded
        return {
            "policy": self.policy,
            "tie_break": TIE_BREAK_RULE,
            "lines": [
                {
                    **_student_dict(line.candidate),
                    "serial": line.device.serial,
                    "device_type": line.device.device_type,
                    "exact_type": line.exact_type,
                    "reason": line.reason,
                    "warning": line.warning,
                }
                for line in self.lines
            ],
            "waiting": [{**_student_dict(s.candidate), "reason": s.reason} for s in waiting],
            "excluded": [{**_student_dict(s.candidate), "reason": s.reason} for s in excluded],
            "unused": [
                {
                    "serial": u.device.serial,
                    "device_type": u.device.device_type,
                    "brand": u.device.brand,
                    "model": u.device.model,
                    "batch_code": u.device.batch_code,
                    "reason": u.reason,
                }
                for u in self.unused
            ],
            "counts": {
                "lines": len(self.lines),
                "waiting": len(waiting),
                "excluded": len(excluded),
                "unused": len(self.unused),
                "warnings": sum(1 for line in self.lines if line.warning),
            },
        }


def _student_dict(c: Candidate) -> dict[str, Any]:
    return {
        "student_code": c.code,
        "student_name": c.full_name,
        "class_name": c.class_name,
        "category": c.category,
        "requested_device": c.requested_device,
    }


# --- labels and explanations -------------------------------------------------------------------


def device_label(device_type: str) -> str:
    """The Vietnamese name of a device type ("tablet" → "Máy tính bảng")."""
    return load_codelists()["device_type"].label(device_type)


def _category_text(category: int) -> str:
    try:
        label = CATEGORY_LABELS[Category(category)]
    except ValueError:
        return f"Diện {category}"
    return f"Diện {category} – {label}"


def _vn_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _exclusion(c: Candidate, policy: str) -> str | None:
    """Why a candidate is not eligible (None when eligible)."""
    why = eligibility(has_own_device=c.has_device, already_supported=c.supported)
    if why is Ineligible.ALREADY_SUPPORTED:
        return f"Không đề xuất: đã được hỗ trợ ngày {_vn_date(c.supported_on or '')}."
    if why is Ineligible.HAS_OWN_DEVICE:
        return "Không đề xuất: học sinh đã có thiết bị học trực tuyến."
    if c.need_status == "returned":
        comment = (c.review_comment or "").strip()
        return "Không đề xuất: nhu cầu bị Phòng GD&ĐT trả lại" + (
            f" ({comment})." if comment else "."
        )
    if policy == "block" and not c.approved:
        return (
            "Không đề xuất: nhu cầu chưa được Phòng GD&ĐT duyệt (nhà trường chỉ bàn giao khi "
            "nhu cầu đã được duyệt)."
        )
    return None


def _set_aside(d: AvailableDevice) -> str | None:
    """Why a device is never proposed automatically (None when it may be)."""
    if d.device_type == "sim":
        return (
            "Không đề xuất tự động: SIM - gói cước đi kèm một thiết bị, không thay cho thiết bị; "
            "có thể chọn khi bàn giao."
        )
    if d.device_type not in NEAREST_TYPES:
        return (
            f"Không đề xuất tự động: loại thiết bị “{d.device_type}” không có trong quy tắc "
            "phân bổ; có thể chọn khi bàn giao."
        )
    if d.below_min_spec:
        return (
            "Không đề xuất tự động: cấu hình dưới mức tối thiểu; có thể chọn khi bàn giao nếu "
            "phù hợp."
        )
    return None


_LEFT_OVER = "Chưa dùng: không còn học sinh đủ điều kiện đang chờ thiết bị."


def _line_reason(c: Candidate, device: AvailableDevice) -> str:
    parts = [_category_text(c.category)]
    if c.replacement_due:
        handed = f" đã nhận ngày {_vn_date(c.supported_on)}" if c.supported_on else ""
        parts.append(f"thay thiết bị hỏng{handed} (được ưu tiên trong diện)")
    parts.append("nhu cầu đã được Phòng duyệt" if c.approved else "nhu cầu chưa được Phòng duyệt")
    if device.device_type == c.requested_device:
        parts.append(f"đúng loại đề nghị ({device_label(device.device_type)})")
    else:
        parts.append(
            f"không còn {device_label(c.requested_device)}, nhận "
            f"{device_label(device.device_type)} (loại gần nhất)"
        )
    return "; ".join(parts) + "."


def _warning(c: Candidate) -> str | None:
    if c.approved:
        return None
    return (
        "Nhu cầu chưa được Phòng GD&ĐT duyệt; nhà trường cho phép bàn giao kèm cảnh báo "
        "(có thể Phòng sẽ trả lại)."
    )


def _waiting_reason(served: Sequence[Candidate]) -> str:
    if not served:
        return "Chờ thiết bị: hiện chưa có thiết bị nào có thể đề xuất."
    return (
        f"Chờ thiết bị: {len(served)} thiết bị đã dành cho học sinh đứng trước (diện ưu tiên "
        "cao hơn hoặc đứng trước theo thứ tự); học sinh cuối cùng được đề xuất thuộc "
        f"{_category_text(served[-1].category)}."
    )


# --- the rule ----------------------------------------------------------------------------------


def priority_key(c: Candidate) -> tuple[Any, ...]:
    """Category, then the tie-break of ``TIE_BREAK_RULE``; the id makes the order total."""
    return (
        c.category,
        not c.replacement_due,
        not c.approved,
        c.survey_round,
        c.grade is None,
        c.grade or 0,
        c.class_name,
        c.sort_key,
        c.code,
        c.student_id,
    )


def device_key(d: AvailableDevice) -> tuple[str, str, str]:
    return (d.received_date, d.serial, d.device_id)


def _fallback(requested: str) -> tuple[str, ...]:
    return NEAREST_TYPES.get(requested, DEVICE_TYPES)


def _check_unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what} {i} appears twice")
        seen.add(i)


def propose(
    candidates: Sequence[Candidate], devices: Sequence[AvailableDevice], *, policy: str = "warn"
) -> Proposal:
    """The proposal for these students and devices (pure: no database, no clock)."""
    if policy not in APPROVAL_POLICIES:
        raise ValueError(f"unknown approval policy: {policy!r}")
    _check_unique((c.student_id for c in candidates), "student")
    _check_unique((d.device_id for d in devices), "device")

    eligible: list[Candidate] = []
    excluded: list[Skipped] = []
    for c in sorted(candidates, key=priority_key):
        why = _exclusion(c, policy)
        if why is None:
            eligible.append(c)
        else:
            excluded.append(Skipped(c, "excluded", why))

    ordered_devices = sorted(devices, key=device_key)
    unused: dict[str, UnusedDevice] = {}
    by_type: dict[str, deque[AvailableDevice]] = {t: deque() for t in DEVICE_TYPES}
    proposable = 0
    for d in ordered_devices:
        why = _set_aside(d)
        if why is None:
            by_type[d.device_type].append(d)
            proposable += 1
        else:
            unused[d.device_id] = UnusedDevice(d, why)

    count = min(len(eligible), proposable)
    served, waiting = eligible[:count], eligible[count:]
    given: dict[str, AvailableDevice] = {}
    for c in served:  # pass 1: exactly the type asked for
        stock = by_type.get(c.requested_device)
        if stock:
            given[c.student_id] = stock.popleft()
    for c in served:  # pass 2: the nearest type still in stock
        if c.student_id in given:
            continue
        for device_type in _fallback(c.requested_device):
            if by_type[device_type]:
                given[c.student_id] = by_type[device_type].popleft()
                break
    if len(given) != count:  # every proposable type is in every fallback list
        raise AssertionError("a served student got no device")

    lines = []
    for c in served:
        device = given[c.student_id]
        lines.append(
            ProposalLine(
                candidate=c,
                device=device,
                exact_type=device.device_type == c.requested_device,
                reason=_line_reason(c, device),
                warning=_warning(c),
            )
        )
    for stock in by_type.values():
        for d in stock:
            unused[d.device_id] = UnusedDevice(d, _LEFT_OVER)
    waiting_reason = _waiting_reason(served)
    return Proposal(
        lines=lines,
        skipped=[Skipped(c, "waiting", waiting_reason) for c in waiting] + excluded,
        unused=sorted(unused.values(), key=lambda u: device_key(u.device)),
        policy=policy,
    )


# --- loading from the database -----------------------------------------------------------------

_CANDIDATES_SQL = f"""
    SELECT s.id, s.code, s.full_name, s.class_name, s.grade, s.sort_key,
           n.id, n.category, n.requested_device, n.status, n.survey_round, n.has_device,
           n.review_comment
    FROM needs n JOIN students s ON s.id = n.student_id
    WHERE n.deleted = 0 AND s.deleted = 0 AND {LATEST_NEED}
"""
# Read in event order, so the last row of a student is their latest event (faster than a window
# function joined to the needs: 50,000 students, 10 ms instead of 150).
_STUDENT_EVENTS_SQL = (
    "SELECT student_id, kind, reason, event_date FROM handovers WHERE deleted = 0"
    " ORDER BY student_id, event_date, id"
)

# The reason of device ``v``'s latest event, in the same order as DEVICE_LAST_EVENT.
_DEVICE_LAST_REASON = (
    "(SELECT h.reason FROM handovers h WHERE h.device_id = v.id AND h.deleted = 0"
    " ORDER BY h.event_date DESC, h.id DESC LIMIT 1)"
)

_DEVICES_SQL = f"""
    SELECT v.id, v.serial, v.device_type, v.brand, v.model, b.code, b.received_date,
           v.below_min_spec, {DEVICE_LAST_EVENT} AS last_kind, {_DEVICE_LAST_REASON} AS last_reason
    FROM devices v JOIN donation_batches b ON b.id = v.batch_id
    WHERE v.deleted = 0
"""


def device_is_available(last_kind: str | None, last_reason: str | None) -> bool:
    """Nobody holds it, and it did not come back faulty or lost."""
    return last_kind is None or (last_kind == "return" and last_reason not in NOT_REUSABLE_REASONS)


def load_candidates(db: Database) -> list[Candidate]:
    latest: dict[str, tuple[str, str | None]] = {}  # student -> (kind, reason) of the latest event
    supported_on: dict[str, str] = {}  # student -> date of their latest handover (or event)
    for student_id, kind, reason, event_date in db.execute(_STUDENT_EVENTS_SQL).fetchall():
        latest[student_id] = (kind, reason)
        if kind == "handover" or student_id not in supported_on:
            supported_on[student_id] = event_date
    candidates = []
    for row in db.execute(_CANDIDATES_SQL).fetchall():
        student_id = row[0]
        kind, reason = latest.get(student_id, (None, None))
        candidates.append(
            Candidate(
                student_id=student_id,
                code=row[1],
                full_name=row[2],
                class_name=row[3],
                grade=row[4],
                sort_key=row[5],
                need_id=row[6],
                category=row[7],
                requested_device=row[8],
                need_status=row[9],
                survey_round=row[10],
                has_device=bool(row[11]),
                review_comment=row[12],
                supported_on=supported_on.get(student_id),
                replacement_due=kind == "return" and reason == REPLACEMENT_REASON,
            )
        )
    return candidates


def load_available_devices(db: Database) -> list[AvailableDevice]:
    """Every available device, SIMs and below-specification ones included."""
    devices = []
    for row in db.execute(_DEVICES_SQL).fetchall():
        last_kind, last_reason = row[8:]
        if device_is_available(last_kind, last_reason):
            devices.append(
                AvailableDevice(
                    device_id=row[0],
                    serial=row[1],
                    device_type=row[2],
                    brand=row[3],
                    model=row[4],
                    batch_code=row[5],
                    received_date=row[6],
                    below_min_spec=bool(row[7]),
                )
            )
    return devices


def propose_for(db: Database) -> Proposal:
    """The proposal for the school's data, under the school's approval policy."""
    return propose(
        load_candidates(db), load_available_devices(db), policy=load_school(db).approval_policy
    )
