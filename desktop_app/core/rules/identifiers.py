"""Checks for Vietnamese identifiers: citizen ID (CCCD), IMEI, mobile numbers.

All functions are pure and never raise for bad input: a check returns a small
result (a problem, a bool, or None) that the caller turns into a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal

from desktop_app.core.messages import Msg
from desktop_app.core.templates.spec import CodeLabel
from desktop_app.core.text import search_key

__all__ = [
    "PROVINCE_CODES",
    "CitizenIdProblem",
    "CitizenIdProblemKind",
    "check_citizen_id",
    "imei_valid",
    "is_imei_like",
    "luhn_valid",
    "normalise_citizen_id",
    "normalise_phone",
]

# --------------------------------------------------------------------------------------
# Citizen ID (số định danh cá nhân / CCCD)
# --------------------------------------------------------------------------------------

#: Province code (digits 1-3 of a citizen ID: where the birth was registered) ->
#: province name, per Thông tư 07/2016/TT-BCA, Điều 7 (kept by 59/2021/TT-BCA).
#: These are the 63 provinces before the 2025 merger; IDs already issued keep them.
PROVINCE_CODES: Final[dict[str, str]] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

CitizenIdProblemKind = Literal["format", "province", "gender", "century", "birth_year"]

_CITIZEN_ID_RE: Final = re.compile("[0-9]{12}")
# Separators people type or paste inside an ID: every kind of space, dots, and the
# invisible zero-width characters that come with copied text.
_ID_SEPARATORS_RE: Final = re.compile(r"[\s.\u200b\u200c\u200d\ufeff]+")
_MALE: Final = frozenset({"nam", "m", "male"})
_FEMALE: Final = frozenset({"nu", "f", "female"})
_GENDER_OF_DIGIT: Final = ("Nam", "Nữ")  # digit 4: even male, odd female


@dataclass(frozen=True, slots=True)
class CitizenIdProblem:
    """What is wrong with a citizen ID.

    ``kind`` is stable, for code and tests; ``msg`` is the clerk's sentence from the message
    catalogue (``message`` its Vietnamese text); ``digits`` is the ID as checked (spaces and dots
    removed), so a caller can quote ``digits[3]`` without indexing the raw cell text.
    """

    kind: CitizenIdProblemKind
    digits: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def msg(self) -> Msg:
        return Msg(_MESSAGE_IDS[self.kind], dict(self.params))

    @property
    def message(self) -> str:
        return self.msg.text()


# One sentence per kind, the same whether the ID is a student's (needs template, student form)
# or a receiver's (handover form).
_MESSAGE_IDS: Final[dict[str, str]] = {
    "format": "invalid_format.citizen_id",
    "province": "invalid_format.citizen_province",
    "gender": "inconsistent.citizen_gender",
    "century": "inconsistent.citizen_century",
    "birth_year": "inconsistent.citizen_birth_year",
}


def normalise_citizen_id(value: str) -> str:
    """``value`` without spaces (of any kind) and dots: "001 203.012345" -> "001203012345"."""
    return _ID_SEPARATORS_RE.sub("", value)


def _gender_digit(gender: str | None) -> int | None:
    """0 for male, 1 for female, None when the gender is missing or not recognised."""
    if gender is None:
        return None
    word = search_key(gender)  # "Nữ", "NỮ", "nu" -> "nu"
    if word in _MALE:
        return 0
    if word in _FEMALE:
        return 1
    return None


def check_citizen_id(
    value: str, *, gender: str | None = None, birth_year: int | None = None
) -> CitizenIdProblem | None:
    """Check a 12-digit citizen ID; return the first problem found, or None when it is fine.

    Layout (Thông tư 07/2016/TT-BCA): digits 1-3 province of birth registration
    (:data:`PROVINCE_CODES`), digit 4 gender and century of birth (0/1 male/female
    born 1900-1999, 2/3 born 2000-2099, 4/5 2100-2199, 6/7 2200-2299, 8/9
    2300-2399), digits 5-6 the last two digits of the birth year, then 6 digits.

    Problems are looked for in this order: "format" (not 12 digits once spaces and
    dots are removed), "province" (unknown code), "gender" (digit 4 says the other
    gender than ``gender`` "Nam"/"Nữ"), "century" (digit 4's century does not hold
    ``birth_year``), "birth_year" (digits 5-6 differ from ``birth_year % 100``).
    A ``gender`` of None, or one that is neither Nam nor Nữ, skips the gender
    check; a ``birth_year`` of None skips the last two.
    """
    digits = normalise_citizen_id(value)
    if _CITIZEN_ID_RE.fullmatch(digits) is None:
        return CitizenIdProblem("format", digits, (("value", digits),))

    province = digits[:3]
    if province not in PROVINCE_CODES:
        return CitizenIdProblem("province", digits, (("value", digits), ("province", province)))

    code = int(digits[3])
    expected_gender = _gender_digit(gender)
    if expected_gender is not None and code % 2 != expected_gender:
        facts: tuple[tuple[str, Any], ...] = (
            ("digit", code), ("id_gender", CodeLabel("gender", _GENDER_OF_DIGIT[code % 2])),
            ("gender", gender),
        )  # fmt: skip
        return CitizenIdProblem("gender", digits, facts)

    if birth_year is not None:
        century_start = 1900 + (code // 2) * 100
        if not century_start <= birth_year <= century_start + 99:
            return CitizenIdProblem("century", digits, (("digit", code), ("year", birth_year)))
        if int(digits[4:6]) != birth_year % 100:
            return CitizenIdProblem(
                "birth_year", digits, (("digits", digits[4:6]), ("year", birth_year))
            )
    return None


# --------------------------------------------------------------------------------------
# IMEI
# --------------------------------------------------------------------------------------

_IMEI_SEPARATORS_RE: Final = re.compile(r"[\s\-./]+")
_IMEI_RE: Final = re.compile("[0-9]{15}")


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (ASCII digits only, at least two) passes the Luhn check."""
    if len(digits) < 2 or not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _imei_digits(value: str) -> str:
    return _IMEI_SEPARATORS_RE.sub("", value)


def is_imei_like(value: str) -> bool:
    """True when ``value`` is exactly 15 digits (spaces, dashes, dots, slashes ignored)."""
    return _IMEI_RE.fullmatch(_imei_digits(value)) is not None


def imei_valid(value: str) -> bool:
    """True when ``value`` is 15 digits and its last digit is the right Luhn check digit."""
    digits = _imei_digits(value)
    return _IMEI_RE.fullmatch(digits) is not None and luhn_valid(digits)


# --------------------------------------------------------------------------------------
# Vietnamese mobile numbers
# --------------------------------------------------------------------------------------

_PHONE_SEPARATORS_RE: Final = re.compile(r"[\s.\-()/\u200b\u200c\u200d\ufeff]+")
_MOBILE_RE: Final = re.compile("0[35789][0-9]{8}")
_LOST_ZERO_RE: Final = re.compile("[35789][0-9]{8}")


def normalise_phone(value: str) -> str | None:
    """Return a Vietnamese mobile number as ten digits "0xxxxxxxxx", or None.

    Accepts "0912345678", "091 234 5678", "091.234.5678", "091-234-5678",
    "+84912345678", "84912345678", "0084 91 234 5678", "+84 (0) 91 234 5678", and
    "912345678" - a number whose leading 0 Excel dropped when it stored it as a
    number. The result must start 03, 05, 07, 08 or 09; landlines (02x), old
    11-digit numbers, wrong lengths and letters give None.
    """
    digits = _PHONE_SEPARATORS_RE.sub("", value)
    if digits.startswith("+"):
        if not digits.startswith("+84"):
            return None
        digits = digits[3:]
    elif digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = digits[2:]
    if not (digits.isascii() and digits.isdigit()):
        return None
    if _LOST_ZERO_RE.fullmatch(digits) is not None:
        digits = "0" + digits
    if _MOBILE_RE.fullmatch(digits) is None:
        return None
    return digits
