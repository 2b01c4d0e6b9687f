"""The Qt binding itself: a known-bad release must not be installed."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_leak_references_to_none(qtbot):
    """PySide6 6.12.0 took a reference from None on every void call; Python 3.11 then aborts
    ("none_dealloc") after a few minutes of use. pyproject excludes that release."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("Sóng và máy tính cho em")
    assert before - sys.getrefcount(None) < 100
