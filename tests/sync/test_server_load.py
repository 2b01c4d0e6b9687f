"""The province load benchmark (tests/benchmarks/bench_server_load.py) in small: several schools
syncing at once against a real ``songmay-server serve`` child process that is SIGKILLed half-way
and restarted on the same data. Every school must end exact: each change applied once, one
record per change, every change answered "accepted". No timing is asserted."""

from __future__ import annotations

import importlib.util
import signal
import sys
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="the reference server needs the 'server' extra")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_server_load.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_server_load", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_schools_syncing_at_once_through_a_server_kill_end_exact(tmp_path):
    result = _bench().run_load(
        8, 150, parallel=8, kill=True, data_dir=tmp_path, max_changes=40, timeout=120
    )
    assert result["killed"] is not None  # the server really died half-way
    assert result["failed_schools"] == {}
    assert (result["lost"], result["duplicated"], result["exact_schools"]) == (0, 0, 8)
    assert result["submissions"] == 8 * 4


def test_schools_syncing_at_once_through_a_server_kill_end_exact_on_postgresql(
    tmp_path, postgres_cluster
):
    result = _bench().run_load(
        8, 150, parallel=8, kill=True, db=postgres_cluster.new_database(), data_dir=tmp_path,
        max_changes=40, timeout=120,
    )  # fmt: skip
    assert result["backend"] == "postgresql"
    assert result["killed"] is not None
    assert result["failed_schools"] == {}
    assert (result["lost"], result["duplicated"], result["exact_schools"]) == (0, 0, 8)
    assert result["submissions"] == 8 * 4
