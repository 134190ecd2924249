"""Resident memory growth over many mixed turns through create_app(), after warm-up. Run in its own process:

    python -m tests.benchmarks.memory_growth --turns 100000 --warmup 5000 --max-seconds 150

prints one JSON line. The warm-up and the measured turns each stop early at their time limit (`turns` in the
result says how many were measured), so `make bench` keeps to its five minutes on a slow disk. The turns replay a pool of recorded conversations (launch, self-check answers, topics,
exercises, the basics), freshly signed and stamped with new people, sessions and request ids whenever the pool
is older than PRESIGN_MAX_AGE_S, so the verifier's 150 s window always accepts them and nothing keyed by a person
or a request can hide a leak by seeing the same keys again and again.
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import json
import tempfile
import time
import uuid
from pathlib import Path

from tests.benchmarks.in_process import log_to_nowhere, production_app
from tests.conversation_support import SigningClient, available_kinds, run_script
from tests.live_signing_support import signed_request

PRESIGN_MAX_AGE_S = 90
POOL_CONVERSATIONS_PER_KIND = 25


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
    def __init__(self, pool: list[dict]) -> None:
        self.pool = pool
        self.generation = 0
        self.signed: list[tuple[bytes, dict]] = []
        self.signed_at = -1e9
        self.cursor = 0

    def requests(self) -> list[tuple[bytes, dict]]:
        """The pool, signed; re-signed for new people when it is getting old."""
        if time.monotonic() - self.signed_at > PRESIGN_MAX_AGE_S:
            self.generation += 1
            self.signed = [signed_request(_renamed(request, self.generation)) for request in self.pool]
            self.signed_at = time.monotonic()
        return self.signed

    def take(self, count: int) -> list[tuple[bytes, dict]]:
        """The next `count` requests, going round the pool in order, so conversations keep their order."""
        signed = self.requests()
        batch = [signed[(self.cursor + offset) % len(signed)] for offset in range(count)]
        self.cursor = (self.cursor + count) % len(signed)
        return batch


def replay(client, pool: SignedPool, turns: int, max_seconds: float) -> tuple[int, int]:
    """Post up to `turns` requests from the pool within `max_seconds`; returns (posted, not answered 200)."""
    deadline = time.monotonic() + max_seconds
    errors = 0
    done = 0
    while done < turns and time.monotonic() < deadline:
        for body, headers in pool.take(min(200, turns - done)):
            if client.post("/alexa", data=body, headers=headers).status_code != 200:
                errors += 1
            done += 1
    return done, errors


def run(turns: int, warmup: int, max_seconds: float) -> dict:
    log_to_nowhere()
    with tempfile.TemporaryDirectory(prefix="trust-memory-") as directory:
        app = production_app(Path(directory))
        client = app.test_client()
        pool = SignedPool(record_pool(app))
        _, errors = replay(client, pool, warmup, max_seconds / 8)
        before = settled_rss_mb()
        started = time.monotonic()
        done, more_errors = replay(client, pool, turns, max_seconds)
        seconds = time.monotonic() - started
        after = settled_rss_mb()
    return {"rss_before_mb": round(before, 1), "rss_after_mb": round(after, 1),
            "rss_growth_mb": round(after - before, 2), "turns": done, "turns_asked": turns, "pool": len(pool.pool),
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
