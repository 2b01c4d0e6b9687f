"""Every benchmark script in tests/benchmarks runs at a tiny size with ``--repeat 1 --json`` and
prints well-formed results (goal, conditions with the load, timings, comparisons) — so that the
benchmarks never rot. No timing is asserted: the benchmarks measure, this only runs them.

Each script runs as ``run_all.py`` runs it (its sizes scaled from 200), in its own process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import run_all  # noqa: E402

pytestmark = pytest.mark.slow

SMOKE_SIZE = 200
SCRIPTS = sorted(path.name for path in BENCHMARKS.glob("bench_*.py"))


def bench_for(script: str) -> run_all.Bench:
    known = {bench.script: bench for bench in run_all.BENCHMARKS}
    return known.get(script, run_all.Bench(script, "size"))


def test_every_script_is_known_to_run_all() -> None:
    known = {bench.script for bench in run_all.BENCHMARKS}
    assert set(SCRIPTS) <= known, "add the new benchmark to run_all.BENCHMARKS"


@pytest.mark.parametrize("script", SCRIPTS)
def test_benchmark_runs_and_prints_its_figures(script: str, tmp_path: Path) -> None:
    bench = bench_for(script)
    (size,) = run_all.sizes_for(bench, [SMOKE_SIZE])
    run = run_all.run_one(bench, size, repeat=1, timeout=240)
    assert run.problem == "", f"{script} --size {size}: {run.problem}"
    for result in run.results:
        assert run_all.malformed(result) == ""
        assert json.loads(json.dumps(result)) == result
        conditions = result["conditions"]
        assert len(conditions) >= 2, conditions  # the load and at least one size
        labels = {timing["label"] for timing in result["timings"]}
        for timing in result["timings"]:
            assert timing["runs"] >= 1, timing  # latency benchmarks: one per sample
            assert timing["min_s"] >= 0 and timing["median_s"] >= timing["min_s"]
        for comparison in result["comparisons"]:  # a product against its baseline, both timed
            assert {comparison["product"], comparison["baseline"]} <= labels
            assert comparison["ratio_min"] >= 0
            assert comparison["met"] in (True, False, None)
    # held to a ratio (a product against its baseline) or to an absolute goal it says it met
    assert all(
        result["comparisons"] or isinstance(result["figures"].get("goal met"), bool)
        for result in run.results
    ), "neither a baseline nor a verdict on an absolute goal"


def test_run_all_tabulates_and_goes_on_past_a_broken_benchmark(tmp_path: Path) -> None:
    folder = tmp_path / "benchmarks"
    folder.mkdir()
    for name in ("bench_details.py", "common.py", "harness.py"):
        (folder / name).write_bytes((BENCHMARKS / name).read_bytes())
    (folder / "bench_broken.py").write_text("raise SystemExit('broken on purpose')\n")
    (folder / "bench_old.py").write_text(
        "import argparse\nargparse.ArgumentParser().parse_args()\n"
    )
    runs = [
        run_all.run_one(run_all.Bench(name, "rows"), 200, repeat=1, folder=folder)
        for name in ("bench_broken.py", "bench_old.py", "bench_missing.py", "bench_details.py")
    ]
    broken, old, missing, details = runs
    assert broken.problem.startswith("failed (exit 1): broken on purpose")
    assert old.problem == "does not accept --size/--repeat/--json yet"
    assert missing.problem.startswith("missing")
    assert details.problem == "" and details.results[0]["benchmark"] == "details"
    table = run_all.table(runs).splitlines()
    assert table[0].startswith("| benchmark | size | goal | product min / median |")
    assert len(table) == 2 + 4  # header, rule, one row per run
    assert "| bench_broken | 200 rows |" in table[2]
    assert "read_details ≤ 1×" in table[5] and "calamine read:" in table[5]
