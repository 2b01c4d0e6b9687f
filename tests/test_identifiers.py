"""Tests for desktop_app.core.rules.identifiers: citizen ID, IMEI, mobile numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.rules.identifiers import (
    PROVINCE_CODES,
    CitizenIdProblem,
    check_citizen_id,
    imei_valid,
    is_imei_like,
    luhn_valid,
    normalise_citizen_id,
    normalise_phone,
)

# --------------------------------------------------------------------------------------
# Citizen ID
# --------------------------------------------------------------------------------------


def test_province_codes_are_the_63_official_ones() -> None:
    """63 three-digit codes, from 001 Hà Nội to 096 Cà Mau, with the known gaps."""
    assert len(PROVINCE_CODES) == 63
    assert all(len(code) == 3 and code.isdigit() for code in PROVINCE_CODES)
    assert PROVINCE_CODES["001"] == "Hà Nội"
    assert PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau"
    assert PROVINCE_CODES["046"] == "Thừa Thiên Huế"
    for missing in ("000", "003", "005", "013", "097", "099"):
        assert missing not in PROVINCE_CODES


def test_normalise_citizen_id_strips_spaces_and_dots() -> None:
    """Spaces (also NBSP, tabs) and dots go; digits stay in order."""
    assert normalise_citizen_id(" 001.203\u00a0012 345\t") == "001203012345"


@pytest.mark.parametrize(
    ("value", "gender", "birth_year"),
    [
        ("001303012345", "Nữ", 2003),
        ("079099123456", "Nam", 1999),
        ("001 303 012 345", "nữ", 2003),
        ("001.203.012.345", None, None),
        ("096202000001", "Nam", 2002),
        ("048188000001", "Nữ", 1988),
        ("001400000001", "Nam", 2100),
    ],
)
def test_valid_citizen_ids_have_no_problem(
    value: str, gender: str | None, birth_year: int | None
) -> None:
    """Well-formed IDs that agree with gender and birth year give None."""
    assert check_citizen_id(value, gender=gender, birth_year=birth_year) is None


@pytest.mark.parametrize(
    "value",
    ["", "00120301234", "0012030123456", "00120301234a", "001-203-012345", "١٢٣٤٥٦٧٨٩٠١٢", "x"],
)
def test_citizen_id_format_problem(value: str) -> None:
    """Anything but exactly 12 ASCII digits (after spaces/dots) is a 'format' problem."""
    problem = check_citizen_id(value, gender=None, birth_year=None)
    assert problem is not None
    assert problem.kind == "format"


def test_citizen_id_lost_leading_zeros_are_explained() -> None:
    """An ID Excel stored as a number (leading zeros lost) gets a hint in the message."""
    problem = check_citizen_id("1203012345", gender=None, birth_year=None)
    assert problem is not None
    assert problem.kind == "format"
    assert "số 0" in problem.message


@pytest.mark.parametrize("code", ["000", "003", "050", "097", "999"])
def test_citizen_id_unknown_province(code: str) -> None:
    """A province code outside the official list is a 'province' problem."""
    problem = check_citizen_id(code + "203012345", gender="Nữ", birth_year=2003)
    assert problem is not None
    assert problem.kind == "province"
    assert code in problem.message


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("001303012345", "Nam"),  # 3 = female, 2000s
        ("001103012345", "NAM"),  # 1 = female, 1900s
        ("001003012345", "Nữ"),  # 0 = male, 1900s
        ("001303012345", "nam"),
        ("001203012345", "Nữ"),  # 2 = male, 2000s
        ("001303012345", "Nam "),
    ],
)
def test_citizen_id_gender_problem(value: str, gender: str) -> None:
    """Digit 4's gender (even male, odd female) disagreeing with gender is a 'gender' problem."""
    problem = check_citizen_id(value, gender=gender, birth_year=None)
    assert problem is not None
    assert problem.kind == "gender"


def test_citizen_id_gender_accepts_nfd_and_unaccented() -> None:
    """'Nữ' in NFD, 'NỮ' and 'nu' are all read as female."""
    for gender in ("Nu\u031b\u0303", "NỮ", "nu"):
        assert check_citizen_id("001303012345", gender=gender, birth_year=2003) is None
        problem = check_citizen_id("001203012345", gender=gender, birth_year=2003)
        assert problem is not None
        assert problem.kind == "gender"


def test_citizen_id_unknown_gender_word_skips_check() -> None:
    """A gender that is neither Nam nor Nữ (e.g. blank) does not produce a gender problem."""
    assert check_citizen_id("001203012345", gender="", birth_year=2003) is None
    assert check_citizen_id("001203012345", gender="?", birth_year=2003) is None


@pytest.mark.parametrize(
    ("value", "birth_year"),
    [
        ("001003012345", 2003),  # 0 = 1900s
        ("001203012345", 1903),  # 2 = 2000s
        ("001403012345", 2003),  # 4 = 2100s
        ("001003012345", 1899),
        ("001903012345", 2003),  # 9 = 2300s
    ],
)
def test_citizen_id_century_problem(value: str, birth_year: int) -> None:
    """Digit 4's century not holding birth_year is a 'century' problem."""
    problem = check_citizen_id(value, gender=None, birth_year=birth_year)
    assert problem is not None
    assert problem.kind == "century"


def test_citizen_id_problem_carries_normalised_digits() -> None:
    """problem.digits is the ID without spaces/dots, so digits[3] is the gender digit."""
    problem = check_citizen_id("001 203.012 345", gender="Nữ", birth_year=2003)
    assert problem is not None
    assert problem.kind == "gender"
    assert problem.digits == "001203012345"
    assert problem.digits[3] == "2"


def test_citizen_id_birth_year_problem() -> None:
    """Digits 5-6 differing from birth_year % 100 is a 'birth_year' problem."""
    problem = check_citizen_id("001303012345", gender="Nữ", birth_year=2004)
    assert problem is not None
    assert problem.kind == "birth_year"
    assert "04" in problem.message


def test_citizen_id_problem_order() -> None:
    """With several faults, the first in the order format, province, gender, century,
    birth_year is reported."""
    first = check_citizen_id("000 003.012345", gender="Nữ", birth_year=2010)
    assert first is not None and (first.kind, first.digits) == ("province", "000003012345")
    assert "000" in first.message and first.msg.id == "invalid_format.citizen_province"
    problem = check_citizen_id("001003012345", gender="Nữ", birth_year=2010)
    assert problem is not None and problem.kind == "gender"
    problem = check_citizen_id("001103012345", gender="Nữ", birth_year=2010)
    assert problem is not None and problem.kind == "century"


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.sampled_from(["Nam", "Nữ"]),
    st.integers(min_value=1900, max_value=2399),
    st.integers(min_value=0, max_value=999_999),
)
def test_generated_citizen_ids_check_out(
    province: str, gender: str, birth_year: int, serial: int
) -> None:
    """An ID built by the official rules passes; flipping the gender digit fails on gender."""
    digit = (birth_year // 100 - 19) * 2 + (1 if gender == "Nữ" else 0)
    value = f"{province}{digit}{birth_year % 100:02d}{serial:06d}"
    assert check_citizen_id(value, gender=gender, birth_year=birth_year) is None
    flipped = value[:3] + str(digit ^ 1) + value[4:]
    problem = check_citizen_id(flipped, gender=gender, birth_year=birth_year)
    assert problem is not None and problem.kind == "gender"


@given(st.text(), st.one_of(st.none(), st.text()), st.one_of(st.none(), st.integers()))
def test_check_citizen_id_never_raises(
    value: str, gender: str | None, birth_year: int | None
) -> None:
    """Any input gives None or a CitizenIdProblem, never an exception."""
    result = check_citizen_id(value, gender=gender, birth_year=birth_year)
    assert result is None or isinstance(result, CitizenIdProblem)


# --------------------------------------------------------------------------------------
# IMEI / Luhn
# --------------------------------------------------------------------------------------

VALID_IMEIS = ["490154203237518", "356938035643809", "352099001761481", "013977000272744"]


@pytest.mark.parametrize("imei", VALID_IMEIS)
def test_real_format_imeis_are_valid(imei: str) -> None:
    """Real-format IMEIs pass Luhn and imei_valid."""
    assert luhn_valid(imei)
    assert is_imei_like(imei)
    assert imei_valid(imei)


@pytest.mark.parametrize("imei", VALID_IMEIS)
def test_changing_the_check_digit_invalidates(imei: str) -> None:
    """Every other last digit makes the IMEI invalid (but still IMEI-like)."""
    for digit in "0123456789":
        if digit == imei[-1]:
            continue
        changed = imei[:-1] + digit
        assert is_imei_like(changed)
        assert not imei_valid(changed)


def test_imei_with_separators() -> None:
    """Spaces and dashes inside an IMEI are ignored."""
    assert imei_valid("49-015420-323751-8")
    assert imei_valid("4901 5420 3237 518")


@pytest.mark.parametrize(
    "value",
    ["", "49015420323751", "4901542032375180", "49015420323751x", "４９０１５４２０３２３７５１８"],
)
def test_not_imei_like(value: str) -> None:
    """Wrong lengths, letters and non-ASCII digits are not IMEI-like nor valid."""
    assert not is_imei_like(value)
    assert not imei_valid(value)


def test_luhn_known_values_and_bad_input() -> None:
    """Luhn accepts classic valid numbers and rejects bad digits, letters, empty input."""
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert not luhn_valid("")
    assert not luhn_valid("0")
    assert not luhn_valid("7992739871a")
    assert not luhn_valid("١٢")


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_luhn_has_exactly_one_check_digit(body: str) -> None:
    """For any 14-digit body exactly one of the ten check digits makes a valid IMEI."""
    assert sum(imei_valid(body + d) for d in "0123456789") == 1


@given(st.text())
def test_imei_functions_never_raise(value: str) -> None:
    """Any text gives a bool from every IMEI function."""
    assert isinstance(luhn_valid(value), bool)
    assert isinstance(is_imei_like(value), bool)
    assert isinstance(imei_valid(value), bool)


# --------------------------------------------------------------------------------------
# Mobile numbers
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0912345678",
        "091 234 5678",
        "091.234.5678",
        "091-234-5678",
        "+84912345678",
        "84912345678",
        "+84 91 234 5678",
        "0084 91 234 5678",
        "+84 (0) 91 234 5678",
        " 0912 345 678 ",
        "912345678",
    ],
)
def test_mobile_number_forms_normalise(value: str) -> None:
    """Every usual spelling of 091 234 5678, and the zero-less Excel number, gives 0912345678."""
    assert normalise_phone(value) == "0912345678"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0321234567", "0321234567"),
        ("521234567", "0521234567"),
        ("0701234567", "0701234567"),
        ("+84 86 123 4567", "0861234567"),
        ("381234567", "0381234567"),
    ],
)
def test_all_mobile_prefixes(value: str, expected: str) -> None:
    """Numbers starting 03, 05, 07, 08 and 09 are mobile numbers."""
    assert normalise_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0243 123 4567",  # Hà Nội landline
        "02838123456",
        "0212345678",  # 02x
        "0112345678",
        "0612345678",
        "01234567890",  # old 11-digit mobile
        "091234567",  # 9 digits with a zero: one digit missing
        "09123456789",  # 11 digits
        "212345678",  # zero-less 02x landline
        "+1 415 555 2671",
        "+8491234567",  # too short after +84
        "0912abc678",
        "abc",
        "０９１２３４５６７８",
        "+",
    ],
)
def test_non_mobile_numbers_rejected(value: str) -> None:
    """Landlines, wrong lengths, foreign numbers and letters give None."""
    assert normalise_phone(value) is None


@given(st.text())
def test_normalise_phone_never_raises_and_is_stable(value: str) -> None:
    """Any text gives None or ten digits 0[35789]..., and normalising that again keeps it."""
    result = normalise_phone(value)
    if result is not None:
        assert len(result) == 10
        assert result.isascii() and result.isdigit()
        assert result[:2] in {"03", "05", "07", "08", "09"}
        assert normalise_phone(result) == result
