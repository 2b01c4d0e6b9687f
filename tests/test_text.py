"""Tests for desktop_app.core.text: cleaning, search keys, collation, legacy encodings."""

from __future__ import annotations

import random
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.text import (
    clean_text,
    detect_legacy_encoding,
    is_nfc,
    legacy_to_unicode,
    search_key,
    unicode_to_legacy,
    vietnamese_sort_key,
)


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


# Real Vietnamese names: every tone (ngang, huyền, hỏi, ngã, sắc, nặng), every special
# letter (ă â đ ê ô ơ ư) in both cases, capital toned letters, and names spelled only
# with Latin-1 letters (which a cp1252 reading could produce).
REAL_NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Hoàng Yến",
    "Phạm Minh Tuấn",
    "Hoàng Thị Thu Hà",
    "Huỳnh Ngọc Ánh",
    "Phan Thanh Tùng",
    "Vũ Đức Thắng",
    "Võ Thị Mỹ Linh",
    "Đặng Quốc Bảo",
    "Bùi Thị Hường",
    "Đỗ Hoàng Ý",
    "Hồ Ngọc Hân",
    "Ông Ngô Thị Ánh",
    "Dương Văn Khánh",
    "Lý Thị Lan",
    "Đinh Tiến Dũng",
    "Trương Mỹ Nhân",
    "Lương Thế Vinh",
    "Mai Phương Thúy",
    "Tô Hoài",
    "Châu Ngọc Quỳnh",
    "Tạ Quang Bửu",
    "Lâm Gia Huy",
    "Quách Tĩnh",
    "Kiều Thị Oanh",
    "Âu Dương Phong",
    "Ưng Hoàng Phúc",
    "Ỷ Lan",
    "Ẩn Thị Ơn",
    "Ứng Văn Ước",
    "Đoàn Thị Điểm",
    "Nghiêm Xuân Yêm",
    "Khúc Thừa Dụ",
    "Giáp Văn Khương",
    "Thái Thị Ngoan",
    "Chu Văn Quyết",
    "Lã Thị Thoả",
    "Doãn Quốc Khuê",
    "Triệu Thị Trinh",
    "Hà Anh Tú",
    "Lê Hà Tú",
    "Tô Hoài Ân",
    "Hoàng Tú Mai",
    "Lò Văn Pá",
    "Y Moan Ênuôl",
    "Hoà Thuý Quý",
    "Nông Đức Mạnh",
    "NGUYỄN VĂN AN",
    "TRẦN THỊ BÌNH",
    "ĐỖ HOÀNG Ý",
    "Trường THCS Lê Lợi",
    "Lớp 6A1 - Năm học 2024-2025",
]

PLAIN_TEXTS = [
    "",
    "   ",
    "Hello, world!",
    "John Smith",
    "Class 6A (2024)",
    "Phone: 0912 345 678",
    "Note: see page 3.",
    "Café Müller, Zoë & José Peña",
    "François Noël, Hélène, André",
    "Straße 5, Jürgen Groß",
    "«Lê Lợi»",
    "« Hello »",
    "© 2024 Sóng và máy tính",
    "® trademark · item ¶ 3",
    "½ cup, 50 µm, 37 °C",
    "Ghi chú: 1/2, 3/4",
    "naïve façade",
    "Où est la bibliothèque?",
    "José Loïc Martín",
]


# --------------------------------------------------------------------------------------
# clean_text / is_nfc
# --------------------------------------------------------------------------------------


def test_clean_text_collapses_every_kind_of_space_and_strips() -> None:
    """Tabs, line breaks and non-breaking spaces become one space; ends are stripped."""
    raw = "\u00a0 Nguyễn\tVăn\r\n\u202fĐạt\u2007 \n"
    assert clean_text(raw) == "Nguyễn Văn Đạt"


def test_clean_text_removes_zero_width_characters() -> None:
    """Zero-width space/non-joiner/joiner and BOM vanish without leaving a space."""
    assert clean_text("\ufeffNguy\u200bễn\u200c Văn\u200d") == "Nguyễn Văn"


def test_clean_text_returns_nfc() -> None:
    """Decomposed (NFD) input comes back precomposed."""
    result = clean_text(nfd("Trần Thị Bình"))
    assert result == "Trần Thị Bình"
    assert is_nfc(result)


def test_clean_text_plain_ascii_is_collapsed() -> None:
    """ASCII goes through the short path and still collapses spaces."""
    assert clean_text("  a  b\tc\n") == "a b c"


def test_is_nfc_tells_composed_from_decomposed() -> None:
    """is_nfc is True for NFC text and False for the NFD spelling of the same text."""
    assert is_nfc("Đạt")
    assert not is_nfc(nfd("Đạt"))


@given(st.text())
def test_clean_text_is_idempotent(value: str) -> None:
    """Cleaning cleaned text changes nothing."""
    once = clean_text(value)
    assert clean_text(once) == once


@given(st.text())
def test_clean_text_output_is_nfc_single_spaced(value: str) -> None:
    """The result is NFC, has no doubled spaces, no edge spaces, no tabs or newlines."""
    result = clean_text(value)
    assert is_nfc(result)
    assert "  " not in result
    assert result == result.strip()
    assert not any(c in result for c in "\t\n\r\u00a0\u202f\u2007\u200b\ufeff")


# --------------------------------------------------------------------------------------
# search_key
# --------------------------------------------------------------------------------------


def test_search_key_drops_marks_and_folds_d_and_case() -> None:
    """'Nguyễn Văn Đạt' gives 'nguyen van dat'."""
    assert search_key("Nguyễn Văn Đạt") == "nguyen van dat"


def test_search_key_collapses_spaces() -> None:
    """Runs of white space (including NBSP) become single spaces, edges stripped."""
    assert search_key("  ĐỖ\u00a0 HOÀNG\tÝ ") == "do hoang y"


def test_search_key_plain_ascii() -> None:
    """ASCII is lower-cased and single-spaced."""
    assert search_key("  John   SMITH ") == "john smith"


@pytest.mark.parametrize("name", REAL_NAMES)
def test_search_key_same_for_nfc_and_nfd_names(name: str) -> None:
    """Every real name gives an ASCII key, the same for its NFC and NFD spelling."""
    key = search_key(name)
    assert key == search_key(nfd(name))
    assert key.isascii()


def test_search_key_ignores_tone_placement() -> None:
    """Old and new tone placement ('Hoà'/'Hòa', 'Thuý'/'Thúy') match."""
    assert search_key("Hoà") == search_key("Hòa") == "hoa"
    assert search_key("Thuý") == search_key("Thúy") == "thuy"


@given(st.text())
def test_search_key_nfd_equals_nfc(value: str) -> None:
    """search_key(NFD(s)) == search_key(NFC(s)) for any text."""
    assert search_key(unicodedata.normalize("NFD", value)) == search_key(
        unicodedata.normalize("NFC", value)
    )


@given(st.text())
def test_search_key_is_idempotent(value: str) -> None:
    """The key of a key is the key itself."""
    key = search_key(value)
    assert search_key(key) == key


_VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)


@given(st.text(alphabet=_VIETNAMESE_LETTERS + " "))
def test_search_key_ignores_case_of_vietnamese_text(value: str) -> None:
    """Upper- and lower-case spellings of Vietnamese text give the same key."""
    assert search_key(value.upper()) == search_key(value.lower()) == search_key(value)


# --------------------------------------------------------------------------------------
# vietnamese_sort_key
# --------------------------------------------------------------------------------------

DICTIONARY_ORDER = [
    "a", "à", "ả", "ã", "á", "ạ", "ác", "an", "anh", "ăn", "ắn", "ấn", "ba", "bà", "bác",
    "ca", "cá", "cha", "da", "dê", "đa", "đà", "e", "è", "ê", "ế", "gà", "ghe", "ha", "i",
    "ích", "kê", "la", "ma", "mà", "mả", "mã", "má", "mạ", "na", "ngà", "nhà", "o", "ô",
    "ồ", "ơ", "ở", "pha", "qua", "ra", "sa", "ta", "tha", "tra", "u", "ư", "ừ", "va", "xa",
    "y", "ý",
]  # fmt: skip

NAME_ORDER = [
    "An", "An Bình", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Dung", "Dũng", "Đào", "Đức",
    "Hà", "Hải", "Hạnh", "Hằng", "Hương", "Hường", "Khánh", "Ơn", "Ước", "Yến",
]  # fmt: skip


def test_sort_key_follows_vietnamese_dictionary_order() -> None:
    """Shuffled dictionary words sort back to Vietnamese dictionary order."""
    words = DICTIONARY_ORDER[:]
    random.Random(7).shuffle(words)
    assert sorted(words, key=vietnamese_sort_key) == DICTIONARY_ORDER


def test_sort_key_orders_names() -> None:
    """Given names sort letters first (ă, â, đ after a, d), tones only on a tie."""
    names = NAME_ORDER[::-1]
    assert sorted(names, key=vietnamese_sort_key) == NAME_ORDER


def test_sort_key_tone_order() -> None:
    """Same letters: ngang < huyền < hỏi < ngã < sắc < nặng."""
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    keys = [vietnamese_sort_key(w) for w in tones]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_sort_key_letters_beat_tones() -> None:
    """A base-letter difference later in the word outranks an earlier tone difference."""
    assert vietnamese_sort_key("mạ ca") < vietnamese_sort_key("ma cb")
    assert vietnamese_sort_key("má") < vietnamese_sort_key("mac")


def test_sort_key_is_case_and_form_insensitive() -> None:
    """Case, NFD spelling, extra spaces and tone placement give the same key."""
    key = vietnamese_sort_key("Hòa Bình")
    assert vietnamese_sort_key("HÒA  BÌNH") == key
    assert vietnamese_sort_key(nfd("hòa bình")) == key
    assert vietnamese_sort_key("Hoà Bình") == key


def test_sort_key_surname_list() -> None:
    """Full names in a class list sort by Vietnamese order word by word."""
    names = ["Trần Văn Ba", "Đỗ Thị An", "Dương Văn An", "Ông Văn Cường", "Ôn Thị Dung"]
    expected = ["Dương Văn An", "Đỗ Thị An", "Ôn Thị Dung", "Ông Văn Cường", "Trần Văn Ba"]
    assert sorted(names, key=vietnamese_sort_key) == expected


@given(st.text())
def test_sort_key_nfd_equals_nfc(value: str) -> None:
    """NFC and NFD spellings of any text sort together."""
    assert vietnamese_sort_key(nfd(value)) == vietnamese_sort_key(
        unicodedata.normalize("NFC", value)
    )


# --------------------------------------------------------------------------------------
# Legacy encodings: detection
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "encoding", "unicode"),
    [
        ("NguyÔn V¨n An", "TCVN3", "Nguyễn Văn An"),
        ("TrÇn ThÞ B×nh", "TCVN3", "Trần Thị Bình"),
        ("Hå ChÝ Minh", "TCVN3", "Hồ Chí Minh"),
        ("Tr\xadêng THCS Lª Lîi", "TCVN3", "Trường THCS Lê Lợi"),
        ("§ç Hoµng YÕn", "TCVN3", "Đỗ Hoàng Yến"),
        ("NGUYÔN V¡N AN", "TCVN3", "NGUYỄN VĂN AN"),
        ("Nguyeãn Vaên An", "VNI", "Nguyễn Văn An"),
        ("Traàn Thò Bình", "VNI", "Trần Thị Bình"),
        ("Tröôøng THCS Leâ Lôïi", "VNI", "Trường THCS Lê Lợi"),
        ("Ñoã Hoaøng YÙ", "VNI", "Đỗ Hoàng Ý"),
        ("NGUYEÃN VAÊN AN", "VNI", "NGUYỄN VĂN AN"),
    ],
)
def test_legacy_examples_detected_and_converted(legacy: str, encoding: str, unicode: str) -> None:
    """Known TCVN3/VNI strings are recognised and converted back to the Unicode name."""
    assert detect_legacy_encoding(legacy) == encoding
    assert legacy_to_unicode(legacy, encoding) == unicode


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_unicode_names_not_flagged(name: str) -> None:
    """A real Vietnamese name, NFC or NFD, is never taken for legacy text."""
    assert detect_legacy_encoding(name) is None
    assert detect_legacy_encoding(nfd(name)) is None


@pytest.mark.parametrize("text", PLAIN_TEXTS)
def test_plain_and_foreign_text_not_flagged(text: str) -> None:
    """ASCII, English, French/German/Spanish names and punctuation are not legacy text."""
    assert detect_legacy_encoding(text) is None


_SYLLABLES = sorted({s for name in REAL_NAMES for s in name.split() if s.isalpha()})


@given(st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=5), st.booleans())
def test_generated_unicode_names_not_flagged(parts: list[str], decompose: bool) -> None:
    """Any sequence of real name syllables, NFC or NFD, is not flagged as legacy."""
    name = " ".join(parts)
    assert detect_legacy_encoding(nfd(name) if decompose else name) is None


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize("name", REAL_NAMES)
def test_legacy_spelling_of_real_names_detected(name: str, encoding: str) -> None:
    """The TCVN3/VNI spelling of a real name is recognised as that encoding (never the other)."""
    legacy = unicode_to_legacy(name, encoding)
    assert legacy != name
    assert detect_legacy_encoding(legacy) == encoding


@given(
    st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=5), st.sampled_from(["TCVN3", "VNI"])
)
def test_legacy_spelling_never_taken_for_the_other_encoding(
    parts: list[str], encoding: str
) -> None:
    """A TCVN3 spelling is never reported as VNI, nor a VNI spelling as TCVN3."""
    legacy = unicode_to_legacy(" ".join(parts), encoding)
    assert detect_legacy_encoding(legacy) in (encoding, None)


# --------------------------------------------------------------------------------------
# Legacy encodings: conversion round trips
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", REAL_NAMES)
def test_vni_round_trip(name: str) -> None:
    """Unicode -> VNI -> Unicode gives the name back exactly (VNI has capitals)."""
    assert legacy_to_unicode(unicode_to_legacy(name, "VNI"), "VNI") == name
    assert legacy_to_unicode(unicode_to_legacy(nfd(name), "VNI"), "VNI") == name


@pytest.mark.parametrize("name", REAL_NAMES)
def test_tcvn3_round_trip(name: str) -> None:
    """Unicode -> TCVN3 -> Unicode gives the name back: the capital toned letters TCVN3 cannot
    write are guessed from the other words ("Huỳnh Ngọc ¸nh" -> "Huỳnh Ngọc Ánh")."""
    assert legacy_to_unicode(unicode_to_legacy(name, "TCVN3"), "TCVN3") == name


@given(
    st.lists(st.sampled_from(_SYLLABLES), min_size=1, max_size=5), st.sampled_from(["TCVN3", "VNI"])
)
def test_legacy_round_trip_property(parts: list[str], encoding: str) -> None:
    """Round trips through either table keep the name, modulo TCVN3 capitals."""
    name = " ".join(parts)
    back = legacy_to_unicode(unicode_to_legacy(name, encoding), encoding)
    if encoding == "VNI":
        assert back == name
    else:
        assert search_key(back) == search_key(name)
        assert back.casefold() == name.casefold()


def test_every_vietnamese_letter_round_trips() -> None:
    """All 72 vowel forms and đ survive both tables (capitals too, where the table has them)."""
    letters = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"
    assert len(letters) == 73
    for letter in letters:
        for encoding in ("TCVN3", "VNI"):
            # after a small letter, so that TCVN3 does not guess a capital for the first word
            spelled = unicode_to_legacy("x" + letter, encoding)
            assert legacy_to_unicode(spelled, encoding) == "x" + letter
        upper = letter.upper()
        assert legacy_to_unicode(unicode_to_legacy(upper, "VNI"), "VNI") == upper
    for upper in "ĂÂĐÊÔƠƯ":
        assert legacy_to_unicode(unicode_to_legacy(upper, "TCVN3"), "TCVN3") == upper


def test_legacy_to_unicode_rejects_unknown_encoding() -> None:
    """An unknown encoding name is a programming error: ValueError."""
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        legacy_to_unicode("abc", "VISCII")
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        unicode_to_legacy("abc", "VISCII")


def test_legacy_to_unicode_keeps_digits_and_punctuation() -> None:
    """Characters outside the tables pass through unchanged."""
    assert legacy_to_unicode("Líp 6A1, n¨m 2024!", "TCVN3") == "Lớp 6A1, năm 2024!"
    assert legacy_to_unicode("Lôùp 6A1, naêm 2024!", "VNI") == "Lớp 6A1, năm 2024!"
