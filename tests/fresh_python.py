"""Code run in a fresh Python, as a launch runs it: what it loads is what a user's start loads."""

from __future__ import annotations

import os
import subprocess
import sys


def run_fresh(code: str, *args: str) -> str:
    """What ``python -c code args…`` printed (offscreen Qt); it must exit 0."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
