"""The window says a core error in the interface's language, through one function
(``ui.common.errors.user_message``), in its dialog and on a page's status line alike."""

from __future__ import annotations

import pytest

from desktop_app.core.errors import SongMayError
from desktop_app.core.safekeeping.encrypted import check_passphrase
from desktop_app.ui.common.errors import show_error, user_message
from desktop_app.ui.shell import i18n


def weak_passphrase() -> SongMayError:
    with pytest.raises(SongMayError) as refused:
        check_passphrase("short")
    return refused.value


def test_a_core_error_is_said_in_vietnamese_by_default(qapp):
    assert user_message(weak_passphrase()).startswith("Mật khẩu quá ngắn: cần ít nhất 12 ký tự")


def test_in_the_english_window_a_core_error_and_the_windows_own_sentences_are_english(
    qtbot, english
):
    assert i18n.current_language() == "en"
    error = weak_passphrase()
    assert user_message(error) == user_message(error, brief=True)
    assert user_message(error).startswith(
        "The passphrase is too short: it needs at least 12 characters"
    )
    dialog = show_error(error)
    qtbot.addWidget(dialog)
    assert dialog.message_label.text() == error.text("en")
    assert user_message(MemoryError()).startswith("The computer does not have enough memory")
    brief = user_message(RuntimeError("exploded"), brief=True)
    assert brief.startswith("An unexpected error occurred; the data has not changed.")
    assert "exploded" not in brief and "Copy details" in user_message(RuntimeError("exploded"))


def test_a_plain_text_error_of_an_older_kind_is_shown_as_it_is(qtbot, english):
    assert user_message(SongMayError("Văn bản cũ", code="legacy")) == "Văn bản cũ"
