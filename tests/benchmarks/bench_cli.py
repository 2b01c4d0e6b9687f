"""Command-line cold start: ``songmay --version`` and ``songmay info`` as a user runs them (the
installed console script, ``.venv/bin/songmay``, a fresh process each time), against a bare
``python -c pass`` of the same interpreter, alternating (bare, --version, info, bare…). Goals are
absolute (issue 19): ``--version`` ≤ 40 ms, ``info`` ≤ 100 ms; the ratios to a bare interpreter
are printed too.

``info`` reads a database of ``--size`` students with their needs (encrypted, its key in a 0600
file as ``SONGMAY_DB_KEY_FILE`` names it), built first in a process of its own.

    .venv/bin/python tests/benchmarks/bench_cli.py --size 1000
    .venv/bin/python tests/benchmarks/bench_cli.py --size 200 --repeat 1 --json   # smoke
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from bench_window import BUILD, compile_sources
from harness import Attempt, Result, alternate, child, load

GOALS_S = {"songmay --version": 0.040, "songmay info": 0.100}


def console_script() -> list[str]:
    """The ``songmay`` a user runs: the console script beside this interpreter (a venv's
    ``bin/songmay``), else ``python -m desktop_app``."""
    found = Path(sys.executable).with_name("songmay")
    if found.is_file():
        return [str(found)]
    on_path = shutil.which("songmay")
    return [on_path] if on_path else [sys.executable, "-m", "desktop_app"]


def run(command: list[str]) -> Attempt:
    """Wall time of one fresh process, from its start to its exit, and its peak RSS."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    assert process.stderr is not None
    errors = process.stderr.read().decode()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {errors[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000, help="students in the database")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="one JSON line per result")
    args = parser.parse_args()
    compile_sources()  # as installed: the bytecode is there
    songmay = console_script()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        common.ensure_key_file()
        os.environ["XDG_DATA_HOME"] = str(work / "data")
        path = work / "school.sqlite3"
        child(BUILD, str(Path(__file__).resolve().parent), str(path), str(args.size))
        print(f"database of {args.size} students ({path.stat().st_size / 1e6:.1f} MB)",
              file=sys.stderr)  # fmt: skip
        sides = [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("songmay --version", [*songmay, "--version"]),
            ("songmay info", [*songmay, "--db", str(path), "info"]),
        ]
        for _, command in sides:  # once each first: the files in the OS's cache
            run(command)
        result = Result(
            "command-line cold start",
            goal="songmay --version ≤ 40 ms, songmay info ≤ 100 ms (absolute, issue 19)",
            conditions={
                "students": args.size,
                "file": f"{path.stat().st_size / 1e6:.1f} MB, encrypted",
                "command": " ".join(Path(part).name for part in songmay),
                "measured": "a fresh process, start to exit",
                "load": load(),
            },
        )
        result.timings = alternate(
            [(label, lambda command=command: run(command)) for label, command in sides],
            args.repeat,
        )
    for label, limit in GOALS_S.items():
        timing = result.timing(label)
        result.compare(label, "python -c pass")
        result.figures[f"{label} goal"] = (
            f"{limit * 1000:.0f} ms: min {timing.best * 1000:.0f} ms, median "
            f"{timing.median * 1000:.0f} ms — {'met' if timing.best <= limit else 'NOT MET'}"
        )
    result.emit(json_output=args.json)


if __name__ == "__main__":
    main()
