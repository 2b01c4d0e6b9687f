"""What the benchmark scripts share besides ``harness``: the command line every one accepts
(``--size``, ``--repeat``, ``--json``), a database key for the run, progress on stderr, and an
in-process attempt timed with the peak memory of that attempt alone.

Not a benchmark itself (``run_all.py`` and the smoke test run the ``bench_*.py`` scripts).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for folder in (ROOT, HERE.parent, HERE):  # the project, tests/ (builders), this folder
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from harness import Attempt, peak_mb  # noqa: E402


def arguments(
    doc: str | None, size: int, size_help: str, repeat: int = 5
) -> argparse.ArgumentParser:
    """The options every benchmark accepts; a script adds its own after these."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=size, help=f"{size_help} (default {size})")
    parser.add_argument("--repeat", type=int, default=repeat,
                        help=f"alternating rounds of product and baseline (default {repeat})")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="one JSON line per result")
    return parser


def progress(*words: object) -> None:
    """Progress goes to stderr: with ``--json`` stdout holds the results only."""
    print(*words, file=sys.stderr, flush=True)


def ensure_key_file() -> str:
    """A database key for the run: ``SONGMAY_DB_KEY_FILE`` if set, else a new 0600 file in the
    temp folder (the databases a benchmark builds are throwaway and encrypted as the school's)."""
    existing = os.environ.get("SONGMAY_DB_KEY_FILE")
    if existing:
        return existing
    handle, name = tempfile.mkstemp(prefix="songmay-bench-", suffix=".key")
    os.write(handle, secrets.token_hex(32).encode("ascii"))
    os.close(handle)
    os.chmod(name, 0o600)
    os.environ["SONGMAY_DB_KEY_FILE"] = name
    return name


def reset_peak() -> None:
    """Start the peak RSS again from the current size (Linux: ``clear_refs`` 5), so that an
    in-process attempt's peak is its own and not the previous attempt's."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def timed(work: Callable[[], Any]) -> Callable[[], Attempt]:
    """An in-process side for ``harness.alternate``: wall time and the peak RSS while it ran."""

    def attempt() -> Attempt:
        reset_peak()
        started = time.perf_counter()
        work()
        seconds = time.perf_counter() - started
        return seconds, peak_mb()

    return attempt
