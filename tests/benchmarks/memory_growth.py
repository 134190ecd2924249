"""Resident memory growth over many mixed turns through create_app(), after warm-up. Run in its own process:

    python -m tests.benchmarks.memory_growth --turns 100000 --warmup 5000 --max-seconds 150

prints one JSON line. The warm-up and the measured turns each stop early at their time limit (`turns` in the
result says how many were measured), so `make bench` keeps to its five minutes on a slow disk. Four threads post
at once, as the four threads of a gunicorn worker do. Resident memory is read (after a garbage collection and
malloc_trim) before, every PROGRESS_EVERY_S and after; growth is the last reading minus the lowest. The turns replay a pool of recorded conversations (launch, self-check answers, topics,
exercises, the basics), freshly signed and stamped with new people, sessions and request ids whenever the pool
is older than PRESIGN_MAX_AGE_S, so the verifier's 150 s window always accepts them and nothing keyed by a person
or a request can hide a leak by seeing the same keys again and again.
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import json
import threading
import tempfile
import time
import uuid
from pathlib import Path

from tests.benchmarks.in_process import log_to_nowhere, production_app
from tests.conversation_support import SigningClient, available_kinds, run_script
from tests.live_signing_support import signed_request

PRESIGN_MAX_AGE_S = 90
POOL_CONVERSATIONS_PER_KIND = 25
THREADS = 4  # as many as a `trust-builder serve` worker has (TRUST_THREADS)
BATCH = 50
PROGRESS_EVERY_S = 10
WARMUP_MAX_S = 12


def settled_rss_mb() -> float:
    """Resident memory with garbage collected and free heap handed back to the system (glibc's malloc_trim), so
    two readings differ by what is still alive, not by what the allocator happens to keep."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the reading includes the allocator's free memory
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def record_pool(app) -> list[dict]:
    client = SigningClient(app.test_client())
    kinds = [kind for kind, found in available_kinds(client).items() if found]
    pool = []
    for number in range(POOL_CONVERSATIONS_PER_KIND):
        for kind in kinds:
            pool.extend(run_script(client, kind, f"memory-{kind}-{number}").requests)
    return pool


def _renamed(request: dict, generation: int) -> dict:
    """`request` for other people in other sessions: new user, session and request ids."""
    text = json.dumps(request).replace("memory-", f"memory{generation}-")
    fresh = json.loads(text)
    fresh["request"]["requestId"] = "amzn1.echo-api.request." + str(uuid.uuid4())
    if isinstance(fresh.get("session"), dict):
        fresh["session"]["sessionId"] = fresh["session"]["sessionId"] + f".{generation}"
    return fresh


class SignedPool:
    """The recorded requests, signed, handed out in order to any number of threads."""

    def __init__(self, pool: list[dict]) -> None:
        self.pool = pool
        self.generation = 0
        self.signed: list[tuple[bytes, dict]] = []
        self.signed_at = -1e9
        self.cursor = 0
        self.lock = threading.Lock()

    def take(self, count: int) -> list[tuple[bytes, dict]]:
        """The next `count` requests, going round the pool in order; re-signed for new people when getting old."""
        with self.lock:
            if time.monotonic() - self.signed_at > PRESIGN_MAX_AGE_S:
                self.generation += 1
                self.signed = [signed_request(_renamed(request, self.generation)) for request in self.pool]
                self.signed_at = time.monotonic()
            batch = [self.signed[(self.cursor + offset) % len(self.signed)] for offset in range(count)]
            self.cursor = (self.cursor + count) % len(self.signed)
            return batch


def replay(app, pool: SignedPool, turns: int, max_seconds: float, *, threads: int = THREADS,
           on_progress=None) -> tuple[int, int]:
    """Post up to `turns` requests from the pool within `max_seconds`, from `threads` threads as a gunicorn
    worker's threads would; returns (posted, not answered 200). `on_progress(posted)` is called now and then
    from the calling thread."""
    deadline = time.monotonic() + max_seconds
    counts = [[0, 0] for _ in range(threads)]  # per thread: posted, errors
    claimed = [0]
    claim_lock = threading.Lock()

    def post_batches(slot: list[int]) -> None:
        client = app.test_client()
        while time.monotonic() < deadline:
            with claim_lock:
                size = min(BATCH, turns - claimed[0])
                claimed[0] += max(size, 0)
            if size <= 0:
                return
            for body, headers in pool.take(size):
                if client.post("/alexa", data=body, headers=headers).status_code != 200:
                    slot[1] += 1
                slot[0] += 1

    workers = [threading.Thread(target=post_batches, args=(slot,), daemon=True) for slot in counts]
    for worker in workers:
        worker.start()
    next_progress = time.monotonic() + PROGRESS_EVERY_S
    for worker in workers:
        while worker.is_alive():
            worker.join(timeout=max(0.05, next_progress - time.monotonic()))
            if time.monotonic() >= next_progress:
                next_progress += PROGRESS_EVERY_S
                if on_progress is not None:
                    on_progress(sum(slot[0] for slot in counts))
    return sum(slot[0] for slot in counts), sum(slot[1] for slot in counts)


def run(turns: int, warmup: int, max_seconds: float) -> dict:
    log_to_nowhere()
    with tempfile.TemporaryDirectory(prefix="trust-memory-") as directory:
        app = production_app(Path(directory))
        pool = SignedPool(record_pool(app))
        _, errors = replay(app, pool, warmup, min(WARMUP_MAX_S, max_seconds / 8))
        readings = [settled_rss_mb()]
        started = time.monotonic()
        done, more_errors = replay(app, pool, turns, max_seconds, on_progress=lambda _: readings.append(settled_rss_mb()))
        seconds = time.monotonic() - started
        readings.append(settled_rss_mb())
    # Growth from the lowest reading: memory the warm-up left behind and later gave back is not growth.
    return {"rss_before_mb": round(readings[0], 1), "rss_lowest_mb": round(min(readings), 1),
            "rss_after_mb": round(readings[-1], 1), "rss_growth_mb": round(readings[-1] - min(readings), 2),
            "turns": done, "turns_asked": turns, "pool": len(pool.pool), "threads": THREADS,
            "seconds": round(seconds, 1), "errors": errors + more_errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=100_000)
    parser.add_argument("--warmup", type=int, default=5_000)
    parser.add_argument("--max-seconds", type=float, default=150)
    args = parser.parse_args()
    print(json.dumps(run(args.turns, args.warmup, args.max_seconds)), flush=True)


if __name__ == "__main__":
    main()
