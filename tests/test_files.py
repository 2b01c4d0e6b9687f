"""Atomic file writes: the old file or the new one, never half, private to the user."""

from __future__ import annotations

import os
import stat

import pytest

from desktop_app.core.files import atomic_path


def test_the_new_file_replaces_the_old_and_only_its_owner_may_read_it(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_text("old")
    with atomic_path(target) as temp:
        temp.write_text("new")
    assert target.read_text() == "new"
    if os.name == "posix":  # Windows: the user's own folders (tests/test_private_files.py)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("power cut")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]
