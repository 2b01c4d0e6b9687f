"""The name↔level and grade↔level rules of the school profile, as data tables."""

from __future__ import annotations

import pytest

from desktop_app.core.rules.programme import (
    grade_fits_level,
    grades_outside_level,
    level_name_mismatch,
    levels_for_name,
)
from desktop_app.core.school import SchoolProfile, level_warning

# A school's name → the levels its profile may have (empty: the name says nothing).
NAMES = [
    ("Trường TH Hòa Bình", {"TH"}),
    ("Trường Tiểu học Hòa Bình", {"TH"}),
    ("TRƯỜNG TIỂU HỌC KIM ĐỒNG", {"TH"}),
    ("Trường TiH Ea Tu", {"TH"}),
    ("Trường THCS Ea Tu", {"THCS"}),
    ("Trường Trung học cơ sở Lê Lợi", {"THCS"}),
    ("Trường PTDTNT THCS Krông Bông", {"THCS"}),
    ("Trường THPT Buôn Ma Thuột", {"THPT"}),
    ("Trường Trung học phổ thông Chu Văn An", {"THPT"}),
    ("Trường PTDTBT TH&THCS Ea Tu", {"LC"}),
    ("Trường TH và THCS Hòa Phú", {"LC"}),
    ("Trường THCS&THPT Đông Du", {"LC"}),
    ("Trường THCS - THPT Nguyễn Du", {"LC"}),
    ("Trường Phổ thông liên cấp Hà Nội", {"LC"}),
    ("Trường Phổ thông Đông Du", set()),
    ("Trường Lê Thánh Tông", set()),  # "Thánh" is not "TH"
    ("", set()),
]


@pytest.mark.parametrize(("name", "levels"), NAMES)
def test_the_levels_a_name_allows(name, levels):
    assert levels_for_name(name) == levels


# (name, chosen level) → whether the wizard and Cài đặt warn.
CHOICES = [
    ("Trường THCS Ea Tu", "THCS", False),
    ("Trường THCS Ea Tu", "THPT", True),
    ("Trường THCS Ea Tu", "TH", True),
    ("Trường THCS Ea Tu", "LC", True),
    ("Trường Tiểu học Hòa Bình", "TH", False),
    ("Trường Tiểu học Hòa Bình", "THCS", True),
    ("Trường THPT Chu Văn An", "THPT", False),
    ("Trường PTDTBT TH&THCS Ea Tu", "LC", False),
    ("Trường PTDTBT TH&THCS Ea Tu", "THCS", True),
    ("Trường THCS&THPT Đông Du", "LC", False),
    ("Trường Phổ thông Đông Du", "THPT", False),  # the name says nothing: nothing to say
    ("Trường THCS Ea Tu", None, False),  # no level yet: the required field says so
    (None, "THCS", False),
]


@pytest.mark.parametrize(("name", "level", "warns"), CHOICES)
def test_a_level_that_does_not_match_the_name_is_a_warning(name, level, warns):
    found = level_name_mismatch(name, level)
    assert (found is not None) == warns
    assert level_warning(name, level) == found
    assert SchoolProfile(name=name, level=level).level_warning == found
    if found is not None:
        assert name in found and name in found.text("en")


def test_the_warning_says_both_levels_in_the_readers_language():
    found = level_name_mismatch("Trường THCS Ea Tu", "THPT")
    assert found is not None
    assert "trường trung học cơ sở (THCS)" in found and "là trung học phổ thông (THPT)" in found
    english = found.text("en")
    assert "lower secondary (THCS) school" in english and "upper secondary (THPT)" in english


# (grade, level) → fits; the school's level decides which classes a needs file may hold.
GRADES = [
    *[(g, "TH", g <= 5) for g in range(1, 13)],
    *[(g, "THCS", 6 <= g <= 9) for g in range(1, 13)],
    *[(g, "THPT", g >= 10) for g in range(1, 13)],
    *[(g, "LC", True) for g in range(1, 13)],
    *[(g, None, True) for g in (1, 6, 12)],  # no profile yet: nothing to check against
]


@pytest.mark.parametrize(("grade", "level", "fits"), GRADES)
def test_which_grades_a_level_teaches(grade, level, fits):
    assert grade_fits_level(grade, level) == fits
    assert grades_outside_level([grade, grade], level) == ([] if fits else [grade])


def test_grades_outside_a_level_are_listed_once_in_order():
    assert grades_outside_level([10, 6, 11, 10, 9, 5], "THCS") == [5, 10, 11]
