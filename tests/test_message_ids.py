"""Messages whose id is built from a code (``f"backup.reason.{reason}"``) exist for every code,
and the errors of safe-keeping and sync say the same facts in both languages."""

from __future__ import annotations

import errno
from typing import get_args

import pytest
from languages import is_vietnamese

from desktop_app import cli
from desktop_app.core import reports
from desktop_app.core.importing import devices, report
from desktop_app.core.messages import has_message, msg
from desktop_app.core.safekeeping import backups
from sync import client
from sync.errors import CANCEL_REASONS, NetworkFailed, message_data, message_from_data


def built_ids() -> list[str]:
    return [
        *(f"backup.reason.{reason}" for reason in backups.REASONS),
        *(f"backup.failed.{action}{end}" for action in get_args(backups.FailedAction)
          for end in ("", ".detail")),
        *(f"sync.reason.{status}" for status in client._REFUSAL_REASONS),
        *(f"sync.stage.{stage}" for stage in (client.STAGE_SEND, client.STAGE_FEEDBACK)),
        *(f"sync.cancelled.{reason}" for reason in CANCEL_REASONS),
        *client.OWN_REFUSALS.values(),
        *(f"importing.report.column.{name}" for name in report.LIST_COLUMNS),
        *(f"importing.report.severity.{severity}" for severity in ("error", "warning")),
        *(f"cli.import.severity.{severity}" for severity in ("error", "warning")),
        *(f"cli.school.{name}" for name in cli.SCHOOL_FIELDS),
        *(f"cli.restore.previous.{kind}" for kind in ("damaged", "backup")),
        *(f"below_min_spec.{name}" for name in devices.SPEC_FIELDS),
        *(f"report.donors.column.{name}" for name in reports.DONOR_COLUMNS),
    ]  # fmt: skip


def test_every_message_built_from_a_code_is_in_the_catalogue():
    assert [message_id for message_id in built_ids() if not has_message(message_id)] == []


@pytest.mark.parametrize("action", get_args(backups.FailedAction))
def test_a_full_disk_is_said_in_both_languages_whatever_could_not_be_done(action, tmp_path):
    full = backups.explain_failure(OSError(errno.ENOSPC, "No space left"), action, tmp_path)
    assert full.code == "disk_full"
    assert full.message.startswith("Ổ đĩa đã đầy nên không ")
    assert full.text("en").startswith("The disk is full, so ") and not is_vietnamese(
        full.text("en")
    )
    other = backups.explain_failure(OSError(errno.EACCES, "Permission denied", "x.db"), action)
    assert other.message.startswith("Không ") and other.message.endswith(
        " (x.db): Permission denied; dữ liệu không thay đổi."
    )
    assert other.text("en").endswith(" (x.db): Permission denied; the data has not changed.")


def test_a_kept_sync_error_comes_back_as_the_same_message_nested_facts_included():
    error = NetworkFailed.of(
        "sync.network.failed", endpoint="https://pgd.vn", count=6, last=msg("sync.network.lost")
    )
    assert error.msg is not None
    kept = message_from_data(message_data(error.msg))
    assert kept == error.msg
    assert kept.text("vi") == error.message
    assert kept.text("en").startswith(
        "Could not reach the sync server https://pgd.vn after 6 tries (the connection to the "
        "server was lost)."
    )
    assert message_from_data({"error": "an older version's result"}) is None


def test_a_refusal_of_the_client_itself_is_said_in_the_readers_language():
    own = client._too_large("c1")
    assert client.refusal_text(own.code, own.message, "vi") == own.message
    assert client.refusal_text(own.code, own.message, "en").startswith("This change is too large")
    said = "Học sinh đã có ở trường khác."
    assert client.refusal_text("duplicate_student", said, "en") == said  # the server's words
