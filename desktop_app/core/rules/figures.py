"""The school's figures as the dashboard, ``songmay info`` and the reports state them — all from
the rules (holdings, current needs, eligibility), so no screen can count differently."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from desktop_app.core.rules.eligibility import approval_policy, eligibility
from desktop_app.core.rules.holdings import DeviceState, Holdings, Support, load_holdings
from desktop_app.core.rules.needs import NeedStatus, latest_need_rows


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
    needs_by_category: dict[int, int]  # live students' current needs, categories 1–4

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def device_states(conn: sqlite3.Connection, holdings: Holdings) -> Counter[DeviceState]:
    states: Counter[DeviceState] = Counter()
    for (device_id,) in conn.execute("SELECT id FROM devices WHERE deleted = 0"):
        states[holdings.device_state(device_id)] += 1
    return states


def school_figures(conn: sqlite3.Connection, holdings: Holdings | None = None) -> Figures:
    holdings = holdings or load_holdings(conn)
    states = device_states(conn, holdings)
    policy = approval_policy(conn)
    waiting = returned = 0
    by_category = dict.fromkeys(range(1, 5), 0)
    support = holdings.support
    verdicts: dict[tuple[Support, bool, str], bool] = {}  # a few distinct answers, asked once
    for student_id, _round, status, has_device, category in latest_need_rows(
        conn, "status, has_device, category"
    ).values():
        key = (support(student_id), bool(has_device), status)
        eligible = verdicts.get(key)
        if eligible is None:
            eligible = verdicts[key] = eligibility(
                key[0], has_device=key[1], status=status, policy=policy
            ).eligible
        waiting += eligible
        returned += status == NeedStatus.RETURNED
        by_category[category] = by_category.get(category, 0) + 1
    deleted = {row[0] for row in conn.execute("SELECT id FROM students WHERE deleted = 1")}
    return Figures(
        devices_total=sum(states.values()),
        devices_held=states[DeviceState.HELD],
        devices_available=states[DeviceState.AVAILABLE],
        devices_faulty=states[DeviceState.FAULTY],
        devices_lost=states[DeviceState.LOST],
        students_waiting=waiting,
        replacements_due=sum(
            1
            for student in holdings.by_student
            if student not in deleted and holdings.support(student) is Support.REPLACEMENT_DUE
        ),
        needs_returned=returned,
        needs_by_category=by_category,
    )
