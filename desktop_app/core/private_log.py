"""Nothing personal in the log or in the details copied for support (issue 14, item 3).

A child's name, code, CCCD or phone must never reach the log file or the "Sao chép chi tiết"
text: both leave the school (sent to the support desk, read on a shared PC). Decisions:

* **Structurally, values are never logged.** Log calls name record ids, counts, error codes and
  message ids, never a student's field, a typed text or an imported file's name (a file is often
  named after a class or a child: only its extension is logged).
* **An exception's text is not ours to copy.** Python's and libraries' messages embed values
  (``KeyError('Hờ Thị …')``, ``ValueError(f"bad {name}")``, a server's refusal echoing the
  payload), and no detector can tell a Vietnamese name from any other word. So a traceback is
  written by ``safe_traceback``: the chain of exception *types* (``__cause__`` / ``__context__``,
  groups) and each frame's ``file:line in function`` only: no source line (it may be a test's
  literal), no locals, no notes. Of the exceptions we know, only value-free facts are kept: a
  ``SongMayError``'s code and catalogue message id (never its rendered text), an ``OSError``'s
  errno and the OS's ``strerror`` (never the file name).
* **A safety net for what slips through**: ``mask_numbers`` replaces every run of 9 or more
  digits (a CCCD has 12, a phone 10 or 11, a long student code) by ``***``, in every line the
  log file receives and in the copied details.
* ``PrivateFormatter`` applies both to every record of the application's log handlers. It is a
  ``Formatter`` rather than a ``Filter``: on Python 3.11 a filter can only change the record in
  place, which every other handler then sees (and it would strip the traceback from a developer's
  console or pytest's ``caplog``); a formatter decides only what its own handler writes, and it
  never reuses a traceback text cached on the record by another handler.
"""

from __future__ import annotations

import logging
import re
from os import PathLike
from pathlib import PurePath
from types import TracebackType

from desktop_app.core.errors import SongMayError

MASK = "***"
_LONG_NUMBER = re.compile(r"\d{9,}")  # \d: also full-width and other scripts' digits

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def mask_numbers(text: str) -> str:
    """Every run of 9 digits or more (CCCD, phone, a long code) becomes ``***``."""
    return _LONG_NUMBER.sub(MASK, text)


def file_kind(path: str | PathLike[str] | None) -> str:
    """What the log says of a file the clerk chose: its extension, never its name (".xlsx")."""
    if path is None:
        return "(no file)"
    return PurePath(path).suffix.lower() or "(no extension)"


def describe(exc: BaseException) -> str:
    """What an exception is, without what it says: its type and only value-free facts."""
    kind = type(exc)
    name = (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )
    if isinstance(exc, SongMayError):
        message_id = getattr(exc.msg, "id", None)
        return f"{name} [code={exc.code}" + (f", message={message_id}]" if message_id else "]")
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{name} [Errno {exc.errno}] {exc.strerror or ''}".rstrip()
    return name


def _frames(tb: TracebackType | None) -> list[str]:
    lines = []
    while tb is not None:
        code = tb.tb_frame.f_code
        lines.append(f'  File "{code.co_filename}", line {tb.tb_lineno}, in {code.co_name}\n')
        tb = tb.tb_next
    return lines


def _one(exc: BaseException, tb: TracebackType | None, seen: set[int]) -> list[str]:
    seen.add(id(exc))
    lines: list[str] = []
    cause, context = exc.__cause__, exc.__context__
    if cause is not None and id(cause) not in seen:
        lines += _one(cause, cause.__traceback__, seen)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
        lines += _one(context, context.__traceback__, seen)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    frames = _frames(tb)
    if frames:
        lines.append("Traceback (most recent call last):\n")
        lines += frames
    lines.append(describe(exc) + "\n")
    if isinstance(exc, BaseExceptionGroup):
        for number, inner in enumerate(exc.exceptions, 1):
            if id(inner) not in seen:
                lines.append(f"+-- sub-exception {number} of {type(exc).__qualname__}:\n")
                lines += ["  | " + line for line in _one(inner, inner.__traceback__, seen)]
    return lines


def safe_traceback(
    exc: BaseException, tb: TracebackType | None = None, *, use_exc_traceback: bool = True
) -> str:
    """A traceback for support with no value in it: types and file:line frames only.

    ``tb`` defaults to the exception's own traceback (as ``traceback.format_exception(exc)``).
    """
    if tb is None and use_exc_traceback:
        tb = exc.__traceback__
    return mask_numbers("".join(_one(exc, tb, set())))


class PrivateFormatter(logging.Formatter):
    """Writes a record with its exception as ``safe_traceback`` and long numbers masked."""

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:
        _kind, exc, tb = ei
        if exc is None:
            return ""
        return safe_traceback(exc, tb, use_exc_traceback=False).rstrip("\n")

    def format(self, record: logging.LogRecord) -> str:
        record.message = record.getMessage()
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        text = self.formatMessage(record)
        if record.exc_info and record.exc_info[1] is not None:
            # Never record.exc_text: another handler may have cached Python's full text there.
            text = text.rstrip("\n") + "\n" + self.formatException(record.exc_info)
        elif record.exc_text:  # formatted elsewhere, messages and all: not ours to copy
            text = text.rstrip("\n") + "\n(exception text withheld)"
        if record.stack_info:
            text = text.rstrip("\n") + "\n" + self.formatStack(record.stack_info)
        return mask_numbers(text)
