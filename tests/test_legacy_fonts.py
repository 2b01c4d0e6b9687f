"""Names typed in the legacy TCVN3 (ABC) and VNI fonts: found on every row, read back right, and
whole sheets in a legacy font recognised and converted. Measured on a generated corpus of
Vietnamese names (tests/vietnamese_names.py)."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import pytest
from builders import needs_row
from vietnamese_names import (
    kinh_names,
    minority_names,
    negative_texts,
    nfd,
    upper_variants,
)

from desktop_app.core.messages import msg
from desktop_app.core.templates.spec import load_template
from desktop_app.core.text import (
    convert_rows,
    detect_legacy_encoding,
    legacy_to_unicode,
    sheet_legacy_encoding,
    unicode_to_legacy,
)

ENCODINGS = ("TCVN3", "VNI")
REQUIRED = 0.995
VIETNAMESE_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


# -- the corpus ---------------------------------------------------------------------------------


def test_the_corpus_is_large_distinct_and_uses_every_letter():
    """≥ 5,000 distinct Kinh names, ≥ 2,000 minority names, every toned vowel and đ in them."""
    kinh, minority = kinh_names(), minority_names()
    assert len(set(kinh)) == len(kinh) >= 5000
    assert len(set(minority)) == len(minority) >= 2000
    text = " ".join((*kinh, *minority)).lower()
    assert [letter for letter in VIETNAMESE_LETTERS if letter not in text] == []
    assert all(unicodedata.is_normalized("NFC", name) for name in (*kinh, *minority))
    assert any("'" in name for name in minority) and any("-" in name for name in minority)
    assert any(" " not in name for name in kinh)  # single capitalised syllables
    assert kinh_names() == kinh  # seeded: the same corpus on every run


# -- encoders derived from the decoder's tables ---------------------------------------------------


@cache
def derived_encoder(encoding: str) -> dict[str, str]:
    """Letter -> legacy spelling, found by asking the decoder what every Windows-1252 character
    (TCVN3) or vowel + mark pair (VNI) stands for, then inverting."""
    latin1 = [chr(code) for code in range(0xA1, 0x100)]
    table: dict[str, str] = {}
    if encoding == "TCVN3":
        for code in latin1:
            letter = legacy_to_unicode("x" + code, "TCVN3")[1:]  # "x": no capital guessing
            if letter != code:
                assert letter not in table, (letter, code)
                table[letter] = code
        table.setdefault("ý", "ý")  # the one letter that is its own code
        # no codes for capital toned letters: typed with the small letter's code
        for letter, code in list(table.items()):
            table.setdefault(letter.upper(), code)
    else:
        bases = "aeouyAEOUYôöÔÖ"
        for spelled in [*latin1, *(b + m for b in bases for m in latin1)]:
            letter = legacy_to_unicode(spelled, "VNI")
            if len(letter) == 1 and letter != spelled and letter.lower() in VIETNAMESE_LETTERS:
                table.setdefault(letter, spelled)
    return table


def encode(name: str, encoding: str) -> str:
    table = derived_encoder(encoding)
    return "".join(table.get(char, char) for char in unicodedata.normalize("NFC", name))


def test_derived_encoders_cover_every_letter_and_agree_with_unicode_to_legacy():
    """Inverting the decoder gives a spelling for all 134 letters + đ/Đ, the same one
    unicode_to_legacy writes, for every corpus name (NFC and NFD input)."""
    for encoding in ENCODINGS:
        table = derived_encoder(encoding)
        assert [c for c in VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() if c not in table
                and c not in "aeiouyAEIOUYìíÌÍý"] == []  # fmt: skip
        for name in (*kinh_names(), *minority_names()):
            assert encode(name, encoding) == unicode_to_legacy(name, encoding), name
            assert unicode_to_legacy(nfd(name), encoding) == unicode_to_legacy(name, encoding)


def test_round_trips_through_both_tables():
    """VNI keeps every name exactly; TCVN3 keeps every name up to capitals it cannot write."""
    for name in (*kinh_names(), *minority_names()):
        assert legacy_to_unicode(encode(name, "VNI"), "VNI") == name
        assert legacy_to_unicode(encode(name, "TCVN3"), "TCVN3").casefold() == name.casefold()


# -- detector quality -----------------------------------------------------------------------------

GROUPS: dict[str, Callable[[], tuple[str, ...]]] = {
    "kinh": lambda: (*kinh_names(), *upper_variants(kinh_names())),
    "minority": lambda: (*minority_names(), *upper_variants(minority_names())),
}


@cache
def measured(encoding: str, group: str) -> tuple[int, list[str], list[str]]:
    """(names whose legacy spelling differs, missed ones, wrongly read ones)."""
    total, missed, misread = 0, [], []
    for name in GROUPS[group]():
        legacy = encode(name, encoding)
        if legacy == name:  # plain ASCII, nothing to find
            continue
        total += 1
        if detect_legacy_encoding(legacy) != encoding:
            missed.append(name)
        elif legacy_to_unicode(legacy, encoding) != name:
            misread.append(name)
    return total, missed, misread


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_legacy_names_are_found(encoding, group):
    """≥ 99.5 % of the corpus names typed in TCVN3 / VNI are reported as that encoding."""
    total, missed, _ = measured(encoding, group)
    assert total > 2000
    assert 1 - len(missed) / total >= REQUIRED, missed[:20]


@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_suggestion_is_the_name_itself(encoding, group):
    """For ≥ 99.5 % of the names the suggested Unicode reading is the name, capitals included."""
    total, missed, misread = measured(encoding, group)
    assert 1 - (len(missed) + len(misread)) / total >= REQUIRED, misread[:20]


def test_names_typed_in_vntimeh_are_found():
    """.VnTimeH users type small letters and the font draws capitals: still found (≥ 99 %)."""
    names = (*kinh_names(), *minority_names())
    legacy = [unicode_to_legacy(name.lower(), "TCVN3") for name in names]
    legacy = [text for text, name in zip(legacy, names, strict=True) if text != name.lower()]
    found = [text for text in legacy if detect_legacy_encoding(text) == "TCVN3"]
    assert len(found) / len(legacy) >= 0.99


@pytest.mark.parametrize(
    ("legacy", "encoding", "unicode"),
    [
        ("Hå ThÞ Lý", "TCVN3", "Hồ Thị Lý"),
        ("Hoà Thò Lyù", "VNI", "Hồ Thị Lý"),
        ("H'Hen Niª", "TCVN3", "H'Hen Niê"),
        ("H'Hen Nieâ", "VNI", "H'Hen Niê"),
        ("Y Bl« Ks¬r", "TCVN3", "Y Blô Ksơr"),
        ("Y Bloâ Ksor", "VNI", "Y Blô Ksor"),
        ("Nguyen Van TuÊn", "TCVN3", "Nguyen Van Tuấn"),  # ASCII words beside a legacy one
        ("§ç", "TCVN3", "Đỗ"),
        ("¸nh", "TCVN3", "Ánh"),
        ("Lª ThÞ ¸nh", "TCVN3", "Lê Thị Ánh"),
        ("NGUYÔN V¡N A", "TCVN3", "NGUYỄN VĂN A"),
        ("Rô Chaâm", "VNI", "Rơ Châm"),
        ("Giaøng A Paùo", "VNI", "Giàng A Páo"),
    ],
)
def test_hard_cases_are_found_and_read_right(legacy, encoding, unicode):
    """Names missed before: Hồ, Lý, Niê, minority clusters, ASCII words mixed in, capitals."""
    assert detect_legacy_encoding(legacy) == encoding
    assert legacy_to_unicode(legacy, encoding) == unicode


def test_no_unicode_text_is_ever_flagged():
    """Not one false alarm: corpus names in NFC, NFD and capitals, foreign names, addresses,
    school names, notes with « » © · –."""
    texts = negative_texts()
    assert len(texts) > 15000
    assert [text for text in texts if detect_legacy_encoding(text) is not None] == []


def test_detection_of_unicode_names_is_fast():
    """50,000 Unicode names, the common case, are checked in well under 0.3 s."""
    names = (*kinh_names(), *minority_names())
    cells = [names[i % len(names)] for i in range(50_000)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for cell in cells:
            detect_legacy_encoding(cell)
        best = min(best, time.perf_counter() - start)
    assert best < 0.3


# -- a whole sheet in a legacy font --------------------------------------------------------------


def needs_sheet(count: int = 30) -> list[list[Any]]:
    """A needs sheet as a clerk types it: title, the template's real headers, rows."""
    headers = [column.header for column in load_template("needs").columns]
    names = (*kinh_names(), *minority_names())
    rows: list[list[Any]] = [
        ["DANH SÁCH HỌC SINH CÓ NHU CẦU HỖ TRỢ THIẾT BỊ HỌC TRỰC TUYẾN"],
        [],
        headers,
    ]
    for number in range(1, count + 1):
        row = needs_row(number, **{"Họ và tên (*)": names[number * 211 % len(names)]})
        values = list(row.values())
        values[0], values[3] = number, date(2010, 9, number % 28 + 1)
        rows.append(values)
    return rows


def in_legacy_font(rows: list[list[Any]], encoding: str) -> list[list[Any]]:
    return [[encode(c, encoding) if isinstance(c, str) else c for c in row] for row in rows]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_sheet_typed_in_a_legacy_font_is_recognised_and_converted(encoding):
    """Headers and rows in TCVN3 ("Hä vµ tªn") or VNI are recognised; converted, every cell is
    the Unicode original (numbers and dates untouched)."""
    rows = needs_sheet()
    legacy = in_legacy_font(rows, encoding)
    assert legacy[2][2] == {"TCVN3": "Hä vµ tªn", "VNI": "Hoï vaø teân"}[encoding]
    assert sheet_legacy_encoding(legacy) == encoding
    assert convert_rows(legacy, encoding) == rows
    assert all(unicodedata.is_normalized("NFC", c) for row in convert_rows(legacy, encoding)
               for c in row if isinstance(c, str))  # fmt: skip


def test_a_unicode_sheet_is_not_a_legacy_sheet():
    """A normal sheet, in NFC or NFD, is read as it is."""
    rows = needs_sheet()
    assert sheet_legacy_encoding(rows) is None
    assert sheet_legacy_encoding([[nfd(c) if isinstance(c, str) else c for c in row]
                                  for row in rows]) is None  # fmt: skip
    assert sheet_legacy_encoding([]) is None


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_two_legacy_names_among_fifty_are_cell_errors_not_a_legacy_sheet(encoding):
    """A Unicode sheet with 2 names typed in a legacy font among 50: not a legacy sheet."""
    rows = needs_sheet(50)
    for index in (5, 30):
        rows[index][2] = encode(rows[index][2], encoding)
        assert detect_legacy_encoding(rows[index][2]) == encoding
    assert sheet_legacy_encoding(rows) is None


def test_only_the_first_rows_are_looked_at():
    """max_rows bounds the look: what lies below it does not count."""
    rows = in_legacy_font(needs_sheet(10), "VNI") + needs_sheet(60)[3:]
    assert sheet_legacy_encoding(rows, max_rows=13) == "VNI"
    assert sheet_legacy_encoding(rows) is None  # 40 rows: 13 in VNI, 27 in Unicode


def test_convert_rows_keeps_other_cells_and_refuses_unknown_encodings():
    row = [1, 2.5, None, date(2012, 9, 5), True, "ASCII", "Hä vµ tªn"]
    assert convert_rows([row], "TCVN3") == [[1, 2.5, None, date(2012, 9, 5), True, "ASCII",
                                             "Họ và tên"]]  # fmt: skip
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_rows([row], "VISCII")


# -- what the clerk reads -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_messages_say_how_to_convert_with_unikey(lang):
    """Both messages name the sheet/text and the encoding, and tell how to convert (Unikey)."""
    sheet = msg("legacy_sheet_converted", sheet="Nhu cau", encoding="TCVN3",
                unikey="TCVN3 (ABC)").text(lang)  # fmt: skip
    assert "Nhu cau" in sheet and "TCVN3" in sheet and "Ctrl+Shift+F6" in sheet
    cell = msg("legacy_encoding", value="Hå", encoding="TCVN3", suggestion="Hồ",
               unikey="TCVN3 (ABC)").text(lang)  # fmt: skip
    assert "Ctrl+Shift+F6" in cell and "Unicode" in cell and '"Hồ"' in cell
    for text in (sheet, cell):  # the one entry to pick in Unikey's list, not both
        assert "TCVN3 (ABC)" in text and "VNI Windows" not in text
