"""The allocation proposal: which available device goes to which student with an open need.

A proposal only proposes; the clerk confirms each handover, and may pick any device by hand.
It is deterministic (the same data always gives the same proposal, whatever order the rows come
in) so the clerk, the principal and the district can check it against the written rule.

Definitions
-----------
The questions every screen asks the same way are answered by the rules layer
(``desktop_app.core.rules``), and this module only asks them:

- a student's **current need** (``rules.needs``): the need of their latest survey round, of a
  live student; students without a need are not considered;
- whether a **device is available** and where a **student stands** — holding a device, a
  **replacement is due** (served first within their category), supported once — from the latest
  handover/return events (``rules.holdings``);
- who is **excluded**, with the reason, in the rule's order of precedence (``rules.eligibility``):
  supported already (with the date); has their own device; need returned by the district (with
  its comment); need not approved when the school's policy is ``block``. With the policy ``warn``
  an unapproved need is eligible and its line carries a warning.
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

from desktop_app.core.locale import fmt_date
from desktop_app.core.messages import Msg, msg
from desktop_app.core.rules.eligibility import APPROVAL_POLICIES, Ineligible, eligibility
from desktop_app.core.rules.holdings import Holdings, Support, load_holdings
from desktop_app.core.rules.needs import CURRENT_NEEDS, is_approved
from desktop_app.core.rules.programme import category_label, goes_with_a_device
from desktop_app.core.school import load_school
from desktop_app.core.templates.spec import CodeLabel

TIE_BREAK_RULE = msg("allocation.tie_break")  # the order below, in words (shown on screen)

DEVICE_TYPES = ("laptop", "desktop", "tablet", "smartphone")
# The types a student gets when the one they asked for has run out, nearest first.
NEAREST_TYPES: dict[str, tuple[str, ...]] = {
    "laptop": ("desktop", "tablet", "smartphone"),
    "desktop": ("laptop", "tablet", "smartphone"),
    "tablet": ("laptop", "smartphone", "desktop"),
    "smartphone": ("tablet", "laptop", "desktop"),
}


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
    supported_on: str | None  # ISO date of their latest handover (None if never)
    replacement_due: bool

    @property
    def approved(self) -> bool:
        return is_approved(self.need_status)

    @property
    def support(self) -> Support:
        """Where the student stands (``rules.holdings``): holding or supported once both count
        as supported; a faulty device came back means a replacement is due."""
        if self.replacement_due:
            return Support.REPLACEMENT_DUE
        return Support.NEVER if self.supported_on is None else Support.HOLDING

    @property
    def supported(self) -> bool:
        return self.support.supported


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
    reason: Msg
    warning: Msg | None


@dataclass(frozen=True)
class Skipped:
    """A student not proposed: "waiting" (eligible, no device left) or "excluded"."""

    candidate: Candidate
    status: str
    reason: Msg


@dataclass(frozen=True)
class UnusedDevice:
    device: AvailableDevice
    reason: Msg


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

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        """JSON-ready (``songmay allocate --json``), reasons in ``lang``."""
        waiting, excluded = self.waiting, self.excluded
        return {
            "policy": self.policy,
            "tie_break": TIE_BREAK_RULE.text(lang),
            "lines": [
                {
                    **_student_dict(line.candidate),
                    "serial": line.device.serial,
                    "device_type": line.device.device_type,
                    "exact_type": line.exact_type,
                    "reason": line.reason.text(lang),
                    "warning": line.warning.text(lang) if line.warning else None,
                }
                for line in self.lines
            ],
            "waiting": [_skipped_dict(s, lang) for s in waiting],
            "excluded": [_skipped_dict(s, lang) for s in excluded],
            "unused": [
                {
                    "serial": u.device.serial,
                    "device_type": u.device.device_type,
                    "brand": u.device.brand,
                    "model": u.device.model,
                    "batch_code": u.device.batch_code,
                    "reason": u.reason.text(lang),
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


def _skipped_dict(skipped: Skipped, lang: str) -> dict[str, Any]:
    return {**_student_dict(skipped.candidate), "reason": skipped.reason.text(lang)}


def _student_dict(c: Candidate) -> dict[str, Any]:
    return {
        "student_code": c.code,
        "student_name": c.full_name,
        "class_name": c.class_name,
        "category": c.category,
        "requested_device": c.requested_device,
    }


# --- labels and explanations -------------------------------------------------------------------


def device_label(device_type: str) -> CodeLabel:
    """The name of a device type from the code list ("tablet" → "Máy tính bảng" / "Tablet")."""
    return CodeLabel("device_type", device_type)


def _category_text(category: int) -> Msg:
    return msg("allocation.category", category=category, label=category_label(category))


def _exclusion(c: Candidate, policy: str) -> Msg | None:
    """Why a candidate is not eligible (None when eligible), from the eligibility rule."""
    verdict = eligibility(c.support, has_device=c.has_device, status=c.need_status, policy=policy)
    why = verdict.refusal
    if why is None:
        return None
    if why is Ineligible.ALREADY_SUPPORTED:
        return msg("allocation.excluded.supported", date=_day(c.supported_on))
    if why is Ineligible.HAS_OWN_DEVICE:
        return msg("allocation.excluded.has_device")
    if why is Ineligible.NEED_RETURNED:
        comment = (c.review_comment or "").strip()
        if comment:
            return msg("allocation.excluded.returned_with_comment", comment=comment)
        return msg("allocation.excluded.returned")
    return msg("allocation.excluded.not_approved")


def _day(iso: str | None) -> str:
    try:
        return fmt_date(date.fromisoformat(iso or ""))
    except ValueError:
        return iso or ""


def _set_aside(d: AvailableDevice) -> Msg | None:
    """Why a device is never proposed automatically (None when it may be)."""
    if goes_with_a_device(d.device_type):
        return msg("allocation.unused.sim")
    if d.device_type not in NEAREST_TYPES:
        return msg("allocation.unused.unknown_type", device_type=d.device_type)
    if d.below_min_spec:
        return msg("allocation.unused.below_min_spec")
    return None


def _line_reason(c: Candidate, device: AvailableDevice) -> Msg:
    parts: list[Msg] = [_category_text(c.category)]
    if c.replacement_due:
        if c.supported_on:
            parts.append(msg("allocation.reason.replacement_of", date=_day(c.supported_on)))
        else:
            parts.append(msg("allocation.reason.replacement"))
    parts.append(
        msg("allocation.reason.approved" if c.approved else "allocation.reason.unapproved")
    )
    if device.device_type == c.requested_device:
        parts.append(msg("allocation.reason.exact_type", device=device_label(device.device_type)))
    else:
        parts.append(msg("allocation.reason.nearest_type", requested=device_label(c.requested_device),
                         device=device_label(device.device_type)))  # fmt: skip
    return msg(f"allocation.reason.{len(parts)}", **{f"part{i}": p for i, p in enumerate(parts)})


def _warning(c: Candidate) -> Msg | None:
    if c.approved:
        return None
    return msg("allocation.warning.unapproved")


def _waiting_reason(served: Sequence[Candidate]) -> Msg:
    if not served:
        return msg("allocation.waiting.no_device")
    return msg("allocation.waiting.behind", count=len(served),
               category=_category_text(served[-1].category))  # fmt: skip


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
            unused[d.device_id] = UnusedDevice(d, msg("allocation.unused.left_over"))
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
    FROM {CURRENT_NEEDS}
"""

_DEVICES_SQL = """
    SELECT v.id, v.serial, v.device_type, v.brand, v.model, b.code, b.received_date,
           v.below_min_spec
    FROM devices v JOIN donation_batches b ON b.id = v.batch_id
    WHERE v.deleted = 0
"""


def load_candidates(db: Database, holdings: Holdings | None = None) -> list[Candidate]:
    """Every live student with a current need, with where they stand (``rules.holdings``)."""
    holdings = holdings or load_holdings(db.conn)
    candidates = []
    for row in db.execute(_CANDIDATES_SQL).fetchall():
        student_id = row[0]
        last = holdings.last_handed_on(student_id)
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
                supported_on=last.isoformat() if last else None,
                replacement_due=holdings.support(student_id) is Support.REPLACEMENT_DUE,
            )
        )
    return candidates


def load_available_devices(db: Database, holdings: Holdings | None = None) -> list[AvailableDevice]:
    """Every available device (``rules.holdings``), SIMs and below-specification ones included."""
    holdings = holdings or load_holdings(db.conn)
    return [
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
        for row in db.execute(_DEVICES_SQL).fetchall()
        if holdings.is_available(row[0])
    ]


def propose_for(db: Database) -> Proposal:
    """The proposal for the school's data, under the school's approval policy."""
    holdings = load_holdings(db.conn)
    return propose(
        load_candidates(db, holdings),
        load_available_devices(db, holdings),
        policy=load_school(db).approval_policy,
    )
