"""The programme's rules (seeds): priority, eligibility, classes and levels, deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.core.rules.eligibility import Ineligible, eligibility
from desktop_app.core.rules.holdings import Support
from desktop_app.core.rules.programme import (
    Category,
    age_on,
    class_grade,
    due_date,
    grade_fits_level,
    is_late,
    priority_order,
    survey_round,
)


def test_priority_is_poor_then_near_poor_then_covid_then_other():
    shuffled = [Category.OTHER_HARDSHIP, Category.COVID_ORPHAN, Category.POOR, Category.NEAR_POOR]
    assert priority_order(shuffled) == [
        Category.POOR, Category.NEAR_POOR, Category.COVID_ORPHAN, Category.OTHER_HARDSHIP,
    ]  # fmt: skip
    assert not Category.OTHER_HARDSHIP.in_programme and Category.COVID_ORPHAN.in_programme


def _refusal(support: Support, has_device: bool = False, status: str = "approved",
             policy: str = "warn") -> Ineligible | None:  # fmt: skip
    return eligibility(support, has_device=has_device, status=status, policy=policy).refusal


def test_a_loaned_school_device_does_not_count_as_having_one():
    # the loan is not a parameter at all: only an own device makes a student ineligible
    assert _refusal(Support.NEVER) is None
    assert _refusal(Support.NEVER, has_device=True) is Ineligible.HAS_OWN_DEVICE


def test_each_student_is_supported_once_and_a_faulty_device_is_replaced():
    assert _refusal(Support.HOLDING) is Ineligible.ALREADY_SUPPORTED
    assert _refusal(Support.SUPPORTED_ONCE) is Ineligible.ALREADY_SUPPORTED
    assert _refusal(Support.REPLACEMENT_DUE, status="supplied") is None


def test_the_refusals_come_in_the_rules_order_and_the_policy_decides_about_approval():
    assert _refusal(Support.HOLDING, has_device=True, status="returned") is (
        Ineligible.ALREADY_SUPPORTED)  # fmt: skip
    assert _refusal(Support.NEVER, has_device=True, status="returned") is Ineligible.HAS_OWN_DEVICE
    assert _refusal(Support.NEVER, status="returned") is Ineligible.NEED_RETURNED
    assert _refusal(Support.NEVER, status="proposed", policy="block") is Ineligible.NOT_APPROVED
    warned = eligibility(Support.NEVER, has_device=False, status="proposed", policy="warn")
    assert warned.eligible and warned.warning is Ineligible.NOT_APPROVED


@pytest.mark.parametrize(
    ("name", "grade"),
    [("6A1", 6), ("10 Toán", 10), ("12A", 12), ("1", 1), ("13A", None), ("A6", None), ("0A", None),
     ("6", 6), ("9/2", 9), ("", None)],
)  # fmt: skip
def test_class_names_start_with_their_grade(name, grade):
    assert class_grade(name) == grade


def test_grades_fit_the_school_level():
    assert grade_fits_level(5, "TH") and not grade_fits_level(6, "TH")
    assert grade_fits_level(9, "THCS") and not grade_fits_level(10, "THCS")
    assert grade_fits_level(12, "THPT") and grade_fits_level(1, "LC")
    assert grade_fits_level(12, None)  # no profile yet: nothing to check


def test_deadlines_follow_the_letters():
    assert due_date("receipt", date(2022, 1, 5)) == date(2022, 1, 6)
    assert is_late("handover", date(2022, 1, 5), date(2022, 1, 7))
    assert not is_late("handover", date(2022, 1, 5), date(2022, 1, 6))
    assert due_date("district_report", date(2022, 1, 5)) == date(2022, 1, 10)
    assert due_date("department_report", date(2022, 1, 5)) == date(2022, 1, 12)


def test_survey_rounds_are_half_years_and_ages_count_birthdays():
    assert survey_round(date(2021, 11, 14)) == "2021-H2"
    assert survey_round(date(2022, 6, 30)) == "2022-H1"
    assert age_on(date(2010, 9, 5), date(2022, 9, 4)) == 11
    assert age_on(date(2010, 9, 5), date(2022, 9, 5)) == 12


def test_a_devices_first_handover_day_outlives_its_returns_and_later_holders():
    from desktop_app.core.rules.holdings import HandoverEvent, Holdings

    events = [  # given out of order: the history is replayed by date
        HandoverEvent("e3", "d1", "s2", "handover", "2026-03-10", None),
        HandoverEvent("e1", "d1", "s1", "handover", "2026-01-05", None),
        HandoverEvent("e2", "d1", "s1", "return", "2026-02-01", "moved"),
        HandoverEvent("e4", "d2", "s3", "return", "2026-02-01", "faulty"),
    ]
    holdings = Holdings.from_events(events)
    assert holdings.first_handed_on("d1") == date(2026, 1, 5)
    assert holdings.holder("d1") == "s2"
    assert holdings.first_handed_on("d2") is None  # a return alone hands nothing over
    assert holdings.first_handed_on("d9") is None
