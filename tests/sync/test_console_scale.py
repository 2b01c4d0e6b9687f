"""The console benchmark's province in small (tests/benchmarks/bench_console_board.py): its data
written straight into the tables, every school's figures refreshed, and the board's totals
checked against a count of the raw records made here. No timing is asserted."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from sync.server.console import board, figures, scope
from sync.server.store import DB_FILENAME, Store
from tests.sync.server_helpers import both_backends

server_backend = both_backends
BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_console_board.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_console_board", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_province_adds_up(tmp_path, server_database):
    store = Store(server_database or tmp_path / DB_FILENAME, data_dir=tmp_path)
    store.initialize()
    codes = _bench().populate(store, 12, 30, date.today())
    with store.connect() as conn:
        province = scope.load_viewer(conn, "so")
        district = scope.load_viewer(conn, "phong")
        records = conn.execute("SELECT school_code, entity, data FROM records").fetchall()
        decided = Counter(r[0] for r in conn.execute("SELECT school_code FROM decisions"))
    rows = {r.code: r for r in board.school_board(store, province)}  # refreshes every school
    assert sorted(rows) == codes
    kinds = Counter((r[0], r[1]) for r in records)
    handed = Counter(r[0] for r in records if r[1] == "handover")  # one per device here
    for code in codes:
        row = rows[code]
        assert (row.students, row.needs, row.devices) == (
            kinds[(code, "student")],
            kinds[(code, "need")],
            kinds[(code, "device")],
        )
        assert (row.approved, row.waiting) == (decided[code], kinds[(code, "need")] - decided[code])
        assert row.handed_over == handed[code]
    # a district sees its own schools only
    assert {r.code for r in board.school_board(store, district)} < set(codes)
    # the 4.8.2 figures: the approved needs, by grade, category and device
    assert sum(c.count for c in figures.need_counts(store, province)) == sum(decided.values())
