"""What the log file and "Sao chép chi tiết" may say of an error: its type, its code and where it
happened; never its text, which may carry a child's name, CCCD or phone."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from desktop_app.core.errors import SongMayError, StoreError
from desktop_app.core.messages import msg
from desktop_app.core.private_log import (
    PrivateFormatter,
    file_kind,
    mask_numbers,
    safe_traceback,
)

NAME = "Hờ Thị Plantđặc"
BACKUP_ID = "restore.not_a_backup"  # a message that names a file


def caught(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as error:
        return error


def chained() -> BaseException:
    try:
        try:
            {}[NAME]
        except KeyError as inner:
            raise ValueError(f"no student {NAME}") from inner
    except ValueError:
        try:
            raise RuntimeError(f"while saving {NAME}")
        except RuntimeError as last:
            return last
    raise AssertionError("unreachable")


def test_long_digit_runs_are_masked_and_short_ones_kept() -> None:
    text = "CCCD 079123456789, phone 0987654321, row 12, 2026-12-06 10:11:12,345"
    assert mask_numbers(text) == "CCCD ***, phone ***, row 12, 2026-12-06 10:11:12,345"


def test_a_traceback_keeps_types_frames_and_the_chain_but_no_message() -> None:
    text = safe_traceback(chained())
    assert NAME not in text and "Plant" not in text
    assert text.count("Traceback (most recent call last):") == 3
    assert "\nKeyError\n" in text and "\nValueError\n" in text and text.endswith("\nRuntimeError\n")
    assert "direct cause of the following" in text and "During handling of the above" in text
    assert f'File "{__file__}", line' in text and "in chained" in text


def test_of_known_errors_only_the_value_free_facts_are_kept() -> None:
    store = caught(StoreError(f"Học sinh {NAME} đã bị xóa"))
    assert safe_traceback(store).endswith("desktop_app.core.errors.StoreError [code=store_error]\n")
    with_id = caught(SongMayError(msg(BACKUP_ID, name=NAME), code="gone"))
    assert f"[code=gone, message={BACKUP_ID}]" in safe_traceback(with_id)
    os_error = caught(PermissionError(errno.EACCES, "Permission denied", f"/data/{NAME}.xlsx"))
    described = safe_traceback(os_error)
    assert described.endswith("PermissionError [Errno 13] Permission denied\n")
    assert NAME not in described


def test_an_exception_group_lists_its_members_by_type() -> None:
    group = caught(ExceptionGroup(NAME, [ValueError(NAME), KeyError(NAME)]))
    text = safe_traceback(group)
    assert NAME not in text
    assert "ExceptionGroup" in text and "| ValueError" in text and "| KeyError" in text


def test_the_imported_files_name_is_reduced_to_its_extension() -> None:
    assert file_kind(Path(f"/tmp/{NAME} 079123456789.XLSX")) == ".xlsx"
    assert file_kind(None) == "(no file)"


def test_the_formatter_writes_no_message_of_an_exception_and_leaves_the_record_to_others() -> None:
    logger = logging.getLogger("songmay.test_private_log")
    logger.propagate = False
    formatter = PrivateFormatter("%(levelname)s %(message)s")
    mine: list[str] = []
    others: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            others.append(record)
            logging.Formatter().format(record)  # caches Python's full text in record.exc_text

    class Private(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            mine.append(self.format(record))

    private = Private()
    private.setFormatter(formatter)
    handlers = [Keep(), private]  # the other handler formats first: its cache must not be used
    for handler in handlers:
        logger.addHandler(handler)
    try:
        exc = chained()
        logger.error("saving student %s failed (phone %s)", "id-42", "0987654321", exc_info=exc)
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
    [written] = mine
    assert written.startswith("ERROR saving student id-42 failed (phone ***)\nTraceback")
    assert NAME not in written and written.endswith("\nRuntimeError")
    assert others[0].exc_info is not None and NAME in str(others[0].exc_info[1])  # untouched
