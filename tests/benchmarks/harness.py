"""What every benchmark shares, so that each says the same things the same way:

- the work and its baseline run **alternately** (baseline, product, baseline, product…), each
  attempt in a fresh child process when it is timed from outside, so a busy moment of the
  machine falls on both sides;
- min and median of every side, the ratio of the mins and of the medians, the peak memory;
- the goal the figure is held to and the conditions it was measured in (rows, columns, file,
  the machine's load), printed, and as JSON for ``run_all.py``.

    result = Result("import", goal="full ≤ 4× bare", conditions={"rows": 50000})
    result.timings = alternate([("bare read", bare), ("full import", full)], repeat=5)
    result.compare("full import", "bare read", limit=4.0)
    result.emit(json_output=args.json)
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

# One attempt: seconds, and the peak RSS in MB of the process that did it (0 when unknown).
Attempt = tuple[float, float]


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        ordered = sorted(self.seconds)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return ordered[middle]
        return (ordered[middle - 1] + ordered[middle]) / 2


def alternate(sides: Sequence[tuple[str, Callable[[], Attempt]]], repeat: int) -> list[Timing]:
    """Run each side once per round, ``repeat`` rounds, in the same order every round."""
    timings = [Timing(label) for label, _ in sides]
    for _ in range(repeat):
        for timing, (_, run) in zip(timings, sides, strict=True):
            seconds, rss = run()
            timing.seconds.append(seconds)
            timing.peak_rss_mb = max(timing.peak_rss_mb, rss)
    return timings


def peak_mb(pid: int | str = "self") -> float:
    """A process's peak resident memory (VmHWM) in MB; 0 where /proc is not there."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# ``peak_mb`` as code a child runs (children are ``python -c`` programs).
PEAK_SOURCE = inspect.getsource(peak_mb)

# The child reports its own peak RSS on stderr as it exits: the ru_maxrss that wait4 gives
# survives exec on Linux, so a child of a large parent would report the parent's size.
_PEAK_MARK = "@@harness-peak-mb"
_PEAK_HOOK = (
    PEAK_SOURCE
    + "import atexit as _atexit, sys as _sys\n"
    + f"_atexit.register(lambda: _sys.stderr.write('\\n{_PEAK_MARK} %f\\n' % peak_mb()))\n"
)


def _run(code: str, args: Sequence[str], env: dict[str, str] | None) -> tuple[str, float, float]:
    """``code`` in a fresh Python: what it printed, the seconds from its launch to its exit, and
    its own peak RSS in MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-c", _PEAK_HOOK + code, *args],
            stdout=out,
            stderr=err,
            env={**os.environ, **(env or {})},
        )
        status = process.wait()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode(), err.read().decode()
    if status != 0:
        raise SystemExit(f"child failed ({status}): {text}\n{errors[-2000:]}")
    peaks = [line.split()[1] for line in errors.splitlines() if line.startswith(_PEAK_MARK)]
    return text, seconds, float(peaks[-1]) if peaks else 0.0


def child(code: str, *args: str, env: dict[str, str] | None = None) -> tuple[list[str], float]:
    """Run ``code`` in a fresh Python; returns the words it printed and its peak RSS in MB."""
    text, _seconds, peak = _run(code, args, env)
    return text.split(), peak


def launch(code: str, *args: str, env: dict[str, str] | None = None) -> Attempt:
    """A whole fresh Python running ``code``: seconds from its launch to its exit, peak RSS."""
    _text, seconds, peak = _run(code, args, env)
    return seconds, peak


def load() -> str:
    """The machine's load when measured: the 1-minute load average over its cores."""
    return f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


@dataclass
class Comparison:
    product: str
    baseline: str
    limit: float | None  # the goal: product ≤ limit × baseline (None: reported only)
    best_ratio: float
    median_ratio: float

    @property
    def met(self) -> bool | None:
        return None if self.limit is None else self.best_ratio <= self.limit


@dataclass
class Result:
    """One benchmark's figures, as printed and as ``run_all.py`` tabulates them."""

    benchmark: str
    goal: str
    conditions: dict[str, Any] = field(default_factory=dict)
    timings: list[Timing] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    # Figures that are not timings of a side (milliseconds per keystroke, rows held…).
    figures: dict[str, Any] = field(default_factory=dict)

    def timing(self, label: str) -> Timing:
        return next(t for t in self.timings if t.label == label)

    def compare(self, product: str, baseline: str, limit: float | None = None) -> Comparison:
        mine, base = self.timing(product), self.timing(baseline)
        comparison = Comparison(
            product,
            baseline,
            limit,
            round(mine.best / base.best, 2),
            round(mine.median / base.median, 2),
        )
        self.comparisons.append(comparison)
        return comparison

    def as_dict(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "goal": self.goal,
            "conditions": {**self.conditions, "load": self.conditions.get("load", load())},
            "timings": [
                {
                    "label": t.label,
                    "runs": len(t.seconds),
                    "min_s": round(t.best, 4),
                    "median_s": round(t.median, 4),
                    "peak_rss_mb": round(t.peak_rss_mb),
                }
                for t in self.timings
            ],
            "comparisons": [
                {
                    "product": c.product,
                    "baseline": c.baseline,
                    "limit": c.limit,
                    "ratio_min": c.best_ratio,
                    "ratio_median": c.median_ratio,
                    "met": c.met,
                }
                for c in self.comparisons
            ],
            "figures": self.figures,
        }

    def text(self) -> str:
        lines = [f"== {self.benchmark}", f"goal        {self.goal}"]
        conditions = {**self.conditions, "load": self.conditions.get("load", load())}
        lines += [f"{name:<11} {value}" for name, value in conditions.items()]
        width = max((len(t.label) for t in self.timings), default=0)
        for t in self.timings:
            memory = f", peak RSS {t.peak_rss_mb:.0f} MB" if t.peak_rss_mb else ""
            lines.append(
                f"{t.label:<{width}}  min {t.best:.3f} s  median {t.median:.3f} s"
                f"  ({len(t.seconds)} runs{memory})"
            )
        for c in self.comparisons:
            verdict = "" if c.met is None else ("  met" if c.met else "  NOT MET")
            goal = f" (goal ≤ {c.limit:g}×)" if c.limit is not None else ""
            lines.append(
                f"{c.product} / {c.baseline}: {c.best_ratio:.2f}× of mins, "
                f"{c.median_ratio:.2f}× of medians{goal}{verdict}"
            )
        lines += [f"{name:<11} {value}" for name, value in self.figures.items()]
        return "\n".join(lines)

    def emit(self, json_output: bool = False) -> None:
        """Print the figures: as text, or as one JSON line for ``run_all.py``."""
        print(json.dumps(self.as_dict(), ensure_ascii=False) if json_output else self.text())
