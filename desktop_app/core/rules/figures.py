"""The school's figures as the dashboard, ``songmay info`` and the reports state them — all from
the rules (holdings, current needs, eligibility), so no screen can count differently."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass

from desktop_app.core.rules.eligibility import approval_policy, need_eligibility
from desktop_app.core.rules.holdings import DeviceState, Holdings, Support, load_holdings
from desktop_app.core.rules.needs import NeedStatus, load_current_needs


@dataclass(frozen=True)
class Figures:
    devices_total: int
    devices_held: int  # handed over and still with their student
    devices_available: int  # no holder, reusable: SIMs and below-specification devices included
    devices_faulty: int
    devices_lost: int
    students_waiting: int  # eligible for a device now (under the school's approval policy)
    replacements_due: int  # their device came back faulty
    needs_returned: int  # current needs the district returned

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def device_states(conn: sqlite3.Connection, holdings: Holdings) -> Counter[DeviceState]:
    states: Counter[DeviceState] = Counter()
    for (device_id,) in conn.execute("SELECT id FROM devices WHERE deleted = 0"):
        states[holdings.device_state(device_id)] += 1
    return states


def school_figures(conn: sqlite3.Connection) -> Figures:
    holdings = load_holdings(conn)
    states = device_states(conn, holdings)
    needs = load_current_needs(conn)
    policy = approval_policy(conn)
    live = {row[0] for row in conn.execute("SELECT id FROM students WHERE deleted = 0")}
    return Figures(
        devices_total=sum(states.values()),
        devices_held=states[DeviceState.HELD],
        devices_available=states[DeviceState.AVAILABLE],
        devices_faulty=states[DeviceState.FAULTY],
        devices_lost=states[DeviceState.LOST],
        students_waiting=sum(
            1 for need in needs.values() if need_eligibility(need, holdings, policy).eligible
        ),
        replacements_due=sum(
            1 for student in live if holdings.support(student) is Support.REPLACEMENT_DUE
        ),
        needs_returned=sum(1 for need in needs.values() if need.status == NeedStatus.RETURNED),
    )
