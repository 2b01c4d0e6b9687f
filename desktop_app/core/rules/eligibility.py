"""Who may receive a device now: the one answer the allocation, a recorded handover (from the
window, the command line or an imported file) and the dashboard's "students waiting" all use.

In order of precedence, a student is refused when they:
1. were supported already (hold a device, or gave it back for a reason other than a fault —
   each student is supported once, seed 004; a faulty device is replaced);
2. have a device of their own (a device borrowed from the school does not count, seed 001);
3. have a need the district returned (it must be corrected and reviewed again);
4. have a need the district has not approved, when the school hands over only approved needs
   (policy ``block``); with the policy ``warn`` this is a warning, not a refusal.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from desktop_app.core.rules.holdings import Support
from desktop_app.core.rules.needs import NeedStatus, is_approved

APPROVAL_POLICIES = ("warn", "block")


class Ineligible(StrEnum):
    ALREADY_SUPPORTED = "already_supported"
    HAS_OWN_DEVICE = "has_device"
    NEED_RETURNED = "need_returned"
    NOT_APPROVED = "need_not_approved"


@dataclass(frozen=True)
class Eligibility:
    refusal: Ineligible | None = None
    warning: Ineligible | None = None  # the need is not approved yet (policy "warn")

    @property
    def eligible(self) -> bool:
        return self.refusal is None


@cache  # pure, and called for every student of a school: a few distinct answers
def eligibility(support: Support, *, has_device: bool, status: str, policy: str) -> Eligibility:
    if policy not in APPROVAL_POLICIES:
        raise ValueError(f"unknown approval policy: {policy!r}")
    if support.supported:
        return Eligibility(Ineligible.ALREADY_SUPPORTED)
    if has_device:
        return Eligibility(Ineligible.HAS_OWN_DEVICE)
    if status == NeedStatus.RETURNED:
        return Eligibility(Ineligible.NEED_RETURNED)
    if not is_approved(status):
        if policy == "block":
            return Eligibility(Ineligible.NOT_APPROVED)
        return Eligibility(warning=Ineligible.NOT_APPROVED)
    return Eligibility()


def approval_policy(conn: sqlite3.Connection) -> str:
    """The school's choice (Cài đặt → Hồ sơ trường): "warn" (default) or "block"."""
    row = conn.execute("SELECT approval_policy FROM school_profile WHERE id = 1").fetchone()
    return row[0] if row and row[0] in APPROVAL_POLICIES else "warn"
