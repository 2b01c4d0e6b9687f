"""Every problem can be explained in Vietnamese and in English, with the same facts."""

from __future__ import annotations

import string

from desktop_app.core.messages import CATALOGS


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_vietnamese_message_has_an_english_one_with_the_same_placeholders():
    vi, en = CATALOGS["vi"], CATALOGS["en"]
    assert set(vi) == set(en)
    for key, text in vi.items():
        assert _fields(text) == _fields(en[key]), key


def test_messages_never_show_a_raw_placeholder():
    from desktop_app.core.problems import error

    problem = error("invalid_choice", value="Khác", allowed="Nam, Nữ", row=5, cell="E5",
                    column="Giới tính")  # fmt: skip
    assert problem.message() == '"Khác" không có trong danh mục. Hãy chọn một trong: Nam, Nữ.'
    assert problem.location() == "Dòng 5, ô E5 (Giới tính)"
    assert problem.location("en") == "Row 5, cell E5 (Giới tính)"
