"""Client-made, time-ordered ids (UUIDv7, RFC 9562) so records sort by creation and never clash."""

from __future__ import annotations

import os
import random
import threading
import time

# Ids need uniqueness, not secrecy: a generator seeded from the OS is far faster than a syscall
# per id. Reseeded in forked children so that two processes never share a sequence.
_random = random.Random(os.urandom(32))

_lock = threading.Lock()
_last_ms = 0
_counter = 0
_pool: list[str] = []
_POOL_SIZE = 256  # an import makes 200,000 ids: make them in runs that share a timestamp
_VARIANT = 0b10 << 62


def _after_fork_in_child() -> None:
    """A forked child must not hand out the ids its parent already holds."""
    global _lock  # noqa: PLW0603 - the parent's lock may have been held at fork time
    _lock = threading.Lock()
    _random.seed(os.urandom(32))
    _pool.clear()


if hasattr(os, "register_at_fork"):  # POSIX only; Windows has no fork
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _refill() -> None:
    """Make the next run of ids (see ``_run``), handed out in increasing order by ``uuid7``."""
    head, first = _run(_POOL_SIZE)
    _pool[:] = [f"{head}{first + n:012x}" for n in range(_POOL_SIZE - 1, -1, -1)]


def uuid7() -> str:
    """A new UUIDv7 string, greater than every id this process made before."""
    with _lock:
        if not _pool:
            _refill()
        return _pool.pop()


def uuid7_run(count: int) -> tuple[str, int]:
    """Room for ``count`` new ids made elsewhere (by SQLite, for an import's journal): the ids
    ``head + f"{first + n:012x}"`` for n in range(count) — increasing, each greater than every
    id made before and smaller than every id made after."""
    if count >= 1 << 47:
        raise ValueError(f"too many ids for one run: {count}")
    with _lock:
        _pool.clear()  # ids made before the run but not yet given out would sort after it
        return _run(count)


def _run(count: int) -> tuple[str, int]:
    """The head and first tail of a run of ``count`` ids (the caller holds ``_lock``). They
    share one timestamp and counter and differ in the last 48 bits, counted up from a random
    start: RFC 9562's "monotonic random" method (section 6.2, method 2)."""
    global _last_ms, _counter  # noqa: PLW0603 - one process-wide sequence, monotonic by nature
    now_ms = time.time_ns() // 1_000_000
    if now_ms > _last_ms:
        _last_ms, _counter = now_ms, _random.getrandbits(8)
    if _counter + 1 > 0xFFF:  # the counter would overflow: borrow the next millisecond
        _last_ms, _counter = _last_ms + 1, 0
    _counter += 1
    rand_b = _random.getrandbits(14) << 48  # the 14 bits of rand_b above the counted part
    first = _random.getrandbits(47)  # leaves room to count up to ``count`` in 48 bits
    value = (_last_ms & 0xFFFFFFFFFFFF) << 80 | 0x7 << 76 | _counter << 64 | _VARIANT | rand_b
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-", first
