"""Run every benchmark at 5,000, 50,000 and 200,000 (or at its own natural size) and write one
Markdown table of what each measured: goal, product and baseline min/median, ratios, whether
the goal is met, peak memory and the machine's load.

    .venv/bin/python tests/benchmarks/run_all.py                       # desktop benchmarks
    .venv/bin/python tests/benchmarks/run_all.py --server              # + the server's
    .venv/bin/python tests/benchmarks/run_all.py --sizes 200 --repeat 1   # the CI smoke run
    .venv/bin/python tests/benchmarks/run_all.py --only sync minutes --output /tmp/b.md

Each benchmark runs as its own process with ``--size N --repeat R --json`` and prints one JSON
line per result (``harness.Result.as_dict()``). A script that is missing, fails, or does not
accept those options yet gets a row saying so, and the run goes on; the exit status is 1 when
any benchmark failed. Sizes: "desktop" benchmarks take the sizes as they are; the others scale
them to their own natural size (the minutes of 500 students, a 100 MB backup, a 400-change
submission…), which the table's size column names. The table goes to ``--output`` (default: a
file in the system's temp folder, whose path is printed); the JSON lines go beside it
(``.jsonl``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DESKTOP_SIZES = (5_000, 50_000, 200_000)


def _natural(natural: int, divisor: int, smallest: int) -> Callable[[int], int]:
    """Scale a requested size to a benchmark with a size of its own: ``natural`` at the
    desktop sizes, smaller for the smoke run's small sizes."""
    return lambda size: max(smallest, min(natural, size // divisor))


def _capped(cap: int) -> Callable[[int], int]:
    return lambda size: min(size, cap)


@dataclass(frozen=True)
class Bench:
    script: str
    unit: str  # what --size counts
    scale: Callable[[int], int] = lambda size: size
    note: str = ""  # how the size was chosen, for the table
    server: bool = False
    extra: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


QT = {"QT_QPA_PLATFORM": "offscreen"}
BENCHMARKS = (
    Bench("bench_import.py", "rows"),
    Bench("bench_window.py", "students", env=QT),
    Bench("bench_cli.py", "students"),
    Bench("bench_search.py", "students", env=QT),
    Bench("bench_encryption.py", "rows", env=QT),
    Bench("bench_sync.py", "changes"),
    Bench("bench_details.py", "rows"),
    Bench("bench_figures.py", "students"),
    Bench("bench_outputs.py", "students", _capped(50_000),
          "capped at 50,000: openpyxl writes ~2,000 rows/s"),
    Bench("bench_minutes.py", "students", _natural(500, 10, 10),
          "natural size: a 500-student print run"),
    Bench("bench_backup.py", "MB", _natural(100, 50, 2), "natural size: a 100 MB database"),
    Bench("bench_apply.py", "changes a submission", _natural(400, 10, 20),
          "natural size: the client's batches"),
    Bench("bench_console_board.py", "students a school", _natural(500, 10, 10),
          "natural size: 1,000 schools × 500 students on SQLite (PostgreSQL: run it alone)",
          server=True, extra=("--sqlite",)),
    Bench("bench_server_load.py", "changes a school", _natural(2_000, 25, 20),
          "natural size: 200 schools × 2,000 changes", server=True),
    Bench("bench_login_flood.py", "threads", _natural(64, 3_000, 4),
          "natural size: 64 threads of wrong logins", server=True),
)  # fmt: skip


@dataclass
class Run:
    bench: Bench
    size: int
    results: list[dict[str, Any]] = field(default_factory=list)
    problem: str = ""  # why there are no figures: missing, failed, options not accepted
    seconds: float = 0.0


def sizes_for(bench: Bench, sizes: list[int]) -> list[int]:
    """The sizes a benchmark runs at, in order, each once."""
    return list(dict.fromkeys(bench.scale(size) for size in sizes))


def run_one(
    bench: Bench, size: int, repeat: int, folder: Path = HERE, timeout: float | None = None
) -> Run:
    """Run one benchmark at one size; never raises for the benchmark's own failure."""
    run = Run(bench, size)
    script = folder / bench.script
    if not script.exists():
        run.problem = "missing: no such script on this branch"
        return run
    command = [sys.executable, str(script), "--size", str(size), "--repeat", str(repeat), "--json"]
    env = {**os.environ, **bench.env}
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [*command, *bench.extra],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        run.problem = f"timed out after {timeout:.0f} s"
        return run
    finally:
        run.seconds = time.perf_counter() - started
    if done.returncode != 0:
        if "unrecognized arguments" in done.stderr or "invalid choice" in done.stderr:
            run.problem = "does not accept --size/--repeat/--json yet"
        else:
            last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
            run.problem = f"failed (exit {done.returncode}): {last[:200]}"
        return run
    for line in done.stdout.splitlines():
        if not line.strip():
            continue
        try:
            result = json.loads(line)
        except json.JSONDecodeError:
            run.problem = f"printed something that is not JSON on stdout: {line[:120]!r}"
            return run
        problem = malformed(result)
        if problem:
            run.problem = f"malformed result: {problem}"
            return run
        run.results.append(result)
    if not run.results:
        run.problem = "printed no result"
    return run


def malformed(result: Any) -> str:
    """What is missing from one JSON result ('' when it has what the table needs)."""
    if not isinstance(result, dict):
        return "not an object"
    for key in ("benchmark", "goal", "conditions", "timings", "comparisons"):
        if key not in result:
            return f"no {key!r}"
    if not result["goal"]:
        return "an empty goal"
    if "load" not in result["conditions"]:
        return "no load in its conditions"
    if not result["timings"]:
        return "no timings"
    for timing in result["timings"]:
        for key in ("label", "runs", "min_s", "median_s", "peak_rss_mb"):
            if key not in timing:
                return f"a timing without {key!r}"
    return ""


def _seconds(timing: dict[str, Any] | None) -> str:
    if timing is None:
        return "—"
    return f"{timing['label']}: {timing['min_s']:.3f} / {timing['median_s']:.3f} s"


def _memory(*timings: dict[str, Any] | None) -> str:
    return " / ".join(f"{t['peak_rss_mb']:.0f} MB" for t in timings if t and t["peak_rss_mb"])


def rows(run: Run) -> list[list[str]]:
    bench = run.bench
    name = bench.script.removesuffix(".py")
    size = f"{run.size:,} {bench.unit}"
    if run.problem:
        return [[name, size, "—", "—", "—", "—", run.problem, "—", "—"]]
    lines = []
    for result in run.results:
        timings = {t["label"]: t for t in result["timings"]}
        load = str(result["conditions"].get("load", "—"))
        label = result["benchmark"]
        comparisons = result["comparisons"] or [None]
        for comparison in comparisons:
            if comparison is None:  # an absolute goal (ms, exactness): the script says if met
                product, baseline = result["timings"][0], None
                goal_met = result.get("figures", {}).get("goal met")
                ratio = "—"
                met = {True: "met", False: "**not met**"}.get(goal_met, "reported")
            else:
                product = timings.get(comparison["product"])
                baseline = timings.get(comparison["baseline"])
                ratio = f"{comparison['ratio_min']:.2f}× / {comparison['ratio_median']:.2f}×"
                met = {True: "met", False: "**not met**", None: "reported"}[comparison["met"]]
                if comparison["limit"] is not None:
                    met += f" (≤ {comparison['limit']:g}×)"
            lines.append([label, size, result["goal"], _seconds(product), _seconds(baseline),
                          ratio, met, _memory(product, baseline), load])  # fmt: skip
    return lines


HEADER = [
    "benchmark",
    "size",
    "goal",
    "product min / median",
    "baseline min / median",
    "ratio (min / median)",
    "met",
    "peak memory (product / baseline)",
    "load",
]


def table(runs: list[Run]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    for run in runs:
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows(run)]
    notes = sorted({f"- {r.bench.script}: {r.bench.note}" for r in runs if r.bench.note})
    return "\n".join(lines + (["", *notes] if notes else [])) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DESKTOP_SIZES),
                        help="desktop sizes (default 5000 50000 200000)")  # fmt: skip
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", action="store_true", help="the server's benchmarks too")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="these benchmarks only (bench_sync.py, bench_sync or sync)")  # fmt: skip
    parser.add_argument("--output", type=Path, help="the Markdown file (default: in the temp dir)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per benchmark run")
    args = parser.parse_args(argv)

    wanted = {f"bench_{n.removeprefix('bench_').removesuffix('.py')}.py" for n in args.only or ()}
    chosen = [
        bench
        for bench in BENCHMARKS
        if ((bench.script in wanted) if wanted else (args.server or not bench.server))
    ]
    unknown = wanted - {bench.script for bench in BENCHMARKS}
    chosen += [Bench(script, "size") for script in sorted(unknown)]  # run_all does not know it
    if "SONGMAY_DB_KEY_FILE" not in os.environ:
        sys.path.insert(0, str(HERE))
        import common

        common.ensure_key_file()
    output = args.output or Path(tempfile.gettempdir()) / f"songmay-benchmarks-{time.strftime('%Y%m%d-%H%M%S')}.md"  # fmt: skip
    runs = []
    for bench in chosen:
        for size in sizes_for(bench, args.sizes):
            print(f"{bench.script} --size {size} …", file=sys.stderr, flush=True)
            run = run_one(bench, size, args.repeat, timeout=args.timeout)
            print(f"  {run.problem or 'done'} ({run.seconds:.0f} s)", file=sys.stderr, flush=True)
            runs.append(run)
    output.parent.mkdir(parents=True, exist_ok=True)
    heading = (
        f"# Benchmarks\n\n{time.strftime('%Y-%m-%d %H:%M')}, repeat {args.repeat}, "
        f"{os.cpu_count()} cores, Python {sys.version.split()[0]}\n\n"
    )
    output.write_text(heading + table(runs), encoding="utf-8")
    with output.with_suffix(".jsonl").open("w", encoding="utf-8") as raw:
        for run in runs:
            for result in run.results:
                raw.write(json.dumps({"script": run.bench.script, "size": run.size, **result},
                                     ensure_ascii=False) + "\n")  # fmt: skip
    print(f"table written to {output}")
    failed = [r for r in runs if r.problem and not r.problem.startswith("missing")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
