"""The one message catalogue: every message in Vietnamese and English with the same facts, every
message the code names exists, and the locale writes numbers, dates and counts the reader's way."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.locale import fmt_date, fmt_number, plural_form
from desktop_app.core.messages import catalogue, msg, render, say

ROOT = Path(__file__).resolve().parent.parent
# Letters only Vietnamese uses: an English sentence holding one shows untranslated text.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300-\u0323]|[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]",
                        re.IGNORECASE)  # fmt: skip
SPEAKING_CALLS = {"msg", "say", "of"}  # msg("id"), say("id"), SongMayError.of("id")


def _fields(text: object) -> set[str]:
    forms = text.values() if isinstance(text, dict) else [text]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_every_message_is_in_both_languages_with_the_same_fields():
    entries = catalogue()
    assert len(entries) > 50
    for message_id, entry in entries.items():
        assert set(entry) == {"vi", "en"}, message_id
        assert _fields(entry["vi"]) == _fields(entry["en"]), message_id


def test_english_messages_hold_no_vietnamese_words():
    offending = {
        message_id: entry["en"]
        for message_id, entry in catalogue().items()
        if VIETNAMESE.search(str(entry["en"]))
    }
    assert offending == {}


def _named_ids() -> set[str]:
    found = set()
    for path in [*ROOT.joinpath("desktop_app").rglob("*.py"), *ROOT.joinpath("sync").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in SPEAKING_CALLS and isinstance(first, ast.Constant):
                found.add((path.relative_to(ROOT).as_posix(), first.value))
    return found


def test_every_message_the_code_names_is_in_the_catalogue():
    named = _named_ids()
    missing = sorted(f"{path}: {message_id}" for path, message_id in named
                     if message_id not in catalogue())  # fmt: skip
    assert missing == []


def test_a_message_is_filled_with_dates_numbers_and_other_messages_in_the_readers_language():
    problem = msg("invalid_choice", value="Khác", allowed="Nam, Nữ")
    assert problem.text() == '"Khác" không có trong danh mục. Hãy chọn một trong: Nam, Nữ.'
    assert problem.text("en") == '"Khác" is not in the code list. Allowed: Nam, Nữ.'
    assert say("date_out_of_range.future", value=date(2022, 1, 5), today=date(2021, 12, 31)) == (
        "Ngày 05/01/2022 ở tương lai (sau hôm nay 31/12/2021). Hãy sửa lại ngày."
    )
    assert render("no.such.message", "en", {}) == "no.such.message"
    assert render("invalid_choice", "en", {"value": "x"}).endswith("Allowed: ?.")


def test_numbers_dates_and_plurals_follow_the_language():
    assert (fmt_number(20000, "vi"), fmt_number(20000, "en")) == ("20.000", "20,000")
    assert (fmt_number(4.5, "vi"), fmt_number(4.5, "en")) == ("4,5", "4.5")
    assert fmt_number(1832.0, "en") == "1,832"
    assert fmt_date(date(2022, 1, 5)) == "05/01/2022"
    assert [plural_form(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]
    assert [plural_form(n, "vi") for n in (0, 1, 2)] == ["other", "other", "other"]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_problem_location_is_said_in_the_language(lang):
    from desktop_app.core.problems import error

    problem = error("invalid_choice", value="Khác", allowed="Nam, Nữ", row=5, cell="E5",
                    column="Giới tính")  # fmt: skip
    expected = {"vi": "Dòng 5, ô E5 (Giới tính)", "en": "Row 5, cell E5 (Giới tính)"}
    assert problem.location(lang) == expected[lang]


def test_a_listing_says_each_item_in_the_readers_language_and_survives_a_pickle():
    import pickle

    from desktop_app.core.messages import Listing
    from desktop_app.core.templates.spec import CodeLabel

    listing = Listing([CodeLabel("gender", "Nữ"), "6A1", msg("report.total")], "; ")
    assert listing == "Nữ; 6A1; Tổng"
    assert listing.text("en") == "Female; 6A1; Total"
    said = msg("invalid_choice", value="x", allowed=listing)
    assert pickle.loads(pickle.dumps(said)).text("en").endswith("Allowed: Female; 6A1; Total.")
