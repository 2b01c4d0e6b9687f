"""Login flood benchmark: a real ``songmay-server serve`` child on loopback, THREADS threads of
wrong logins for SECONDS seconds, while another thread measures the health check's latency.

    .venv/bin/python tests/benchmarks/bench_login_flood.py --size 64 --seconds 10
    .venv/bin/python tests/benchmarks/bench_login_flood.py --address-limit 0   # every login hashed

Prints p50/p95/max health latency, the logins answered by status, the server's peak RSS (VmHWM)
and whether the goal holds (health p95 ≤ 50 ms). By default the flood guesses many accounts from
one address, as one attacking machine does (the address lock answers most with 429); with
``--address-limit 0`` the address lock is off, so the bounded hashing pool carries the flood (as
from many addresses).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import common
import requests
from harness import Result, Timing, load

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sync import protocol  # noqa: E402
from sync.server.net import listening_socket  # noqa: E402

GOAL_MS = 50.0


def peak_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = common.arguments(__doc__, 64, "threads of wrong logins")
    parser.add_argument("--seconds", type=float, default=None, help="(default 2 × --repeat)")
    parser.add_argument("--address-limit", type=int, default=None,
                        help="the server's --login-address-limit (default: the server's own)")  # fmt: skip
    args = parser.parse_args()
    args.threads = args.size
    args.seconds = args.seconds or 2.0 * args.repeat

    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        cli = [sys.executable, "-m", "sync.server.cli", "--data", data]
        subprocess.run([*cli, "add-school", "66001", "--name", "Bench", "--username", "clerk",
                        "--password-stdin"], input="đúng mật khẩu\n", text=True, env=env, check=True,
                       capture_output=True)  # fmt: skip
        sock = listening_socket("127.0.0.1", 0)
        port = sock.getsockname()[1]
        sock.close()
        extra = [] if args.address_limit is None else [
            "--login-address-limit", str(args.address_limit)]  # fmt: skip
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(port), "--log-level", "warning", *extra],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    if requests.get(url + protocol.HEALTH_PATH, timeout=1).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.05)
            idle = []
            with requests.Session() as http:
                for _ in range(50):
                    t = time.perf_counter()
                    http.get(url + protocol.HEALTH_PATH, timeout=10)
                    idle.append((time.perf_counter() - t) * 1000)
            statuses: Counter[str] = Counter()
            lock = threading.Lock()
            stop = time.monotonic() + args.seconds

            def flood(number: int) -> None:
                with requests.Session() as http:
                    n = 0
                    while time.monotonic() < stop:
                        n += 1
                        body = {"school_code": "66001" if n % 4 == 0 else f"9{number:03d}{n}",
                                "username": "clerk", "password": f"sai {n}"}  # fmt: skip
                        try:
                            answer = http.post(url + protocol.TOKEN_PATH, json=body, timeout=60)
                            status = f"{answer.status_code}"
                            if answer.status_code >= 400:
                                status += " " + answer.json()["error"]["code"]
                        except requests.RequestException as exc:
                            status = type(exc).__name__
                        with lock:
                            statuses[status] += 1

            threads = [threading.Thread(target=flood, args=(n,)) for n in range(args.threads)]
            for thread in threads:
                thread.start()
            time.sleep(min(1.0, args.seconds / 5))
            latencies = []
            with requests.Session() as http:
                while time.monotonic() < stop:
                    t = time.perf_counter()
                    http.get(url + protocol.HEALTH_PATH, timeout=60)
                    latencies.append((time.perf_counter() - t) * 1000)
                    time.sleep(0.02)
            for thread in threads:
                thread.join()
            rss = peak_mib(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=20)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    result = Result(
        "login flood",
        goal=f"health check p95 ≤ {GOAL_MS:.0f} ms under {args.threads} threads of wrong logins",
        conditions={
            "threads": args.threads,
            "seconds": args.seconds,
            "address limit": args.address_limit,
            "load": load(),
        },
        timings=[
            Timing("health, idle", [ms / 1000 for ms in idle]),
            Timing("health, under the flood", [ms / 1000 for ms in latencies], rss),
        ],
    )
    result.figures = {
        "health p95 ms": round(p95, 2), "health max ms": round(latencies[-1], 2),
        "logins by status": dict(sorted(statuses.items())), "goal met": p95 <= GOAL_MS,
    }  # fmt: skip
    result.emit(json_output=args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
